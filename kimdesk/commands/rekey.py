"""``kimdesk rekey``: re-encrypt the database under a new data key (and a new recovery
key), for when the laptop or a copy of its key file may have been in other hands."""

import argparse
import sys

from kimdesk.commands.common import PASSPHRASE_ENV, add_store_arg, read_secret
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import new_recovery_key
from kimdesk.store.secrets import OsKeyring

DONE = ("Der Datenbestand ist unter einem neuen Schlüssel neu verschlüsselt. Alte Kopien der "
        "Schlüsseldatei öffnen ihn nicht mehr; der bisherige Wiederherstellungsschlüssel "
        "gilt nicht mehr.")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "rekey", description="Verschlüsselt den Datenbestand unter einem neuen, zufälligen "
                             "Schlüssel neu und erzeugt einen neuen Wiederherstellungsschlüssel. "
                             "Die Passphrase bleibt. Empfohlen, wenn der Laptop oder eine Kopie "
                             "der Schlüsseldatei in fremden Händen gewesen sein könnte.")
    add_store_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    passphrase = read_secret(PASSPHRASE_ENV, "Passphrase: ")  # needed for the new slot too
    store = CaseStore.open(args.store, passphrase=passphrase)
    try:
        rekey_store(store, passphrase)
    finally:
        store.close()
    return 0


def rekey_store(store: CaseStore, passphrase: str) -> None:
    """Show the new recovery key first (if the process dies later, it may be the one that
    works), then re-encrypt."""
    recovery_key = new_recovery_key()
    print("NEUER WIEDERHERSTELLUNGSSCHLÜSSEL — jetzt ausdrucken oder notieren und sicher "
          "verwahren. Er gilt, sobald unten „neu verschlüsselt“ steht; bis dahin gilt der "
          "bisherige:")
    print()
    print(f"    {recovery_key}")
    print(flush=True)
    print("Wird neu verschlüsselt …", file=sys.stderr, flush=True)
    store.rekey(passphrase, recovery_key, secret_store=OsKeyring())
    print(DONE)
