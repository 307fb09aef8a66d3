"""``kimdesk init``: create a new encrypted store bound to one district."""

import argparse

from kimdesk import catalogues
from kimdesk.casework.profiles import check_team, create_store
from kimdesk.commands.common import PASSPHRASE_ENV, add_store_arg, read_secret


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init")
    add_store_arg(p)
    p.add_argument("--district", required=True, metavar="KREIS",
                   help=f"Kreis, z. B. {', '.join(catalogues.district_ids())}")
    p.add_argument("--name", default="", help="Name der Case Managerin / des Case Managers")
    p.add_argument("--team", default="", metavar="TEAM",
                   help="Regionalteam / Cluster / Planungsraum im Kreis, z. B. kleve-nord")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    district = catalogues.district(args.district)  # fail early on a typo
    check_team(district.id, args.team)
    passphrase = read_secret(PASSPHRASE_ENV, "Neue Passphrase (mind. 8 Zeichen): ", confirm=True)
    store, recovery_key = create_store(args.store, district.id, passphrase, args.name,
                                       args.team or None)
    store.close()
    team = next((a.name for a in district.planning_areas if a.id == args.team), "")
    print(f"Datenbestand für {district.name}{', ' + team if team else ''} angelegt: "
          f"{args.store}")
    print()
    print("WIEDERHERSTELLUNGSSCHLÜSSEL — jetzt ausdrucken oder notieren und sicher verwahren.")
    print("Er wird nur dieses eine Mal angezeigt und öffnet den Datenbestand, falls die")
    print("Passphrase vergessen wurde:")
    print()
    print(f"    {recovery_key}")
    return 0
