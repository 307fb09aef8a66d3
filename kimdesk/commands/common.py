"""What most subcommands share: the --store argument and how secrets are read."""

from __future__ import annotations

import argparse
import getpass
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from kimdesk.process_guard import has_secret, take_secret
from kimdesk.store.errors import StoreLockedError
from kimdesk.store.secrets import OsKeyring

if TYPE_CHECKING:
    from kimdesk.store.case_store import CaseStore

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
    """Open with the device keyring if remembered, else with the passphrase.

    The key is derived first (Argon2id takes tens of MiB for a moment), and the database
    libraries are loaded only after that memory is free again: a command's peak memory is
    the larger of the two, not their sum."""
    key = _derive_key(Path(args.store))
    from kimdesk.store.case_store import CaseStore

    if key is not None:
        return CaseStore.open(args.store, data_key=key)
    keyring = OsKeyring()
    if not has_secret(PASSPHRASE_ENV):
        try:
            return CaseStore.open(args.store, secret_store=keyring)
        except StoreLockedError:
            pass
    return CaseStore.open(args.store, passphrase=read_secret(PASSPHRASE_ENV, "Passphrase: "))


def _derive_key(folder: Path) -> bytes | None:
    """The data key from the keyring or the passphrase, for a folder that looks like a
    store (anything else is left to CaseStore.open and its German errors)."""
    from kimdesk.store.files import DB_NAME, KEY_FILE
    from kimdesk.store.key_slots import KeySlotFile, unlock_key
    from kimdesk.store.secrets import NoSecretStore

    if not ((folder / DB_NAME).is_file() and (folder / KEY_FILE).is_file()):
        return None
    slots = KeySlotFile.load(folder / KEY_FILE)
    if slots.previous is not None:  # an interrupted re-keying: CaseStore.open settles it
        return None
    if not has_secret(PASSPHRASE_ENV):
        try:
            return unlock_key(slots, None, None, OsKeyring())
        except StoreLockedError:
            pass
    return unlock_key(slots, read_secret(PASSPHRASE_ENV, "Passphrase: "), None, NoSecretStore())
