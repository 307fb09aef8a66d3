"""Moved to :mod:`kimdesk.core.vocabulary`; this alias keeps parallel branches importable.

Removed once no branch on main imports ``kimdesk.casework.vocabulary`` (issue 13).
"""

from kimdesk.core.vocabulary import *  # noqa: F403
from kimdesk.core.vocabulary import __all__  # noqa: F401
