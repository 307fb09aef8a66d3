"""Import: nationalities as Excel lists write them; unknown ones are a choice in the
preview, never a refusal of the list; people already in the file are flagged."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from kimdesk.casework.clients import ClientService
from kimdesk.casework.nationality_spellings import match_nationality
from tests.ui.conftest import wait


@pytest.mark.parametrize("written, code", [
    ("syrisch", "SY"), ("Syrerin", "SY"), ("SYRISCHER", "SY"), ("SYR", "SY"), ("SY", "SY"),
    ("Syrische Arabische Republik", "SY"), ("475", "SY"), ("ukrainisch", "UA"),
    ("Ukrainerin", "UA"), ("afghanisch", "AF"), ("Afghane", "AF"), ("türkisch", "TR"),
    ("die Türkei", "TR"), ("Türkiye", "TR"), ("der Irak", "IQ"), ("Republik Irak", "IQ"),
    ("Islamische Republik Iran", "IR"), ("Russland", "RU"), ("eritreisch", "ER"),
    ("Kosovarin", "XK"), ("moldawisch", "MD"), ("0", "DE"), ("deutsch", "DE"),
    ("staatenlos", "stateless"), ("Polin", "PL"), ("holländisch", "NL"),
])
def test_nationalities_as_lists_write_them(written, code):
    assert match_nationality(written) == code


def test_an_unknown_value_is_not_a_country():
    assert match_nationality("klingonisch") is None and match_nationality("") is None


def test_unknown_nationalities_are_chosen_in_the_preview_and_duplicates_flagged(
        desk_window, tmp_path):
    win = desk_window
    existing = win.desk.clients.create("Shevchenko", given_names="Nadiia",
                                       birth_date="06.09.1965")
    view = win.workspace.importer
    win.workspace.show_import()
    sheet = tmp_path / "liste.csv"
    sheet.write_text(
        "Nachname;Vorname;Geburtsdatum;Staatsangehörigkeit\n"
        "Haddad;Rami;1990;syrisch\nHaddad;Lina;1992;Syrerin\nAyoubi;Omar;1985;SYR\n"
        "Karimi;Zahra;1999;afghanisch, iranisch\nYilmaz;Ayse;1970;die Türkei\n"
        "Doe;Jon;1980;Westeros\nSchewtschenko;Nadija;06.09.1965;ukrainisch\n",
        encoding="utf-8")
    view.load(sheet)
    wait(win)
    view.validate()
    wait(win)
    assert view.plan.errors == []  # nothing refused
    assert view.plan.unknown_nationalities == {"Westeros": [7]}
    assert view.choice_box.isVisible() and not view.commit_button.isEnabled()
    assert "zuordnen" in view.preview.item(5, 6).text()
    assert "Dublette" in view.preview.item(6, 6).text()
    # the existing file opens from the preview (button or Enter); the preview stays
    assert view.open_button.isVisible()
    view.preview.selectRow(0)
    assert not view.open_button.isEnabled()
    view.preview.selectRow(6)
    assert view.open_button.isEnabled()
    view.preview.setFocus()
    QTest.keyClick(view.preview, Qt.Key.Key_Return)
    wait(win)
    ws = win.workspace
    assert ws.pages.currentWidget() is ws.file_holder and ws.file.client_id == existing
    ws.show_import()
    assert view.preview.rowCount() == 7 and "Dublette" in view.preview.item(6, 6).text()
    combo = view.choice_form.itemAt(0, view.choice_form.ItemRole.FieldRole).widget()
    combo.setCurrentIndex(combo.findData("unknown"))
    combo.activated.emit(combo.currentIndex())
    wait(win)
    assert view.plan.unknown_nationalities == {} and view.commit_button.isEnabled()
    before = ClientService(win.desk.store).count()
    view.commit_button.click()
    wait(win)
    assert ClientService(win.desk.store).count() == before + 6  # the duplicate stays out
    people = {c.family_name + c.given_names: c for c in
              (win.desk.clients.get(s.id) for s in win.desk.clients.all())}
    assert people["HaddadRami"].nationalities == ["SY"]
    assert people["KarimiZahra"].nationalities == ["AF", "IR"]
    assert people["YilmazAyse"].nationalities == ["TR"]
    assert people["DoeJon"].nationalities == ["unknown"]
