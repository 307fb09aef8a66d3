"""``kimdesk init``: create a new encrypted store bound to one district."""

import argparse

from kimdesk import catalogues
from kimdesk.casework.directory import DirectoryService
from kimdesk.commands.common import PASSPHRASE_ENV, add_store_arg, read_secret
from kimdesk.store.case_store import CaseStore


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("init")
    add_store_arg(p)
    p.add_argument("--district", required=True, metavar="KREIS",
                   help=f"Kreis, z. B. {', '.join(catalogues.district_ids())}")
    p.add_argument("--name", default="", help="Name der Case Managerin / des Case Managers")
    p.set_defaults(func=run)


def create_store(folder, district_id: str, passphrase: str, name: str = ""
                 ) -> tuple[CaseStore, str]:
    """Create a store and fill its service directory from the district catalogue."""
    district = catalogues.district(district_id)
    store, recovery_key = CaseStore.create(folder, passphrase, district.id, case_manager=name)
    DirectoryService(store).load_entries(catalogues.service_directory(district.id))
    return store, recovery_key


def run(args: argparse.Namespace) -> int:
    district = catalogues.district(args.district)  # fail early on a typo
    passphrase = read_secret(PASSPHRASE_ENV, "Neue Passphrase (mind. 8 Zeichen): ", confirm=True)
    store, recovery_key = create_store(args.store, district.id, passphrase, args.name)
    store.close()
    print(f"Datenbestand für {district.name} angelegt: {args.store}")
    print()
    print("WIEDERHERSTELLUNGSSCHLÜSSEL — jetzt ausdrucken oder notieren und sicher verwahren.")
    print("Er wird nur dieses eine Mal angezeigt und öffnet den Datenbestand, falls die")
    print("Passphrase vergessen wurde:")
    print()
    print(f"    {recovery_key}")
    return 0
