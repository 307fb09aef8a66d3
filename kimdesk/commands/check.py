"""``kimdesk check``: is the store sound? Exit 0 if yes, 3 if damaged."""

import argparse

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.store.errors import NotAStoreError
from kimdesk.store.integrity import check_store


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("check")
    add_store_arg(p)
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        problems = check_store(store)
    finally:
        store.close()
    if problems:
        raise NotAStoreError("Der Datenbestand ist beschädigt: " + " ".join(problems))
    print("Der Datenbestand ist in Ordnung.")
    return 0
