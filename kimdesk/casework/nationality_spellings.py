"""Staatsangehörigkeit as district Excel lists write it → the catalogue's country code.

Accepted: the catalogue label ("Syrien"), with or without article ("die Türkei"), the
official long name ("Syrische Arabische Republik"), the adjective in every gender and case
("syrisch", "Syrische", "SYRISCHER"), the person ("Syrerin", "Afghane"), ISO 3166 alpha-2
("SY") and alpha-3 ("SYR"), and the Destatis Staatsangehörigkeitsschlüssel ("475"). What
matches none of them is returned as unknown, for a choice in the import preview.
"""

import json
import re
import unicodedata
from functools import lru_cache

from kimdesk import catalogues

_ARTICLES = re.compile(r"^(die|der|das|den|dem|des|the)\s+", re.IGNORECASE)
_ENDINGS = ("", "e", "er", "es", "en", "em")


def _key(text: str) -> str:
    text = unicodedata.normalize("NFKC", str(text)).strip()
    text = _ARTICLES.sub("", text).casefold()
    for a, b in (("ä", "ae"), ("ö", "oe"), ("ü", "ue"), ("ß", "ss")):
        text = text.replace(a, b)
    return "".join(ch for ch in text if ch.isalnum())


@lru_cache(maxsize=1)
def _table() -> dict[str, str]:
    table: dict[str, str] = {}
    for entry in catalogues.catalogue("nationalities"):
        table[_key(entry.id)] = entry.id
        table[_key(entry.label)] = entry.id
    path = catalogues.resource_path("spellings", "nationalities.json")
    for raw in json.loads(path.read_text(encoding="utf-8"))["entries"]:
        cid = raw["id"]
        words = [raw["alpha3"], raw["destatis"], *raw["people"], *raw["names"]]
        words += [stem + ending for stem in raw["adjectives"] for ending in _ENDINGS]
        for word in words:
            if word:
                table.setdefault(_key(word), cid)
    return table


def match_nationality(text: str) -> str | None:
    """The catalogue id for one written nationality, or None when it is not known."""
    key = _key(text)
    if not key:
        return None
    if key.isdigit():
        key = key.zfill(3)  # Excel drops leading zeros: 0 → 000 (deutsch)
    return _table().get(key)
