"""Dates as case managers type them, including partial or unknown birth dates (pure)."""

import re
from dataclasses import dataclass
from datetime import date

from kimdesk.core.ages import age_on
from kimdesk.core.errors import DomainError

_GERMAN = re.compile(r"^\s*(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})\s*$")
_GERMAN_MONTH = re.compile(r"^\s*(\d{1,2})\.(\d{4})\s*$")
_YEAR = re.compile(r"^\s*(\d{4})\s*$")
_ISO = re.compile(r"^\s*(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?\s*$")


def parse_date(text: str | date | None, field: str = "Datum") -> date | None:
    """A full date from 'TT.MM.JJJJ' or ISO; None for empty; German error otherwise."""
    if text is None or isinstance(text, date):
        return text
    if not text.strip():
        return None
    m = _GERMAN.match(text)
    try:
        if m:
            day, month, year = int(m[1]), int(m[2]), int(m[3])
            if year < 100:
                year += 2000 if year <= date.today().year % 100 else 1900
            return date(year, month, day)
        m = _ISO.match(text)
        if m and m[2] and m[3]:
            return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    raise DomainError(f"{field}: „{text.strip()}“ ist kein gültiges Datum (Beispiel: 14.03.2025).")


#: No date a case manager records about a person lies before this year.
EARLIEST_YEAR = 1900


def not_in_future(value: date | None, field: str, today: date | None = None) -> date | None:
    """``value`` if it is a possible date of something that has happened (not after today,
    not before 1900); a German error otherwise. Typing 2999 for 1999 is caught here."""
    if value is None:
        return None
    today = today or date.today()
    if value > today:
        raise DomainError(f"{field}: {german(value)} liegt in der Zukunft.")
    if value.year < EARLIEST_YEAR:
        raise DomainError(f"{field}: {german(value)} liegt vor {EARLIEST_YEAR}.")
    return value


def within_years(value: date | None, field: str, before: int, after: int,
                 today: date | None = None) -> date | None:
    """``value`` if its year lies at most ``before`` years before and ``after`` years after
    today's (a residence permit valid until 2999 is a typing error)."""
    if value is None:
        return None
    year = (today or date.today()).year
    if not year - before <= value.year <= year + after:
        raise DomainError(f"{field}: {german(value)} ist nicht möglich (erwartet "
                          f"{year - before} bis {year + after}).")
    return value


@dataclass(frozen=True)
class PartialDate:
    """A date of which only the year, or year and month, may be known."""

    year: int
    month: int | None = None
    day: int | None = None

    def __post_init__(self) -> None:
        date(self.year, self.month or 1, self.day or 1)  # raises ValueError when impossible
        if self.day is not None and self.month is None:
            raise ValueError("day without month")

    @classmethod
    def parse(cls, text: "str | date | PartialDate | None", field: str = "Datum"
              ) -> "PartialDate | None":
        """Accept 12.03.1985, 03.1985, 1985, 00.00.1985, 00.03.1985 and ISO forms."""
        if text is None or isinstance(text, PartialDate):
            return text
        if isinstance(text, date):
            return cls(text.year, text.month, text.day)
        raw = text.strip()
        if not raw or raw.lower() in {"unbekannt", "?"}:
            return None
        try:
            m = _GERMAN.match(raw)
            if m and len(m[3]) == 4:
                day, month = int(m[1]) or None, int(m[2]) or None
                return cls(int(m[3]), month, day if month else None)
            m = _GERMAN_MONTH.match(raw)
            if m:
                return cls(int(m[2]), int(m[1]) or None)
            m = _YEAR.match(raw) or _ISO.match(raw)
            if m:
                year, month, day = (int(g) if g else None for g in (*m.groups(), None, None)[:3])
                if year is not None:
                    return cls(year, month or None, day or None)
        except ValueError:
            pass
        raise DomainError(f"{field}: „{raw}“ ist kein gültiges Datum "
                          "(Beispiele: 14.03.1985, 03.1985 oder 1985).")

    def not_in_future(self, field: str, today: date | None = None) -> "PartialDate":
        """Refuse a (partial) date that cannot have happened yet, or before 1900."""
        today = today or date.today()
        if (self.year, self.month or 1, self.day or 1) > (today.year, today.month, today.day):
            raise DomainError(f"{field}: {self.german()} liegt in der Zukunft.")
        if self.year < EARLIEST_YEAR:
            raise DomainError(f"{field}: {self.german()} liegt vor {EARLIEST_YEAR}.")
        return self

    @classmethod
    def from_iso(cls, text: str | None) -> "PartialDate | None":
        if not text:
            return None
        parts = [int(p) for p in text.split("-")]
        return cls(*parts)

    def iso(self) -> str:
        out = f"{self.year:04d}"
        if self.month:
            out += f"-{self.month:02d}"
            if self.day:
                out += f"-{self.day:02d}"
        return out

    def german(self) -> str:
        if self.day and self.month:
            return f"{self.day:02d}.{self.month:02d}.{self.year}"
        if self.month:
            return f"{self.month:02d}.{self.year}"
        return str(self.year)

    def age_on(self, when: date) -> int:
        """Completed years, by the one age rule (``kimdesk.core.ages``): the latest possible
        birthday where parts are unknown."""
        return age_on(when, self.year, self.month, self.day)


def german(d: date | None) -> str:
    """dd.mm.yyyy (formatted directly: strftime takes twice as long, and Heute and the
    lists format thousands of dates)."""
    return f"{d.day:02d}.{d.month:02d}.{d.year}" if d else ""
