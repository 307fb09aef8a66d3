"""``kimdesk unlock-with-recovery``: forgotten passphrase — set a new one via the recovery key."""

import argparse

from kimdesk.commands.common import NEW_PASSPHRASE_ENV, RECOVERY_ENV, add_store_arg, read_secret
from kimdesk.store.case_store import CaseStore


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("unlock-with-recovery")
    add_store_arg(p)
    p.add_argument("--new-recovery-key", action="store_true",
                   help="danach auch einen neuen Wiederherstellungsschlüssel erzeugen")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    recovery = read_secret(RECOVERY_ENV, "Wiederherstellungsschlüssel: ")
    store = CaseStore.open(args.store, recovery_key=recovery)
    try:
        store.change_passphrase(read_secret(NEW_PASSPHRASE_ENV, "Neue Passphrase: ",
                                            confirm=True))
        print("Die neue Passphrase ist gesetzt.")
        if args.new_recovery_key:
            print("Neuer Wiederherstellungsschlüssel (ausdrucken, sicher verwahren):")
            print(f"    {store.new_recovery_key()}")
    finally:
        store.close()
    return 0
