"""Printouts: read the PDFs back, check fonts, glyph coverage, bidi order, page breaks."""

import io
import json
import shutil
import subprocess
import unicodedata

import pytest
from pypdf import PdfReader

from kimdesk.casework import printouts
from kimdesk.casework.documents import DocumentService
from kimdesk.catalogues import resource_path
from kimdesk.core.errors import DomainError
from kimdesk.printing import bidi, fonts
from kimdesk.printing.labels import Labels, load, translation_codes
from kimdesk.printing.plan import render_plan
from kimdesk.printing.samples import sample_plan, sample_stamp
from kimdesk.printing.shaping import _face_per_char
from kimdesk.store.models import PrintedDocument

from .conftest import NOW

REQUIRED = ("ar", "fa", "prs", "uk", "ru", "tr", "en")
WANTED = ("ti", "ps", "kmr", "ro", "pl", "bg")


def pages_text(pdf: bytes) -> list[str]:
    return [unicodedata.normalize("NFKC", p.extract_text() or "")
            for p in PdfReader(io.BytesIO(pdf)).pages]


def text(pdf: bytes) -> str:
    return "\n".join(pages_text(pdf))


# -- translations as data -----------------------------------------------------------------
def test_every_required_language_has_a_complete_marked_translation():
    codes = set(translation_codes())
    assert set(REQUIRED) | set(WANTED) <= codes
    german = json.loads(resource_path("translations", "de.json").read_text(encoding="utf-8"))
    for code in codes:
        data = json.loads(resource_path("translations", f"{code}.json").read_text(
            encoding="utf-8"))
        assert set(data["labels"]) == set(german["labels"]), code
        for key, entry in data["labels"].items():
            assert entry["text"].strip(), (code, key)
            assert entry["source"].strip(), (code, key)
            assert entry["review_status"] in ("reviewed", "machine-draft, needs review by a "
                                              "native speaker"), (code, key)
            assert entry["text"].count("{") == german["labels"][key]["text"].count("{")


@pytest.mark.parametrize("code", sorted(set(REQUIRED) | set(WANTED)))
def test_every_label_character_has_a_glyph_in_the_chosen_font(code):
    """The font chosen for each character (the language's script font, or the Noto Sans
    fallback for e.g. the dash in an Arabic title) has it in its cmap: no empty boxes."""
    labels = Labels(code)
    main = fonts.face(labels.script)
    for bold in (False, True):
        for key, value in load(code).texts.items():
            value = value.format(page=1, pages=2)
            chosen = _face_per_char(value, labels.script, bold)
            for ch, face in zip(value, chosen, strict=True):
                if unicodedata.category(ch) == "Cf":  # ZWNJ: HarfBuzz handles joiners
                    continue
                assert face is not None and face.has(ch), f"{code}/{key}: U+{ord(ch):04X}"
                if unicodedata.category(ch).startswith("L"):
                    assert face.path.name.startswith(main.path.name.split("-")[0]), (code, ch)


def test_unknown_language_is_refused_in_german():
    with pytest.raises(DomainError, match="keine Übersetzung"):
        Labels("xx")


# -- bidi ---------------------------------------------------------------------------------
def test_bidi_puts_arabic_right_to_left_and_keeps_numbers_and_latin_in_order():
    assert bidi.display_string("صفحة 1 من 12", rtl_base=True) == "12 نم 1 ةحفص"
    assert bidi.display_string("Seite 2 / صفحة 2", rtl_base=False) == "Seite 2 / 2 ةحفص"
    assert bidi.display_string("الاسم: Amal Haddad", rtl_base=True) == "Amal Haddad :مسالا"


# -- the plan ------------------------------------------------------------------------------
def test_plan_shows_goals_steps_dates_names_and_second_language(printable):
    store, ids = printable
    printed = printouts.prepare_plan(store, ids["client"], "uk", now=NOW)
    content = text(printed.pdf)
    for expected in ("Integrationsplan – Zielvereinbarung", "План інтеграції",
                     "Amal Haddad", "Maria Schneider", "Kommunales Integrationszentrum",
                     "erreicht B1", "Anmeldung beim Sprachkursträger",
                     "Berechtigung beim BAMF beantragen", "01.04.2025", "15.03.2025",
                     "Kita-Anmeldung", "Що буде зроблено?", "Хто це робить?",
                     "Наступна зустріч", "Rathaus Kleve, Zimmer 12", "17.03.2025",
                     "Unterschrift der beratenen Person", "Seite 1 von",
                     printed.stamp.document_id, "Version 1"):
        assert expected in content, expected
    assert "Karim lässt seinen Abschluss" not in content  # the spouse has their own plan


def test_arabic_plan_carries_arabic_labels(printable):
    store, ids = printable
    content = text(printouts.prepare_plan(store, ids["client"], "ar", now=NOW).pdf)
    for expected in ("التوقيعات", "الموعد القادم", "الحالة"):
        assert expected in content, expected


def test_plan_of_a_household_member(printable):
    store, ids = printable
    content = text(printouts.prepare_plan(store, ids["client"], "tr", member_id=ids["member"],
                                         now=NOW).pdf)
    assert "Karim Haddad" in content
    assert "Karim lässt seinen Abschluss anerkennen." in content
    assert "erreicht B1" not in content


def test_every_printed_plan_is_recorded_with_its_version(printable):
    store, ids = printable
    first = printouts.prepare_plan(store, ids["client"], "ar", now=NOW)
    printouts.record(store, first, "Maria Schneider")
    printouts.record(store, first, "Maria Schneider")  # the same preview printed twice
    second = printouts.prepare_plan(store, ids["client"], "ar", now=NOW)
    assert (first.stamp.version, second.stamp.version) == (1, 2)
    assert "Version 2" in text(second.pdf)
    member = printouts.prepare_plan(store, ids["client"], "ar", member_id=ids["member"], now=NOW)
    assert member.stamp.version == 1  # counted per person
    history = DocumentService(store).history(ids["client"], "plan")
    assert [(h.version, h.language, h.case_id) for h in history] == [(1, "ar", ids["case"])]


def test_plan_without_goals_is_refused(store):
    from kimdesk.casework.cases import CaseService
    from kimdesk.casework.clients import ClientService

    client = ClientService(store).create("Nguyen")
    with pytest.raises(DomainError, match="keinen Fall"):
        printouts.prepare_plan(store, client, "de")
    CaseService(store).open_case(client, "short_intervention", "01.02.2025")
    with pytest.raises(DomainError, match="noch keine Ziele"):
        printouts.prepare_plan(store, client, "de")


def test_long_plan_breaks_cleanly_with_repeated_headers():
    pdf = render_plan(sample_plan(12, 40), Labels("fa"), sample_stamp("fa"))
    pages = pages_text(pdf)
    assert len(pages) >= 3
    seen_steps = set()
    for number, page in enumerate(pages, start=1):
        assert f"Seite {number} von {len(pages)}" in page
        lines = page.splitlines()
        for i, line in enumerate(lines):
            if line.startswith("Ziel ") and line[5:].strip().isdigit():
                goal = line[5:].strip()
                # a goal heading is never the last thing on a page: a step of it follows
                assert any(ln.startswith(f"{goal}.") for ln in lines[i:]), (number, goal)
        if "Was wird getan?" in page:
            assert "چه کاری انجام می" in page  # the translated header repeats too
        seen_steps |= {ln.split()[0] for ln in lines if ln[:1].isdigit() and "." in ln[:4]
                       and ln.split()[0].replace(".", "").isdigit()}
    assert len([s for s in seen_steps if s.count(".") == 1]) >= 40


# -- consent, slip, export ------------------------------------------------------------------
def test_consent_form_lists_institutions_bilingually(printable):
    store, ids = printable
    content = text(printouts.prepare_consent(store, ids["client"], "ru", now=NOW).pdf)
    for expected in ("Einwilligungserklärung", "Заявление о согласии",
                     "Schweigepflichtentbindung", "Jobcenter Kreis Kleve", "Arbeitsvermittlung",
                     "MBE Caritas Kleve", "Учреждение", "Widerruf bitte an"):
        assert expected in content, expected


def test_slip_shows_the_next_appointment(printable):
    store, ids = printable
    content = text(printouts.prepare_slip(store, ids["client"], "pl", now=NOW).pdf)
    for expected in ("Terminzettel", "Karta wizyty", "Montag, 17.03.2025", "poniedziałek",
                     "10:05 Uhr", "Rathaus Kleve, Zimmer 12", "Pass und Bescheid"):
        assert expected in content, expected


def test_slip_without_appointment_is_refused(store):
    from kimdesk.casework.clients import ClientService

    client = ClientService(store).create("Nguyen")
    with pytest.raises(DomainError, match="kein künftiger Termin"):
        printouts.prepare_slip(store, client, "en")


def test_export_contains_everything_stored_in_german(printable):
    store, ids = printable
    printouts.record(store, printouts.prepare_plan(store, ids["client"], "ar", now=NOW))
    content = " ".join(text(printouts.prepare_export(store, ids["client"], now=NOW).pdf).split())
    for expected in ("Auskunft nach Art. 15 DSGVO", "Haddad", "Amal", "03.1985", "Kleve",
                     "Hauptstraße 5", "Karim Haddad", "Einwilligung in die Dokumentation",
                     "Jobcenter Kreis Kleve", "Rechtskreisübergreifendes Case Management",
                     "erreicht B1", "Anmeldung beim Sprachkursträger", "MBE Caritas Kleve",
                     "Rathaus Kleve, Zimmer 12", "Integrationsplan", "Art. 77 DSGVO"):
        assert expected in content, expected


# -- fonts -------------------------------------------------------------------------------------
@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_pdffonts_lists_every_font_as_embedded(printable, tmp_path):
    store, ids = printable
    documents = [printouts.prepare_plan(store, ids["client"], "ar", now=NOW),
                 printouts.prepare_consent(store, ids["client"], "ti", now=NOW),
                 printouts.prepare_slip(store, ids["client"], "ps", now=NOW),
                 printouts.prepare_export(store, ids["client"], now=NOW)]
    for n, printed in enumerate(documents):
        path = tmp_path / f"{n}.pdf"
        path.write_bytes(printed.pdf)
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True,
                             check=True).stdout.splitlines()[2:]
        assert out, "no fonts listed"
        for line in out:
            assert line.split()[-5] == "yes", line  # the "emb" column
            assert "Helvetica" not in line


# -- command line ------------------------------------------------------------------------------
def test_print_command_writes_and_records(printable, tmp_path, monkeypatch):
    import argparse

    from kimdesk.commands import print_docs
    from tests.conftest import PASSPHRASE

    store, ids = printable
    store.close()
    parser = argparse.ArgumentParser()
    print_docs.register(parser.add_subparsers(dest="command"))
    folder = store.folder
    for argv in (["plan", "--lang", "ar"], ["consent", "--lang", "fa", "--institution",
                                             "Jobcenter=Arbeit"], ["slip", "--lang", "en"],
                 ["export"]):
        out = tmp_path / f"{argv[0]}.pdf"
        # a passphrase handed over in the environment is taken out of it once read
        monkeypatch.setenv("KIMDESK_PASSPHRASE", PASSPHRASE)
        args = parser.parse_args(["print", *argv, "--store", str(folder), "--client",
                                  str(ids["client"]), "--out", str(out)])
        if argv[0] == "slip":
            args.appointment = ids["appointment"]
        assert args.func(args) == 0
        assert out.read_bytes().startswith(b"%PDF")
        assert out.stat().st_mode & 0o077 == 0
    args = parser.parse_args(["print", "plan", "--store", str(folder), "--client",
                              str(ids["client"]), "--lang", "xx", "--out",
                              str(tmp_path / "x.pdf")])
    monkeypatch.setenv("KIMDESK_PASSPHRASE", PASSPHRASE)
    with pytest.raises(DomainError, match="Verfügbar: de"):
        args.func(args)
    from kimdesk.store.case_store import CaseStore

    reopened = CaseStore.open(folder, passphrase=PASSPHRASE)
    try:
        with reopened.session() as s:
            kinds = sorted(d.kind for d in s.query(PrintedDocument))
        assert kinds == ["consent", "export", "plan", "slip"]
    finally:
        reopened.close()


def test_missing_font_is_a_german_message_not_a_box(monkeypatch, tmp_path):
    monkeypatch.setattr(fonts, "font_dirs", lambda: [tmp_path])
    with pytest.raises(fonts.FontMissingError, match="fonts-noto-core"):
        fonts.face.__wrapped__("Ethi")


def test_kimdesk_print_on_the_real_command_line(printable, tmp_path):
    from tests.conftest import PASSPHRASE, run_cli

    store, ids = printable
    store.close()
    out = tmp_path / "plan.pdf"
    env = {"KIMDESK_PASSPHRASE": PASSPHRASE}
    done = run_cli("print", "plan", "--store", str(store.folder), "--client",
                   str(ids["client"]), "--lang", "ar", "--out", str(out), env=env)
    assert done.returncode == 0, done.stderr
    assert "Version 1" in done.stdout and out.read_bytes().startswith(b"%PDF")
    bad = run_cli("print", "plan", "--store", str(store.folder), "--client",
                  str(ids["client"]), "--lang", "xx", "--out", str(out), env=env)
    assert bad.returncode == 1 and "Traceback" not in bad.stderr
    assert "keine Übersetzung" in bad.stderr
