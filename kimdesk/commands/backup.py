"""``kimdesk backup``: an encrypted copy of the whole store on another disk (USB stick)."""

import argparse
from pathlib import Path

from kimdesk.commands.common import add_store_arg, open_store
from kimdesk.store import backup_sets


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("backup",
                       description="Schreibt eine vollständige, verschlüsselte Kopie des "
                                   "Datenbestands in einen neuen Ordner unter ZIEL. Sie lässt "
                                   "sich wie jeder Datenbestand mit --store öffnen oder mit "
                                   "'kimdesk restore --from' in ein neues Profil "
                                   "zurückspielen. Ältere Sicherungen desselben Datenbestands "
                                   "in ZIEL werden rotiert.")
    add_store_arg(p)
    p.add_argument("--to", required=True, type=Path, metavar="ZIEL",
                   help="Zielordner, z. B. ein USB-Stick")
    p.add_argument("--keep", type=int, default=None, metavar="N",
                   help=f"so viele Sicherungen in ZIEL behalten (1 bis "
                        f"{backup_sets.MAX_KEEP}; Standard: die Einstellung des Profils, "
                        f"sonst {backup_sets.DEFAULT_KEEP}); wird für das Profil gemerkt")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.keep is not None and not 1 <= args.keep <= backup_sets.MAX_KEEP:
        from kimdesk.core.errors import DomainError

        raise DomainError(f"--keep: bitte eine Zahl von 1 bis {backup_sets.MAX_KEEP}.")
    store = open_store(args)
    try:
        if args.keep is not None:
            store.set_settings({backup_sets.KEEP_SETTING: args.keep})
        target = store.export_backup(args.to)
        kept = len(backup_sets.backup_sets(args.to, store.key_slots.store_id))
    finally:
        store.close()
    print(f"Sicherung geschrieben: {target} ({kept} Sicherungen dieses Datenbestands in "
          f"{args.to} aufbewahrt).")
    return 0
