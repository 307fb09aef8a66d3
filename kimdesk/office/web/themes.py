"""Themes and project groups (Kleve 5.5.2): a generative theme with its goal scheme
Grundsatzziel → Rahmenziele → Handlungsstrategien, the bundled reconstructions, the
participating institutions (never clients), meetings with minutes, and a status."""

from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kimdesk.office.models import utcnow
from kimdesk.office.web.models import (
    ReconstructionState,
    Theme,
    ThemeGoal,
    ThemeInstitution,
    ThemeMeeting,
)

STATUSES = {"open": "offen", "working": "in Arbeit in der Projektgruppe",
            "to_steering": "an die Lenkungsgruppe", "closed": "abgeschlossen"}


class ThemeError(ValueError):
    """A refused change; ``str()`` is German."""


@dataclass
class Goal:
    id: int
    text: str
    strategies: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class ThemeView:
    id: int
    title: str
    principal_goal: str
    status: str
    updated_at: datetime
    goals: list[Goal]
    institutions: list[tuple[int, str]]
    meetings: list[tuple[int, date, str]]
    reconstruction_keys: list[str]

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def _text(value: str, what: str, limit: int, required: bool = True) -> str:
    value = value.strip()
    if required and not value:
        raise ThemeError(f"Bitte {what} eingeben.")
    if len(value) > limit:
        raise ThemeError(f"{what[0].upper() + what[1:]} darf höchstens {limit} Zeichen haben.")
    return value


class Themes:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, title: str, principal_goal: str = "") -> int:
        with Session(self.engine) as s, s.begin():
            theme = Theme(title=_text(title, "einen Titel", 200),
                          principal_goal=_text(principal_goal, "das Grundsatzziel", 2000, False),
                          status="open", created_at=utcnow(), updated_at=utcnow())
            s.add(theme)
            s.flush()
            return theme.id

    def all(self) -> list[ThemeView]:
        with Session(self.engine) as s:
            ids = list(s.scalars(select(Theme.id).order_by(Theme.updated_at.desc())))
        return [t for t in (self.get(i) for i in ids) if t is not None]

    def get(self, theme_id: int) -> ThemeView | None:
        with Session(self.engine) as s:
            t = s.get(Theme, theme_id)
            if t is None:
                return None
            goals_rows = list(s.scalars(select(ThemeGoal).where(ThemeGoal.theme_id == t.id)
                                        .order_by(ThemeGoal.id)))
            goals = {g.id: Goal(g.id, g.text) for g in goals_rows if g.parent_id is None}
            for g in goals_rows:
                if g.parent_id in goals:
                    goals[g.parent_id].strategies.append((g.id, g.text))
            inst = [(i.id, i.name) for i in s.scalars(
                select(ThemeInstitution).where(ThemeInstitution.theme_id == t.id)
                .order_by(ThemeInstitution.name))]
            meetings = [(m.id, m.held_on, m.minutes) for m in s.scalars(
                select(ThemeMeeting).where(ThemeMeeting.theme_id == t.id)
                .order_by(ThemeMeeting.held_on.desc()))]
            keys = list(s.scalars(select(ReconstructionState.key)
                                  .where(ReconstructionState.theme_id == t.id)))
            return ThemeView(t.id, t.title, t.principal_goal, t.status, t.updated_at,
                             list(goals.values()), inst, meetings, keys)

    def _touch(self, s: Session, theme_id: int) -> Theme:
        t = s.get(Theme, theme_id)
        if t is None:
            raise ThemeError("Dieses Thema gibt es nicht.")
        t.updated_at = utcnow()
        return t

    def update(self, theme_id: int, title: str, principal_goal: str, status: str) -> None:
        if status not in STATUSES:
            raise ThemeError("Bitte einen Status wählen.")
        with Session(self.engine) as s, s.begin():
            t = self._touch(s, theme_id)
            t.title = _text(title, "einen Titel", 200)
            t.principal_goal = _text(principal_goal, "das Grundsatzziel", 2000, False)
            t.status = status

    def add_goal(self, theme_id: int, text: str, parent_id: int | None = None) -> None:
        with Session(self.engine) as s, s.begin():
            self._touch(s, theme_id)
            what = "eine Handlungsstrategie" if parent_id else "ein Rahmenziel"
            if parent_id is not None:
                parent = s.get(ThemeGoal, parent_id)
                if parent is None or parent.theme_id != theme_id or parent.parent_id:
                    raise ThemeError("Das Rahmenziel gibt es nicht.")
            s.add(ThemeGoal(theme_id=theme_id, parent_id=parent_id,
                            text=_text(text, what, 1000)))

    def add_institution(self, theme_id: int, name: str) -> None:
        with Session(self.engine) as s, s.begin():
            self._touch(s, theme_id)
            s.add(ThemeInstitution(theme_id=theme_id, name=_text(name, "eine Einrichtung", 200)))

    def add_meeting(self, theme_id: int, held_on: date, minutes: str) -> None:
        with Session(self.engine) as s, s.begin():
            self._touch(s, theme_id)
            s.add(ThemeMeeting(theme_id=theme_id, held_on=held_on,
                               minutes=_text(minutes, "das Protokoll", 20_000, False)))

    def choices(self) -> list[tuple[str, str]]:
        with Session(self.engine) as s:
            return [(str(i), t) for i, t in s.execute(select(Theme.id, Theme.title)
                                                     .order_by(Theme.title)).all()]


def parse_date(text: str) -> date:
    """TT.MM.JJJJ (or the browser's JJJJ-MM-TT); German error otherwise."""
    text = text.strip()
    try:
        if "." in text:
            d, m, y = text.split(".")
            return date(int(y), int(m), int(d))
        return date.fromisoformat(text)
    except (ValueError, TypeError):
        raise ThemeError("Bitte ein Datum als TT.MM.JJJJ eingeben, z. B. 14.03.2026.") from None
