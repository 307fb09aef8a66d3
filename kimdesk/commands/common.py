"""What most subcommands share: the --store argument and how secrets are read."""

import argparse
import getpass
import sys
from pathlib import Path

from kimdesk.process_guard import has_secret, take_secret
from kimdesk.store.case_store import CaseStore
from kimdesk.store.errors import StoreLockedError
from kimdesk.store.secrets import OsKeyring

PASSPHRASE_ENV = "KIMDESK_PASSPHRASE"
NEW_PASSPHRASE_ENV = "KIMDESK_NEW_PASSPHRASE"
RECOVERY_ENV = "KIMDESK_RECOVERY_KEY"


def add_store_arg(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", required=True, type=Path, metavar="ORDNER",
                        help="Ordner des verschlüsselten Datenbestands")


def read_secret(env: str, prompt: str, confirm: bool = False) -> str:
    """From the environment (scripts; taken out of it at start, see
    :mod:`kimdesk.process_guard`) or a hidden prompt (people)."""
    value = take_secret(env)
    if value:
        return value
    if not sys.stdin or not sys.stdin.isatty():
        raise StoreLockedError(f"Keine Passphrase: bitte eingeben oder in {env} übergeben.")
    value = getpass.getpass(prompt)
    if confirm and getpass.getpass("Bitte wiederholen: ") != value:
        raise StoreLockedError("Die beiden Eingaben stimmen nicht überein.")
    return value


def open_store(args: argparse.Namespace) -> CaseStore:
    """Open with the device keyring if remembered, else with the passphrase."""
    keyring = OsKeyring()
    if not has_secret(PASSPHRASE_ENV):
        try:
            return CaseStore.open(args.store, secret_store=keyring)
        except StoreLockedError:
            pass
    return CaseStore.open(args.store, passphrase=read_secret(PASSPHRASE_ENV, "Passphrase: "))
