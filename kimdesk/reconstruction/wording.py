"""Wording of a reconstruction: the generative theme and the role words that replace names.

Pure functions. The roles are what the scrubber puts where a name stood ("die Klientin",
"die Tochter (3–5 J.)"); children get the scrubber's age band, so our own text is never a
finding.
"""

from __future__ import annotations

import re
from datetime import date

from kimdesk.core.dates import PartialDate
from kimdesk.core.errors import DomainError
from kimdesk.privacy.pii_patterns import age_band

THEME_VERBS = ("gewährleistet", "ermöglicht", "sichergestellt", "gefördert", "gestärkt",
               "erleichtert", "verbessert", "abgestimmt", "verkürzt", "unterstützt")
_NEGATIVE = re.compile(r"\b(kein\w*|nicht|fehl\w*|mangel\w*|problem\w*|scheiter\w*)\b",
                       re.IGNORECASE)


def compose_theme(subject: str, verb: str, context: str = "", means: str = "") -> str:
    """'<subject> wird <context> <means> <verb>.' — the positive target state of Kleve 5.5.1."""
    subject = subject.strip().rstrip(".")
    if not subject:
        raise DomainError("Bitte angeben, was erreicht sein soll (z. B. „Die Vereinbarkeit "
                          "von Familie und Qualifizierung“).")
    verb = verb.strip() or THEME_VERBS[0]
    parts = [subject[0].upper() + subject[1:], "wird", context.strip(), means.strip(), verb]
    return " ".join(p for p in parts if p) + "."


def theme_hints(text: str) -> list[str]:
    """Gentle German hints when a theme is not yet a positive target state."""
    text = text.strip()
    if not text:
        return ["Bitte das generative Thema als erreichten Zielzustand formulieren."]
    hints = []
    if not re.search(r"\b(wird|werden|ist|sind)\b", text):
        hints.append("Als Zielzustand formulieren: „… wird … gewährleistet/ermöglicht.“")
    if _NEGATIVE.search(text):
        hints.append("Positiv formulieren: beschreiben, was erreicht ist – nicht, was fehlt.")
    if not any(v in text for v in THEME_VERBS):
        hints.append("Ein Verb wie „gewährleistet“, „ermöglicht“ oder „sichergestellt“ macht "
                     "den Zielzustand deutlich.")
    return hints


_ROLES = {
    "spouse": {"f": "die Ehefrau", "m": "der Ehemann", "": "die Ehepartnerin/der Ehepartner"},
    "partner": {"f": "die Partnerin", "m": "der Partner", "": "die Partnerperson"},
    "parent": {"f": "die Mutter", "m": "der Vater", "": "ein Elternteil"},
    "sibling": {"f": "die Schwester", "m": "der Bruder", "": "das Geschwister"},
    "grandparent": {"f": "die Großmutter", "m": "der Großvater", "": "ein Großelternteil"},
    "grandchild": {"f": "die Enkelin", "m": "der Enkel", "": "das Enkelkind"},
}


def client_role(sex: str) -> str:
    return {"f": "die Klientin", "m": "der Klient"}.get(sex, "die ratsuchende Person")


def member_role(relation: str, sex: str, birth_date: str | None, on: date) -> str:
    """'der Ehemann', 'die Tochter (3–5 J.)' — children with their age band (the scrubber's
    bands, so our own text is never a finding), never their name or exact age."""
    if relation == "child":
        base = {"f": "die Tochter", "m": "der Sohn"}.get(sex, "das Kind")
        pd = PartialDate.from_iso(birth_date) if birth_date else None
        if pd is None:
            return base
        lo, hi = age_band(max(0, pd.age_on(on)))
        return f"{base} ({lo}–{hi} J.)"
    roles = _ROLES.get(relation)
    if roles is None:
        return "eine angehörige Person"
    return roles.get(sex, roles[""])


def age_band_label(birth_date: str | None, on: date) -> str:
    pd = PartialDate.from_iso(birth_date) if birth_date else None
    if pd is None:
        return ""
    lo, hi = age_band(max(0, pd.age_on(on)))
    return f"{lo}–{hi} Jahre"


def dative(role: str) -> str:
    """'der Ehemann' → 'dem Ehemann', 'die Tochter (3–5 J.)' → 'der Tochter (3–5 J.)'."""
    for a, b in (("der ", "dem "), ("die ", "der "), ("das ", "dem ")):
        if role.startswith(a):
            return b + role[len(a):]
    return role
