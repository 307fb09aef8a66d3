"""Reporting periods: calendar quarters (``2026-Q3``) and calendar years (``2026``).

The one place that knows how periods are named, parsed, shown in German and which ones are
complete on a given day.  Used by the aggregates on the laptop, by sync (which sends only
completed periods) and by the office (which composes figures per period).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

PATTERN = r"\d{4}(-Q[1-4])?"
_PERIOD = re.compile(r"(\d{4})(?:-Q([1-4]))?")
FIRST_YEAR, LAST_YEAR = 2000, 2099


class PeriodError(ValueError):
    """A period label that is not a quarter or a year; ``str()`` is a German sentence."""


@dataclass(frozen=True, order=True)
class Period:
    """A quarter or a calendar year with its first and last day.

    Ordered by first day, then last day (a year before its first quarter).
    """

    start: date
    end: date
    label: str

    @classmethod
    def parse(cls, text: str) -> Period:
        match = _PERIOD.fullmatch(str(text).strip())
        if not match or not FIRST_YEAR <= int(match.group(1)) <= LAST_YEAR:
            raise PeriodError(
                f"Unbekannter Zeitraum „{str(text)[:20]}“. Bitte ein Quartal wie 2026-Q3 oder "
                "ein Jahr wie 2026 angeben.")
        year = int(match.group(1))
        if match.group(2) is None:
            return cls.year_of(year)
        return cls.quarter(year, int(match.group(2)))

    @classmethod
    def quarter(cls, year: int, q: int) -> Period:
        if not 1 <= q <= 4:
            raise PeriodError(f"Ein Jahr hat vier Quartale, nicht {q}.")
        start = date(year, 3 * q - 2, 1)
        end = (date(year + 1, 1, 1) if q == 4 else date(year, 3 * q + 1, 1)) - timedelta(days=1)
        return cls(start, end, f"{year}-Q{q}")

    @classmethod
    def year_of(cls, year: int) -> Period:
        return cls(date(year, 1, 1), date(year, 12, 31), str(year))

    @classmethod
    def containing(cls, day: date) -> Period:
        """The quarter that contains ``day``."""
        return cls.quarter(day.year, (day.month - 1) // 3 + 1)

    @property
    def is_year(self) -> bool:
        return "Q" not in self.label

    @property
    def year(self) -> int:
        return self.start.year

    @property
    def number(self) -> int:
        """The quarter's number 1 … 4 (0 for a year)."""
        return 0 if self.is_year else (self.start.month - 1) // 3 + 1

    @property
    def display(self) -> str:
        """German: ``3. Quartal 2026`` or ``Jahr 2026``."""
        return f"Jahr {self.year}" if self.is_year else f"{self.number}. Quartal {self.year}"

    def previous(self) -> Period:
        if self.is_year:
            return Period.year_of(self.year - 1)
        return Period.containing(self.start - timedelta(days=1))

    def quarters(self) -> list[Period]:
        """The quarters of a year (a quarter is its own only quarter)."""
        if not self.is_year:
            return [self]
        return [Period.quarter(self.year, q) for q in range(1, 5)]

    def is_complete(self, today: date) -> bool:
        return self.end < today


def parse(text: str) -> Period:
    return Period.parse(text)


def display(label: str) -> str:
    """German name of a period label; the label itself if it is not one."""
    try:
        return Period.parse(label).display
    except PeriodError:
        return label


def quarter_label(day: date) -> str:
    return Period.containing(day).label


def recent_periods(today: date, quarters: int = 8, years: int = 3) -> list[str]:
    """Labels for a picker: the running quarter first, then earlier ones, then years."""
    out, period = [], Period.containing(today)
    for _ in range(quarters):
        out.append(period.label)
        period = period.previous()
    out.extend(str(today.year - i) for i in range(years))
    return out


def completed_periods(today: date, quarters: int = 4, years: int = 1) -> list[Period]:
    """The last ``quarters`` completed quarters and ``years`` completed years, oldest first
    (by last day; a year sorts after its own fourth quarter); never the running quarter.

    ``today`` 2026-11-22 → 2025-Q4, 2025, 2026-Q1, 2026-Q2, 2026-Q3.
    """
    out, period = [], Period.containing(today)
    for _ in range(quarters):
        period = period.previous()
        out.append(period)
    out.extend(Period.year_of(today.year - i) for i in range(years, 0, -1))
    return sorted(out, key=lambda p: (p.end, p.is_year))
