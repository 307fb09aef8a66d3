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
