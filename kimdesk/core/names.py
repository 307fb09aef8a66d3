"""One name folding for the whole house: search keys and the scrubber compare names by it.

Clients' names reach the case file through passports, German authorities, interpreters and
the clients themselves, so one person may be written "Yuliia Shevchenko", "Julia
Schewtschenko", "Юлия Шевченко" — or "محمد" next to "Mohammad".  :func:`fold` turns any of
these into lowercase ASCII letters so that the search index (``casework.name_keys``) and
the PII scrubber (``privacy.pii_names``) meet on the same spelling.  Stdlib only.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold", "is_abjad", "tokens"]

_NON_LETTERS = re.compile(r"[^a-z]+")
_ARABIC_RUN = re.compile(r"[\u0600-\u06ff\u0750-\u077f\ufb50-\ufeff]+")

# Shared Cyrillic table (Russian/Bulgarian defaults; BGN/PCGN-like, ASCII only).
_CYRILLIC = {
    "а": "a", "б": "b", "в": "v", "г": "g", "ґ": "g", "д": "d", "е": "e", "ё": "yo",
    "є": "ye", "ж": "zh", "з": "z", "и": "i", "і": "i", "ї": "yi", "й": "y", "к": "k",
    "л": "l", "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t",
    "у": "u", "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    # Serbian / Macedonian extras
    "ђ": "dj", "ј": "j", "љ": "lj", "њ": "nj", "ћ": "c", "џ": "dzh", "ѓ": "gj", "ќ": "kj",
    "ѕ": "dz",
}  # fmt: skip
# Ukrainian official romanisation differs for г and и.
_UKRAINIAN = {**_CYRILLIC, "г": "h", "и": "y"}
# Bulgarian: ъ is a full vowel, щ is "sht".
_BULGARIAN = {**_CYRILLIC, "ъ": "a", "щ": "sht"}
_UKRAINIAN_LETTERS = frozenset("іїєґ")
_CYRILLIC_VOWELS = frozenset("аеёиіїоуыэюяєъ")

_GREEK = {
    "α": "a", "β": "v", "γ": "g", "δ": "d", "ε": "e", "ζ": "z", "η": "i", "θ": "th",
    "ι": "i", "κ": "k", "λ": "l", "μ": "m", "ν": "n", "ξ": "x", "ο": "o", "π": "p",
    "ρ": "r", "σ": "s", "ς": "s", "τ": "t", "υ": "y", "φ": "f", "χ": "ch", "ψ": "ps",
    "ω": "o",
}  # fmt: skip

# Arabic script as written for Arabic, Farsi/Dari, Pashto, Urdu and Sorani names.  Short
# vowels are not written (harakat are combining marks and fall away), so "محمد" folds to
# "mhmd"; the matchers compare consonant skeletons for such spellings (:func:`is_abjad`).
# Waw and yeh are the long vowels u/i after a consonant and the consonants w/y elsewhere.
_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ء": "", "ؤ": "u", "ئ": "i",
    "ب": "b", "ت": "t", "ث": "th", "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh",
    "ر": "r", "ز": "z", "س": "s", "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z",
    "ع": "", "غ": "gh", "ف": "f", "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n",
    "ه": "h", "ة": "a", "ى": "a", "ـ": "",
    # Farsi / Dari
    "پ": "p", "چ": "ch", "ژ": "zh", "گ": "g", "ک": "k", "ۀ": "a",
    # Pashto
    "ټ": "t", "ډ": "d", "ړ": "r", "ږ": "zh", "ښ": "sh", "ځ": "dz", "څ": "ts", "ڼ": "n",
    "ې": "e", "ۍ": "i",
    # Urdu, Sorani
    "ٹ": "t", "ڈ": "d", "ڑ": "r", "ں": "n", "ے": "e", "ھ": "h", "ہ": "h", "ۃ": "a",
    "ڵ": "l", "ڕ": "r", "ۆ": "o", "ێ": "e", "ڤ": "v",
}  # fmt: skip
_ARABIC_GLIDES = {"و": ("w", "u"), "ي": ("y", "i"), "ی": ("y", "i")}
_ARABIC_LONG_VOWELS = frozenset("اأإآٱىۍېےۆێ")

# Latin letters that Unicode does not decompose, plus the Slavic hacek letters,
# which are spelled out (š -> sh) because English/German renderings use digraphs.
_LATIN_SPECIAL = {
    "š": "sh", "č": "ch", "ž": "zh", "ł": "l", "ø": "o", "æ": "ae", "œ": "oe",
    "đ": "d", "ð": "d", "þ": "th", "ı": "i", "ß": "ss", "ħ": "h", "ŧ": "t",
}  # fmt: skip
_GERMAN_UMLAUTS = {"ä": "ae", "ö": "oe", "ü": "ue"}


def _is_arabic(ch: str) -> bool:
    return "\u0600" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" or "\ufb50" <= ch <= "\ufeff"


def is_abjad(text: str) -> bool:
    """True if ``text`` is written in Arabic script (short vowels left unwritten)."""
    return any(_is_arabic(ch) for ch in text)


def _cyrillic_table(text: str) -> dict[str, str]:
    """Pick the romanisation for a name; one person's name is one language."""
    if any(ch in _UKRAINIAN_LETTERS for ch in text):
        return _UKRAINIAN
    for i, ch in enumerate(text):
        # Bulgarian uses ъ as a vowel between consonants; Russian only before vowels.
        following = text[i + 1] if i + 1 < len(text) else ""
        if ch == "ъ" and "а" <= following <= "я" and following not in _CYRILLIC_VOWELS:
            return _BULGARIAN
    return _CYRILLIC


def _romanise_arabic(run: str) -> str:
    """Romanise one Arabic-script word; waw/yeh are vowels after a sounded consonant.

    The article is written joined ("الحسن"); it becomes the particle "al" of its own, and
    a word-initial ain is heard as a vowel (علي → "ali", عمر → "amr").
    """
    if run.startswith("ال") and len(run) > 3:
        return "al " + _romanise_arabic(run[2:])
    if run[:1] in "عء":
        return "a" + _romanise_arabic(run[1:]) if len(run) > 1 else ""
    out: list[str] = []
    vowel_before = True  # at the start of a word a glide is a consonant
    for ch in run:
        if unicodedata.combining(ch):
            continue
        glide = _ARABIC_GLIDES.get(ch)
        if glide is not None:
            latin = glide[0] if vowel_before else glide[1]
        elif ch in _ARABIC:
            latin = _ARABIC[ch]
        else:
            latin = " " if not unicodedata.category(ch).startswith("L") else ""
        if latin == " ":
            vowel_before = True
        elif latin:
            vowel_before = latin[-1] in "aeiou" or ch in _ARABIC_LONG_VOWELS
        out.append(latin)
    return "".join(out)


def _greek(text: str, i: int) -> str:
    """Romanise the Greek letter at ``text[i]`` (ου is "ou")."""
    base = unicodedata.normalize("NFD", text[i])[0]
    if base == "υ" and i and unicodedata.normalize("NFD", text[i - 1])[0] == "ο":
        return "u"
    return _GREEK.get(base, " ")


def fold(text: str, german_umlauts: bool = False) -> str:
    """Lowercase ASCII spelling so different scripts and diacritics compare equal.

    Cyrillic (Ukrainian, Russian, Bulgarian, Serbian), Greek and Arabic script (Arabic,
    Farsi, Pashto, Urdu) are romanised, diacritics are stripped (ş→s, ș→s, ö→o, ł→l, ß→ss;
    š/č/ž become sh/ch/zh), and every non-letter (hyphen, apostrophe, digit, dot) becomes
    one space.  Umlauts fold to the bare vowel so Müller and Muller meet directly;
    ``german_umlauts`` spells them ae/oe/ue instead (the search index stores both).
    """
    lowered = unicodedata.normalize("NFC", text).casefold()
    if is_abjad(lowered):
        lowered = _ARABIC_RUN.sub(lambda m: _romanise_arabic(m.group()), lowered)
    table = _cyrillic_table(lowered)
    out: list[str] = []
    for i, ch in enumerate(lowered):
        if ch in table:
            out.append(table[ch])
        elif german_umlauts and ch in _GERMAN_UMLAUTS:
            out.append(_GERMAN_UMLAUTS[ch])
        elif ch in _LATIN_SPECIAL:
            out.append(_LATIN_SPECIAL[ch])
        elif "\u0370" <= ch <= "\u03ff" or "\u1f00" <= ch <= "\u1fff":
            out.append(_greek(lowered, i))
        else:
            out.append(ch)
    decomposed = unicodedata.normalize("NFKD", "".join(out))
    stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
    return _NON_LETTERS.sub(" ", stripped.casefold()).strip()


def tokens(text: str) -> list[str]:
    """Folded tokens of ``text`` (name particles such as ``al``/``van`` included)."""
    return fold(text).split()
