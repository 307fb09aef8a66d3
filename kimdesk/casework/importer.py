"""Moving over from the district's Excel sheets: CSV or XLSX client lists.

Three steps, so a screen can show each: read the table (:mod:`import_tables`: encodings,
structure and size limits), map its columns (guessed from the documented German headers),
validate every row. Only a list without a single bad row is written — all of it in one
transaction, or nothing. Each step reports progress to an optional callback.
"""

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from kimdesk import catalogues
from kimdesk.casework.clients import _clean, add_client
from kimdesk.casework.import_tables import (
    MAX_COLUMNS,
    ImportRejectedError,
    Progress,
    Table,
    read_table,
)
from kimdesk.casework.nationality_spellings import match_nationality
from kimdesk.core.dates import not_in_future, parse_date
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
#: UTF-8 read as Windows-1252 or Latin-1: "Ã¼" for "ü", "Ã–" for "Ö", "Â°" for "°"
MOJIBAKE = re.compile("[\u00c2\u00c3][\u00a0-\u00bf\u0152\u0153\u0160\u0161\u0178"
                      "\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201a"
                      "\u201c-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]")
#: fields in which a line break may stand (an address over two lines)
MULTILINE = {"address"}

__all__ = ["COLUMNS", "ImportPlan", "ImportRejectedError", "Table", "commit", "guess_mapping",
           "import_file", "read_table", "validate"]


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip().lower()
    return "".join(ch for ch in text if ch.isalnum())


@dataclass
class ImportPlan:
    clients: list[dict[str, Any]] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    #: nationalities as written that match no country: value → its lines; the preview
    #: offers a choice for each (``validate(..., chosen=…)``), nothing is refused for them
    unknown_nationalities: dict[str, list[int]] = field(default_factory=dict)


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
             chosen: dict[str, str] | None = None,
             progress: Progress | None = None) -> ImportPlan:
    """``chosen`` maps nationalities as written to catalogue ids (the preview's choice)."""
    if "family_name" not in mapping:
        raise DomainError("Die Spalte „Nachname“ fehlt oder ist nicht zugeordnet.")
    lookup = _Lookup(district_id, chosen)
    plan = ImportPlan(unknown_nationalities=lookup.unknown)
    total = len(table.rows)
    for index, row in enumerate(table.rows):
        if progress and index % 1000 == 0:
            progress("prüfen", index, total)
        lookup.line = line = table.line_of(index)
        if not any(cell.strip() for cell in row):
            continue
        cell = {f: (row[i] if i < len(row) else "") for f, i in mapping.items()}
        try:
            _check_text(cell)
            plan.clients.append(_row_to_client(cell, lookup))
        except DomainError as exc:
            plan.errors.append((line, str(exc)))
    if progress:
        progress("prüfen", total, total)
    return plan


def _check_text(cell: dict[str, str]) -> None:
    """What the reader cannot judge alone: a line break where none belongs (a quote that
    closed too late swallowed the rows between), and names garbled by a wrong encoding."""
    for name, value in cell.items():
        label = COLUMNS[name][0]
        if name not in MULTILINE and ("\n" in value or "\r" in value):
            raise DomainError(f"{label} enthält einen Zeilenumbruch – vermutlich fehlt weiter "
                              "oben ein schließendes Anführungszeichen.")
        garbled = MOJIBAKE.search(value)
        if garbled:
            raise DomainError(f"{label} „{value[:40]}“ ist falsch kodiert („{garbled[0]}“); "
                              "die Datei wurde wohl schon einmal falsch umgewandelt.")


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
        opened = not_in_future(parse_date(cell.get("opened_on", ""), "Fallbeginn"),
                               "Fallbeginn") or date.today()
        access = cell.get("access_path", "1").strip().lower().replace("ebene", "").strip() or "1"
        if access not in ("1", "2"):
            raise DomainError(f"Zugang „{cell['access_path']}“: bitte 1 oder 2.")
        case = {"case_type": ctype, "opened_on": opened, "access_path": int(access),
                "referred_by": cell.get("referred_by", "")}
    consent = not_in_future(parse_date(cell.get("consent_on", ""), "Einwilligung am"),
                            "Einwilligung am")
    return {"client": clean, "case": case, "consent_on": consent}


def commit(store: CaseStore, plan: ImportPlan, actor: str = "",
           progress: Progress | None = None) -> int:
    """Write every planned client in one transaction; refuse if any row was bad."""
    if plan.errors:
        raise ImportRejectedError(plan.errors)
    if plan.unknown_nationalities:
        values = ", ".join(f"„{v}“" for v in list(plan.unknown_nationalities)[:10])
        raise DomainError(f"Für diese Staatsangehörigkeiten ist noch kein Land gewählt: "
                          f"{values}. Bitte in der Vorschau zuordnen.")
    total = len(plan.clients)
    with store.session() as s, s.begin():
        for done, item in enumerate(plan.clients):
            if progress and done % 1000 == 0:
                progress("schreiben", done, total)
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


def import_file(store: CaseStore, path: Path, actor: str = "",
                progress: Progress | None = None) -> int:
    table = read_table(path, progress)
    plan = validate(table, guess_mapping(table.headers), store.district_id, progress=progress)
    if not plan.clients and not plan.errors:
        raise DomainError(f"Die Liste enthält unter der Kopfzeile keine Zeile mit Daten (gelesen "
                          f"werden die ersten {MAX_COLUMNS} Spalten).")
    count = commit(store, plan, actor, progress)
    if progress:
        progress("schreiben", count, count)
    return count


