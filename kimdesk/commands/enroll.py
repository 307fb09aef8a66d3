"""``kimdesk enroll``: register this device with the district office (one-time code)."""

import argparse
from pathlib import Path

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.sync.client import require_secure_url
from kimdesk.sync.enrollment import enroll


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("enroll")
    add_store_arg(p)
    p.add_argument("--office", required=True, metavar="URL", help="Adresse des Kreisbüros (https://)")
    p.add_argument("--code", required=True, help="Einmal-Code der Koordinierungsstelle")
    p.add_argument("--ca", type=Path, metavar="DATEI", help="CA-Zertifikat des Kreisbüros")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    require_secure_url(args.office)  # refused before the store is opened
    store = open_store(args)
    try:
        ident = enroll(store, args.office, args.code,
                       verify=str(args.ca) if args.ca else True)
    finally:
        store.close()
    print(f"Angemeldet beim Kreisbüro als „{ident.device_name}“ ({ident.device_id}).")
    return 0
