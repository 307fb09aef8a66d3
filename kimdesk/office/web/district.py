"""The district the office serves and what the coordinators enter about it: which
district catalogue (teams, municipalities), case-manager positions for the caseload
guideline, and labels of the shared catalogues for display."""

from dataclasses import dataclass

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from kimdesk import catalogues
from kimdesk.office.models import utcnow
from kimdesk.office.web.models import Setting

DEFAULT_GUIDELINE = 50  # cases per full-time case manager (Kleve; Steinfurt uses 60)
MAX_POSITIONS = 500.0
GUIDELINE_RANGE = (10, 200)


class DistrictSettingsError(ValueError):
    """Entries of the settings form that cannot be saved: field → German sentence."""

    def __init__(self, errors: dict[str, str]) -> None:
        super().__init__("; ".join(errors.values()))
        self.errors = errors


@dataclass(frozen=True)
class DistrictSettings:
    district_id: str
    positions: float | None  # full-time case-manager positions (Vollzeitstellen)
    guideline: int  # Fallzahlschlüssel: cases per full-time position

    @property
    def name(self) -> str:
        if not self.district_id:
            return "Kreis (noch nicht gewählt)"
        try:
            return catalogues.district(self.district_id).name
        except catalogues.UnknownDistrictError:
            return self.district_id

    def teams(self) -> list[tuple[str, str]]:
        if not self.district_id:
            return []
        try:
            d = catalogues.district(self.district_id)
        except catalogues.UnknownDistrictError:
            return []
        return [(a.id, a.name) for a in d.planning_areas]

    def municipalities(self) -> list[tuple[str, str]]:
        if not self.district_id:
            return []
        try:
            d = catalogues.district(self.district_id)
        except catalogues.UnknownDistrictError:
            return []
        return [(m.id, m.name) for m in d.municipalities()]


def load(engine: Engine) -> DistrictSettings:
    with Session(engine) as s:
        row = s.get(Setting, "district")
    value = row.value if row else {}
    positions = value.get("positions")
    return DistrictSettings(str(value.get("district_id", "")),
                            float(positions) if positions is not None else None,
                            int(value.get("guideline", DEFAULT_GUIDELINE)))


def save(engine: Engine, district_id: str, positions: float | None, guideline: int) -> None:
    with Session(engine) as s, s.begin():
        row = s.get(Setting, "district") or Setting(key="district", value={})
        row.value = {"district_id": district_id, "positions": positions,
                     "guideline": guideline, "changed_at": utcnow().isoformat()}
        s.merge(row)


def parse_settings(district_id: str, positions: str, guideline: str
                   ) -> tuple[str, float | None, int]:
    """The settings form's entries checked: a known district, positions as a German
    decimal (``11,5``; empty: not known yet) and the guideline as a whole number."""
    errors: dict[str, str] = {}
    if district_id not in dict(district_choices()):
        errors["kreis"] = "Bitte den Kreis wählen."
    value: float | None = None
    text = positions.replace(" ", "").replace(".", "").replace(",", ".") \
        if positions.count(",") == 1 else positions.replace(" ", "")
    if text:
        try:
            value = float(text)
        except ValueError:
            errors["stellen"] = ("Bitte die Stellen als Zahl eingeben, zum Beispiel 11,5 "
                                 "(Vollzeitstellen).")
        else:
            if not 0 < value <= MAX_POSITIONS:
                errors["stellen"] = (f"Die Zahl der Stellen muss größer als 0 und höchstens "
                                     f"{MAX_POSITIONS:.0f} sein.")
    low, high = GUIDELINE_RANGE
    try:
        ratio = int(guideline)
    except ValueError:
        ratio = 0
    if not low <= ratio <= high:
        errors["schluessel"] = (f"Bitte den Fallzahlschlüssel als ganze Zahl von {low} bis "
                                f"{high} eingeben (Fälle je Vollzeitstelle, z. B. 50).")
    if errors:
        raise DistrictSettingsError(errors)
    return district_id, value, ratio


def district_choices() -> list[tuple[str, str]]:
    return [(d, catalogues.district(d).name) for d in catalogues.district_ids()]


def label(catalogue: str, entry_id: str) -> str:
    """German label of a catalogue entry; the id itself if the catalogue does not know it."""
    try:
        return catalogues.label(catalogue, entry_id)
    except (KeyError, ValueError, catalogues.UnknownCatalogueError):
        return entry_id


def options(catalogue: str) -> list[tuple[str, str]]:
    return [(e.id, e.label) for e in catalogues.catalogue(catalogue)]
