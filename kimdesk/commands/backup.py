"""``kimdesk backup``: an encrypted copy of the whole store on another disk (USB stick)."""

import argparse
from pathlib import Path

from kimdesk.commands.common import add_store_arg, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup",
                       description="Schreibt eine vollständige, verschlüsselte Kopie des "
                                   "Datenbestands in einen neuen Ordner unter ZIEL. Sie lässt "
                                   "sich wie jeder Datenbestand mit --store öffnen.")
    add_store_arg(p)
    p.add_argument("--to", required=True, type=Path, metavar="ZIEL",
                   help="Zielordner, z. B. ein USB-Stick")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        target = store.export_backup(args.to)
    finally:
        store.close()
    print(f"Sicherung geschrieben: {target}")
    return 0
