"""Received case reconstructions as the coordinators work them: inbox with status and
filters, similarity between them, and bundling into a theme.

A reconstruction is known by its device and its id on that device (``key``); a newer
snapshot from the laptop replaces the text but keeps the status.
"""

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kimdesk.office.models import Device, ReceivedItem, utcnow
from kimdesk.office.web.models import ReconstructionState, Theme

STATUSES = {"new": "neu", "in_progress": "in Bearbeitung", "bundled": "gebündelt",
            "closed": "abgeschlossen"}
#: how strongly shared features count toward similarity
WEIGHTS = {"life_areas": 1.0, "institution_types": 1.0, "breaks": 1.5}
SIMILAR_AT = 0.25


def recon_key(device_id: str, rec_id: str) -> str:
    return hashlib.sha256(f"{device_id}/{rec_id}".encode()).hexdigest()[:24]


@dataclass(frozen=True)
class Reconstruction:
    key: str
    device_id: str
    device_name: str
    team: str
    received_at: datetime
    payload: dict[str, Any]
    status: str
    theme_id: int | None
    theme_title: str

    @property
    def title(self) -> str:
        return self.payload["title"]

    @property
    def life_areas(self) -> list[str]:
        return self.payload.get("life_areas", [])

    @property
    def institution_types(self) -> list[str]:
        return self.payload.get("institution_types", [])

    @property
    def factors(self) -> list[str]:
        return self.payload.get("hindering_factors", [])

    @property
    def breaks(self) -> list[str]:
        """Where the chain broke: labels of break nodes and interrupted hand-offs."""
        diagram = self.payload.get("diagram") or {}
        out = [n["label"] for n in diagram.get("nodes", []) if n.get("kind") == "break"]
        out += [e.get("label", "") for e in diagram.get("edges", [])
                if "unterbrochen" in e.get("label", "")]
        return out

    @property
    def status_label(self) -> str:
        return STATUSES.get(self.status, self.status)


def _break_features(r: Reconstruction) -> set[str]:
    """Break points made comparable: the institution type where the chain broke."""
    diagram = r.payload.get("diagram") or {}
    kinds = {n["id"]: n.get("kind", "") for n in diagram.get("nodes", [])}
    labels = {n["id"]: n["label"] for n in diagram.get("nodes", [])}
    out = set()
    for e in diagram.get("edges", []):
        target = e["to"]
        if kinds.get(target) == "break" or "unterbrochen" in e.get("label", ""):
            source = e["from"] if kinds.get(target) == "break" else target
            out.add(labels.get(source, source).casefold())
    return out


def features(r: Reconstruction) -> dict[str, set[str]]:
    return {"life_areas": set(r.life_areas), "institution_types": set(r.institution_types),
            "breaks": _break_features(r)}


def similarity(a: Reconstruction, b: Reconstruction) -> tuple[float, list[str]]:
    """Weighted Jaccard over life areas, institution types and break points; with the
    shared features named, so the suggestion explains itself."""
    fa, fb = features(a), features(b)
    score = weight = 0.0
    shared: list[str] = []
    for name, w in WEIGHTS.items():
        union = fa[name] | fb[name]
        if not union:
            continue
        common = fa[name] & fb[name]
        score += w * len(common) / len(union)
        weight += w
        shared += [f"{name}:{c}" for c in sorted(common)]
    return (score / weight if weight else 0.0), shared


class Reconstructions:
    def __init__(self, engine: Engine) -> None:
        self.engine = engine

    def all(self) -> list[Reconstruction]:
        with Session(self.engine) as s:
            items = list(s.execute(
                select(ReceivedItem.device_id, ReceivedItem.received_at, ReceivedItem.payload)
                .where(ReceivedItem.kind == "reconstruction", ReceivedItem.current.is_(True))
                .order_by(ReceivedItem.received_at.desc())).all())
            devices = {d.id: d for d in s.scalars(select(Device))}
            states = {st.key: st for st in s.scalars(select(ReconstructionState))}
            themes = dict(s.execute(select(Theme.id, Theme.title)).all())
        out = []
        for device_id, received_at, payload in items:
            key = recon_key(device_id, payload["id"])
            state = states.get(key)
            device = devices.get(device_id)
            theme_id = state.theme_id if state else None
            out.append(Reconstruction(
                key, device_id, device.name if device else "?",
                (device.team or "") if device else "", received_at, payload,
                state.status if state else "new", theme_id,
                themes.get(theme_id, "") if theme_id is not None else ""))
        return out

    def status_counts(self) -> dict[str, int]:
        """How many received reconstructions have each status (payloads not loaded)."""
        with Session(self.engine) as s:  # one current item per key: the distinct keys
            keys = [recon_key(device_id, key.removeprefix("reconstruction:"))
                    for device_id, key in s.execute(
                        select(ReceivedItem.device_id, ReceivedItem.dedupe_key).distinct()
                        .where(ReceivedItem.kind == "reconstruction"))]
            states = dict(s.execute(select(ReconstructionState.key,
                                           ReconstructionState.status)).all())
        counts = dict.fromkeys(STATUSES, 0)
        for key in keys:
            status = states.get(key, "new")
            counts[status] = counts.get(status, 0) + 1
        return counts

    def get(self, key: str) -> Reconstruction | None:
        return next((r for r in self.all() if r.key == key), None)

    def set_status(self, key: str, status: str) -> None:
        if status not in STATUSES:
            raise ValueError(status)
        with Session(self.engine) as s, s.begin():
            state = s.get(ReconstructionState, key) or ReconstructionState(key=key)
            state.status, state.updated_at = status, utcnow()
            if status != "bundled":
                state.theme_id = None
            s.merge(state)

    def bundle(self, keys: Iterable[str], theme_id: int) -> None:
        with Session(self.engine) as s, s.begin():
            for key in keys:
                state = s.get(ReconstructionState, key) or ReconstructionState(key=key)
                state.status, state.theme_id, state.updated_at = "bundled", theme_id, utcnow()
                s.merge(state)

    def similar_to(self, target: Reconstruction, pool: list[Reconstruction], limit: int = 5
                   ) -> list[tuple[Reconstruction, float, list[str]]]:
        scored = []
        for other in pool:
            if other.key == target.key:
                continue
            score, shared = similarity(target, other)
            if score >= SIMILAR_AT:
                scored.append((other, score, shared))
        scored.sort(key=lambda t: -t[1])
        return scored[:limit]


def matches(r: Reconstruction, life_area: str = "", institution_type: str = "",
            factor: str = "", team: str = "", status: str = "") -> bool:
    if life_area and life_area not in r.life_areas:
        return False
    if institution_type and institution_type not in r.institution_types:
        return False
    if factor and not any(factor.casefold() in f.casefold() for f in r.factors):
        return False
    if team and r.team != team:
        return False
    return not (status and r.status != status)
