"""PII scrubber for case reconstructions (Fallrekonstruktionen, Kleve 5.5.1).

A reconstruction leaves the case manager's laptop for the district office, so everything that
points to a person is found and a neutral German replacement proposed. The case manager reviews
the proposals (they may edit them) and `apply` writes the final text. Pure Python, offline.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from kimdesk.privacy.pii_names import Pseudonyms, find_names, people
from kimdesk.privacy.pii_patterns import (
    Candidate,
    find_addresses,
    find_ages,
    find_dates,
    find_numbers,
)
from kimdesk.privacy.pii_places import default_places, find_places
from kimdesk.privacy.pii_resources import check as check_resources

__all__ = ["Finding", "KnownPerson", "ScrubResult", "apply", "scrub"]


@dataclass(frozen=True)
class KnownPerson:
    """A person named in the case file; `role` replaces the name ("die Klientin")."""

    name: str
    role: str


@dataclass(frozen=True)
class Finding:
    """One identifying passage `text` at [start, end) and its proposed replacement."""

    kind: str
    start: int
    end: int
    text: str
    proposal: str


@dataclass(frozen=True)
class ScrubResult:
    """All findings (sorted, non-overlapping) and the text with every proposal applied."""

    findings: tuple[Finding, ...]
    text: str


def _known_pairs(known: Sequence[KnownPerson | str]) -> list[tuple[str, str]]:
    pairs = []
    letters = iter("ABCDEFGHIJKLMNOPQRSTUVWXYZ")
    for k in known:
        if isinstance(k, KnownPerson):
            pairs.append((k.name, k.role))
        else:
            pairs.append((str(k), f"Person {next(letters, 'X')}"))
    return pairs


def _resolve(candidates: list[Candidate]) -> list[Candidate]:
    """Keep the best non-overlapping candidates: priority first, then the longer span."""
    chosen: list[Candidate] = []
    for c in sorted(candidates, key=lambda c: (-c.priority, -(c.end - c.start), c.start)):
        if c.end <= c.start:
            continue
        if all(c.end <= o.start or c.start >= o.end for o in chosen):
            chosen.append(c)
    return sorted(chosen, key=lambda c: c.start)


def _capitalise(text: str, c: Candidate) -> str:
    """Proposals that open a sentence start with a capital ("Der Klientin ...")."""
    before = text[: c.start].rstrip(" \t")
    p = c.proposal
    if p[:1].islower() and (not before or before[-1] in ".!?:\n"):
        return p[0].upper() + p[1:]
    return p


def scrub(
    text: str,
    known: Sequence[KnownPerson | str] = (),
    places: Mapping[str, str] | None = None,
    reference_date: date | None = None,
) -> ScrubResult:
    """Find identifying passages in `text` and propose replacements.

    `known`: people from the case file (their role replaces every spelling of the name).
    `places`: place name -> replacement ("im Planungsraum Süd"); None loads the district
    files shipped in resources/districts. `reference_date`: turns "am 12.03.2024" into
    relative time ("vor etwa 3 Monaten"); without it seasons are used ("im Frühjahr 2024").
    """
    check_resources()
    if places is None:
        places = default_places()
    candidates: list[Candidate] = []
    candidates += find_numbers(text)
    candidates += find_addresses(text)
    candidates += find_dates(text, reference_date)
    candidates += find_ages(text)
    candidates += find_names(text, people(_known_pairs(known)), Pseudonyms(text))
    candidates += find_places(text, places)
    findings = tuple(
        Finding(c.kind, c.start, c.end, text[c.start: c.end], _capitalise(text, c))
        for c in _resolve(candidates)
    )
    return ScrubResult(findings, apply(text, findings))


def apply(text: str, findings: Sequence[Finding]) -> str:
    """Replace each finding's span by its (possibly edited) proposal.

    Overlapping findings are skipped (the earlier-starting one wins) so that a user's edits
    can never corrupt the text; replacement runs right-to-left to keep offsets valid.
    """
    kept: list[Finding] = []
    last_end = -1
    for f in sorted(findings, key=lambda f: (f.start, -f.end)):
        if f.start < last_end or f.start < 0 or f.end > len(text) or f.end < f.start:
            continue
        kept.append(f)
        last_end = f.end
    out = text
    for f in reversed(kept):
        out = out[: f.start] + f.proposal + out[f.end:]
    return out
