"""Akten übergeben, in the desk, by keyboard, between two real profiles: the colleague's
code, the package, the takeover with its receipt, and the erasure here only with that
receipt — plus how the dialog looks at 1366×768 and at 150 %."""

import os
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from kimdesk.casework.clients import ClientService
from kimdesk.casework.handover import WRONG_CODE, WRONG_RECEIPT, HandoverService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.key_slots import KdfParams
from kimdesk.ui.handover_dialog import HandoverDialog
from tests.conftest import HANG_GUARD_MS, PASSPHRASE
from tests.ui.conftest import wait

SHOTS = os.environ.get("HANDOVER_SHOTS")  # a folder: the dialog's tabs are saved as PNG


def _open(win, qtbot) -> HandoverDialog:
    qtbot.keyClick(win.workspace.today, Qt.Key.Key_U,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    dialog = win.workspace.handover
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible, timeout=HANG_GUARD_MS)
    wait(win)
    return dialog


def _shoot(dialog: HandoverDialog, name: str) -> None:
    if SHOTS:
        dialog.grab().save(str(Path(SHOTS) / f"{name}.png"))


def test_handing_over_and_taking_over_in_the_desk(desk_window, qtbot, tmp_path):
    win = desk_window
    colleague, _ = CaseStore.create(tmp_path / "colleague", PASSPHRASE, "kleve",
                                    case_manager="Berg", kdf=KdfParams.fast())
    try:
        code = HandoverService(colleague).new_code()
        win.workspace.show_today()
        dialog = _open(win, qtbot)
        assert dialog.tabs.currentIndex() == 0
        assert dialog.clients.rowCount() == 2
        assert QApplication.focusWidget() is dialog.code
        _shoot(dialog, "abgeben")
        # a typing error is refused in German, nothing written
        qtbot.keyClicks(dialog.code, code[:-1] + ("A" if code[-1] != "A" else "B"))
        dialog.clients.selectRow(1)
        package = tmp_path / "akten.kimdesk-uebergabe"
        dialog.target.setText(str(package))
        dialog.export_button.click()
        wait(win)
        assert dialog.give_error.text() == WRONG_CODE
        assert not package.exists()
        dialog.code.setText(code)
        dialog.export_button.click()
        wait(win)
        assert dialog.give_error.text() == ""
        assert package.exists()
        assert "1 Akte verschlüsselt gespeichert" in dialog.give_done.text()
        wait(win)
        assert dialog.pending_table.rowCount() == 1
        assert "Kowalska, Anna" in dialog.pending_table.item(0, 2).text()

        receipt = HandoverService(colleague).import_package(package).receipt
        dialog.receipt.setText("AAAA-BBBB-CCCC-DDDD")
        dialog.confirm_button.click()
        confirm = dialog.confirm_dialog
        qtbot.waitUntil(confirm.isVisible, timeout=HANG_GUARD_MS)
        qtbot.keyClick(confirm.confirm, Qt.Key.Key_Space)
        confirm.erase_button.click()
        wait(win)
        assert dialog.confirm_error.text() == WRONG_RECEIPT
        assert len(ClientService(win.desk.store).all()) == 2  # nothing erased
        dialog.receipt.setText(receipt)
        dialog.confirm_button.click()
        confirm = dialog.confirm_dialog
        qtbot.waitUntil(confirm.isVisible, timeout=HANG_GUARD_MS)
        qtbot.keyClick(confirm.confirm, Qt.Key.Key_Space)
        confirm.erase_button.click()
        wait(win)
        wait(win)
        assert "1 Akte hier vollständig gelöscht" in dialog.give_done.text()
        assert [c.family_name for c in ClientService(win.desk.store).all()] == ["Al-Hassan"]
        assert dialog.pending_table.rowCount() == 0

        # the other direction: this profile receives from the colleague
        dialog.tabs.setCurrentIndex(1)
        dialog.new_code_button.click()
        wait(win)
        mine = dialog.my_code.text()
        assert mine.count("-") == 13
        _shoot(dialog, "uebernehmen")
        cid = ClientService(colleague, "Berg").create("Zurück", given_names="Gegeben")
        back = tmp_path / "zurueck.kimdesk-uebergabe"
        HandoverService(colleague).export([cid], mine, back)
        dialog.package.setText(str(back))
        dialog.import_button.click()
        wait(win)
        assert dialog.take_error.text() == ""
        assert "Zurück, Gegeben" in dialog.take_done.text()
        assert "von Berg" in dialog.take_done.text()
        assert HandoverService(colleague).confirm(dialog.my_receipt.text()) == 1
        _shoot(dialog, "uebernommen")
        dialog.import_button.click()  # once more: nothing twice
        wait(win)
        assert "bereits am" in dialog.take_error.text()
        assert sorted(c.family_name for c in ClientService(win.desk.store).all()) == [
            "Al-Hassan", "Zurück"]
        dialog.accept()
    finally:
        colleague.close()


def test_the_dialog_opens_from_loeschfristen_with_the_open_file_chosen(desk_window, qtbot):
    win = desk_window
    store = win.desk.store
    kowalska = next(c.id for c in ClientService(store).all() if c.family_name == "Kowalska")
    win.workspace.open_client(kowalska)
    wait(win)
    win.workspace.show_retention()
    wait(win)
    win.workspace.retention.handover_button.click()
    dialog = win.workspace.handover
    qtbot.waitUntil(dialog.isVisible, timeout=HANG_GUARD_MS)
    wait(win)
    assert dialog.selected_ids() == [kowalska]
    assert dialog.chosen.text() == "1 Akte gewählt."
    dialog.accept()


def test_the_package_goes_to_documents_or_the_folder_last_used(desk_window, qtbot, tmp_path,
                                                               monkeypatch):
    """Not the bare home folder (it showed /root/… on an admin account): the Dokumente
    folder first, then the folder a file was last chosen in (here: in the import view)."""
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtWidgets import QFileDialog

    from kimdesk.ui import file_choice

    documents = tmp_path / "Dokumente"  # not there yet: a fresh account
    monkeypatch.setattr(file_choice, "_last_folder", None)
    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(documents))
    win = desk_window
    win.workspace.show_today()
    dialog = _open(win, qtbot)
    assert Path(dialog.target.text()).parent == documents and documents.is_dir()
    assert Path(dialog.target.text()).name.endswith(".kimdesk-uebergabe")
    dialog.close()
    wait(win)

    elsewhere = tmp_path / "USB-Stick"
    elsewhere.mkdir()
    (elsewhere / "liste.csv").write_text("Nachname;Vorname\nNowak;Lina\n", encoding="utf-8")
    asked: list[tuple[str, str]] = []

    def pick(_parent, _title, start, filters):  # noqa: ANN001, ANN202 - the OS dialog
        asked.append((start, filters))
        return str(elsewhere / "liste.csv"), ""

    monkeypatch.setattr(QFileDialog, "getOpenFileName", pick)
    win.workspace.importer._choose()
    wait(win)
    assert asked == [(str(documents), "Tabellen (*.csv *.xlsx);;Alle Dateien (*)")]
    win.workspace.show_handover()
    dialog = win.workspace.handover
    qtbot.waitUntil(dialog.isVisible, timeout=HANG_GUARD_MS)
    wait(win)
    assert Path(dialog.target.text()).parent == elsewhere
    dialog.tabs.setCurrentIndex(1)
    dialog._choose_package()
    assert asked[-1] == (str(elsewhere), "KIMdesk-Übergabepaket (*.kimdesk-uebergabe);;"
                                         "Alle Dateien (*)")
    assert dialog.package.text() == str(elsewhere / "liste.csv")
