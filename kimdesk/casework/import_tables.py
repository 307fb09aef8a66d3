"""Reading a client list (CSV or XLSX) into rows of text — within limits, and refusing what
cannot be read for sure.

A list comes from outside (a district's Excel sheet, another program's export, a file
someone sent), so the reader trusts nothing of it:

- **Encoding**, decided per file: UTF-8 (with or without BOM), UTF-16 with BOM (Excel's
  "Unicode-Text"), or Windows-1252 when the file has no UTF-8 sequence at all. A file with
  both — UTF-8 names and a stray Windows-1252 byte — is *mixed* and refused with its lines:
  decoding it either way would store garbled names ("MÃ¼ller") without anyone noticing.
- **Structure**: a quote that is never closed would swallow the rest of the file into one
  cell; strict CSV parsing refuses it, naming the line where the cell began. NUL bytes and
  CSV rows with more cells than allowed are refused with their lines; of a sheet, only the
  first ``MAX_COLUMNS`` columns are read.
- **Size**: the file, the rows, the cells per row, each cell and all text together are
  bounded, and an XLSX's parts are checked against their declared unpacked sizes *before*
  anything is unpacked (a 4 MB zip can hold a 1.5 GB sheet); the sheet is then streamed,
  never loaded whole.

Every refusal is an :class:`ImportRejectedError` listing the lines, so nothing is written.
"""

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from kimdesk.core.errors import DomainError

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_ROWS = 100_000  # data rows (not counting empty ones)
MAX_EMPTY_ROWS = 1_048_576  # Excel's row limit: formatting alone can make this many
MAX_COLUMNS = 60
MAX_CELL_CHARS = 2_000
MAX_CELLS = 2_000_000  # non-empty cells in the whole list
MAX_TOTAL_CHARS = 50_000_000
#: declared unpacked sizes of an XLSX's parts (checked before unpacking)
MAX_XLSX_SHEET_BYTES = 512 * 1024 * 1024
MAX_XLSX_STRINGS_BYTES = 32 * 1024 * 1024
MAX_XLSX_PART_BYTES = 16 * 1024 * 1024  # styles, workbook, anything else
MAX_LISTED_ERRORS = 50

#: (stage, done, total) — total 0 while unknown
Progress = Callable[[str, int, int], None]

_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|"
                            rb"[\xf0-\xf4][\x80-\xbf]{3}")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_EMPTY: list[str] = []  # one shared object for every empty row, however many there are


class ImportRejectedError(DomainError):
    """The list had lines that cannot be read; nothing was written."""

    def __init__(self, errors: list[tuple[int, str]], heading: str = "") -> None:
        self.errors = errors
        shown = errors[:MAX_LISTED_ERRORS]
        lines = "\n".join(f"  Zeile {line}: {msg}" if line else f"  {msg}"
                          for line, msg in shown)
        more = (f"\n  … und {len(errors) - MAX_LISTED_ERRORS} weitere"
                if len(errors) > MAX_LISTED_ERRORS else "")
        heading = heading or (f"Die Liste wurde nicht importiert, weil {len(errors)} Zeile(n) "
                              "nicht gelesen werden konnten:")
        super().__init__(f"{heading}\n{lines}{more}")


def refuse(message: str, line: int = 0) -> ImportRejectedError:
    """The whole list refused for one reason (at ``line`` if there is one)."""
    return ImportRejectedError([(line, message)], "Die Liste wurde nicht importiert:")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]
    #: the line (CSV) or row (XLSX) where each row begins; a quoted cell may span lines
    lines: list[int] = field(default_factory=list)

    def line_of(self, index: int) -> int:
        return self.lines[index] if self.lines else index + 2


class _Budget:
    """Counts what a list has used of the limits; raises when it goes over one."""

    def __init__(self) -> None:
        self.rows = self.empty_rows = self.cells = self.chars = 0

    def row(self, cells: list[str], line: int) -> bool:
        """Account for a row; False if it is empty (and is skipped)."""
        if not any(cells):
            self.empty_rows += 1
            if self.empty_rows > MAX_EMPTY_ROWS:
                raise refuse(f"Die Tabelle hat mehr als {MAX_EMPTY_ROWS:,} leere Zeilen."
                             .replace(",", "."))
            return False
        self.rows += 1
        if self.rows > MAX_ROWS + 1:  # + the header row
            raise refuse(f"Die Liste hat mehr als {MAX_ROWS:,} Zeilen. Bitte in kleinere "
                         "Listen aufteilen.".replace(",", "."), line)
        filled = [c for c in cells if c]
        self.cells += len(filled)
        self.chars += sum(len(c) for c in filled)
        if self.cells > MAX_CELLS or self.chars > MAX_TOTAL_CHARS:
            raise refuse("Die Liste enthält zu viel Text für eine Klient*innenliste. Bitte "
                         "in kleinere Listen aufteilen.", line)
        return True


def _cell_problem(cells: list[str]) -> str | None:
    if len(cells) > MAX_COLUMNS and any(cells[MAX_COLUMNS:]):
        return f"mehr als {MAX_COLUMNS} Spalten"
    for cell in cells:
        if len(cell) > MAX_CELL_CHARS:
            return (f"eine Zelle ist länger als {MAX_CELL_CHARS:,} Zeichen"
                    .replace(",", "."))
        if "\x00" in cell:
            return "eine Zelle enthält ein NUL-Zeichen (ist das wirklich eine Tabelle?)"
        if _CONTROL.search(cell):
            return "eine Zelle enthält ein Steuerzeichen"
    return None


def read_table(path: Path, progress: Progress | None = None) -> Table:
    """CSV or XLSX (first sheet) as text rows, within the limits above."""
    path = Path(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise refuse(f"Die Datei ist größer als {MAX_FILE_BYTES // (1024 * 1024)} MB.")
        if path.suffix.lower() in (".xlsx", ".xlsm"):
            return _read_xlsx(path, progress)
        data = path.read_bytes()
    except FileNotFoundError as exc:  # moved or deleted after it was chosen
        raise refuse(f"Die Datei „{path.name}“ ist nicht mehr da. Bitte erneut wählen.") from exc
    except (PermissionError, IsADirectoryError) as exc:
        raise refuse(f"Die Datei „{path.name}“ kann nicht gelesen werden "
                     "(keine Berechtigung oder keine Datei).") from exc
    return _read_csv(data, progress)


# -- CSV ------------------------------------------------------------------------------------
class _Semicolon(csv.excel):
    """What German Excel writes when the sniffer cannot tell."""

    delimiter = ";"


def decode(raw: bytes) -> str:
    """The text of a CSV file, or a refusal naming the lines that decide against it."""
    if raw.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError as exc:
            raise refuse("Die Datei ist als UTF-16 gekennzeichnet, aber beschädigt.",
                         _line_at(raw, exc.start)) from None
    body = raw[3:] if raw.startswith(codecs.BOM_UTF8) else raw
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if raw.startswith(codecs.BOM_UTF8) or _UTF8_SEQUENCE.search(body):
        bad = [(n, "Zeichen, die nicht UTF-8 sind (z. B. aus einer Windows-1252-Datei)")
               for n, line in enumerate(body.split(b"\n"), start=1) if not _is_utf8(line)]
        raise ImportRejectedError(bad, "Die Liste wurde nicht importiert: Die Datei mischt "
                                       "UTF-8 und eine andere Kodierung, Namen würden verfälscht. "
                                       "Bitte in Excel als „CSV UTF-8“ neu speichern. Betroffen:")
    try:
        return body.decode("cp1252")
    except UnicodeDecodeError as exc:
        raise refuse("Die Datei ist weder UTF-8 noch Windows-1252 kodiert. Bitte in Excel als "
                     "„CSV UTF-8“ speichern.", _line_at(body, exc.start)) from None


def _is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def _line_at(raw: bytes, offset: int) -> int:
    return raw.count(b"\n", 0, offset) + 1


def _read_csv(raw: bytes, progress: Progress | None) -> Table:
    content = decode(raw)
    if "\x00" in content:
        nul = [(n, "NUL-Zeichen (ist das wirklich eine CSV-Datei?)")
               for n, line in enumerate(content.split("\n"), start=1) if "\x00" in line]
        raise ImportRejectedError(nul)
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(content[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon
    reader = csv.reader(io.StringIO(content, newline=""), dialect, strict=True)
    rows: list[list[str]] = []
    lines: list[int] = []
    errors: list[tuple[int, str]] = []
    budget = _Budget()
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _csv_error(exc, start, reader.line_num) from None
        cells = [c.strip() for c in row]
        if not budget.row(cells, start):
            rows.append(_EMPTY)
            lines.append(start)
            continue
        problem = _cell_problem(cells)
        if problem:
            errors.append((start, problem))
        rows.append(cells)
        lines.append(start)
        if progress and len(rows) % 1000 == 0:
            progress("lesen", len(rows), 0)
    if errors:
        raise ImportRejectedError(errors)
    return _with_header(rows, lines, "Die Datei ist leer.")


def _with_header(rows: list[list[str]], lines: list[int], empty: str) -> Table:
    """The first non-empty row is the header."""
    first = next((i for i, row in enumerate(rows) if row), None)
    if first is None:
        raise refuse(empty)
    return Table(rows[first], rows[first + 1:], lines[first + 1:])


def _csv_error(exc: csv.Error, start: int, now: int) -> ImportRejectedError:
    text = str(exc)
    if "field larger than field limit" in text:
        return refuse(f"Eine Zelle ist länger als {MAX_CELL_CHARS:,} Zeichen."
                      .replace(",", "."), start)
    if "unexpected end of data" in text or "EOF" in text:
        return refuse("Ein Anführungszeichen (\") am Anfang einer Zelle wird nie geschlossen; "
                      "alle folgenden Zeilen wären in dieser einen Zelle gelandet. Bitte das "
                      "Anführungszeichen entfernen oder schließen.", start)
    return refuse("Die Zeile ist kein gültiges CSV (ein Anführungszeichen mitten in einer "
                  "Zelle oder eines, das nicht geschlossen wird).", max(start, now))


# -- XLSX -----------------------------------------------------------------------------------
def _check_parts(path: Path) -> None:
    """Refuse an XLSX whose parts would unpack beyond their limits — before unpacking."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
    except (zipfile.BadZipFile, OSError) as exc:
        raise refuse("Die Excel-Datei kann nicht gelesen werden.") from exc
    for info in infos:
        name = info.filename.lower()
        if name.startswith("xl/worksheets/"):
            limit = MAX_XLSX_SHEET_BYTES
        elif name == "xl/sharedstrings.xml":
            limit = MAX_XLSX_STRINGS_BYTES
        else:
            limit = MAX_XLSX_PART_BYTES
        if info.file_size > limit:
            raise refuse(f"Die Excel-Datei entpackt sich auf mehr als {limit // (1024 * 1024)} "
                         f"MB ({info.filename}) – das ist keine Klient*innenliste.")


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.strftime("%d.%m.%Y")
    return str(value).strip()


def _sheet_rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    """(row number, cell texts) of the first sheet, streamed. Only the first MAX_COLUMNS
    columns are read: a column beyond them could not be assigned to a field anyway, and a
    cell in column XFD must not make every row 16,384 cells wide. The sheet's declared
    dimension is ignored — a wrong one would silently cut rows off."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a readable sheet"
        raise refuse("Die Excel-Datei kann nicht gelesen werden.") from exc
    try:
        sheet = workbook.worksheets[0]
        sheet.reset_dimensions()
        for number, row in enumerate(sheet.iter_rows(min_row=1, min_col=1,
                                                     max_col=MAX_COLUMNS, values_only=True),
                                     start=1):
            cells = [_cell_text(value) for value in row]
            while cells and not cells[-1]:  # the padding up to MAX_COLUMNS
                cells.pop()
            yield number, cells
    except (zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise refuse("Die Excel-Datei ist beschädigt.") from exc
    finally:
        workbook.close()


def _read_xlsx(path: Path, progress: Progress | None) -> Table:
    _check_parts(path)
    rows: list[list[str]] = []
    lines: list[int] = []
    errors: list[tuple[int, str]] = []
    budget = _Budget()
    for number, cells in _sheet_rows(path):
        if not budget.row(cells, number):
            rows.append(_EMPTY)
            lines.append(number)
            continue
        problem = _cell_problem(cells)
        if problem:
            errors.append((number, problem))
            if len(errors) > MAX_LISTED_ERRORS:
                break
        rows.append(cells)
        lines.append(number)
        if progress and len(rows) % 1000 == 0:
            progress("lesen", len(rows), 0)
    if errors:
        raise ImportRejectedError(errors)
    return _with_header(rows, lines, "Die Tabelle ist leer.")
