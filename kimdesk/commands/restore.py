"""``kimdesk restore``: a sound backup back over a damaged database (``--store --backup``),
or a whole-store backup from another disk into a new store or profile (``--from``)."""

import argparse
from pathlib import Path

from kimdesk.commands.common import (
    NEW_PASSPHRASE_ENV,
    PASSPHRASE_ENV,
    RECOVERY_ENV,
    read_secret,
)
from kimdesk.core.errors import DomainError
from kimdesk.process_guard import has_secret
from kimdesk.store.case_store import CaseStore
from kimdesk.store.errors import StoreLockedError
from kimdesk.store.secrets import OsKeyring


def register(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("restore",
                       description="1) --store S --backup DATEI: spielt eine intakte "
                                   "Sicherung aus S/backups/ über eine beschädigte Datenbank; "
                                   "die beschädigte Datei bleibt daneben liegen, ein intakter "
                                   "Datenbestand wird nie ersetzt. 2) --from SICHERUNG --to "
                                   "ORDNER (oder --profile NAME): spielt eine Sicherung von "
                                   "einem anderen Datenträger (Ordner KIMdesk-Sicherung-…) in "
                                   "einen neuen Datenbestand — erst nach vollständiger "
                                   "Prüfung (cipher_integrity_check, kimdesk check).")
    p.add_argument("--store", type=Path, metavar="ORDNER",
                   help="Ordner des beschädigten Datenbestands (mit --backup)")
    p.add_argument("--backup", type=Path, metavar="DATEI",
                   help="die Sicherung (eine .db-Datei, z. B. aus STORE/backups/)")
    p.add_argument("--from", dest="source", type=Path, metavar="SICHERUNG",
                   help="Ordner einer Sicherung von 'kimdesk backup'")
    p.add_argument("--to", type=Path, metavar="ORDNER", help="neuer Datenbestand (leer)")
    p.add_argument("--profile", metavar="NAME", help="statt --to: als neues Profil in "
                                                     "KIMdesk anlegen")
    p.add_argument("--recovery", action="store_true",
                   help="mit dem Wiederherstellungsschlüssel der Sicherung (aus "
                        f"{RECOVERY_ENV} oder Eingabe) und einer neuen Passphrase (aus "
                        f"{NEW_PASSPHRASE_ENV} oder Eingabe)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    if args.source is not None:
        return _into_new(args)
    if args.store is None or args.backup is None:
        raise DomainError("Bitte --store und --backup angeben, oder --from mit --to bzw. "
                          "--profile.")
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


def _into_new(args: argparse.Namespace) -> int:
    if (args.to is None) == (args.profile is None):
        raise DomainError("Bitte genau eines angeben: --to ORDNER oder --profile NAME.")
    passphrase, recovery, new = "", "", ""
    if args.recovery:
        recovery = read_secret(RECOVERY_ENV, "Wiederherstellungsschlüssel der Sicherung: ")
        new = read_secret(NEW_PASSPHRASE_ENV, "Neue Passphrase: ", confirm=True)
    else:
        passphrase = read_secret(PASSPHRASE_ENV, "Passphrase der Sicherung: ")
    if args.profile is not None:
        from kimdesk.casework.profiles import restore_profile

        profile, store = restore_profile(args.profile, args.source, passphrase, recovery, new)
        where = f"als Profil „{profile.label}“ ({profile.folder})"
    else:
        from kimdesk.store.backup_sets import restore_into

        store = restore_into(args.source, args.to, passphrase or None, recovery or None,
                             new or None)
        where = f"nach {args.to}"
    store.close()
    print(f"Die Sicherung {args.source.name} wurde geprüft und {where} zurückgespielt.")
    return 0
