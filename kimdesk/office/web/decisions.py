"""Steering-group decisions (Beschlüsse): recorded here, published to every laptop as a
``feedback`` publication that the laptops fetch on their next sync."""

from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kimdesk.office import publications
from kimdesk.office.models import utcnow
from kimdesk.office.web.models import Decision, Theme
from kimdesk.office.web.themes import ThemeError, _text


@dataclass(frozen=True)
class DecisionView:
    id: int
    decided_on: date
    theme_id: int | None
    theme_title: str
    title: str
    text: str
    published_at: datetime | None


def publication_uid(decision_id: int) -> str:
    return f"beschluss-{decision_id}"


class Decisions:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def add(self, decided_on: date, title: str, text: str, theme_id: int | None) -> int:
        with Session(self.engine) as s, s.begin():
            if theme_id is not None and s.get(Theme, theme_id) is None:
                raise ThemeError("Dieses Thema gibt es nicht.")
            d = Decision(decided_on=decided_on, title=_text(title, "einen Titel", 200),
                         text=_text(text, "den Text des Beschlusses", 20_000),
                         theme_id=theme_id, created_at=utcnow())
            s.add(d)
            s.flush()
            return d.id

    def all(self) -> list[DecisionView]:
        with Session(self.engine) as s:
            themes = dict(s.execute(select(Theme.id, Theme.title)).all())
            return [DecisionView(d.id, d.decided_on, d.theme_id,
                                 themes.get(d.theme_id, "") if d.theme_id is not None else "",
                                 d.title, d.text, d.published_at)
                    for d in s.scalars(select(Decision).order_by(Decision.decided_on.desc(),
                                                                 Decision.id.desc()))]

    def publish(self, decision_id: int) -> DecisionView:
        """Publish (or publish again after a correction) to every laptop."""
        with Session(self.engine) as s:
            d = s.get(Decision, decision_id)
            if d is None:
                raise ThemeError("Diesen Beschluss gibt es nicht.")
            theme = s.get(Theme, d.theme_id) if d.theme_id else None
            body_text = d.text + (f"\n\nThema: {theme.title}" if theme else "")
            entry = {"uid": publication_uid(d.id),
                     "title": f"Beschluss vom {d.decided_on:%d.%m.%Y}: {d.title}"[:200],
                     "body": body_text[:20_000], "published_at": utcnow().isoformat(),
                     "decision_no": d.id}
        publications.publish(self.engine, "feedback", [entry])
        with Session(self.engine) as s, s.begin():
            d = s.get(Decision, decision_id)
            assert d is not None
            d.published_at = utcnow()
        return next(v for v in self.all() if v.id == decision_id)
