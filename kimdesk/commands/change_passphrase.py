"""``kimdesk change-passphrase``: re-wrap the data key; the database is not re-encrypted."""

import argparse

from kimdesk.commands.common import NEW_PASSPHRASE_ENV, add_store_arg, open_store, read_secret


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("change-passphrase")
    add_store_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        new = read_secret(NEW_PASSPHRASE_ENV, "Neue Passphrase: ", confirm=True)
        store.change_passphrase(new)
    finally:
        store.close()
    print("Die Passphrase wurde geändert.")
    return 0
