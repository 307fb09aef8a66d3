"""Small municipalities and Ortsteile: in a rural district they narrow a case down to a few
families, so they are replaced by the planning area (Planungsraum) they belong to."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator, Mapping
from functools import lru_cache
from pathlib import Path

from kimdesk.privacy.pii_lexicon import looks_like_german_noun
from kimdesk.privacy.pii_patterns import PRIORITY, Candidate
from kimdesk.privacy.pii_resources import check as check_resources
from kimdesk.privacy.pii_resources import districts_folder

DEFAULT_REPLACEMENT = "in einer Kommune im Kreis"
_AREA_TYPES = ("Regionalteam", "Planungsraum", "Clusterregion", "Cluster", "Region",
               "Fachteam", "Sozialraum", "Team")
_PREPOSITIONS = ("aus", "von", "nach", "bei", "zu", "vom", "zum")
_INSTITUTIONS = ("rathaus", "stadtverwaltung", "gemeindeverwaltung", "ortsteil", "stadtteil",
                 "gemeinde", "stadt")


def _area_phrase(area: str) -> str:
    for t in _AREA_TYPES:
        if area.startswith(t + " "):
            area = area[len(t) + 1:]
            break
    return f"im Planungsraum {area}" if area else DEFAULT_REPLACEMENT


@lru_cache(maxsize=4)
def _load(folder: str) -> dict[str, str]:
    out: dict[str, str] = {}
    root = Path(folder)
    if not root.is_dir():
        return out
    for path in sorted(root.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            for area in data.get("planning_areas", []):
                phrase = _area_phrase(str(area.get("name", "")).strip())
                for muni in area.get("municipalities", []):
                    if muni.get("name"):
                        out.setdefault(str(muni["name"]), phrase)
                    for ort in muni.get("districts_of_town", []) or []:
                        out.setdefault(str(ort), phrase)
        except (OSError, ValueError, AttributeError, TypeError):
            continue
    return out


def default_places() -> dict[str, str]:
    """Place -> replacement from resources/districts/*.json (an error when missing)."""
    check_resources()
    return dict(_load(str(districts_folder())))


def _adapt(replacement: str, prep: str) -> tuple[bool, str]:
    """(absorb the preposition?, text) for 'in X' / 'aus X' / bare 'X'."""
    if prep in ("in", "In"):
        r = replacement
        return True, (r[0].upper() + r[1:]) if prep == "In" else r
    if prep.lower() in _PREPOSITIONS:
        for a, b in (("im ", "dem "), ("in der ", "der "), ("in einer ", "einer "),
                     ("in ", "")):
            if replacement.startswith(a):
                return False, b + replacement[len(a):]
        return False, replacement
    for a, b in (("im ", "eine Kommune im "), ("in einer ", "eine "), ("in der ", "die "),
                 ("in ", "")):
        if replacement.startswith(a):
            return False, b + replacement[len(a):]
    return False, replacement


def find_places(text: str, places: Mapping[str, str]) -> Iterator[Candidate]:
    """Mentions of the given places; words that are also common German words ('Mehr',
    'Wetten') only count after a preposition."""
    names = sorted((p for p in places if len(p) >= 3), key=len, reverse=True)
    if not names:
        return
    rx = re.compile(r"(?<![\w-])(" + "|".join(re.escape(p) for p in names) + r")(?![\w-])")
    for m in rx.finditer(text):
        name = m.group(1)
        before = text[max(0, m.start() - 12): m.start()]
        pm = re.search(r"(\S+)\s$", before)
        prep = pm.group(1) if pm else ""
        if prep in ("Kreis", "Kreises", "Landkreis") or prep.endswith("-"):
            continue
        ambiguous = " " not in name and (
            looks_like_german_noun(name) or len(name) <= 4
            or (len(name) <= 6 and name.endswith(("en", "er", "el"))))
        if ambiguous and prep.lower() not in ("in", *_PREPOSITIONS, *_INSTITUTIONS):
            continue
        if prep.lower() in _INSTITUTIONS:
            value = places[name]
            proposal = "in einer Kommune " + value[3:] if value.startswith("im ") else value
            yield Candidate("place", m.start(), m.end(), proposal, PRIORITY["place"])
            continue
        absorb, proposal = _adapt(places[name], prep)
        start = m.start() - len(prep) - 1 if absorb and pm else m.start()
        yield Candidate("place", start, m.end(), proposal, PRIORITY["place"])
