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

import kimdesk
from kimdesk.catalogues import UnknownDistrictError
from kimdesk.core.errors import DomainError
from kimdesk.process_guard import harden
from kimdesk.store.errors import StoreError, database_error

#: Command name -> (module in kimdesk.commands, help line). Only the chosen command's
#: module is imported: ``kimdesk --help`` loads no database, Qt or scipy code.
COMMANDS: dict[str, tuple[str, str]] = {
    "init": ("init", "neuen verschlüsselten Datenbestand anlegen"),
    "demo": ("demo", "KIMdesk mit einem Demo-Datenbestand starten"),
    "demo-data": ("demo_data", "Datenbestand mit synthetischen Fällen füllen"),
    "demo-district": ("demo_district",
                      "Demo-Kreis: mehrere Datenbestände, einer je Case Manager*in"),
    "import": ("import_clients", "Klient*innenliste (CSV/XLSX) übernehmen"),
    "find": ("find", "Klient*innen nach Name oder Geburtsdatum suchen"),
    "check": ("check", "Verschlüsselung, Struktur und Verweise prüfen"),
    "stats": ("stats", "Anzahl der Einträge je Art"),
    "change-passphrase": ("change_passphrase", "Passphrase ändern"),
    "rekey": ("rekey", "Datenbestand unter einem neuen Schlüssel neu verschlüsseln"),
    "unlock-with-recovery": ("recover",
                             "mit dem Wiederherstellungsschlüssel eine neue Passphrase setzen"),
    "backup": ("backup", "verschlüsselte Sicherung auf einen anderen Datenträger"),
    "restore": ("restore", "Sicherung über einen beschädigten Datenbestand spielen"),
    "print": ("print_docs", "Ausdrucke für Klient*innen als PDF"),
    "aggregates": ("aggregates", "Anonymisierte Kennzahlen eines Zeitraums (Controlling)"),
    "scrub": ("scrub",
              "Fallrekonstruktion anonymisieren: personenbezogene Angaben finden und ersetzen"),
    "enroll": ("enroll", "Gerät beim Kreisbüro anmelden"),
    "sync": ("sync",
             "mit dem Kreisbüro abgleichen (Kennzahlen abgeschlossener Zeiträume, die noch nicht "
             "gesendet wurden, werden eingereiht)"),
    "screenshots": ("screenshots", "alle Ansichten eines Demo-Datenbestands als PNG"),
    "self-test": ("self_test", "Selbsttest dieser Installation (Ressourcen, Datenbestand, "
                              "Druck, Kennzahlen, Oberfläche)"),
    "handover": ("handover", "Akten an eine Kollegin / einen Kollegen übergeben"),
    "export-data": ("export_data", "alle gespeicherten Angaben zu einer Person als JSON "
                                   "(Art. 15 DSGVO)"),
}

log = logging.getLogger("kimdesk")


def _open_app() -> int:
    """``kimdesk`` alone opens the desk: profile choice, or the setup wizard at first."""
    from kimdesk.ui.app import run_app

    return run_app()


class GermanArgumentParser(argparse.ArgumentParser):
    """Usage errors in German and with exit code 1 — 2 means "wrong passphrase" here."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(1, f"Der Aufruf ist unvollständig oder fehlerhaft ({message}). "
                     f"Hilfe: {self.prog} --help\n")


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser with the command named in ``argv`` fully registered (its module imported);
    every other command only as a line in the help."""
    parser = GermanArgumentParser(
        prog="kimdesk",
        description="KIMdesk — verschlüsselte Fallakte für das Kommunale Integrationsmanagement.")
    parser.add_argument("--version", action="store_true", help="Version anzeigen")
    parser.add_argument("--self-test", action="store_true",
                        help="Selbsttest dieser Installation (wie 'kimdesk self-test')")
    sub = parser.add_subparsers(dest="command", metavar="BEFEHL")
    chosen = next((a for a in argv or () if not a.startswith("-")), None)
    for name, (module, help_line) in COMMANDS.items():
        if name == chosen:
            importlib.import_module(f"kimdesk.commands.{module}").register(sub)
        else:
            sub.add_parser(name, help=help_line)
    return parser


def main(argv: list[str] | None = None) -> int:
    harden()  # before anything reads a secret or unlocks a store: no core dumps, umask 077
    argv = sys.argv[1:] if argv is None else list(argv)
    if not argv:
        return _open_app()
    if argv[:1] == ["--version"]:
        print(f"KIMdesk {kimdesk.__version__}")
        return 0
    if argv[:1] == ["--self-test"]:  # the installer's and IT's spelling
        argv[0] = "self-test"
    parser = build_parser(argv)
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
    except BrokenPipeError:  # output piped into e.g. `head`, which stopped reading
        return 0
    except OSError as exc:
        log.debug("os error", exc_info=True)
        _say(f"Die Datei konnte nicht gelesen oder geschrieben werden ({exc.strerror}).")
        return 1
    except Exception as exc:  # noqa: BLE001 - the last line of defence: no tracebacks
        translated = database_error(exc)
        if translated is not None:
            log.debug("database error", exc_info=True)
            _say(str(translated))
            return translated.exit_code
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
