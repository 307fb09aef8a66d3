"""Moved to :mod:`kimdesk.core.dates`; this alias keeps parallel branches importable.

Removed once no branch on main imports ``kimdesk.casework.dates`` (issue 13).
"""

from kimdesk.core.dates import PartialDate, german, parse_date

__all__ = ["PartialDate", "german", "parse_date"]
