"""The scrubber's resources, found through the one resource lookup (also in a frozen build).

Name lists, district place lists and the German noun lexicon are what the scrubber knows.
Without them it would find less and say nothing — a privacy failure that looks like a
clean text. So a missing resource is an error with a German sentence, and the desk refuses
to review or queue a reconstruction until the installation is complete.
"""

from __future__ import annotations

import gzip
from functools import lru_cache
from pathlib import Path

from kimdesk.catalogues import resource_path
from kimdesk.core.errors import DomainError


class ScrubberResourcesMissing(DomainError):
    """Part of the scrubber's word lists is not installed."""


def names_folder() -> Path:
    return resource_path("names")


def districts_folder() -> Path:
    return resource_path("districts")


def lexicon_file() -> Path:
    return resource_path("lexicon", "de-nouns.txt.gz")


def check() -> None:
    """Raise :class:`ScrubberResourcesMissing` unless every list is there and not empty."""
    missing = []
    if not any(names_folder().glob("*.json")) if names_folder().is_dir() else True:
        missing.append("Namenslisten")
    if not any(districts_folder().glob("*.json")) if districts_folder().is_dir() else True:
        missing.append("Ortslisten der Kreise")
    if not lexicon_file().is_file():
        missing.append("Wortliste (Substantive)")
    if missing:
        raise ScrubberResourcesMissing(
            "Die Datenschutzprüfung ist in dieser Installation unvollständig (es fehlen: "
            f"{', '.join(missing)}). Ohne sie würden Namen übersehen; deshalb wird nichts "
            "geprüft oder gesendet. Bitte KIMdesk neu installieren oder den Support fragen.")


@lru_cache(maxsize=1)
def german_nouns() -> frozenset[str]:
    """Every form of the German common nouns, lower case, umlauts spelled out (ae, oe, ue,
    ss) so that "Kurstraeger" and "Kursträger" meet."""
    check()
    with gzip.open(lexicon_file(), "rt", encoding="utf-8") as f:
        return frozenset(spelled(line.strip()) for line in f
                         if line.strip() and not line.startswith("#"))


def spelled(word: str) -> str:
    """Umlauts and ß as typed without them ("Kurstraeger" = "Kursträger")."""
    return word.replace("ä", "ae").replace("ö", "oe").replace("ü", "ue").replace("ß", "ss")
