"""Fixed labels of the printouts in German and the client's language.

The texts live in ``resources/translations/<code>.json`` as reviewable data: each label
has its ``text``, its ``source`` and its ``review_status`` ("reviewed" once a native
speaker checked it). German (``de.json``) holds the keys every language must have.
"""

import json
from dataclasses import dataclass
from functools import lru_cache
from types import MappingProxyType
from typing import Any

from kimdesk.catalogues import label as catalogue_label
from kimdesk.catalogues import resource_path
from kimdesk.core.errors import DomainError
from kimdesk.printing import fonts

REVIEWED = "reviewed"


@dataclass(frozen=True)
class Translation:
    code: str
    label: str  # German name of the language, e.g. "Arabisch"
    native_name: str
    rtl: bool
    script: str
    texts: MappingProxyType
    review: MappingProxyType  # key -> review_status
    sources: MappingProxyType

    @property
    def fully_reviewed(self) -> bool:
        return all(status == REVIEWED for status in self.review.values())


def translation_codes() -> list[str]:
    folder = resource_path("translations")
    return sorted(p.stem for p in folder.glob("*.json")) if folder.is_dir() else []


@lru_cache(maxsize=32)
def load(code: str) -> Translation:
    path = resource_path("translations", f"{code}.json")
    if not path.is_file():
        raise DomainError(_unknown_language(code))
    data = json.loads(path.read_text(encoding="utf-8"))
    labels: dict[str, Any] = data["labels"]
    return Translation(
        code=data["language"], label=data["label"], native_name=data["native_name"],
        rtl=bool(data["rtl"]), script=data["script"],
        texts=MappingProxyType({k: v["text"] for k, v in labels.items()}),
        review=MappingProxyType({k: v["review_status"] for k, v in labels.items()}),
        sources=MappingProxyType({k: v["source"] for k, v in labels.items()}))


def _unknown_language(code: str) -> str:
    offered = ", ".join(f"{c} ({load(c).label})" for c in printable_languages())
    return f"Für die Sprache „{code}“ gibt es keine Übersetzung der Ausdrucke. " \
           f"Verfügbar: {offered}."


def printable_languages() -> list[str]:
    """Codes with a translation whose script has an installed font (German first)."""
    out = []
    for code in translation_codes():
        script = json.loads(resource_path("translations", f"{code}.json").read_text(
            encoding="utf-8"))["script"]
        if fonts.available(fonts.SCRIPT_FAMILY.get(script, "Latn")):
            out.append(code)
    return sorted(out, key=lambda c: (c != "de", c))


class Labels:
    """German label plus the same label in the second language (None when German only)."""

    def __init__(self, code: str = "de") -> None:
        code = (code or "de").strip().lower()
        if code not in translation_codes():
            raise DomainError(_unknown_language(code))
        self.german = load("de")
        self.other = None if code == "de" else load(code)
        if self.other is not None:
            family = fonts.SCRIPT_FAMILY.get(self.other.script, "Latn")
            fonts.face(family)  # raises FontMissingError (a DomainError) with a German text
            missing = set(self.german.texts) - set(self.other.texts)
            if missing:
                raise DomainError(f"Der Übersetzung „{code}“ fehlen Beschriftungen: "
                                  f"{', '.join(sorted(missing))}.")

    @property
    def code(self) -> str:
        return self.other.code if self.other else "de"

    @property
    def bilingual(self) -> bool:
        return self.other is not None

    @property
    def rtl(self) -> bool:
        return bool(self.other and self.other.rtl)

    @property
    def script(self) -> str:
        return fonts.SCRIPT_FAMILY.get(self.other.script, "Latn") if self.other else "Latn"

    @property
    def needs_review(self) -> bool:
        return bool(self.other and not self.other.fully_reviewed)

    def de(self, key: str, **fmt: Any) -> str:
        return self.german.texts[key].format(**fmt)

    def tr(self, key: str, **fmt: Any) -> str | None:
        if self.other is None:
            return None
        return self.other.texts[key].format(**fmt)


def life_area_label(area_id: str) -> str:
    return catalogue_label("life_areas", area_id) if area_id else ""
