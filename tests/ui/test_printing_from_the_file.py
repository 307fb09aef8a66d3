"""Printing from the Akte: the dialog prepares the PDF, prints via QPrinter, saves, records."""

from datetime import date, timedelta

import pytest
from pypdf import PdfReader
from PySide6.QtPrintSupport import QPrinter

from kimdesk.casework.documents import DocumentService
from kimdesk.ui.pdf_printer import paint_pdf
from tests.ui.conftest import wait


@pytest.fixture
def planned_client(desk_window):
    desk = desk_window.desk
    client = desk.clients.search("al-hassan")[0].id
    desk.clients.update(client, languages=["ar"])
    case = desk.cases.open_case(client, "case_management", date.today() - timedelta(days=30))
    goal = desk.plans.add_goal(case, "Einen Integrationskurs abschließen", "language")
    desk.plans.add_step(goal, "Anmeldung abgeben", "Klient", date.today() + timedelta(days=7))
    desk_window.workspace.open_client(client)
    wait(desk_window)
    return client


def test_print_dialog_offers_the_clients_language_first(desk_window, planned_client):
    dialog = desk_window.workspace.file.open_print_dialog()
    assert dialog.language.currentData() == "ar"
    assert dialog.language.itemData(0) == "de"
    dialog.close()


def test_saving_a_plan_as_pdf_records_it_and_keeps_it_private(desk_window, planned_client,
                                                             tmp_path, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    warned = []
    monkeypatch.setattr(QMessageBox, "warning", lambda *a, **k: warned.append(a[2]))
    dialog = desk_window.workspace.file.open_print_dialog()
    target = tmp_path / "plan.pdf"
    monkeypatch.setattr("kimdesk.ui.print_dialog.QFileDialog.getSaveFileName",
                        lambda *a, **k: (str(target), "PDF (*.pdf)"))
    dialog.prepare("save")
    wait(desk_window)
    wait(desk_window)
    assert warned and "nicht verschlüsselt" in warned[0]
    text = "".join(page.extract_text() for page in PdfReader(target).pages)
    assert "Einen Integrationskurs abschließen" in text and "Anmeldung abgeben" in text
    assert target.stat().st_mode & 0o777 == 0o600
    history = DocumentService(desk_window.desk.store).history(planned_client)
    assert [(h.kind, h.version, h.language) for h in history] == [("plan", 1, "ar")]
    assert "Version 1" in dialog.status.text()
    dialog.close()


def test_a_plan_without_goals_gets_a_german_sentence(desk_window):
    desk = desk_window.desk
    client = desk.clients.search("kowalska")[0].id
    desk.cases.open_case(client, "process_support", date.today() - timedelta(days=3))
    desk_window.workspace.open_client(client)
    wait(desk_window)
    dialog = desk_window.workspace.file.open_print_dialog()
    dialog.prepare("print")
    wait(desk_window)
    assert "Ziele" in dialog.status.text()
    dialog.close()


def test_pages_are_painted_onto_a_real_qprinter(qtbot, tmp_path):
    from kimdesk.printing.labels import Labels
    from kimdesk.printing.plan import render_plan
    from kimdesk.printing.samples import sample_plan, sample_stamp

    pdf_bytes = render_plan(sample_plan(6, 20), Labels("ar"), sample_stamp("ar"))
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    out = tmp_path / "printed.pdf"
    printer.setOutputFileName(str(out))
    pages = paint_pdf(pdf_bytes, printer)
    assert pages == len(PdfReader(out).pages) >= 1


def test_languages_set_in_stammdaten_become_the_print_default(desk_window):
    from kimdesk.ui.akte.person_tabs import MasterDataTab

    desk = desk_window.desk
    client = desk.clients.search("kowalska")[0].id
    desk_window.workspace.open_client(client)
    wait(desk_window)
    tab = desk_window.workspace.file.show_tab(MasterDataTab)
    tab.form.field("languages").set_value(["uk"])
    tab.form.field("nationalities").set_value(["UA"])
    tab.form.submit()
    wait(desk_window)
    wait(desk_window)
    saved = desk.clients.get(client)
    assert (saved.languages, saved.nationalities) == (["uk"], ["UA"])
    dialog = desk_window.workspace.file.open_print_dialog()
    assert dialog.language.currentData() == "uk"
    dialog.close()
