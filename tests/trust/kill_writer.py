"""The writer the kill test shoots: real services writing to a real store, one line after
every commit (written straight to a file, unbuffered), so the test knows exactly what was
committed when the SIGKILL came.

``python -m tests.trust.kill_writer --zygote`` imports everything once and then forks one
writer per line it reads on stdin (a JSON list: MODE STORE WORKDIR SEED ROUND SECRET
REPORTFILE), answering with the writer's process id: each writer is a real process of its
own that the test kills, without paying Python's and SQLAlchemy's start-up for every shot
(the suite's 50 kills stay well under two minutes on a loaded machine).

Modes: ``contacts`` (a client and a contact per round), ``import`` (a CSV of 40 rows,
all-or-nothing), ``passphrase`` (re-wrapping the key slot), ``migration`` (upgrading an old
store), ``backup`` (whole-store backups to another folder), ``erase`` (erasing clients).
"""

import contextlib
import json
import os
import signal
import sys
from pathlib import Path

import alembic.command  # noqa: F401 - loaded once in the zygote (the upgrade mode needs it)
import alembic.config  # noqa: F401

import kimdesk.cli  # noqa: F401 - loaded once in the zygote (the forked 'kimdesk check')
import kimdesk.commands.check  # noqa: F401
from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.casework.importer import import_file
from kimdesk.casework.retention import RetentionService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams

PASSPHRASE = "Kill Test Passphrase 1"
IMPORT_ROWS = 40


def passphrase(n: int) -> str:
    return PASSPHRASE if n == 0 else f"Kill Test Passphrase Runde {n}"


_REPORT = [1]  # where say() writes: stdout, or a writer's report file


def say(line: str) -> None:
    """One line, written with one write(2): on disk once it returns, SIGKILL or not."""
    os.write(_REPORT[0], (line + "\n").encode())


def zygote() -> None:
    signal.signal(signal.SIGCHLD, signal.SIG_IGN)  # the kernel reaps the killed writers
    for request in sys.stdin:
        *args, report = json.loads(request)
        pid = os.fork()
        if pid == 0:
            signal.signal(signal.SIGCHLD, signal.SIG_DFL)
            _REPORT[0] = os.open(report, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
            try:
                main(*args)
            finally:
                os._exit(0)
        say(str(pid))


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


def check(folder: str, secret: str) -> None:
    """``kimdesk check --store FOLDER`` through the real command line code (argument parsing,
    opening with the passphrase from the environment, the check, the exit code), forked
    instead of started: its exit code and messages go to the report."""
    os.dup2(_REPORT[0], 2)  # its German messages, if any, into the report
    os.environ["KIMDESK_PASSPHRASE"] = secret
    with contextlib.redirect_stdout(None):
        code = kimdesk.cli.main(["check", "--store", folder])
    say(f"exit {code}")


def main(mode: str, folder: str, workdir: str, seed: str, current: str, secret: str) -> None:
    if mode == "check":
        check(folder, secret)
        return
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
    if sys.argv[1:] == ["--zygote"]:
        zygote()
    else:
        main(*sys.argv[1:])
