"""``kimdesk export-data``: everything stored about one client as JSON (Art. 15/20 DSGVO)."""

import argparse
import os
from pathlib import Path

from kimdesk.casework.subject_access import complete_records, to_json
from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.core.errors import DomainError, NotFoundError


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("export-data", help="alle gespeicherten Angaben zu einer Person als "
                                           "JSON (Art. 15 DSGVO)",
                       description="Schreibt jede gespeicherte Zeile zu einer Person — aus "
                                   "jeder Tabelle, auch Entwürfe, Fallrekonstruktionen und "
                                   "den Verlauf — als JSON-Datei. Die Datei ist NICHT "
                                   "verschlüsselt: nach der Übergabe löschen.")
    add_store_arg(p)
    p.add_argument("--client", type=int, required=True, metavar="ID")
    p.add_argument("--out", type=Path, required=True, metavar="DATEI.json")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if not args.out.parent.is_dir():
        raise DomainError(f"Den Ordner {args.out.parent} gibt es nicht.")
    store = open_store(args)
    try:
        records = complete_records(store, args.client)
    finally:
        store.close()
    if not records.get("clients"):
        raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
    fd = os.open(args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as out:
        out.write(to_json(records))
    rows = sum(len(v) for v in records.values())
    print(f"{rows} Einträge aus {sum(1 for v in records.values() if v)} Bereichen "
          f"geschrieben: {args.out}. Die Datei ist nicht verschlüsselt — nach der Übergabe "
          "löschen.")
    return 0
