"""Domain errors: every rule violation carries one German sentence for the user."""


class DomainError(Exception):
    """A case-work rule was broken; ``str(err)`` says what to do instead."""


class NotFoundError(DomainError):
    """The record asked for does not exist (any more)."""


class NeedsTypeChangeError(DomainError):
    """A Kurzintervention grew beyond its limit and should become another case type."""
