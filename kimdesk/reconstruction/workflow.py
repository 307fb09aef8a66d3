"""Case reconstructions (Fallrekonstruktionen, Kleve 5.5.1): from a case to the outbox.

The life of a reconstruction::

    draft ──start_review──▶ in_review ──all findings decided──▶ reviewed ──queue──▶ queued
      ▲                          │                                  │                 │
      └──────── any change of text (save) invalidates the review ───┴─────────────────┘

:meth:`ReconstructionService.start` proposes life areas, institutions, a relative timeline
and a service chain from the case file. Nothing reaches the outbox without a current,
complete review; the queue step writes the outbox item, the review record and the audit
entry in one transaction.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from kimdesk.casework import audit
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.privacy.pii_resources import check as check_scrubber_resources
from kimdesk.privacy.scrubber import KnownPerson
from kimdesk.reconstruction.content import ReconstructionContent, content_hash
from kimdesk.reconstruction.payload import build_payload, full_view
from kimdesk.reconstruction.proposal import TimelineEntry, propose
from kimdesk.reconstruction.review import Review, make_checker
from kimdesk.reconstruction.service_chain import (
    Dependency,
    Factor,
    ServiceChain,
    institution_label,
)
from kimdesk.reconstruction.wording import client_role, member_role
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Case,
    Client,
    Consent,
    Goal,
    PlanStep,
    Reconstruction,
    ReconstructionReview,
    Referral,
    Service,
    Setting,
)
from kimdesk.store.models.base import utcnow
from kimdesk.store.models.reconstructions import DRAFT, IN_REVIEW, QUEUED, REVIEWED
from kimdesk.sync import outbox

STATE_LABELS = {DRAFT: "Entwurf", IN_REVIEW: "In Prüfung", REVIEWED: "Geprüft",
                QUEUED: "Zum Senden bereit"}

_HONORIFIC_NAME = re.compile(r"\b(?:Frau|Herr|Herrn|Dr\.)\s+([A-ZÄÖÜ][\w'’-]+(?:\s+[A-ZÄÖÜ]"
                             r"[\w'’-]+)?)")


# -- what the editor gets ---------------------------------------------------------------------
@dataclass
class ReconstructionView:
    """A reconstruction as the editor shows it (usable outside any session)."""

    id: int
    case_id: int | None
    state: str
    content: ReconstructionContent
    timeline: list[TimelineEntry] = field(default_factory=list)
    review: dict[str, Any] | None = None
    outbox_item_id: str = ""
    reviews: list[dict[str, Any]] = field(default_factory=list)

    @property
    def state_label(self) -> str:
        return STATE_LABELS.get(self.state, self.state)


def _content(row: Reconstruction) -> ReconstructionContent:
    return ReconstructionContent(
        uid=row.uid, title=row.title, goal=row.goal, narrative=row.narrative,
        generative_theme=row.generative_theme, life_areas=list(row.life_areas or []),
        factors=[Factor(**f) for f in row.factors or []],
        dependencies=[Dependency(**d) for d in row.dependencies or []],
        chain=ServiceChain.from_json(row.chain))


def _store_content(row: Reconstruction, c: ReconstructionContent) -> None:
    row.title = c.title.strip()[:200]
    row.goal = c.goal
    row.narrative = c.narrative
    row.generative_theme = c.generative_theme
    row.life_areas = list(dict.fromkeys(c.life_areas))
    row.factors = [vars(f).copy() for f in c.factors]
    row.dependencies = [vars(d).copy() for d in c.dependencies]
    row.chain = c.chain.to_json()


class ReconstructionService:
    """Start, save, review and queue reconstructions; one transaction per call."""

    def __init__(self, store: CaseStore, actor: str = "",
                 today: Callable[[], date] = date.today) -> None:
        self.store = store
        self.actor = actor
        self.today = today

    # -- proposals ---------------------------------------------------------------------
    def start(self, case_id: int) -> int:
        """A new draft from the case, with everything the case file can propose."""
        with self.store.session() as s, s.begin():
            case = s.get(Case, case_id)
            if case is None:
                raise NotFoundError("Diesen Fall gibt es nicht (mehr).")
            content, timeline = propose(s, case, self.today())
            row = Reconstruction(uid=content.uid, case_id=case_id, state=DRAFT,
                                 timeline=[vars(t).copy() for t in timeline],
                                 created_by=self.actor, review=None, content_hash="",
                                 outbox_item_id="")
            _store_content(row, content)
            s.add(row)
            s.flush()
            audit.record(s, "created", "reconstruction", row.id, case.client_id,
                         actor=self.actor)
            return row.id

    # -- reading ------------------------------------------------------------------------
    def get(self, reconstruction_id: int) -> ReconstructionView:
        with self.store.session() as s:
            row = self._row(s, reconstruction_id)
            return self._view(row)

    def in_work(self, case_id: int) -> ReconstructionView:
        """The case's reconstruction still in work, or a new one with the file's proposals."""
        open_ones = [v for v in self.for_case(case_id) if v.state != QUEUED]
        return open_ones[-1] if open_ones else self.get(self.start(case_id))

    def for_case(self, case_id: int) -> list[ReconstructionView]:
        with self.store.session() as s:
            rows = s.scalars(select(Reconstruction).where(Reconstruction.case_id == case_id)
                             .order_by(Reconstruction.id))
            return [self._view(r) for r in rows]

    @staticmethod
    def _view(row: Reconstruction) -> ReconstructionView:
        return ReconstructionView(
            row.id, row.case_id, row.state, _content(row),
            [TimelineEntry(**t) for t in row.timeline or []], row.review, row.outbox_item_id,
            [{"reviewed_at": r.reviewed_at, "reviewed_by": r.reviewed_by,
              "findings_total": r.findings_total, "findings_by_kind": dict(r.findings_by_kind),
              "decisions": dict(r.decisions), "outbox_item_id": r.outbox_item_id,
              "dismissed_identifying": dict(r.decisions.get("dismissed_identifying", {}))}
             for r in row.reviews])

    @staticmethod
    def _row(s: Session, reconstruction_id: int) -> Reconstruction:
        row = s.get(Reconstruction, reconstruction_id)
        if row is None:
            raise NotFoundError("Diese Fallrekonstruktion gibt es nicht (mehr).")
        return row

    # -- saving ---------------------------------------------------------------------------
    def save(self, reconstruction_id: int, content: ReconstructionContent) -> str:
        """Store the edited content; a change of anything that would be sent voids the
        review. Returns the new state."""
        with self.store.session() as s, s.begin():
            row = self._row(s, reconstruction_id)
            if content.uid != row.uid:
                raise DomainError("Die Rekonstruktion passt nicht zu diesem Datensatz.")
            changed = content_hash(content) != content_hash(_content(row))
            _store_content(row, content)
            if changed and row.state != DRAFT:
                row.state, row.review, row.content_hash = DRAFT, None, ""
            if changed:
                audit.record(s, "updated", "reconstruction", row.id, self._client_id(s, row),
                             actor=self.actor)
            return row.state

    def save_positions(self, reconstruction_id: int,
                       positions: dict[str, tuple[float, float]]) -> None:
        """Dragged node positions: layout only, not sent, so the review stays valid."""
        with self.store.session() as s, s.begin():
            row = self._row(s, reconstruction_id)
            chain = ServiceChain.from_json(row.chain)
            chain.positions = {k: (float(x), float(y)) for k, (x, y) in positions.items()}
            row.chain = chain.to_json()

    def delete(self, reconstruction_id: int) -> None:
        with self.store.session() as s, s.begin():
            row = self._row(s, reconstruction_id)
            client_id = self._client_id(s, row)
            s.delete(row)
            audit.record(s, "deleted", "reconstruction", reconstruction_id, client_id,
                         actor=self.actor)

    @staticmethod
    def _client_id(s: Session, row: Reconstruction) -> int | None:
        case = s.get(Case, row.case_id) if row.case_id else None
        return case.client_id if case else None

    # -- review -----------------------------------------------------------------------------
    def known_people(self, s: Session, case: Case) -> list[KnownPerson]:
        """Client, household and contact persons with the role that replaces their name."""
        today = self.today()
        client = s.get(Client, case.client_id)
        out: list[KnownPerson] = []
        if client is not None:
            role = client_role(client.sex)
            out.append(KnownPerson(f"{client.given_names} {client.family_name}".strip(), role))
            for variant in filter(None, (v.strip() for v in client.name_variants.split(";"))):
                out.append(KnownPerson(variant, role))
            for m in client.household:
                name = m.display_name or m.family_name
                if name:
                    out.append(KnownPerson(name, member_role(m.relation, m.sex, m.birth_date,
                                                             today)))
        setting = s.get(Setting, "case_manager")
        manager = case.case_manager or str(setting.value if setting else "" or "")
        if manager.strip():
            out.append(KnownPerson(manager, "das Case Management"))
        texts = [case.referred_by]
        texts += list(s.scalars(select(PlanStep.responsible).join(Goal)
                                .where(Goal.case_id == case.id)))
        texts += list(s.scalars(select(Consent.institution).where(
            Consent.client_id == case.client_id)))
        for text in texts:
            for found in _HONORIFIC_NAME.finditer(text or ""):
                out.append(KnownPerson(found.group(1), "die Ansprechperson"))
        return out

    def _institution_names(self, s: Session, case_id: int | None) -> dict[str, str]:
        names = {r.name: institution_label(r.institution_type) for r in s.scalars(select(Service))}
        if case_id is not None:
            for r in s.scalars(select(Referral).where(Referral.case_id == case_id)):
                names.setdefault(r.institution_name, institution_label(r.institution_type))
        return names

    def _review_tools(self, s: Session, row: Reconstruction) -> dict[str, Any]:
        case = s.get(Case, row.case_id) if row.case_id else None
        known = self.known_people(s, case) if case else []
        return {"known": known, "places": None, "reference_date": self.today(),
                "institution_names": self._institution_names(s, row.case_id)}

    def start_review(self, reconstruction_id: int) -> Review:
        """Scrub every free field; the findings wait for the case manager's decisions."""
        with self.store.session() as s, s.begin():
            row = self._row(s, reconstruction_id)
            content = _content(row)
            missing = [label for label, value in (
                ("Titel", content.title), ("Fallschilderung", content.narrative),
                ("Generatives Thema", content.generative_theme)) if not value.strip()]
            if missing:
                raise DomainError("Vor der Prüfung bitte ausfüllen: " + ", ".join(missing) + ".")
            if not content.life_areas:
                raise DomainError("Bitte mindestens einen Lebensbereich wählen.")
            review = Review.run(content, **self._review_tools(s, row))
            row.review = review.to_json()
            row.content_hash = review.content_hash
            row.state = REVIEWED if review.ready() else IN_REVIEW
            return review

    def current_review(self, reconstruction_id: int) -> Review | None:
        """The stored review with its checker, or None when there is none or it is stale."""
        with self.store.session() as s:
            row = self._row(s, reconstruction_id)
            if row.review is None or row.state == DRAFT:
                return None
            stored = Review.from_json(row.review, make_checker(**self._review_tools(s, row)))
            return stored if stored.is_current(_content(row)) else None

    def save_review(self, reconstruction_id: int, review: Review) -> str:
        """Store the decisions made so far; returns the new state."""
        with self.store.session() as s, s.begin():
            row = self._row(s, reconstruction_id)
            if row.state == DRAFT or not review.is_current(_content(row)) \
                    or review.content_hash != row.content_hash:
                raise DomainError("Der Text wurde nach der Prüfung geändert. Bitte erneut "
                                  "prüfen.")
            row.review = review.to_json()
            if row.state != QUEUED:
                row.state = REVIEWED if review.ready() else IN_REVIEW
            return row.state

    def preview(self, reconstruction_id: int) -> tuple[dict[str, Any], str]:
        """The payload and its German full view, as they would be sent now (with the
        warning about names or numbers from the file confirmed to be sent unchanged)."""
        with self.store.session() as s:
            row = self._row(s, reconstruction_id)
            review = self._ready_review(row)
            payload = build_payload(_content(row), review, utcnow())
            return payload, full_view(payload, review.dismissed_identifying())

    @staticmethod
    def _ready_review(row: Reconstruction) -> Review:
        if row.review is None or row.state == DRAFT:
            raise DomainError("Die Rekonstruktion ist noch nicht geprüft. Bitte zuerst "
                              "„Datenschutz prüfen“ wählen.")
        review = Review.from_json(row.review)
        if not review.is_current(_content(row)):
            raise DomainError("Der Text wurde nach der Prüfung geändert. Bitte erneut prüfen.")
        if not review.ready():
            n = len(review.open_findings)
            raise DomainError(f"Noch {n} Fundstelle{'n' if n != 1 else ''} offen: bitte jede "
                              "übernehmen, bearbeiten oder verwerfen.")
        return review

    def sheet_content(self, reconstruction_id: int) -> tuple[ReconstructionContent, bool]:
        """What the printed sheet shows: the reviewed text when the review is current and
        complete (True), else the draft as written (False, printed as "Entwurf")."""
        with self.store.session() as s:
            row = self._row(s, reconstruction_id)
            content = _content(row)
            if row.review is not None and row.state != DRAFT:
                review = Review.from_json(row.review)
                if review.is_current(content) and review.ready():
                    return review.final_content(content), True
            return content, False

    # -- queue -------------------------------------------------------------------------------
    def queue(self, reconstruction_id: int, now: datetime | None = None) -> str:
        """Put the reviewed payload into the outbox and record the review; returns the item
        id. One transaction: item, review record, state and audit entry commit together."""
        now = now or utcnow()
        check_scrubber_resources()  # never send what an incomplete scrubber reviewed
        with self.store.session() as s, s.begin():
            row = self._row(s, reconstruction_id)
            if row.state == QUEUED:
                raise DomainError("Diese Fallrekonstruktion liegt bereits zum Senden bereit.")
            review = self._ready_review(row)
            payload = build_payload(_content(row), review, now)
            item_id = outbox.enqueue(s, "reconstruction", payload)
            kept = review.dismissed_identifying()
            s.add(ReconstructionReview(
                reconstruction_id=row.id, reviewed_at=now, reviewed_by=self.actor,
                findings_total=len(review.findings), findings_by_kind=review.counts_by_kind(),
                decisions={**review.decision_counts(), "dismissed_identifying": kept},
                content_hash=review.content_hash, outbox_item_id=item_id, note=""))
            row.state, row.outbox_item_id, row.queued_at = QUEUED, item_id, now
            summary = f"{len(review.findings)} Fundstellen geprüft"
            if kept:
                summary += (f", davon {sum(kept.values())} Angaben aus der Akte ausdrücklich "
                            "unverändert gesendet")
            audit.record(s, "queued", "reconstruction", row.id, self._client_id(s, row),
                         summary=summary, actor=self.actor)
            return item_id
