"""The mandatory review of a case reconstruction before it may leave the laptop.

Every free field (title, goal, narrative, generative theme, each hindering factor, every
label and note in the service chain) is scrubbed; each finding must then be accepted,
edited or dismissed by the case manager. Dismissing an *identifying* finding (a name or
number from the case file, :data:`IDENTIFYING_KINDS`) needs an explicit confirmation and is
counted separately (:meth:`Review.dismissed_identifying`). Only when none is open is the
review :meth:`Review.ready`. The review remembers a hash of everything that would be sent, so
any later change of text makes it stale (:meth:`Review.is_current`) and a new scrub is
needed. :mod:`kimdesk.reconstruction.payload` builds what is sent from the reviewed content.

Pure Python: no database, no Qt.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from kimdesk.core.errors import DomainError
from kimdesk.privacy.scrubber import Finding, KnownPerson, apply, scrub
from kimdesk.reconstruction.content import (
    ReconstructionContent,
    content_hash,
    free_fields,
    with_fields,
)

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

#: Kinds that point to the person for certain (from the case file or an unambiguous number):
#: sending them unchanged needs ``dismiss(..., confirm_identifying=True)``. Heuristic kinds
#: (person_name, place, date, age) have false positives and may be dismissed directly.
IDENTIFYING_KINDS = frozenset({
    "known_name", "date_of_birth", "phone", "email", "iban", "address", "postcode", "tax_id",
    "social_insurance_no", "residence_document_no", "health_insurance_no", "file_number",
})


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
    out: list[Finding] = []
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


