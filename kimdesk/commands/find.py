"""``kimdesk find``: clients matching a name query (transliteration-aware) or birth date."""

import argparse
import json

from kimdesk import catalogues
from kimdesk.commands.common import add_store_arg, open_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("find")
    add_store_arg(p)
    p.add_argument("query", metavar="SUCHE")
    p.add_argument("--limit", type=int, default=20)
    p.add_argument("--json", action="store_true", help="als JSON ausgeben")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)  # derives the key before the database libraries load
    from kimdesk.casework import client_search  # plain SQL: no SQLAlchemy to load

    try:
        district = catalogues.district(store.district_id)
        rows = client_search.find(store, args.query, limit=args.limit)
    finally:
        store.close()

    def municipality(mid: str) -> str:
        try:
            return district.municipality(mid).name
        except KeyError:
            return mid

    results = [{"id": r.id, "display_name": r.display_name, "date_of_birth": r.birth_date,
                "municipality": municipality(r.municipality_id)} for r in rows]
    if args.json:
        print(json.dumps(results, ensure_ascii=False, indent=2))
    elif not results:
        print("Niemand gefunden.")
    else:
        for r in results:
            print(f"{r['id']:>7}  {r['display_name']:40} {r['date_of_birth'] or '':10}  "
                  f"{r['municipality']}")
    return 0
