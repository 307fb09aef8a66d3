"""The mandatory review of a case reconstruction before it may leave the laptop.

Every free field (title, goal, narrative, generative theme, each hindering factor, every
label and note in the service chain) is scrubbed; each finding must then be accepted,
edited or dismissed by the case manager. Dismissing an *identifying* finding (a name or
number from the case file, :data:`IDENTIFYING_KINDS`) needs an explicit confirmation and is
counted separately (:meth:`Review.dismissed_identifying`). Only when none is open is the
review :meth:`Review.ready`. The review remembers a hash of everything that would be sent, so
any later change of text makes it stale (:meth:`Review.is_current`) and a new scrub is
needed. :func:`build_payload` turns the reviewed content into the allow-listed
``reconstruction`` payload; :func:`full_view` renders exactly that payload as the German
text the case manager sees last ("Das wird gesendet").

Pure Python: no database, no Qt.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, date, datetime
from typing import Any

from kimdesk import catalogues
from kimdesk.casework.service_chain import (
    CM_LANE,
    CM_NODE,
    DEPENDENCY_KINDS,
    Dependency,
    Factor,
    ServiceChain,
    life_area_label,
    month_label,
)
from kimdesk.core.errors import DomainError
from kimdesk.privacy.scrubber import Finding, KnownPerson, apply, scrub

ACCEPTED = "accepted"
EDITED = "edited"
DISMISSED = "dismissed"
DECISIONS = (ACCEPTED, EDITED, DISMISSED)
DECISION_LABELS = {ACCEPTED: "übernommen", EDITED: "bearbeitet", DISMISSED: "verworfen"}

KIND_LABELS = {
    "known_name": "Name aus der Akte", "person_name": "Personenname", "place": "Ort",
    "date": "Datum", "date_of_birth": "Geburtsdatum", "age": "Alter", "address": "Adresse",
    "postcode": "Postleitzahl", "phone": "Telefonnummer", "email": "E-Mail-Adresse",
    "url": "Link", "iban": "IBAN", "tax_id": "Steuer-ID",
    "social_insurance_no": "Sozialversicherungsnummer", "health_insurance_no":
    "Versichertennummer", "residence_document_no": "Dokumentennummer",
    "file_number": "Aktenzeichen", "institution_name": "Name einer Stelle",
}
SCHEMA = "kimdesk.reconstruction/1"

#: Kinds that point to the person for certain (from the case file or an unambiguous number):
#: sending them unchanged needs ``dismiss(..., confirm_identifying=True)``. Heuristic kinds
#: (person_name, place, date, age) have false positives and may be dismissed directly.
IDENTIFYING_KINDS = frozenset({
    "known_name", "date_of_birth", "phone", "email", "iban", "address", "postcode", "tax_id",
    "social_insurance_no", "residence_document_no", "health_insurance_no", "file_number",
})


@dataclass
class ReconstructionContent:
    """Everything a reconstruction would send, before and after review."""

    uid: str
    title: str = ""
    goal: str = ""
    narrative: str = ""
    generative_theme: str = ""
    life_areas: list[str] = field(default_factory=list)
    factors: list[Factor] = field(default_factory=list)
    dependencies: list[Dependency] = field(default_factory=list)
    chain: ServiceChain = field(default_factory=ServiceChain)


# -- fields ----------------------------------------------------------------------------------
FIELD_LABELS = {"title": "Titel", "goal": "Zielsetzung", "narrative": "Fallschilderung",
                "generative_theme": "Generatives Thema"}


def free_fields(content: ReconstructionContent) -> dict[str, str]:
    """Every text the case manager can type, by a stable key."""
    out = {"title": content.title, "goal": content.goal, "narrative": content.narrative,
           "generative_theme": content.generative_theme}
    for f in content.factors:
        out[f"factor:{f.id}"] = f.text
    for n in content.chain.nodes:
        if n.id != CM_NODE:
            out[f"node:{n.id}:label"] = n.label
            out[f"node:{n.id}:note"] = n.note
    for i, h in enumerate(content.chain.handoffs):
        out[f"handoff:{i}:note"] = h.note
    return out


def field_label(key: str, content: ReconstructionContent | None = None) -> str:
    """German name of a field for the review dialog."""
    if key in FIELD_LABELS:
        return FIELD_LABELS[key]
    part = key.split(":")
    if part[0] == "factor":
        return "Hinderlicher Faktor"
    if part[0] == "node":
        return "Stelle im Schaubild" + (" (Bruchstelle)" if part[-1] == "note" else "")
    if part[0] == "handoff":
        return "Übergabe im Schaubild (Bruchstelle)"
    return key


def with_fields(content: ReconstructionContent, values: Mapping[str, str]
                ) -> ReconstructionContent:
    """A copy of ``content`` with the given free fields replaced."""
    factors = [replace(f, text=values.get(f"factor:{f.id}", f.text)) for f in content.factors]
    chain = ServiceChain.from_json(content.chain.to_json())
    for n in chain.nodes:
        n.label = values.get(f"node:{n.id}:label", n.label)
        n.note = values.get(f"node:{n.id}:note", n.note)
    for i, h in enumerate(chain.handoffs):
        h.note = values.get(f"handoff:{i}:note", h.note)
    return replace(content, title=values.get("title", content.title),
                   goal=values.get("goal", content.goal),
                   narrative=values.get("narrative", content.narrative),
                   generative_theme=values.get("generative_theme", content.generative_theme),
                   factors=factors, chain=chain)


def content_hash(content: ReconstructionContent) -> str:
    """Hash of all that would be sent (dragged positions excluded: they are not sent)."""
    chain = content.chain.to_json()
    chain.pop("positions", None)
    data = {"fields": free_fields(content), "life_areas": content.life_areas,
            "factors": [(f.id, f.life_area) for f in content.factors],
            "dependencies": [(d.source, d.target, d.kind) for d in content.dependencies],
            "chain": chain}
    raw = json.dumps(data, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha256(raw).hexdigest()


# -- findings and decisions ------------------------------------------------------------------
@dataclass
class ReviewFinding:
    field: str
    kind: str
    start: int
    end: int
    text: str
    proposal: str
    decision: str = ""
    replacement: str = ""
    confirmed: bool = False  # an identifying finding explicitly sent unchanged

    @property
    def identifying(self) -> bool:
        return self.kind in IDENTIFYING_KINDS

    @property
    def decided(self) -> bool:
        """A decision counts; an identifying dismissal only when it was confirmed."""
        if self.decision == DISMISSED and self.identifying:
            return self.confirmed
        return self.decision in DECISIONS

    @property
    def decision_label(self) -> str:
        if not self.decided:
            return ""
        if self.decision == DISMISSED and self.identifying:
            return "unverändert senden (ausdrücklich bestätigt)"
        return DECISION_LABELS[self.decision]

    @property
    def final(self) -> str:
        """What stands in the text after the decision."""
        if self.decision == EDITED:
            return self.replacement
        if self.decision == DISMISSED and self.decided:
            return self.text
        return self.proposal  # also for an unconfirmed identifying dismissal

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)


def _institution_findings(text: str, names: Mapping[str, str]) -> list[Finding]:
    """Names of concrete services (they give away the town) → the institution type."""
    out = []
    for name in sorted((n for n in names if len(n) >= 4), key=len, reverse=True):
        for m in re.finditer(re.escape(name), text):
            if any(m.start() < f.end and f.start < m.end() for f in out):
                continue
            out.append(Finding("institution_name", m.start(), m.end(), m.group(), names[name]))
    return out


def scrub_field(text: str, known: Sequence[KnownPerson], places: Mapping[str, str] | None,
                reference_date: date | None, institution_names: Mapping[str, str]
                ) -> list[Finding]:
    found = _institution_findings(text, institution_names)
    rest = scrub(text, known, places, reference_date).findings
    found += [f for f in rest if all(f.end <= g.start or f.start >= g.end for g in found)]
    return sorted(found, key=lambda f: f.start)


def make_checker(known: Sequence[KnownPerson] = (), places: Mapping[str, str] | None = None,
                 reference_date: date | None = None,
                 institution_names: Mapping[str, str] | None = None
                 ) -> Callable[[str], list[Finding]]:
    """The scrub of one text with the case's people, places and services."""
    names = dict(institution_names or {})
    return lambda text: scrub_field(text, known, places, reference_date, names)


class Review:
    """The findings of one scrub and the case manager's decision on each."""

    def __init__(self, fields: dict[str, str], findings: list[ReviewFinding], hash_: str,
                 checker: Callable[[str], list[Finding]] | None = None) -> None:
        self.fields = fields
        self.findings = findings
        self.content_hash = hash_
        self._checker = checker

    @classmethod
    def run(cls, content: ReconstructionContent, known: Sequence[KnownPerson] = (),
            places: Mapping[str, str] | None = None, reference_date: date | None = None,
            institution_names: Mapping[str, str] | None = None) -> Review:
        checker = make_checker(known, places, reference_date, institution_names)
        fields = {k: v for k, v in free_fields(content).items() if v.strip()}
        findings = []
        for key, text in fields.items():
            for f in checker(text):
                findings.append(ReviewFinding(key, f.kind, f.start, f.end, f.text, f.proposal))
        return cls(fields, findings, content_hash(content), checker)

    # decisions
    def _at(self, index: int) -> ReviewFinding:
        if not 0 <= index < len(self.findings):
            raise DomainError("Diese Fundstelle gibt es nicht (mehr). Bitte neu prüfen.")
        return self.findings[index]

    def accept(self, index: int) -> None:
        f = self._at(index)
        f.decision, f.replacement, f.confirmed = ACCEPTED, "", False

    def dismiss(self, index: int, confirm_identifying: bool = False) -> None:
        """Keep the text as written. For a name or number from the case file
        (:data:`IDENTIFYING_KINDS`) only with ``confirm_identifying=True``."""
        f = self._at(index)
        if f.identifying and not confirm_identifying:
            raise DomainError(f"Diese Fundstelle ({f.kind_label}) ist ein Name oder eine Nummer "
                              "aus der Akte. Sie kann nur nach ausdrücklicher Bestätigung "
                              "unverändert gesendet werden – bitte übernehmen oder bearbeiten.")
        f.decision, f.replacement = DISMISSED, ""
        f.confirmed = f.identifying

    def edit(self, index: int, replacement: str) -> None:
        f = self._at(index)
        replacement = replacement.strip()
        if not replacement:
            raise DomainError("Bitte einen Ersatztext eingeben oder die Fundstelle verwerfen.")
        if self._checker is not None:
            leaks = [g for g in self._checker(replacement)
                     if g.kind in ("known_name", "person_name", "phone", "email", "address")]
            if leaks:
                raise DomainError(f"Der Ersatztext enthält selbst etwas Persönliches "
                                  f"(„{leaks[0].text}“). Bitte neutral formulieren.")
        f.decision, f.replacement, f.confirmed = EDITED, replacement, False

    # state
    @property
    def open_findings(self) -> list[int]:
        return [i for i, f in enumerate(self.findings) if not f.decided]

    def ready(self) -> bool:
        return not self.open_findings

    def is_current(self, content: ReconstructionContent) -> bool:
        return content_hash(content) == self.content_hash

    def counts_by_kind(self) -> dict[str, int]:
        return dict(sorted(Counter(f.kind for f in self.findings).items()))

    def decision_counts(self) -> dict[str, int]:
        counts = Counter(f.decision for f in self.findings if f.decided)
        return {d: counts.get(d, 0) for d in DECISIONS}

    def dismissed_identifying(self) -> dict[str, int]:
        """Names and numbers from the case file confirmed to be sent unchanged, by kind."""
        counts = Counter(f.kind for f in self.findings
                         if f.decided and f.decision == DISMISSED and f.identifying)
        return dict(sorted(counts.items()))

    def final_fields(self) -> dict[str, str]:
        """Each field with every decision applied (dismissed findings stay as written)."""
        out = dict(self.fields)
        for key, text in self.fields.items():
            mine = [Finding(f.kind, f.start, f.end, f.text, f.final)
                    for f in self.findings if f.field == key]
            out[key] = apply(text, mine) if mine else text
        return out

    def final_content(self, content: ReconstructionContent) -> ReconstructionContent:
        if not self.is_current(content):
            raise DomainError("Der Text wurde nach der Prüfung geändert. Bitte erneut prüfen.")
        if not self.ready():
            raise DomainError(f"Es sind noch {len(self.open_findings)} Fundstellen offen. "
                              "Bitte jede übernehmen, bearbeiten oder verwerfen.")
        return with_fields(content, self.final_fields())

    # persistence (inside the encrypted case file only: findings quote the original text)
    def to_json(self) -> dict[str, Any]:
        return {"fields": self.fields, "content_hash": self.content_hash,
                "findings": [vars(f).copy() for f in self.findings]}

    @classmethod
    def from_json(cls, data: Mapping[str, Any],
                  checker: Callable[[str], list[Finding]] | None = None) -> Review:
        return cls(dict(data.get("fields", {})),
                   [ReviewFinding(**f) for f in data.get("findings", [])],
                   str(data.get("content_hash", "")), checker)


# -- payload and last view -----------------------------------------------------------------
def _iso(moment: datetime) -> str:
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")


def _diagram(content: ReconstructionContent) -> dict[str, Any]:
    chain = content.chain
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    for n in chain.nodes:
        kind = CM_LANE if n.id == CM_NODE else (n.life_area or CM_LANE)
        nodes.append({"id": n.id, "label": (n.label.strip() or "Stelle")[:200], "kind": kind})
        if n.broken:
            nodes.append({"id": f"b-{n.id}", "label": (n.note.strip() or "Bruchstelle")[:200],
                          "kind": "break"})
            edges.append({"from": n.id, "to": f"b-{n.id}", "label": "Bruchstelle"})
    known = {n["id"] for n in nodes}
    for h in chain.handoffs:
        if h.source in known and h.target in known:
            label = month_label(h.month)
            if h.broken:
                label += " – unterbrochen" + (f": {h.note.strip()}" if h.note.strip() else "")
            edges.append({"from": h.source, "to": h.target, "label": label[:200]})
    for f in content.factors:
        if f.text.strip():
            nodes.append({"id": f.id, "label": f.text.strip()[:200], "kind": "factor"})
    ids = {n["id"] for n in nodes}
    for d in content.dependencies:
        if d.source in ids and d.target in ids and d.source != d.target:
            edges.append({"from": d.source, "to": d.target,
                          "label": DEPENDENCY_KINDS.get(d.kind, d.kind)})
    return {"nodes": nodes[:100], "edges": edges[:300]}


def build_payload(content: ReconstructionContent, review: Review,
                  reviewed_at: datetime) -> dict[str, Any]:
    """The allow-listed payload: abstracted content only (types, life areas, relative time).

    ``content`` is the reconstruction as saved; the review's decisions are applied here,
    and a stale or unfinished review is refused.
    """
    final = review.final_content(content)
    narrative = final.narrative.strip()
    if final.goal.strip():
        narrative = f"Zielsetzung: {final.goal.strip()}\n\n{narrative}"
    types = [n.institution_type for n in final.chain.nodes
             if n.id != CM_NODE and n.institution_type]
    payload: dict[str, Any] = {
        "schema": SCHEMA,
        "id": final.uid,
        "title": final.title.strip()[:200],
        "life_areas": list(dict.fromkeys(final.life_areas)),
        "narrative": narrative,
        "generative_theme": final.generative_theme.strip(),
        "review": {"reviewed_at": _iso(reviewed_at),
                   "findings_by_kind": review.counts_by_kind()},
        "institution_types": sorted(set(types)),
        "hindering_factors": [f.text.strip()[:500] for f in final.factors if f.text.strip()],
        "diagram": _diagram(final),
    }
    return payload


def full_view(payload: Mapping[str, Any],
              dismissed_identifying: Mapping[str, int] | None = None) -> str:
    """The payload as German text: exactly what is sent, nothing else.

    ``dismissed_identifying`` (:meth:`Review.dismissed_identifying`) adds the warning that
    names or numbers from the case file stand in the text above because the case manager
    confirmed it; the count itself stays local (it is not part of the payload).
    """
    def itype(t: str) -> str:
        return catalogues.label("institution_types", t)

    lines = [f"Titel: {payload['title']}", ""]
    lines.append("Lebensbereiche: " + ", ".join(life_area_label(a)
                                                for a in payload["life_areas"]))
    if payload.get("institution_types"):
        lines.append("Beteiligte Stellen (nur Art): "
                     + ", ".join(itype(t) for t in payload["institution_types"]))
    lines += ["", "Fallschilderung:", payload["narrative"], ""]
    if payload.get("hindering_factors"):
        lines.append("Hinderliche Faktoren:")
        lines += [f"  • {f}" for f in payload["hindering_factors"]]
        lines.append("")
    diagram = payload.get("diagram") or {"nodes": [], "edges": []}
    if diagram["nodes"]:
        label = {n["id"]: n["label"] for n in diagram["nodes"]}
        lines.append("Schaubild (Dienstleistungskette):")
        for n in diagram["nodes"]:
            if n.get("kind") not in ("factor", "break"):
                lines.append(f"  □ {n['label']} – {life_area_label(n.get('kind', ''), True)}")
        for e in diagram["edges"]:
            lines.append(f"  {label[e['from']]} → {label[e['to']]}"
                         + (f" ({e['label']})" if e.get("label") else ""))
        lines.append("")
    lines += ["Generatives Thema:", payload["generative_theme"], ""]
    counts = payload["review"]["findings_by_kind"]
    total = sum(counts.values())
    detail = ", ".join(f"{KIND_LABELS.get(k, k)}: {n}" for k, n in counts.items())
    lines.append(f"Datenschutzprüfung: {total} Fundstelle{'n' if total != 1 else ''} "
                 f"entschieden" + (f" ({detail})" if detail else "") + ".")
    kept = {k: n for k, n in (dismissed_identifying or {}).items() if n}
    if kept:
        n = sum(kept.values())
        detail = ", ".join(f"{KIND_LABELS.get(k, k)}: {c}" for k, c in sorted(kept.items()))
        lines.append(f"ACHTUNG – ausdrücklich bestätigt und unverändert im Text: {n} "
                     f"Angabe{'n' if n != 1 else ''} aus der Akte ({detail}).")
        lines.append("Sonst nicht enthalten: Namen, Fall- und Personennummern, genaue Daten, "
                     "Orte unterhalb des Planungsraums.")
    else:
        lines.append("Nicht enthalten: Namen, Fall- und Personennummern, genaue Daten, Orte "
                     "unterhalb des Planungsraums.")
    return "\n".join(lines)
