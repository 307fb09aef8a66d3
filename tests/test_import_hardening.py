"""Client lists from outside: a list with any unreadable line is refused as a whole with
the lines named; encodings are decided per file and never garble names; sizes, lengths and
dates are bounded; big lists show progress."""

import json
import os
import resource
import subprocess
import sys
import zipfile
from collections.abc import Iterable
from pathlib import Path
from xml.sax.saxutils import escape

import pytest

from kimdesk.casework.clients import ClientService
from kimdesk.casework.import_tables import ImportRejectedError, read_table
from kimdesk.casework.importer import import_file
from kimdesk.core.errors import DomainError
from kimdesk.store.case_store import CaseStore
from tests.conftest import HANG_GUARD_S, PASSPHRASE, run_cli

ENV = {"KIMDESK_PASSPHRASE": PASSPHRASE}
HEADER = "Nachname;Vorname;Geburtsdatum\n"


def _clients(store_dir: Path) -> list[tuple[str, str]]:
    store = CaseStore.open(store_dir, passphrase=PASSPHRASE)
    try:
        return sorted((c.family_name, c.given_names) for c in ClientService(store).all())
    finally:
        store.close()


def _refused(store, path: Path) -> ImportRejectedError:
    with pytest.raises(ImportRejectedError) as err:
        import_file(store, path)
    assert ClientService(store).count() == 0  # nothing written
    return err.value


def _lines(err: ImportRejectedError) -> list[int]:
    return [line for line, _ in err.errors]


# -- 4: an unclosed quote -----------------------------------------------------------------
def test_an_unclosed_quote_refuses_the_whole_list_and_names_its_line(store, store_dir,
                                                                      tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "Müller;Anna;01.02.1980\nWeber;Tom;\n\"Schmidt;Eva;\n"
                    "Yilmaz;Ayse;\nNowak;Piotr;\n", "utf-8")
    store.close()
    result = run_cli("import", "--store", str(store_dir), str(path), env=ENV)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Zeile 4" in result.stderr and "Anführungszeichen" in result.stderr
    assert "übernommen" not in result.stdout
    assert _clients(store_dir) == []


def test_a_quote_closed_rows_later_is_caught_by_the_line_break_it_swallowed(store, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "Müller;Anna;\n\"Schmidt;Eva;\nYilmaz;Ayse;\nNowak\";Piotr;\n",
                    "utf-8")
    err = _refused(store, path)
    assert _lines(err) == [3]
    assert "Zeilenumbruch" in str(err)


def test_an_address_over_two_lines_is_fine_and_later_lines_keep_their_numbers(store,
                                                                             tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text("Nachname;Adresse;Geburtsdatum\nMüller;\"Hauptstr. 1\nGoch\";\n"
                    "Weber;Ring 2;31.02.1980\n", "utf-8")
    err = _refused(store, path)
    assert _lines(err) == [4]  # the physical line of Weber, not the 3rd record


def test_a_row_with_more_cells_than_allowed_is_named(store, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "Müller;Anna\n" + "Weber" + ";x" * 80 + "\n", "utf-8")
    err = _refused(store, path)
    assert _lines(err) == [3] and "Spalten" in str(err)


# -- 5: encodings ---------------------------------------------------------------------------
def test_utf8_with_one_windows_1252_byte_is_refused_with_the_line(store, store_dir, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(HEADER.encode() + "Müller;Jürgen;\n".encode() + b"Gro\xdf;Erna;\n"
                     + "Öztürk;Ayşe;\n".encode())
    err = _refused(store, path)
    assert _lines(err) == [3] and "UTF-8" in str(err)
    store.close()
    result = run_cli("import", "--store", str(store_dir), str(path), env=ENV)
    assert result.returncode == 1 and "Zeile 3" in result.stderr
    assert "Ã" not in result.stderr + result.stdout


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1252", "utf-16"])
def test_each_encoding_excel_writes_gives_the_right_names(store, tmp_path, encoding):
    path = tmp_path / "liste.csv"
    names = [("Müller", "Jürgen"), ("Groß", "Ärzte"), ("Œuvre", "François")]
    if encoding == "utf-16":
        names.append(("Öztürk", "Ayşe"))  # not in Windows-1252
    text = HEADER + "".join(f"{f};{g};\n" for f, g in names)
    path.write_bytes(text.replace(";", "\t").encode(encoding) if encoding == "utf-16"
                     else text.encode(encoding))
    assert import_file(store, path) == len(names)
    assert sorted((c.family_name, c.given_names) for c in ClientService(store).all()) == \
        sorted(names)


def test_names_garbled_before_they_came_are_refused(store, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "Weber;Tom;\nMÃ¼ller;JÃ¼rgen;\n", "utf-8")
    err = _refused(store, path)
    assert _lines(err) == [3] and "kodiert" in str(err)


def test_bytes_that_are_no_windows_1252_are_refused_with_the_line(store, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(HEADER.encode() + b"Weber;Tom;\nM\x81ller;Anna;\n")
    err = _refused(store, path)
    assert _lines(err) == [3] and "weder UTF-8 noch Windows-1252" in str(err)


# -- 11: limits -----------------------------------------------------------------------------
def test_a_name_over_the_length_limit_is_refused_with_the_line(store, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "Weber;Tom;\n" + "M" * 1500 + ";Anna;\n", "utf-8")
    err = _refused(store, path)
    assert _lines(err) == [3] and "zu lang" in str(err)


@pytest.mark.parametrize("size", [2_001, 100_000, 200_000])
def test_a_huge_cell_is_refused_in_german_with_the_line(store, tmp_path, size):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + "Weber;Tom;\n" + "M" * size + ";Anna;\n", "utf-8")
    err = _refused(store, path)
    assert _lines(err) == [3] and "2.000 Zeichen" in str(err)


def test_nul_bytes_are_refused_with_the_line(store, tmp_path):
    path = tmp_path / "liste.csv"
    path.write_bytes(HEADER.encode() + b"Weber;Tom;\nMu\x00ller;Anna;\n")
    err = _refused(store, path)
    assert _lines(err) == [3] and "NUL" in str(err)


@pytest.mark.parametrize("column, value", [
    ("Geburtsdatum", "12.03.2999"), ("Geburtsdatum", "2999"), ("Geburtsdatum", "01.1850"),
    ("Einreise", "03.2999"), ("Fallbeginn", "01.01.2999"), ("Einwilligung am", "05.05.2999"),
    ("Aufenthalt gültig bis", "01.01.2999")])
def test_impossible_dates_are_refused_with_the_line(store, tmp_path, column, value):
    path = tmp_path / "liste.csv"
    path.write_text(f"Nachname;{column}\nWeber;\nMüller;{value}\n", "utf-8")
    err = _refused(store, path)
    assert _lines(err) == [3], str(err)


def test_a_formula_is_stored_as_text_and_the_form_refuses_control_characters(store,
                                                                            tmp_path):
    path = tmp_path / "liste.csv"
    path.write_text(HEADER + '"=HYPERLINK(""http://example.org"";""Klick"")";Tom;\n', "utf-8")
    assert import_file(store, path) == 1  # stored as typed; every export neutralises it
    with pytest.raises(DomainError):
        ClientService(store).create("Mül\x00ler")


def _xlsx(path: Path, rows: Iterable[str], sheet_extra: str = "") -> None:
    """A minimal XLSX whose first sheet is ``rows`` (row XML), streamed into the zip —
    without a <dimension>, as some generators write it."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        z.writestr("[Content_Types].xml", (
            '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats'
            '.org/package/2006/content-types"><Default Extension="rels" ContentType="applicat'
            'ion/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" Conte'
            'ntType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="app'
            'lication/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Overri'
            'de PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlforma'
            'ts-officedocument.spreadsheetml.worksheet+xml"/></Types>'))
        z.writestr("_rels/.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openx'
            'mlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sc'
            'hemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target'
            '="xl/workbook.xml"/></Relationships>'))
        z.writestr("xl/workbook.xml", (
            '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlfor'
            'mats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/offi'
            'ceDocument/2006/relationships"><sheets><sheet name="Liste" sheetId="1" r:id="rId1'
            '"/></sheets></workbook>'))
        z.writestr("xl/_rels/workbook.xml.rels", (
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openx'
            'mlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://sc'
            'hemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="wor'
            'ksheets/sheet1.xml"/></Relationships>'))
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as sheet:
            sheet.write(b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schem'
                        b'as.openxmlformats.org/spreadsheetml/2006/main"><sheetData>')
            for row in rows:
                sheet.write(row.encode("utf-8"))
            sheet.write(b"</sheetData>" + sheet_extra.encode() + b"</worksheet>")


def _row(number: int, *cells: str) -> str:
    inner = "".join(f'<c r="{chr(65 + i)}{number}" t="inlineStr"><is><t>{escape(v)}</t></is>'
                    "</c>" for i, v in enumerate(cells))
    return f'<row r="{number}">{inner}</row>'


def test_an_xlsx_without_dimension_is_read(store, tmp_path):
    path = tmp_path / "liste.xlsx"
    _xlsx(path, [_row(1, "Nachname", "Vorname"), _row(2, "Müller", "Anna"),
                 _row(4, "Weber", "Tom")])
    table = read_table(path)
    assert table.headers == ["Nachname", "Vorname"]
    assert import_file(store, path) == 2


def test_a_10_mb_name_in_an_xlsx_is_refused_with_its_row(store, tmp_path):
    path = tmp_path / "liste.xlsx"
    _xlsx(path, [_row(1, "Nachname", "Vorname"), _row(2, "Weber", "Tom"),
                 _row(3, "M" * 10_000_000, "Anna")])
    err = _refused(store, path)
    assert _lines(err) == [3]


def test_a_cell_far_to_the_right_neither_widens_every_row_nor_counts_as_data(store, tmp_path):
    path = tmp_path / "liste.xlsx"
    _xlsx(path, [_row(1, "Nachname")] + [
        f'<row r="{n}"><c r="XFD{n}" t="inlineStr"><is><t>x</t></is></c></row>'
        for n in range(2, 50_000)])
    with pytest.raises(DomainError, match="keine Zeile mit Daten"):
        import_file(store, path)


def test_a_wrong_dimension_does_not_cut_rows_off(store, tmp_path):
    path = tmp_path / "liste.xlsx"
    _xlsx(path, [_row(1, "Nachname"), _row(2, "Müller"), _row(3, "Weber")])
    with zipfile.ZipFile(path) as z:
        parts = {name: z.read(name) for name in z.namelist()}
    sheet = parts["xl/worksheets/sheet1.xml"]
    parts["xl/worksheets/sheet1.xml"] = sheet.replace(
        b"<sheetData>", b'<dimension ref="A1:A2"/><sheetData>')
    with zipfile.ZipFile(path, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    assert import_file(store, path) == 2


def test_an_xlsx_with_too_many_rows_is_refused(store, tmp_path):
    path = tmp_path / "liste.xlsx"
    _xlsx(path, [_row(1, "Nachname")] + [_row(n, f"N{n}") for n in range(2, 100_003)])
    err = _refused(store, path)
    assert "100.000 Zeilen" in str(err)


def _limited_child() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (2 * 1024**3, 2 * 1024**3))


#: runs the command line and writes its peak memory (KiB) to the file named first — VmHWM
#: of this program (ru_maxrss would keep the peak of the forked test process from before
#: exec)
PEAK = ("import re, sys, kimdesk.cli as c\n"
        "try:\n    code = c.main(sys.argv[2:])\n"
        "finally:\n    status = open('/proc/self/status').read()\n"
        "    open(sys.argv[1], 'w').write(re.search(r'VmHWM:\\s+(\\d+)', status)[1])\n"
        "sys.exit(code)\n")


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="VmHWM: Linux")
def test_an_xlsx_zip_bomb_is_refused_before_unpacking(store, store_dir, tmp_path):
    """A 1.5 GB sheet in a few MB of zip, without <dimension>: refused from its declared
    size; the import process never grows anywhere near it."""
    store.close()
    path = tmp_path / "bombe.xlsx"
    chunk = _row(2, "Weber", "Tom" * 20) * 10_000
    _xlsx(path, [_row(1, "Nachname", "Vorname"),
                 *(chunk for _ in range(1_500_000_000 // len(chunk)))])
    assert path.stat().st_size < 20 * 1024 * 1024
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")} | ENV
    peak = tmp_path / "peak-kib"
    result = subprocess.run([sys.executable, "-c", PEAK, str(peak), "import", "--store",
                             str(store_dir), str(path)], env=env, capture_output=True,
                            text=True, timeout=HANG_GUARD_S, preexec_fn=_limited_child)
    assert result.returncode == 1, result.stderr
    assert "entpackt sich auf mehr als" in result.stderr
    assert int(peak.read_text()) < 400 * 1024  # KiB: never anywhere near the 1.5 GB


# -- progress -------------------------------------------------------------------------------
def test_a_big_import_shows_progress_on_stderr(store, store_dir, tmp_path):
    store.close()
    path = tmp_path / "gross.csv"
    path.write_text(HEADER + "".join(f"Name{n};Vorname{n};01.01.1980\n" for n in range(5000)),
                    "utf-8")
    result = run_cli("import", "--store", str(store_dir), str(path), env=ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "5000 Klient*innen übernommen."
    progress = [line for line in result.stderr.splitlines() if " von 5.000 Zeilen" in line]
    stages = [line.split(":")[0] for line in progress]
    assert "Prüfen" in stages and "Schreiben" in stages
    assert progress[-1] == "Schreiben: 5.000 von 5.000 Zeilen (100 %)"
    stats = json.loads(run_cli("stats", "--store", str(store_dir), "--json", env=ENV).stdout)
    assert stats["clients"] == 5000


@pytest.mark.parametrize("name", ["liste.csv", "liste.xlsx"])
def test_a_file_gone_after_it_was_chosen_is_named_in_german(store, tmp_path, name):
    err = _refused(store, tmp_path / name)  # chosen in the dialog, deleted before reading
    assert "ist nicht mehr da" in str(err) and name in str(err)


def test_a_folder_instead_of_a_file_is_refused_in_german(store, tmp_path):
    (tmp_path / "liste.csv").mkdir()
    assert "kann nicht gelesen werden" in str(_refused(store, tmp_path / "liste.csv"))
