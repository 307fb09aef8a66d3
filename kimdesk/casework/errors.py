"""Moved to :mod:`kimdesk.core.errors`; this alias keeps parallel branches importable.

Removed once no branch on main imports ``kimdesk.casework.errors`` (issue 13).
"""

from kimdesk.core.errors import DomainError, NeedsTypeChangeError, NotFoundError

__all__ = ["DomainError", "NeedsTypeChangeError", "NotFoundError"]
