"""``kimdesk import``: a CSV/XLSX client list, all rows or none."""

import argparse
import sys
from pathlib import Path

from kimdesk.casework.importer import COLUMNS, import_file
from kimdesk.commands.common import add_store_arg, open_store


def register(sub: argparse._SubParsersAction) -> None:
    headers = ", ".join(names[0] for names in COLUMNS.values())
    p = sub.add_parser("import",
                       description=f"Erkannte Spaltenüberschriften: {headers}. "
                                   "Pflicht ist nur „Nachname“.")
    add_store_arg(p)
    p.add_argument("file", type=Path, metavar="DATEI")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.file.exists():
        print(f"Die Datei {args.file} gibt es nicht.", file=sys.stderr)
        return 1
    store = open_store(args)
    try:
        count = import_file(store, args.file)
    finally:
        store.close()
    print(f"{count} Klient*innen übernommen.")
    return 0
