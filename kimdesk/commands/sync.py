"""``kimdesk sync``: queues the aggregates of completed periods not yet sent (each period
exactly once, never the running quarter — see :mod:`kimdesk.sync.builders`), delivers
everything queued, fetches what the office published. Exit 0 when the outbox is empty
afterwards. The office must be reached over https:// (http:// only on this machine)."""

import argparse
import json
import logging
import sys
from pathlib import Path

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.sync.client import require_secure_url
from kimdesk.sync.rounds import Synchronizer
from kimdesk.sync.status import sync_status


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "sync",
        description="Stellt die Kennzahlen abgeschlossener Zeiträume (Quartale, Jahre), die "
                    "noch nicht übertragen wurden, in die Warteschlange — jeden Zeitraum genau "
                    "einmal, nie das laufende Quartal —, überträgt alles Wartende und holt, "
                    "was das Kreisbüro veröffentlicht hat. Zurückgeschaut wird höchstens vier "
                    "Quartale und ein Kalenderjahr.")
    add_store_arg(p)
    p.add_argument("--office", metavar="URL", help="Adresse des Kreisbüros, https:// (sonst "
                                                   "die bei der Anmeldung verwendete)")
    p.add_argument("--ca", type=Path, metavar="DATEI", help="CA-Zertifikat des Kreisbüros")
    p.add_argument("--batch-size", type=int, default=100, metavar="N",
                   help="Einträge je Anfrage (1–200)")
    p.add_argument("--json", action="store_true", help="Ergebnis als JSON ausgeben")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    logging.getLogger("kimdesk.sync").setLevel(logging.WARNING)
    if args.office:
        args.office = require_secure_url(args.office)  # before the store is opened
    store = open_store(args)
    try:
        sync = Synchronizer(store, office_url=args.office, batch_size=args.batch_size,
                            verify=str(args.ca) if args.ca else True)
        result = sync.run_round()
        status = sync_status(store)
    finally:
        store.close()
    if args.json:
        print(json.dumps({"ok": result.ok, "delivered": result.delivered,
                          "rejected": result.rejected, "pulled": result.pulled,
                          "queued_aggregates": result.queued_aggregates,
                          "queued_periods": result.queued_periods,
                          "warnings": result.warnings,
                          "pending": result.pending,
                          "error": str(result.error) if result.error else "",
                          "message": status.message}, ensure_ascii=False, indent=2))
    else:
        print(f"Übertragen: {result.delivered}, abgelehnt: {result.rejected}, "
              f"vom Kreisbüro übernommen: {result.pulled}.")
    for warning in result.warnings[:10]:
        print(f"Hinweis: {warning}", file=sys.stderr)
    for reason in result.rejected_reasons[:10]:
        print(f"Abgelehnt: {reason}", file=sys.stderr)
    if result.error is not None:
        print(status.message, file=sys.stderr)
    if result.pending or (result.error is not None and not result.error.retry):
        if result.error is None:
            print(status.message, file=sys.stderr)
        return 1
    return 0
