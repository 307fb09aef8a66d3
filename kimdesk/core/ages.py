"""The one age rule: completed years from a possibly partial birth date.

Case managers often know only the birth year, or year and month.  Everywhere in KIMdesk
(the file, printouts, reconstructions, the figures) a person's age is then the *youngest
age the known parts allow*: the birthday is taken as the last day of the known month, or
31 December if the month is unknown.  So nobody is counted as an adult, or placed in an
older age band, before they certainly are.
"""

from __future__ import annotations

import calendar
from datetime import date


def latest_birthday(year: int, month: int | None = None, day: int | None = None
                    ) -> tuple[int, int]:
    """``(month, day)`` of the latest birthday the known parts allow."""
    if month is None:
        return 12, 31
    return month, day or calendar.monthrange(year, month)[1]


def age_on(on: date, year: int, month: int | None = None, day: int | None = None) -> int:
    """Completed years on ``on`` (negative before birth)."""
    birth_month, birth_day = latest_birthday(year, month, day)
    return on.year - year - ((on.month, on.day) < (birth_month, birth_day))


def parts_of_iso(text: str | None) -> tuple[int, int | None, int | None] | None:
    """``(year, month, day)`` of a partial ISO date (``1985``, ``1985-03``, ``1985-03-12``);
    ``None`` for empty or unreadable text.  Zero parts (``1985-00-00``) count as unknown."""
    if not text:
        return None
    parts = str(text).strip().split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 and parts[1] else None
        day = int(parts[2][:2]) if len(parts) > 2 and parts[2] else None
    except ValueError:
        return None
    month = month or None
    day = (day or None) if month else None
    if month is not None and not 1 <= month <= 12:
        return None
    if day is not None and not 1 <= day <= calendar.monthrange(year, month or 1)[1]:
        return None
    return year, month, day


def age_from_iso(birth: str | None, on: date) -> int | None:
    """Age on ``on`` of a partial ISO birth date; ``None`` if unknown or implausible."""
    parts = parts_of_iso(birth)
    if parts is None or not 1900 <= parts[0] <= on.year:
        return None
    age = age_on(on, *parts)
    return age if age >= 0 else None
