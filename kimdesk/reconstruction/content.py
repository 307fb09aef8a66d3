"""What a reconstruction would send: its content, its free-text fields and their hash.

Pure data: the review scrubs :func:`free_fields`, writes decisions back with
:func:`with_fields`, and knows by :func:`content_hash` whether the text changed since.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from kimdesk.reconstruction.service_chain import CM_NODE, Dependency, Factor, ServiceChain


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
