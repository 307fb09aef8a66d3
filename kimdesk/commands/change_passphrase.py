"""``kimdesk change-passphrase``: re-wrap the data key under a new passphrase; with
``--rekey`` (or when asked at a terminal) also re-encrypt the database under a new key."""

import argparse
import sys

from kimdesk.commands.common import NEW_PASSPHRASE_ENV, add_store_arg, open_store, read_secret

QUESTION = ("Auch den Datenbestand unter einem neuen Schlüssel neu verschlüsseln? Empfohlen, "
            "wenn der Laptop in fremden Händen gewesen sein könnte. [j/N] ")
HINT = ("Hinweis: Die Daten sind weiter unter demselben Schlüssel verschlüsselt. War der "
        "Laptop in fremden Händen, danach: kimdesk rekey --store {store}")


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("change-passphrase")
    add_store_arg(p)
    p.add_argument("--rekey", action="store_true",
                   help="danach auch neu verschlüsseln (wie kimdesk rekey)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    store = open_store(args)
    try:
        new = read_secret(NEW_PASSPHRASE_ENV, "Neue Passphrase: ", confirm=True)
        store.change_passphrase(new)
        print("Die Passphrase wurde geändert.")
        if args.rekey or _asked():
            from kimdesk.commands.rekey import rekey_store

            rekey_store(store, new)
        else:
            print(HINT.format(store=args.store), file=sys.stderr)
    finally:
        store.close()
    return 0


def _asked() -> bool:
    if not (sys.stdin and sys.stdin.isatty()):
        return False
    return input(QUESTION).strip().lower() in {"j", "ja", "y", "yes"}
