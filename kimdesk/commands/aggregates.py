"""``kimdesk aggregates``: the anonymised tables of a period, exactly as sync would send them."""

import argparse
import json
from datetime import date

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.privacy.payload import build_release, payload_from_release
from kimdesk.privacy.suppression import MIN_K


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("aggregates")
    add_store_arg(p)
    p.add_argument("--period", required=True, metavar="ZEITRAUM",
                   help="Quartal wie 2026-Q3 oder Jahr wie 2026")
    p.add_argument("--k", type=int, default=MIN_K,
                   help=f"Mindestfallzahl je Zelle (mindestens {MIN_K}, Standard {MIN_K})")
    p.add_argument("--today", type=date.fromisoformat, default=None,
                   help="Stichtag JJJJ-MM-TT (Standard: heute)")
    p.add_argument("--json", action="store_true",
                   help="die Nutzlast kimdesk.aggregates/1 genau so ausgeben, wie sie "
                        "übertragen würde")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        release = build_release(store, args.period, k=args.k, today=args.today)
    finally:
        store.close()
    payload = payload_from_release(release)  # raises if the audit failed: nothing leaves
    if args.json:
        print(json.dumps(payload, indent=2, ensure_ascii=False))
        return 0
    print(f"Kennzahlen {release.period.display}, Kreis {release.district_id}, k={release.k}: "
          "Datenschutzprüfung bestanden.")
    for table in release.release.tables:
        hidden = sum(1 for v in table.cells.values() if v is None)
        print(f"  {table.title[:70]:70} {len(table.cells):5} Zellen, {hidden:4} gesperrt "
              f"({table.suppressed_share:.0%})")
    return 0
