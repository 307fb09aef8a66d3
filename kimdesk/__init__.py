"""KIMdesk — encrypted, offline-first case file for Kommunales Integrationsmanagement (KIM)."""

import logging
import os
from functools import cache


@cache
def _version() -> str:
    """The one version number, ``[project] version`` in pyproject.toml, read from the installed
    metadata (a frozen bundle carries that metadata too; see installer/kimdesk.spec)."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("kimdesk")
    except PackageNotFoundError:  # a source tree on sys.path that was never installed
        return "0+unbekannt"


def __getattr__(name: str) -> str:
    # ``kimdesk.__version__`` on demand: importing kimdesk stays cheap for the command line.
    if name == "__version__":
        return _version()
    raise AttributeError(f"module 'kimdesk' has no attribute {name!r}")


def _quiet_by_default() -> None:
    """Nothing of KIMdesk's logging reaches stderr (and so journald or ~/.xsession-errors)
    unless KIMDESK_DEBUG=1 asks for it on this device: records can carry case data."""
    logger = logging.getLogger("kimdesk")
    logger.propagate = False
    if os.environ.get("KIMDESK_DEBUG"):
        logger.addHandler(logging.StreamHandler())
        logger.setLevel(logging.DEBUG)
    else:
        logger.addHandler(logging.NullHandler())


_quiet_by_default()
