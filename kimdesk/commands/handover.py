"""``kimdesk handover code|export|import|confirm``: case files to a colleague's store.

The receiving store shows a one-time code, the sender writes a package encrypted to it, the
receiver imports it and gets a receipt code, and the sender's ``confirm`` with that receipt
erases the files there (see :mod:`kimdesk.casework.handover`)."""

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.core import plurals


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("handover", help="Akten an eine Kollegin / einen Kollegen übergeben",
                       description="Übergabe von Akten in einen anderen Datenbestand: "
                                   "1. beim Empfang 'code', 2. beim Abgeben 'export' mit "
                                   "diesem Code, 3. beim Empfang 'import' (zeigt einen "
                                   "Quittungscode), 4. beim Abgeben 'confirm' mit dem "
                                   "Quittungscode — erst dann werden die Akten dort gelöscht.")
    steps = p.add_subparsers(dest="step", metavar="SCHRITT", required=True)
    code = steps.add_parser("code", help="einmaligen Übergabecode dieses Datenbestands zeigen")
    add_store_arg(code)
    code.set_defaults(func=run_code)
    export = steps.add_parser("export", help="Akten verschlüsselt für den Empfang schreiben")
    add_store_arg(export)
    export.add_argument("--code", required=True, metavar="ÜBERGABECODE")
    chosen = export.add_mutually_exclusive_group(required=True)
    chosen.add_argument("--client", type=int, action="append", metavar="ID",
                        help="Akte dieser Person (mehrfach möglich)")
    chosen.add_argument("--all", action="store_true", help="alle Akten")
    export.add_argument("--out", required=True, type=Path, metavar="DATEI")
    export.set_defaults(func=run_export)
    take = steps.add_parser("import", help="ein Übergabepaket übernehmen")
    add_store_arg(take)
    take.add_argument("package", type=Path, metavar="DATEI")
    take.set_defaults(func=run_import)
    confirm = steps.add_parser("confirm", help="Übernahme bestätigen: Akten hier löschen")
    add_store_arg(confirm)
    confirm.add_argument("receipt", metavar="QUITTUNGSCODE")
    confirm.set_defaults(func=run_confirm)


def _with_service(args: argparse.Namespace, step: Callable[[Any], Any]) -> Any:
    """Open the store, run one step of the handover service on it, close it."""
    from kimdesk.casework.handover import HandoverService

    store = open_store(args)
    try:
        return step(HandoverService(store, str(store.setting("case_manager", "") or "")))
    finally:
        store.close()


def run_code(args: argparse.Namespace) -> int:
    code = _with_service(args, lambda service: service.new_code())
    print("Übergabecode dieses Datenbestands (gilt für ein Paket):")
    print(f"  {code}")
    print("Der abgebenden Stelle genau so mitteilen und am Telefon vergleichen.")
    return 0


def run_export(args: argparse.Namespace) -> int:
    sent = _with_service(args, lambda service: service.export(
        service.all_client_ids() if args.all else args.client, args.code, args.out))
    print(f"{plurals.count(sent.clients, 'Akte')} verschlüsselt geschrieben: {sent.path}. "
          "Sie bleiben hier, bis der Empfang mit dem Quittungscode bestätigt ist "
          "(kimdesk handover confirm).")
    return 0


def run_import(args: argparse.Namespace) -> int:
    got = _with_service(args, lambda service: service.import_package(args.package))
    print(f"{plurals.count(got.clients, 'Akte')} übernommen"
          + (f" von {got.sender}" if got.sender else "")
          + f" (Verlauf: {plurals.count(got.entries, 'Eintrag')}):")
    for name in got.names:
        print(f"  {name}")
    print(f"Quittungscode: {got.receipt}")
    print("Diesen Code der abgebenden Stelle mitteilen; erst damit werden die Akten dort "
          "gelöscht.")
    return 0


def run_confirm(args: argparse.Namespace) -> int:
    n = _with_service(args, lambda service: service.confirm(args.receipt))
    print(f"Übernahme bestätigt: {plurals.count(n, 'Akte')} hier vollständig gelöscht.")
    return 0
