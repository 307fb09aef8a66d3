"""A full disk during case work: a German message, nothing committed lost, the store opens
and is sound once space is freed — on a real small filesystem (tmpfs with size=)."""

import os

from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.errors import DiskFullError
from kimdesk.store.integrity import check_store
from kimdesk.store.key_slots import KdfParams
from kimdesk.ui.tasks import user_message
from tests.conftest import PASSPHRASE, run_cli
from tests.mounts import small_disk

NOTE = "Gesprächsnotiz " + "mit etwas Länge " * 40


def _fill(path) -> None:
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while os.write(fd, b"\0" * 65536):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)


def test_case_work_on_a_full_disk_loses_nothing_committed(tmp_path):
    with small_disk(tmp_path / "disk", 6 * 1024 * 1024) as disk:
        store, _ = CaseStore.create(disk / "store", PASSPHRASE, "kleve", kdf=KdfParams.fast())
        clients, cases = ClientService(store, "CM"), CaseService(store, "CM")
        cid = clients.create("Voll", given_names="Platte")
        case = cases.open_case(cid, "short_intervention", "01.02.2026")
        _fill(disk / "ballast")  # most of the disk; SQLite's pages fill the rest
        committed, failure = [], None
        for n in range(100_000):
            try:
                cases.log_contact(case, ContactInput("02.02.2026", "phone",
                                                     note=f"{NOTE} {n}"))
            except Exception as exc:  # noqa: BLE001 - the disk-full error, whatever its type
                failure = exc
                break
            committed.append(n)
            if n % 2 == 0:  # with a new client now and then, the search index grows too
                clients.create(f"Person{n}")
        assert failure is not None, "the disk never filled up"
        assert user_message(failure) == str(DiskFullError())
        assert "Datenträger ist voll" in user_message(failure)
        store.close()
        os.unlink(disk / "ballast")
        store = CaseStore.open(disk / "store", passphrase=PASSPHRASE)
        try:
            assert check_store(store) == []
            notes = [c.note for c in CaseService(store).contacts(case)]
            assert notes == [f"{NOTE} {n}" for n in committed]  # all, and only, committed
            CaseService(store, "CM").log_contact(case, ContactInput("03.02.2026", "phone",
                                                                   note="nach dem Aufräumen"))
        finally:
            store.close()
        result = run_cli("check", "--store", str(disk / "store"),
                         env={"KIMDESK_PASSPHRASE": PASSPHRASE})
        assert result.returncode == 0, result.stderr


def test_an_import_onto_a_full_disk_says_so_and_commits_nothing(tmp_path):
    with small_disk(tmp_path / "disk", 4 * 1024 * 1024) as disk:
        store, _ = CaseStore.create(disk / "store", PASSPHRASE, "kleve", kdf=KdfParams.fast())
        store.close()
        csv = tmp_path / "liste.csv"
        csv.write_text("Nachname;Vorname;Adresse\n" + "".join(
            f"Name{i};Vorname{i};{'Lange Straße ' * 20}{i}\n" for i in range(20_000)),
            encoding="utf-8")
        _fill(disk / "ballast")
        result = run_cli("import", "--store", str(disk / "store"), str(csv),
                         env={"KIMDESK_PASSPHRASE": PASSPHRASE})
        assert result.returncode == 1
        assert result.stderr.strip() == str(DiskFullError()), result.stderr
        os.unlink(disk / "ballast")
        store = CaseStore.open(disk / "store", passphrase=PASSPHRASE)
        try:
            assert ClientService(store).count() == 0  # all or nothing
            assert check_store(store) == []
        finally:
            store.close()
