"""``kimdesk demo-data``: fill a store (created if missing) with synthetic cases."""

import argparse
import time
from datetime import date

from kimdesk import catalogues
from kimdesk.casework.profiles import create_store
from kimdesk.commands.common import PASSPHRASE_ENV, add_store_arg, open_store, read_secret
from kimdesk.demo.generator import DemoGenerator
from kimdesk.store.files import is_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo-data")
    add_store_arg(p)
    p.add_argument("--clients", type=int, default=55,
                   help="Anzahl Klient*innen (Standard 55: ein Fallbestand)")
    p.add_argument("--seed", type=int, default=1, help="Startwert (gleiche Daten je Startwert)")
    p.add_argument("--district", default="kleve",
                   help="Kreis, falls der Datenbestand neu angelegt wird")
    p.add_argument("--team", default="",
                   help="Team im Kreis, falls der Datenbestand neu angelegt wird (Standard: "
                        "das erste)")
    p.add_argument("--today", type=date.fromisoformat, default=None,
                   help="Stichtag JJJJ-MM-TT (Standard: heute)")
    p.set_defaults(func=run)


def _first_team(district_id: str) -> str:
    return catalogues.district(district_id).planning_areas[0].id


def run(args: argparse.Namespace) -> int:
    start = time.perf_counter()
    if is_store(args.store):
        store = open_store(args)
    else:
        passphrase = read_secret(PASSPHRASE_ENV, "Neue Passphrase: ", confirm=True)
        store, recovery_key = create_store(args.store, args.district, passphrase,
                                           "Demo Case Management", args.team or _first_team(
                                               args.district))
        print(f"Neuer Demo-Datenbestand; Wiederherstellungsschlüssel: {recovery_key}")
    try:
        counts = DemoGenerator(store, seed=args.seed, today=args.today).generate(args.clients)
    finally:
        store.close()
    print(f"{counts['clients']} Klient*innen, {counts['cases']} Fälle, {counts['contacts']} "
          f"Kontakte erzeugt in {time.perf_counter() - start:.1f} s.")
    return 0
