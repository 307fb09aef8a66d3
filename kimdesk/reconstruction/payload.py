"""The allow-listed ``reconstruction`` payload and the German view of exactly what is sent.

:func:`build_payload` turns reviewed content into the abstracted payload (institution types,
life areas, relative time — never names or exact dates); :func:`full_view` renders exactly
that payload as the text the case manager sees last ("Das wird gesendet").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from kimdesk import catalogues
from kimdesk.reconstruction.content import ReconstructionContent
from kimdesk.reconstruction.review import KIND_LABELS, Review
from kimdesk.reconstruction.service_chain import (
    CM_LANE,
    CM_NODE,
    DEPENDENCY_KINDS,
    life_area_label,
    month_label,
)

SCHEMA = "kimdesk.reconstruction/1"


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
