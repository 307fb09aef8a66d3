"""Synthetic, already-anonymised case reconstructions (payload ``kimdesk.reconstruction/1``)
for the demo district and the workspace's tests: plausible chains of services around
invented situations, no names, relative time only."""

import random
from typing import Any

#: (title, life areas, institution types with life area, break at index, factors, theme)
Pattern = tuple[str, tuple[str, ...], tuple[tuple[str, str, str], ...], int, tuple[str, ...], str]
PATTERNS: tuple[Pattern, ...] = (
    ("Kein Kitaplatz – kein Sprachkurs", ("childcare", "language"),
     (("kita", "childcare", "Kita"), ("language_course_provider", "language", "Sprachkursträger"),
      ("jobcenter", "work", "Jobcenter")), 0,
     ("kein Kitaplatz in Wohnortnähe", "Sprachkurs nur vormittags"),
     "Die Vereinbarkeit von Familie und Qualifizierung wird durch angemessene Kinderbetreuung "
     "gewährleistet."),
    ("Anerkennung des Abschlusses dauert", ("recognition", "work"),
     (("recognition_counselling", "recognition", "Anerkennungsberatung"),
      ("jobcenter", "work", "Jobcenter"), ("employment_agency", "work", "Agentur für Arbeit")), 0,
     ("Unterlagen müssen übersetzt werden", "lange Bearbeitungszeit"),
     "Zugewanderte Fachkräfte arbeiten zügig in ihrem erlernten Beruf."),
    ("Wohnungssuche mit Duldung", ("housing", "residence"),
     (("immigration_office", "residence", "Ausländerbehörde"),
      ("social_welfare_office", "livelihood", "Sozialamt"),
      ("housing_provider", "housing", "Wohnungsanbieter")), 1,
     ("Vermieter verlangen einen gesicherten Aufenthalt", "kurze Duldungsfristen"),
     "Menschen mit unsicherem Aufenthalt finden angemessenen Wohnraum."),
    ("Schulplatz für Seiteneinsteiger", ("school", "language"),
     (("school_office", "school", "Schulamt"), ("school", "school", "Schule"),
      ("jmd", "language", "Jugendmigrationsdienst")), 0,
     ("keine freien Plätze in Seiteneinsteigerklassen",),
     "Neu zugewanderte Kinder und Jugendliche besuchen zeitnah eine Schule."),
    ("Termine beim Jobcenter ohne Sprachmittlung", ("work", "livelihood"),
     (("jobcenter", "work", "Jobcenter"), ("mbe", "orientation", "MBE"),
      ("language_course_provider", "language", "Sprachkursträger")), 0,
     ("keine Sprachmittlung bei Terminen", "Bescheide nicht verständlich"),
     "Beratungsgespräche in Behörden sind für alle verständlich."),
    ("Gesundheitsversorgung ohne Krankenversicherung", ("health", "livelihood"),
     (("health_service", "health", "Gesundheitsamt"),
      ("social_welfare_office", "livelihood", "Sozialamt")), 1,
     ("Zuständigkeit zwischen Ämtern ungeklärt",),
     "Alle Menschen im Kreis erhalten die nötige Gesundheitsversorgung."),
)


def reconstruction_payload(n: int, rng: random.Random | None = None) -> dict[str, Any]:
    """The ``n``-th synthetic reconstruction; patterns repeat with variations, so similar
    ones exist to be bundled."""
    rng = rng or random.Random(n)
    title, areas, chain, broken, factors, theme = PATTERNS[n % len(PATTERNS)]
    nodes: list[dict[str, str]] = [{"id": "cm", "label": "Case Management (KIM)",
                                    "kind": "case_management"}]
    edges: list[dict[str, str]] = []
    month = 1
    for i, (_type, area, label) in enumerate(chain):
        nid = f"n{i}"
        nodes.append({"id": nid, "label": label, "kind": area})
        month += rng.randint(0, 2)
        text = f"Monat {month}"
        if i == broken:
            text += " – unterbrochen: " + factors[0]
        edges.append({"from": "cm", "to": nid, "label": text[:200]})
    b = f"n{broken}"
    nodes.append({"id": f"b-{b}", "label": factors[0], "kind": "break"})
    edges.append({"from": b, "to": f"b-{b}", "label": "Bruchstelle"})
    for j, f in enumerate(factors):
        nodes.append({"id": f"f{j}", "label": f, "kind": "factor"})
    narrative = (f"Eine ratsuchende Person wendet sich an das Case Management. "
                 f"Beteiligt sind {', '.join(c[2] for c in chain)}. Im Verlauf zeigt sich: "
                 f"{'; '.join(factors)}. Der Fall zeigt, wo die Dienstleistungskette bricht.")
    return {
        "schema": "kimdesk.reconstruction/1", "id": f"rek-{n:04d}",
        "title": f"{title} ({n + 1})", "life_areas": list(areas),
        "institution_types": sorted({c[0] for c in chain}),
        "narrative": narrative, "hindering_factors": list(factors),
        "generative_theme": theme,
        "diagram": {"nodes": nodes, "edges": edges},
        "review": {"reviewed_at": "2026-10-01T10:00Z", "findings_by_kind": {"name": 1}},
    }
