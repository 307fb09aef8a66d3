"""Art. 15 complete against the schema: every table that holds a client's rows is in the
export, drafts and reconstructions included, and a table added later is exported too."""

import json
import stat

from sqlalchemy import text

from kimdesk.casework import printouts
from kimdesk.casework.data_export import export_data
from kimdesk.casework.subject_access import READABLE, complete_records
from kimdesk.store import erasure
from tests.conftest import PASSPHRASE, run_cli
from tests.printing.test_printing import text as pdf_text


def _export_text(data) -> str:
    parts = []
    for section in data.sections:
        parts += [section.title, section.note]
        parts += [f"{k} {v}" for k, v in section.rows]
        parts += [" ".join(row) for row in section.table]
    return "\n".join(parts)


def test_every_table_with_client_rows_has_a_readable_section(store):
    with store.session() as s:
        owned = set(erasure.owned_tables(s))
    assert owned <= set(READABLE), sorted(owned - set(READABLE))


def test_the_json_export_holds_every_row_and_column_of_every_table(store, rich, neighbour):
    records = complete_records(store, rich.client_id)
    with store.session() as s:
        rows = erasure.rows_of_client(s, rich.client_id)
        for table, ids in rows.tables.items():
            columns = {r[1] for r in s.execute(text(f'PRAGMA table_info("{table}")'))}
            assert len(records[table]) == len(ids), table
            assert all(set(r) == columns for r in records[table]), table
    assert {t for t, r in records.items() if r} >= {
        "clients", "household_members", "consents", "cases", "contacts", "assessments",
        "goals", "plan_steps", "referrals", "reminders", "appointments",
        "printed_documents", "reconstructions", "reconstruction_reviews", "drafts",
        "outbox", "audit_log", "client_search"}
    blob = json.dumps(records, ensure_ascii=False, default=str)
    assert all(secret in blob for secret in rich.secrets)
    assert "Nachbarin" not in blob and "Notiz der Nachbarin" not in blob


def test_the_readable_export_names_drafts_reconstructions_and_every_free_text(store, rich):
    shown = _export_text(export_data(store, rich.client_id))
    for secret in rich.secrets:
        assert secret in shown, secret
    assert "Entwurf Quintilla Blauwal" in shown  # a draft
    assert "Fallrekonstruktionen" in shown and "zum Senden vorgemerkt" in shown
    assert "Umfang dieser Auskunft" in shown
    assert "angelegt Kontakt" in shown  # the Verlauf in German words


def test_a_table_added_later_is_exported_without_anyone_writing_a_section(store, rich):
    with store.session() as s, s.begin():
        s.execute(text("CREATE TABLE later_notes (id INTEGER PRIMARY KEY, client_id INTEGER "
                       "REFERENCES clients(id) ON DELETE CASCADE, body TEXT)"))
        s.execute(text("INSERT INTO later_notes (client_id, body) VALUES (:c, 'Spätnotiz')"),
                  {"c": rich.client_id})
    data = export_data(store, rich.client_id)
    (section,) = [x for x in data.sections if "later_notes" in x.title]
    assert section.table == (("1", str(rich.client_id), "Spätnotiz"),)
    assert complete_records(store, rich.client_id)["later_notes"][0]["body"] == "Spätnotiz"


def test_the_printed_export_carries_the_new_sections(store, rich):
    printed = printouts.prepare_export(store, rich.client_id)
    shown = pdf_text(printed.pdf)
    assert "Entwürfe" in shown and "Blauwal" in shown and "Fallrekonstruktionen" in shown


def test_export_data_writes_a_private_json_file(store, rich, tmp_path):
    store.close()
    out = tmp_path / "auskunft.json"
    result = run_cli("export-data", "--store", str(store.folder), "--client",
                     str(rich.client_id), "--out", str(out),
                     env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert result.returncode == 0, result.stderr
    assert "nicht verschlüsselt" in result.stdout
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    data = json.loads(out.read_text("utf-8"))
    assert data["schema"] == "kimdesk.subject_access/1"
    assert data["tables"]["clients"][0]["family_name"] == "Zyxwarowska"
    missing = run_cli("export-data", "--store", str(store.folder), "--client", "999",
                      "--out", str(tmp_path / "x.json"), env={"KIMDESK_PASSPHRASE": PASSPHRASE})
    assert missing.returncode == 1 and "nicht (mehr)" in missing.stderr
