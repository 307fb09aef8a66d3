"""Meine Zahlen: exact own counts per month and quarter, exported as XLSX, marked as never
sent — and they follow a corrected entry."""

from datetime import date

from openpyxl import load_workbook
from PySide6.QtWidgets import QLabel

from kimdesk.casework.cases import ContactInput
from kimdesk.casework.my_figures import NEVER_SENT, MyFiguresService
from tests.ui.conftest import wait

YEAR = date.today().year - 1  # a whole past year: every month can hold entries


def _fill(desk) -> tuple[int, int]:  # noqa: ANN001
    client = desk.clients.all(limit=1)[0].id
    case = desk.cases.open_case(client, "case_management", date(YEAR, 2, 10))
    first = desk.cases.log_contact(case, ContactInput(date(YEAR, 2, 11), "phone",
                                                      life_areas=("work",)))
    desk.cases.log_contact(case, ContactInput(date(YEAR, 5, 3), "outreach",
                                              life_areas=("work", "housing")))
    # a referral needs the client's release of confidentiality towards that office
    desk.clients.give_consent(client, "sharing", date(YEAR, 5, 3), institution="Jobcenter")
    desk.referrals.refer(case, date(YEAR, 5, 4), institution_name="Jobcenter",
                         life_area="work")
    desk.cases.close(case, date(YEAR, 8, 31), "goals_reached")
    return case, first


def _row(figures, section: str, label: str):  # noqa: ANN001, ANN202
    return next(r for r in figures.rows if (r.section, r.label) == (section, label))


def test_my_figures_count_exactly_per_month_and_quarter(desk_window, tmp_path):
    win = desk_window
    wait(win)  # the desk's own start-up work first (one writer at a time)
    _case, first = _fill(win.desk)
    figures = MyFiguresService(win.desk.store).year(YEAR)
    assert _row(figures, "Fälle", "neu aufgenommen").months[1] == 1
    working = _row(figures, "Fälle", "in Bearbeitung")
    assert working.months == [0, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0]
    assert working.quarters == [1, 1, 1, 0] and working.total == 1  # one case, not seven
    assert _row(figures, "Fälle", "abgeschlossen").quarters == [0, 0, 1, 0]
    assert _row(figures, "Kontakte", "alle Kontakte").quarters == [1, 1, 0, 0]
    assert _row(figures, "Kontakte nach Lebensbereich", "Arbeit").total == 2
    assert _row(figures, "Vermittlungen", "alle Vermittlungen").months[4] == 1
    assert _row(figures, "Neue Fälle nach Fallart",
                "Rechtskreisübergreifendes Case Management").total == 1

    win.desk.corrections.correct("contact", first, {"form": "sprechstunde"}, "falsch erfasst")
    after = MyFiguresService(win.desk.store).year(YEAR)
    forms = {r.label: r.total for r in after.rows if r.section == "Kontakte nach Form"}
    assert "Telefon" not in forms  # the corrected contact counts where it belongs

    ws = win.workspace
    ws.show_my_figures()
    view = ws.my_figures
    view.year.setCurrentIndex(view.year.findData(YEAR))
    wait(win)
    wait(win)
    banner = next(w for w in view.findChildren(QLabel)
                  if w.accessibleName().startswith("Hinweis: diese Zahlen"))
    assert NEVER_SENT in banner.text() and banner.isVisible()
    labels = [view.table.item(r, 1).text() for r in range(view.table.rowCount())]
    assert "in Bearbeitung" in labels
    view.by.setCurrentIndex(1)
    assert view.table.horizontalHeaderItem(2).text() == "Q1"
    target = tmp_path / "zahlen.xlsx"
    view.export(target)
    wait(win)
    sheet = load_workbook(target).active
    assert sheet["A2"].value == NEVER_SENT
    values = {(row[0], row[1]): row[2:] for row in sheet.iter_rows(min_row=5, values_only=True)}
    assert values[("Fälle", "in Bearbeitung")][-1] == 1
    assert target.stat().st_mode & 0o077 == 0
