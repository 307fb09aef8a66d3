"""``kimdesk print``: printouts for a client as PDF files (plan, consent, slip, export).

Every file written is recorded in the case file (document id, version, date).
"""

import argparse
from pathlib import Path

from kimdesk.casework import printouts
from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.core.errors import DomainError

KINDS = {
    "plan": "Integrationsplan / Zielvereinbarung (zweisprachig)",
    "consent": "Einwilligungserklärung mit Schweigepflichtentbindung (zweisprachig)",
    "slip": "Terminzettel (zweisprachig)",
    "export": "Auskunft nach Art. 15 DSGVO (Deutsch)",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("print")
    kinds = p.add_subparsers(dest="print_kind", metavar="ART", required=True)
    for kind, help_text in KINDS.items():
        k = kinds.add_parser(kind, help=help_text)
        add_store_arg(k)
        k.add_argument("--client", type=int, required=True, metavar="ID",
                       help="Nummer der Klientin bzw. des Klienten")
        k.add_argument("--out", type=Path, required=True, metavar="DATEI.pdf",
                       help="Zieldatei")
        if kind != "export":
            k.add_argument("--lang", default="de", metavar="CODE",
                           help="zweite Sprache, z. B. ar, fa, prs, ps, uk, ru, tr, en "
                                "(Standard: nur Deutsch)")
        if kind == "plan":
            k.add_argument("--case", type=int, default=None, metavar="ID",
                           help="Fall (Standard: offener Fall mit Zielen)")
            k.add_argument("--member", type=int, default=None, metavar="ID",
                           help="Plan eines Haushaltsmitglieds statt der Klientin/des Klienten")
        if kind == "consent":
            k.add_argument("--institution", action="append", default=None,
                           metavar="STELLE[=ZWECK]",
                           help="Stelle für die Schweigepflichtentbindung (mehrfach möglich; "
                                "Standard: aus der Fallakte)")
        if kind == "slip":
            k.add_argument("--appointment", type=int, default=None, metavar="ID",
                           help="Termin (Standard: der nächste)")
        k.set_defaults(func=run)


def _institutions(values: list[str] | None) -> list[tuple[str, str]] | None:
    if values is None:
        return None
    out = []
    for value in values:
        name, _, purpose = value.partition("=")
        if not name.strip():
            raise DomainError("Bitte bei --institution den Namen der Stelle angeben.")
        out.append((name.strip(), purpose.strip()))
    return out


def run(args: argparse.Namespace) -> int:
    if args.out.suffix.lower() != ".pdf":
        raise DomainError("Die Zieldatei muss auf .pdf enden.")
    if not args.out.parent.is_dir():
        raise DomainError(f"Den Ordner {args.out.parent} gibt es nicht.")
    store = open_store(args)
    try:
        actor = str(store.setting("case_manager", "") or "")
        kind = args.print_kind
        if kind == "plan":
            printed = printouts.prepare_plan(store, args.client, args.lang, args.case,
                                            args.member)
        elif kind == "consent":
            printed = printouts.prepare_consent(store, args.client, args.lang,
                                               _institutions(args.institution))
        elif kind == "slip":
            printed = printouts.prepare_slip(store, args.client, args.lang, args.appointment)
        else:
            printed = printouts.prepare_export(store, args.client)
        printouts.save(store, printed, args.out, actor)
    finally:
        store.close()
    stamp = printed.stamp
    print(f"{stamp.kind_label} gespeichert: {args.out} (Dokument {stamp.document_id}, "
          f"Version {stamp.version}).")
    return 0
