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


class ProgressLines:
    """Progress of a big list on stderr, one line per tenth of each step (stdout keeps the
    result for scripts)."""

    MIN_ROWS = 2000  # smaller lists are done before anyone would look

    def __init__(self) -> None:
        self.shown: dict[str, int] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        if total < self.MIN_ROWS:
            return
        tenth = done * 10 // total
        if self.shown.get(stage, -1) >= tenth:
            return
        self.shown[stage] = tenth
        print(f"{stage.capitalize()}: {_thousands(done)} von {_thousands(total)} Zeilen "
              f"({tenth * 10} %)", file=sys.stderr, flush=True)


def _thousands(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def run(args: argparse.Namespace) -> int:
    if not args.file.exists():
        print(f"Die Datei {args.file} gibt es nicht.", file=sys.stderr)
        return 1
    store = open_store(args)
    try:
        count = import_file(store, args.file, progress=ProgressLines())
    finally:
        store.close()
    print(f"{count} Klient*innen übernommen.")
    return 0
