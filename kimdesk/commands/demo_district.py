"""``kimdesk demo-district``: a whole demo district — one store per case manager, spread
over the district's teams (for tests, benchmarks and the coordinators' demo)."""

import argparse
import time
from datetime import date
from pathlib import Path

from kimdesk.config import DEMO_PASSPHRASE
from kimdesk.demo.district import CLIENTS


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("demo-district")
    p.add_argument("--out", type=Path, required=True, metavar="ORDNER",
                   help="Ordner für die Datenbestände (cm-01-…, cm-02-…)")
    p.add_argument("--district", default="kleve", metavar="KREIS", help="Kreis, z. B. kleve")
    p.add_argument("--stores", type=int, default=12, metavar="N",
                   help="Anzahl Datenbestände (Standard 12)")
    p.add_argument("--clients", type=int, default=CLIENTS, metavar="N",
                   help=f"Klient*innen je Datenbestand (Standard {CLIENTS})")
    p.add_argument("--seed", type=int, default=1, metavar="N",
                   help="Startwert (gleiche Daten je Startwert)")
    p.add_argument("--today", type=date.fromisoformat, default=None, metavar="DATUM",
                   help="Stichtag JJJJ-MM-TT (Standard: heute)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    from kimdesk.demo.district import make_demo_district

    start = time.perf_counter()
    made = make_demo_district(args.out, args.district, args.stores, args.clients, args.seed,
                              args.today)
    for demo in made:
        print(f"{demo.folder}  {demo.team_id}  {demo.case_manager}")
    print(f"{len(made)} Demo-Datenbestände in {time.perf_counter() - start:.1f} s angelegt; "
          f"Passphrase „{DEMO_PASSPHRASE}“ (synthetische Daten).")
    return 0
