"""``kimdesk`` command line: scriptable access to a store, one German sentence per error.

Exit codes: 0 ok, 2 wrong passphrase or locked, 3 not a KIMdesk store or damaged,
1 anything else. A traceback is never shown; details go to the debug log only when
``KIMDESK_DEBUG=1`` is set.
"""

import argparse
import importlib
import logging
import os
import sys

from sqlalchemy.exc import DBAPIError

from kimdesk.catalogues import UnknownDistrictError
from kimdesk.core.errors import DomainError
from kimdesk.store.errors import DiskFullError, StoreError, is_disk_full

#: Each module in kimdesk.commands has ``register(subparsers)`` setting ``func=run``.
COMMANDS = (
    "init", "demo", "demo_data", "import_clients", "find", "check", "stats",
    "change_passphrase", "recover", "scrub", "print_docs", "screenshots", "aggregates",
    "sync", "enroll", "backup", "restore",
)

log = logging.getLogger("kimdesk")


class GermanArgumentParser(argparse.ArgumentParser):
    """Usage errors in German and with exit code 1 — 2 means "wrong passphrase" here."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(1, f"Der Aufruf ist unvollständig oder fehlerhaft ({message}). "
                     f"Hilfe: {self.prog} --help\n")


def build_parser() -> argparse.ArgumentParser:
    parser = GermanArgumentParser(
        prog="kimdesk",
        description="KIMdesk — verschlüsselte Fallakte für das Kommunale Integrationsmanagement.")
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    for name in COMMANDS:
        try:
            module = importlib.import_module(f"kimdesk.commands.{name}")
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.startswith("kimdesk.commands"):
                continue  # a command whose issue has not landed yet
            raise
        module.register(sub)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 1
    try:
        return int(args.func(args) or 0)
    except (StoreError, DomainError, UnknownDistrictError) as exc:
        _say(str(exc))
        return getattr(exc, "exit_code", 1)
    except KeyboardInterrupt:
        _say("Abgebrochen.")
        return 1
    except DBAPIError as exc:
        if is_disk_full(exc):
            _say(str(DiskFullError()))
        else:
            log.debug("database error", exc_info=True)
            _say("Der Datenbestand konnte nicht gelesen oder geschrieben werden. Bitte "
                 "'kimdesk check' ausführen.")
        return 1
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        return 0
    except OSError as exc:
        log.debug("os error", exc_info=True)
        _say(f"Die Datei konnte nicht gelesen oder geschrieben werden ({exc.strerror}).")
        return 1
    except Exception:  # noqa: BLE001 - the last line of defence: no tracebacks for users
        if os.environ.get("KIMDESK_DEBUG"):
            raise
        _say("Ein unerwarteter Fehler ist aufgetreten. Einzelheiten zeigt ein erneuter Aufruf "
             "mit KIMDESK_DEBUG=1 — nur auf diesem Gerät ansehen, sie können Falldaten "
             "enthalten.")
        return 1


def _say(message: str) -> None:
    print(message, file=sys.stderr)


if __name__ == "__main__":
    sys.exit(main())
