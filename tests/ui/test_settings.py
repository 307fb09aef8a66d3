"""Einstellungen: letterhead and contact details reach the printouts, the second language
is preselected, the backup reminder follows its interval, the idle lock changes at once;
the window comes back at its size."""

import json
from datetime import datetime, timedelta
from io import BytesIO

from pypdf import PdfReader

from kimdesk import config
from kimdesk.casework.printouts import prepare_plan
from kimdesk.casework.today import backup_reminder
from kimdesk.store.key_slots import KdfParams
from kimdesk.ui.main_window import AppOptions, MainWindow
from tests.ui.conftest import wait


def _settle(win) -> None:  # noqa: ANN001
    wait(win)
    wait(win)


def test_settings_reach_the_letterhead_and_the_idle_lock(desk_window):
    win = desk_window
    ws = win.workspace
    ws.show_settings()
    _settle(win)
    view = ws.settings
    assert view.sender_form.values()["name"]  # the district's office until she sets her own
    view.sender_form.set_values({"name": "Stadt Goch – KIM", "street": "Markt 2",
                            "postcode": "47574", "city": "Goch", "phone": "02823 320-0"})
    view.own_form.set_values({"case_manager_phone": "02823 320-123",
                         "case_manager_email": "a.demir@goch.de",
                         "consultation_hours": "Di und Do 9–12 Uhr",
                         "default_language": "ar", "backup_reminder_days": 30,
                         "sync_office_url": "http://kim.example", "idle_minutes": 12})
    view.save()
    _settle(win)
    assert "https://" in win.messages.text()  # refused, nothing half-saved
    view.own_form.set_values({"sync_office_url": "https://kim.kreis-kleve.de"})
    view.save()
    _settle(win)
    assert win.messages.text() == "Einstellungen gespeichert."
    assert win.idle._timer.interval() == 12 * 60_000
    machine = json.loads((config.config_dir() / "settings.json").read_text("utf-8"))
    assert machine["idle_lock_minutes"] == 12
    assert "Goch" not in json.dumps(machine)  # case-file settings stay in the store

    client = win.desk.clients.all(limit=1)[0].id
    case = win.desk.cases.open_case(client, "case_management", datetime.now().date())
    win.desk.plans.add_goal(case, "Eine Wohnung finden", "housing")
    pdf = prepare_plan(win.desk.store, client, "de", case_id=case).pdf
    text = "".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    for shown in ("Stadt Goch – KIM", "Markt 2", "47574 Goch", "02823 320-123",
                  "a.demir@goch.de", "Sprechzeiten", "Di und Do 9–12 Uhr"):
        assert shown in text, shown
    assert "0000 000000" not in text and "example.org" not in text

    ws.open_client(client)
    _settle(win)
    dialog = ws.file.open_print_dialog()
    assert dialog.language.currentData() == "ar"  # no language of her own: the default
    dialog.close()
    ws.show_sync()
    _settle(win)
    assert ws.sync.office_url.text() == "https://kim.kreis-kleve.de"


def test_the_backup_reminder_follows_its_interval():
    today = datetime(2026, 12, 3).date()
    last = (datetime(2026, 12, 3) - timedelta(days=20)).isoformat()
    assert backup_reminder(last, today) is not None  # default: every 14 days
    assert backup_reminder(last, today, every_days=30) is None


def test_the_window_comes_back_at_its_size(qtbot, kimdesk_home):
    from kimdesk.ui.app import make_application

    make_application()
    first = MainWindow(AppOptions(kdf=KdfParams.fast(), sync_start_ms=0))
    qtbot.addWidget(first)
    first.resize(700, 520)  # (inside the 800×800 offscreen screen)
    first.close()
    second = MainWindow(AppOptions(kdf=KdfParams.fast(), sync_start_ms=0))
    qtbot.addWidget(second)
    assert (second.width(), second.height()) == (700, 520)
    second.shutdown()
