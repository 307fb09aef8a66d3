"""The writer the kill test shoots: real services writing to a real store, one line on
stdout after every commit (flushed), so the test knows exactly what was committed when the
SIGKILL came. Run as ``python -m tests.trust.kill_writer MODE STORE WORKDIR SEED``.

Modes: ``contacts`` (a client and a contact per round), ``import`` (a CSV of 40 rows,
all-or-nothing), ``passphrase`` (re-wrapping the key slot), ``migration`` (upgrading an old
store), ``backup`` (whole-store backups to another folder), ``erase`` (erasing clients).
"""

import os
import sys
from pathlib import Path

from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.casework.retention import RetentionService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams

PASSPHRASE = "Kill Test Passphrase 1"
IMPORT_ROWS = 40


def passphrase(n: int) -> str:
    return PASSPHRASE if n == 0 else f"Kill Test Passphrase Runde {n}"


def say(line: str) -> None:
    sys.stdout.write(line + "\n")
    sys.stdout.flush()


def contacts(store: CaseStore, seed: int) -> None:
    clients, cases = ClientService(store, "Kill"), CaseService(store, "Kill")
    n = 0
    while True:
        marker = f"S{seed}N{n}"
        cid = clients.create(f"Kill{marker}", given_names="Test")
        case = cases.open_case(cid, "short_intervention", "01.02.2026")
        cases.log_contact(case, ContactInput("02.02.2026", "phone", note=f"Notiz {marker}"))
        say(f"contact {marker}")
        n += 1


def import_rows(store: CaseStore, seed: int, workdir: Path) -> None:
    from kimdesk.casework.importer import import_file

    n = 0
    while True:
        batch = f"S{seed}B{n}"
        csv = workdir / f"{batch}.csv"
        csv.write_text("Nachname;Vorname\n" + "".join(
            f"Imp{batch}R{i};Test\n" for i in range(IMPORT_ROWS)), encoding="utf-8")
        import_file(store, csv, "Kill")
        say(f"import {batch}")
        n += 1


def change_passphrase(store: CaseStore, start: int) -> None:
    n = start
    while True:
        store.change_passphrase(passphrase(n + 1), KdfParams.fast())
        n += 1
        say(f"passphrase {n}")


def backup(store: CaseStore, workdir: Path) -> None:
    target = workdir / "usb"
    target.mkdir(exist_ok=True)
    while True:
        folder = store.export_backup(target, keep=3)
        say(f"backup {folder.name}")


def erase(store: CaseStore, seed: int) -> None:
    clients, retention = ClientService(store, "Kill"), RetentionService(store, "Kill")
    n = 0
    while True:
        marker = f"S{seed}E{n}"
        cid = clients.create(f"Erase{marker}", given_names="Test")
        say(f"created {marker}")
        retention.erase(cid, "art17")
        say(f"erased {marker}")
        n += 1


def main(mode: str, folder: str, workdir: str, seed: str, current: str, secret: str) -> None:
    store = CaseStore.open(Path(folder), passphrase=secret if mode == "migration"
                           else passphrase(int(current)))
    say("ready")
    if mode == "migration":
        say("migrated")
        os._exit(0)
    {"contacts": lambda: contacts(store, int(seed)),
     "import": lambda: import_rows(store, int(seed), Path(workdir)),
     "passphrase": lambda: change_passphrase(store, int(current)),
     "backup": lambda: backup(store, Path(workdir)),
     "erase": lambda: erase(store, int(seed))}[mode]()


if __name__ == "__main__":
    main(*sys.argv[1:])
