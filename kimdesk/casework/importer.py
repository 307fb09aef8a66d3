"""Moving over from the district's Excel sheets: CSV or XLSX client lists.

Three steps, so a screen can show each: read the table, map its columns (guessed from the
documented German headers), validate every row. Only a list without a single bad row is
written — all of it in one transaction, or nothing.
"""

import csv
import io
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kimdesk import catalogues
from kimdesk.casework.clients import _clean, add_client
from kimdesk.casework.nationality_spellings import match_nationality
from kimdesk.core.dates import parse_date
from kimdesk.core.errors import DomainError
from kimdesk.core.vocabulary import CASE_TYPE_LABELS, CaseType
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Case, CaseEvent, Consent

#: field -> documented German header (first) and accepted alternatives
COLUMNS: dict[str, tuple[str, ...]] = {
    "family_name": ("Nachname", "Familienname", "Name"),
    "given_names": ("Vorname", "Vornamen"),
    "name_variants": ("Namensvarianten", "Andere Schreibweisen"),
    "birth_date": ("Geburtsdatum", "Geb.-Datum", "geboren"),
    "sex": ("Geschlecht",),
    "nationalities": ("Staatsangehörigkeit", "Nationalität", "Herkunftsland"),
    "languages": ("Sprachen", "Sprache"),
    "interpreter_needed": ("Sprachmittlung nötig", "Dolmetscher", "Sprachmittlung"),
    "residence_status": ("Aufenthaltsstatus", "Status"),
    "residence_expires_on": ("Aufenthalt gültig bis", "Gültig bis"),
    "arrived_germany": ("Einreise", "Einreisedatum"),
    "municipality": ("Kommune", "Wohnort", "Gemeinde", "Stadt"),
    "address": ("Adresse", "Anschrift"),
    "phone": ("Telefon", "Tel."),
    "email": ("E-Mail", "Email", "Mail"),
    "case_type": ("Fallart",),
    "opened_on": ("Fallbeginn", "Beginn", "Aufnahme"),
    "access_path": ("Zugang", "Zugangsweg"),
    "referred_by": ("Gemeldet von", "Zuweisende Stelle"),
    "consent_on": ("Einwilligung am", "Einwilligung"),
}
SEX_WORDS = {"w": "f", "weiblich": "f", "f": "f", "m": "m", "männlich": "m", "d": "d",
             "divers": "d", "x": "x", "": "x", "keine angabe": "x"}
YES = {"ja", "j", "x", "1", "yes", "true", "wahr"}


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return "".join(ch for ch in text if ch.isalnum())


class ImportRejectedError(DomainError):
    """The list had rows that cannot be read; nothing was written."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        self.errors = errors
        lines = "\n".join(f"  Zeile {line}: {msg}" for line, msg in errors[:50])
        more = f"\n  … und {len(errors) - 50} weitere" if len(errors) > 50 else ""
        super().__init__(f"Die Liste wurde nicht importiert, weil {len(errors)} Zeile(n) nicht "
                         f"gelesen werden konnten:\n{lines}{more}")


@dataclass
class Table:
    headers: list[str]
    rows: list[list[str]]  # data rows; line numbers start at 2 (after the header)


@dataclass
class ImportPlan:
    clients: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: nationalities as written that match no country: value → its lines; the preview
    #: offers a choice for each (``validate(..., chosen=…)``), nothing is refused for them
    unknown_nationalities: dict[str, list[int]] = field(default_factory=dict)


class _Semicolon(csv.excel):
    """What German Excel writes when the sniffer cannot tell."""

    delimiter = ";"


def _decode(raw: bytes) -> str:
    """UTF-8 (with or without BOM) or Windows-1252, the encodings Excel exports here."""
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DomainError("Die Datei ist weder UTF-8 noch Windows-1252 kodiert. Bitte in Excel "
                      "als „CSV UTF-8“ speichern.")


def read_table(path: Path) -> Table:
    """CSV (UTF-8 or Windows-1252, ';' or ',') or XLSX (first sheet)."""
    path = Path(path)
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path)
    raw = path.read_bytes()
    content = _decode(raw)
    try:
        dialect: type[csv.Dialect] = csv.Sniffer().sniff(content[:4096], delimiters=";,\t")
    except csv.Error:
        dialect = _Semicolon
    rows = [r for r in csv.reader(io.StringIO(content), dialect)]
    if not rows:
        raise DomainError("Die Datei ist leer.")
    return Table([h.strip() for h in rows[0]], [[c.strip() for c in r] for r in rows[1:]])


def _read_xlsx(path: Path) -> Table:
    from openpyxl import load_workbook

    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # noqa: BLE001 - any parse failure means "not a readable sheet"
        raise DomainError("Die Excel-Datei kann nicht gelesen werden.") from exc
    rows = []
    for row in wb.worksheets[0].iter_rows(values_only=True):
        rows.append(["" if v is None else (v.strftime("%d.%m.%Y") if isinstance(v, date)
                                          else str(v)).strip() for v in row])
    wb.close()
    if not rows:
        raise DomainError("Die Tabelle ist leer.")
    return Table(rows[0], rows[1:])


def guess_mapping(headers: list[str]) -> dict[str, int]:
    """Field -> column index, from the documented headers and common alternatives."""
    normalised = [_norm(h) for h in headers]
    mapping: dict[str, int] = {}
    for fieldname, names in COLUMNS.items():
        for name in names:
            if _norm(name) in normalised:
                mapping[fieldname] = normalised.index(_norm(name))
                break
    return mapping


class _Lookup:
    """Catalogue labels or ids as typed in a sheet -> catalogue ids."""

    def __init__(self, district_id: str, chosen: dict[str, str] | None = None) -> None:
        self.district = catalogues.district(district_id)
        self.chosen = {_norm(k): v for k, v in (chosen or {}).items()}
        self.unknown: dict[str, list[int]] = {}
        self.line = 0
        self.tables = {name: {**{_norm(e.id): e.id for e in catalogues.catalogue(name)},
                              **{_norm(e.label): e.id for e in catalogues.catalogue(name)}}
                       for name in ("nationalities", "languages", "residence_statuses")}
        self.case_types = {_norm(label): ct.value for ct, label in CASE_TYPE_LABELS.items()}
        self.case_types.update({_norm(ct.value): ct.value for ct in CaseType})

    def one(self, name: str, value: str, what: str) -> str:
        found = self.tables[name].get(_norm(value))
        if found is None:
            raise DomainError(f"{what} „{value}“ ist unbekannt.")
        return found

    def many(self, name: str, value: str, what: str) -> list[str]:
        parts = [v.strip() for v in re.split(r"[,/;]", value) if v.strip()]
        if name != "nationalities":
            return [self.one(name, v, what) for v in parts]
        found = []
        for part in parts:
            cid = match_nationality(part) or self.chosen.get(_norm(part))
            if cid is None:
                self.unknown.setdefault(part, []).append(self.line)
            elif cid not in found:
                found.append(cid)
        return found


def validate(table: Table, mapping: dict[str, int], district_id: str,
             chosen: dict[str, str] | None = None) -> ImportPlan:
    """``chosen`` maps nationalities as written to catalogue ids (the preview's choice)."""
    if "family_name" not in mapping:
        raise DomainError("Die Spalte „Nachname“ fehlt oder ist nicht zugeordnet.")
    lookup = _Lookup(district_id, chosen)
    plan = ImportPlan(unknown_nationalities=lookup.unknown)
    for line, row in enumerate(table.rows, start=2):
        lookup.line = line
        if not any(cell.strip() for cell in row):
            continue
        cell = {f: (row[i] if i < len(row) else "") for f, i in mapping.items()}
        try:
            plan.clients.append(_row_to_client(cell, lookup))
        except DomainError as exc:
            plan.errors.append((line, str(exc)))
    return plan


def _row_to_client(cell: dict[str, str], lookup: _Lookup) -> dict[str, Any]:
    values: dict[str, Any] = {"family_name": cell.get("family_name", "")}
    for key in ("given_names", "name_variants", "address", "phone", "email", "birth_date",
                "arrived_germany", "residence_expires_on"):
        if cell.get(key):
            values[key] = cell[key]
    if "sex" in cell:
        sex = SEX_WORDS.get(cell["sex"].strip().lower())
        if sex is None:
            raise DomainError(f"Geschlecht „{cell['sex']}“ ist unbekannt (w, m, d oder x).")
        values["sex"] = sex
    if cell.get("nationalities"):
        values["nationalities"] = lookup.many("nationalities", cell["nationalities"],
                                              "Staatsangehörigkeit")
    if cell.get("languages"):
        values["languages"] = lookup.many("languages", cell["languages"], "Sprache")
    if cell.get("interpreter_needed"):
        values["interpreter_needed"] = cell["interpreter_needed"].strip().lower() in YES
    if cell.get("residence_status"):
        values["residence_status"] = lookup.one("residence_statuses", cell["residence_status"],
                                                "Aufenthaltsstatus")
    if cell.get("municipality"):
        m = lookup.district.find_municipality_by_name(cell["municipality"])
        if m is None:
            raise DomainError(f"Die Kommune „{cell['municipality']}“ gehört nicht zum "
                              f"{lookup.district.name}.")
        values["municipality_id"] = m.id
    clean = _clean(values)
    case: dict[str, Any] | None = None
    if cell.get("case_type") or cell.get("opened_on"):
        ctype = lookup.case_types.get(_norm(cell.get("case_type", "")) or "kurzintervention")
        if ctype is None:
            raise DomainError(f"Fallart „{cell['case_type']}“ ist unbekannt.")
        opened = parse_date(cell.get("opened_on", ""), "Fallbeginn") or date.today()
        access = cell.get("access_path", "1").strip().lower().replace("ebene", "").strip() or "1"
        if access not in ("1", "2"):
            raise DomainError(f"Zugang „{cell['access_path']}“: bitte 1 oder 2.")
        case = {"case_type": ctype, "opened_on": opened, "access_path": int(access),
                "referred_by": cell.get("referred_by", "")}
    consent = parse_date(cell.get("consent_on", ""), "Einwilligung am")
    return {"client": clean, "case": case, "consent_on": consent}


def commit(store: CaseStore, plan: ImportPlan, actor: str = "") -> int:
    """Write every planned client in one transaction; refuse if any row was bad."""
    if plan.errors:
        raise ImportRejectedError(plan.errors)
    if plan.unknown_nationalities:
        values = ", ".join(f"„{v}“" for v in list(plan.unknown_nationalities)[:10])
        raise DomainError(f"Für diese Staatsangehörigkeiten ist noch kein Land gewählt: "
                          f"{values}. Bitte in der Vorschau zuordnen.")
    with store.session() as s, s.begin():
        for item in plan.clients:
            client = add_client(s, item["client"], actor, action="imported")
            if item["consent_on"]:
                s.add(Consent(client_id=client.id, scope="documentation",
                              given_on=item["consent_on"]))
            if item["case"]:
                c = item["case"]
                case = Case(client_id=client.id, phase="intake", **c)
                s.add(case)
                s.flush()
                s.add(CaseEvent(case_id=case.id, on=c["opened_on"], kind="opened",
                                to_value=c["case_type"]))
    return len(plan.clients)


def import_file(store: CaseStore, path: Path, actor: str = "") -> int:
    table = read_table(path)
    plan = validate(table, guess_mapping(table.headers), store.district_id)
    return commit(store, plan, actor)


