"""``kimdesk stats``: how many of each record a store holds."""

import argparse
import json

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.store.stats import entity_counts

LABELS = {
    "clients": "Klient*innen", "household_members": "Haushaltsmitglieder",
    "consents": "Einwilligungen", "cases": "Fälle", "open_cases": "davon offen",
    "contacts": "Kontakte", "assessments": "Assessment-Einträge", "goals": "Ziele",
    "plan_steps": "Schritte", "referrals": "Vermittlungen", "reminders": "Erinnerungen",
    "gap_reports": "Lückenmeldungen", "services": "Stellen im Versorgungssystem",
    "appointments": "Termine",
}


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("stats")
    add_store_arg(p)
    p.add_argument("--json", action="store_true", help="als JSON ausgeben")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        counts = entity_counts(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps(counts, indent=2))
    else:
        for key, value in counts.items():
            print(f"{LABELS.get(key, key):32} {value:>8}")
    return 0
