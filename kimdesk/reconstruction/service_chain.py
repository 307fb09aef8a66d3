"""The service chain of a case (Dienstleistungskette, Kleve 5.5.1).

Pure data, no Qt and no database: life areas are lanes, institutions are nodes (by type,
never by name), hand-offs go in time order, break points are marked on nodes or hand-offs,
hindering factors depend on each other. :func:`propose_chain` reads the chain from what the
case file tells; :mod:`kimdesk.reconstruction.layout` places it for screen and paper.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from kimdesk import catalogues

CM_NODE = "cm"
CM_LANE = "case_management"
CM_LABEL = "Case Management (KIM)"
#: Referral outcomes that mean the chain broke at this hand-off.
BROKEN_OUTCOMES = {
    "waiting_list": "Warteliste",
    "declined_by_service": "von der Stelle abgelehnt",
    "client_did_not_go": "Termin nicht wahrgenommen",
}
DEPENDENCY_KINDS = {"requires": "ist Voraussetzung für", "reinforces": "verstärkt"}

_NUMBERS = ("", "einem", "zwei", "drei", "vier", "fünf", "sechs", "sieben", "acht", "neun",
            "zehn", "elf", "zwölf")
_ORDINALS = ("", "ersten", "zweiten", "dritten", "vierten", "fünften", "sechsten", "siebten",
             "achten", "neunten", "zehnten", "elften", "zwölften")


# -- relative time ----------------------------------------------------------------------
def month_of(opened: date, when: date) -> int:
    """Month of the case in which ``when`` falls: 1 for the first 30 days."""
    return max(1, (when - opened).days // 30 + 1)


def month_label(month: int) -> str:
    return f"Monat {month}"


def month_phrase(month: int) -> str:
    """'im ersten Monat', 'nach drei Monaten', 'nach 14 Monaten'."""
    if month <= 1:
        return "im ersten Monat"
    n = month - 1
    word = _NUMBERS[n] if n < len(_NUMBERS) else str(n)
    return f"nach {word} Monat" + ("" if n == 1 else "en")


# -- labels -------------------------------------------------------------------------------
def life_area_label(area: str, short: bool = False) -> str:
    if area == CM_LANE:
        return "Case Management"
    found = {e.id: e for e in catalogues.catalogue("life_areas")}.get(area)
    if found is None:
        return area
    return str(found.extra.get("short_label", found.label)) if short else found.label


def institution_label(institution_type: str) -> str:
    """The type's German name; its short form where the long one would not fit a box."""
    found = {e.id: e for e in catalogues.catalogue("institution_types")}.get(institution_type)
    if found is None:
        return institution_type or "Stelle"
    if len(found.label) <= 26:
        return found.label
    return str(found.extra.get("short_label", found.label))


# -- the chain --------------------------------------------------------------------------
@dataclass
class ChainNode:
    id: str
    institution_type: str
    life_area: str
    label: str
    month: int = 1
    broken: bool = False
    note: str = ""  # why it stalls here; free text, scrubbed before sending


@dataclass
class Handoff:
    source: str
    target: str
    month: int = 1
    broken: bool = False
    note: str = ""


@dataclass
class Factor:
    """A hindering factor (hinderlicher Faktor) in a life area."""

    id: str
    text: str
    life_area: str = ""


@dataclass
class Dependency:
    source: str  # factor id
    target: str  # factor id
    kind: str = "requires"


@dataclass
class Involvement:
    """One institution touching the case, as read from referrals, contacts or gap reports."""

    institution_type: str
    life_area: str
    month: int
    outcome: str = ""  # referral outcome
    gap: str = ""      # gap category label: the chain stalls at this institution
    access: bool = False  # the institution that reported the case (Ebene 2)


@dataclass
class ServiceChain:
    lanes: list[str] = field(default_factory=list)
    nodes: list[ChainNode] = field(default_factory=list)
    handoffs: list[Handoff] = field(default_factory=list)
    positions: dict[str, tuple[float, float]] = field(default_factory=dict)

    def node(self, node_id: str) -> ChainNode | None:
        return next((n for n in self.nodes if n.id == node_id), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "lanes": list(self.lanes),
            "nodes": [vars(n).copy() for n in self.nodes],
            "handoffs": [vars(h).copy() for h in self.handoffs],
            "positions": {k: [round(x, 1), round(y, 1)] for k, (x, y) in self.positions.items()},
        }

    @classmethod
    def from_json(cls, data: dict[str, Any] | None) -> ServiceChain:
        data = data or {}
        return cls(
            lanes=list(data.get("lanes", [])),
            nodes=[ChainNode(**n) for n in data.get("nodes", [])],
            handoffs=[Handoff(**h) for h in data.get("handoffs", [])],
            positions={k: (float(v[0]), float(v[1]))
                       for k, v in (data.get("positions") or {}).items()},
        )


def propose_chain(involvements: Iterable[Involvement], lanes: Iterable[str]) -> ServiceChain:
    """The chain as the case file tells it: one node per institution type and life area,
    the case management in its own lane, hand-offs in time order, breaks marked."""
    items = sorted(involvements, key=lambda i: (not i.access, i.month))
    chain = ServiceChain(lanes=list(dict.fromkeys(lanes)))
    chain.nodes.append(ChainNode(CM_NODE, "kim_case_management", CM_LANE, CM_LABEL, 1))
    by_key: dict[tuple[str, str], ChainNode] = {}
    for inv in items:
        itype = inv.institution_type or "other"
        area = inv.life_area or (chain.lanes[0] if chain.lanes else "orientation")
        if area not in chain.lanes:
            chain.lanes.append(area)
        node = by_key.get((itype, area))
        if node is None:
            node = ChainNode(f"n{len(by_key) + 1}", itype, area, institution_label(itype),
                             inv.month)
            by_key[(itype, area)] = node
            chain.nodes.append(node)
            if inv.access:
                chain.handoffs.append(Handoff(node.id, CM_NODE, inv.month))
        node.month = min(node.month, inv.month)
        if inv.gap:
            node.broken = True
            node.note = "; ".join(dict.fromkeys(filter(None, [*node.note.split("; "),
                                                               inv.gap])))
        if inv.access or (inv.gap and not inv.outcome):
            continue
        broken = inv.outcome in BROKEN_OUTCOMES
        chain.handoffs.append(Handoff(CM_NODE, node.id, inv.month, broken,
                                      BROKEN_OUTCOMES.get(inv.outcome, "")))
    chain.handoffs.sort(key=lambda h: h.month)
    return chain
