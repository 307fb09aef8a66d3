"""``kimdesk restore``: put a sound backup back over a damaged database."""

import argparse
from pathlib import Path

from kimdesk.commands.common import PASSPHRASE_ENV, add_store_arg, read_secret
from kimdesk.process_guard import has_secret
from kimdesk.store.case_store import CaseStore
from kimdesk.store.errors import StoreLockedError
from kimdesk.store.secrets import OsKeyring


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("restore",
                       description="Spielt eine intakte Sicherung aus dem Ordner backups/ "
                                   "des Datenbestands zurück, wenn die Datenbank beschädigt "
                                   "ist. Die beschädigte Datei bleibt daneben liegen; ein "
                                   "intakter Datenbestand wird nie ersetzt.")
    add_store_arg(p)
    p.add_argument("--backup", required=True, type=Path, metavar="DATEI",
                   help="die Sicherung (eine .db-Datei, z. B. aus STORE/backups/)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = None
    if not has_secret(PASSPHRASE_ENV):
        try:
            store, kept = CaseStore.restore_backup(args.store, args.backup,
                                                   secret_store=OsKeyring())
        except StoreLockedError:
            store = None
    if store is None:
        store, kept = CaseStore.restore_backup(
            args.store, args.backup, passphrase=read_secret(PASSPHRASE_ENV, "Passphrase: "))
    store.close()
    print(f"Die Sicherung {args.backup.name} wurde zurückgespielt. Die beschädigte Datei "
          f"liegt zur Prüfung in {kept}.")
    return 0
