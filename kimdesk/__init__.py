"""KIMdesk — encrypted, offline-first case file for Kommunales Integrationsmanagement (KIM)."""

import logging
import os

__version__ = "0.1.0"


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
