"""``kimdesk aggregates``: the anonymised tables of a period, exactly as sync would send them."""

import argparse
import json
from datetime import date

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.privacy.payload import PERTURBATION_NOTE, build_release, payload_from_release


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("aggregates")
    add_store_arg(p)
    p.add_argument("--period", required=True, metavar="ZEITRAUM",
                   help="Quartal wie 2026-Q3 oder Jahr wie 2026")
    p.add_argument("--today", type=date.fromisoformat, default=None,
                   help="Stichtag JJJJ-MM-TT (Standard: heute)")
    p.add_argument("--json", action="store_true",
                   help="die Nutzlast kimdesk.aggregates/2 genau so ausgeben, wie sie "
                        "übertragen würde")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        release = build_release(store, args.period, today=args.today)
    finally:
        store.close()
    payload = payload_from_release(release)  # validated by the protocol's model
    if args.json:
        print(json.dumps(payload, indent=1, ensure_ascii=False))
        return 0
    print(f"Kennzahlen {release.period.display}, Kreis {release.district_id}"
          f"{', Team ' + release.team_id if release.team_id else ''}.")
    print(PERTURBATION_NOTE)
    for table in release.tables:
        total = table.values[tuple("*" for _ in table.dimensions)]
        print(f"  {table.title[:72]:72} {len(table.values):5} Zellen, Summe {total:6}")
    return 0
