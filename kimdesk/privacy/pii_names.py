"""Person-name detection: names from the case file, name lists, triggers and heuristics.

Names of migrants reach German documents in many Latin spellings (Mohammad, Muhammad,
Mohamed), inflected ("Frau Al-Hassans") and misspelt, so matching works on a normalised
transliteration key plus a small edit distance rather than on exact strings.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from kimdesk.core.names import fold, is_abjad
from kimdesk.privacy.pii_lexicon import NOT_PERSON, is_german_word, looks_like_german_noun
from kimdesk.privacy.pii_patterns import PRIORITY, Candidate


def words(s: str) -> frozenset[str]:
    """Whitespace-separated word list as a set."""
    return frozenset(s.split())


RESOURCES = Path(__file__).resolve().parents[2] / "resources"

TOKEN_RE = re.compile(r"[^\W\d_]+(?:(?:['’]|-{1,2})[^\W\d_]+)*['’]?")
PARTICLES = words(
    "al el ul as ad ash at az de van von der den ter ten da di la le bin ibn abu bint")
HONORIFICS = {"Frau": "Frau", "Herr": "Herr", "Herrn": "Herrn", "Familie": "Familie",
              "Fam.": "Familie", "Fr.": "Frau", "Hr.": "Herr", "Eheleute": "Eheleute"}
KINSHIP = words(
    "Sohn Sohnes Tochter Ehemann Ehemannes Ehefrau Mann Bruder Bruders Schwester Onkel Onkels "
    "Tante Cousin Cousine Neffe Neffen Nichte Vater Vaters Mutter Großvater Großmutter Opa Oma "
    "Schwager Schwägerin Enkel Enkelin Kind Baby Säugling Stiefsohn Stieftochter Stiefvater "
    "Stiefmutter Halbbruder Halbschwester Partner Partnerin Lebensgefährte Lebensgefährtin "
    "Verlobte Verlobter Nachbar Nachbarin Freund Freundin Vermieter Vermieterin Dolmetscher "
    "Dolmetscherin Sprachmittler Sprachmittlerin Patin Pate Mitbewohner Mitbewohnerin "
    "Schwiegermutter Schwiegervater Schwiegersohn Schwiegertochter Zwillingsbruder "
    "Zwillingsschwester Klient Klientin Arbeitgeber Arbeitgeberin Kollege Kollegin "
    "Ehrenamtliche Ehrenamtlicher Betreuerin Betreuer Lehrerin Lehrer")
TITLES = words("Dr. Dr Prof. Prof Doktor Dipl.")
HONORIFIC_STOP = words(
    "Doktor Bürgermeister Bürgermeisterin Pfarrer Pfarrerin Ministerin Minister Direktor "
    "Direktorin Richter Richterin Rechtsanwalt Rechtsanwältin Anwalt Anwältin Kollege Kollegin "
    "und oder")
DATIVE = words("mit bei von vom zu zum zur nach aus seit gegenüber gemeinsam samt")
ACCUSATIVE = words("für gegen ohne um durch")
DETERMINERS = words(
    "der die das des dem den ein eine einer eines einem einen ihr ihre ihrem ihren ihrer ihres "
    "sein seine seinem seinen seiner seines dessen deren unser unsere")
# Particles that may precede a name ("de Vries", "van der Meer", "Abu Bakr"); "der", "den"
# only count after "van".
LEADING_PARTICLES = words("al el van bin ibn abu bint de ter ten")
_SENT_END = ".!?:;\n•–\"„“(["


@dataclass(frozen=True)
class Token:
    """A word of the text with its position and whether it opens a sentence."""

    start: int
    end: int
    text: str
    sentence_start: bool


def tokenize(text: str) -> list[Token]:
    """Words with sentence-start flags (after . ! ? : newline quotes or at the beginning)."""
    out: list[Token] = []
    for m in TOKEN_RE.finditer(text):
        before = text[: m.start()].rstrip(" \t")
        sent = not before or before[-1] in _SENT_END
        if before.endswith(".") and re.search(r"(?:\b[A-ZÄÖÜ]|\b(?:Fr|Hr|Dr|Prof|Nr|z\.B|"
                                              r"ca|bzw|ggf|evtl|u\.a|Abs|Fam|geb))\.$", before):
            sent = False
        out.append(Token(m.start(), m.end(), m.group(), sent))
    return out


# --------------------------------------------------------------------------- normalisation

_TRANSLIT = (
    ("dsch", "j"), ("dzh", "j"), ("tsch", "ch"), ("sch", "sh"), ("kh", "h"), ("ch", "h"),
    ("gh", "g"), ("ph", "f"), ("th", "t"), ("dh", "d"), ("ck", "k"), ("q", "k"), ("c", "k"),
    ("w", "v"), ("x", "ks"), ("ou", "u"), ("oo", "u"), ("ee", "i"), ("ie", "i"), ("ij", "i"),
    ("oe", "o"), ("ue", "u"), ("ae", "a"), ("dj", "j"), ("j", "i"), ("y", "i"),
)


def _strip_prefix(w: str) -> str:
    """Drop a leading Arabic article from a folded name ("al hassan" -> "hassan")."""
    for p in ("al ", "el ", "ul ", "as ", "ad ", "ash ", "at ", "az ", "ar "):
        if w.startswith(p) and len(w) > len(p) + 2:
            return w[len(p):]
    return w


@lru_cache(maxsize=8192)
def norm(word: str) -> str:
    """Transliteration key: 'Al-Hassan' == 'Hasan', 'Yuliia' == 'Julia', 'Müller' == 'Mueller'."""
    w = _strip_prefix(fold(word))
    w = re.sub(r"[^a-z]", "", w)
    for a, b in _TRANSLIT:
        w = w.replace(a, b)
    return re.sub(r"(.)\1+", r"\1", w)


def consonants(key: str) -> str:
    """Consonant skeleton of a normalised key, first letter kept ('mohamad' -> 'mhmd')."""
    return key[:1] + re.sub(r"[aeiou]", "", key[1:])


def edit_distance(a: str, b: str, limit: int) -> int:
    """Optimal-string-alignment distance, stopping early once `limit` is exceeded."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


def genitive_variants(word: str) -> list[str]:
    """The word and its form without a genitive ending ('Muhammads', 'Yonas'', 'Al-Hassan's')."""
    out = [word]
    for end in ("'s", "’s", "'", "’", "s"):
        if word.endswith(end) and len(word) - len(end) >= 3:
            out.append(word[: -len(end)])
    return out


def capitalised(word: str) -> bool:
    """Starts like a proper noun: an upper-case letter, or a letter of a script without case."""
    return bool(word) and not word[0].islower()


def similar(token: str, part: str) -> bool:
    """Does `token` spell the name part `part` (variant, inflection or misspelling)?"""
    key = norm(part)
    if len(key) < 2:
        return False
    for form in genitive_variants(token):
        k = norm(form)
        if not k:
            continue
        if k == key:
            return True
        ck, cp = consonants(k), consonants(key)
        if (is_abjad(form) or is_abjad(part)) and len(cp) >= 2 and ck == cp:
            return True  # Arabic script leaves short vowels unwritten: محمد = Mohammad
        if k[0] != key[0]:
            continue
        if len(cp) >= 3 and ck == cp and abs(len(k) - len(key)) <= 2:
            return True
        if len(key) >= 5:
            limit = 2 if len(key) >= 8 else 1
            if edit_distance(k, key, limit) <= limit and not is_german_word(form):
                return True
    return False


# --------------------------------------------------------------------------- name lists

@lru_cache(maxsize=1)
def name_index() -> frozenset[str]:
    """Normalised keys of all names in resources/names/*.json (empty if missing)."""
    keys: set[str] = set()
    folder = RESOURCES / "names"
    if not folder.is_dir():
        return frozenset()
    for path in sorted(folder.glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        for field in ("family", "given_female", "given_male"):
            for name in data.get(field, []):
                for part in re.split(r"\s+", name):
                    if part.lower() not in PARTICLES and len(norm(part)) >= 2:
                        keys.add(norm(part))
    return frozenset(keys)


def in_name_list(word: str) -> bool:
    idx = name_index()
    return any(norm(form) in idx for form in genitive_variants(word))


# --------------------------------------------------------------------------- detection

@dataclass(frozen=True)
class Person:
    """A person from the case file with the role word that replaces the name."""

    parts: tuple[str, ...]
    role: str


def people(known: Iterable[tuple[str, str]]) -> list[Person]:
    out = []
    for name, role in known:
        parts = []
        for tok in TOKEN_RE.findall(name):
            if tok.lower() in PARTICLES or len(norm(tok)) < 2:
                continue
            parts.append(tok)
            stripped = re.sub(r"^(?:[Aa]l|[Ee]l|[Aa][sdtzr]|[Aa]sh)[-‐ ]", "", tok)
            if stripped != tok:
                parts.append(stripped)
        if parts:
            out.append(Person(tuple(parts), role))
    return out


def _inflect_role(role: str, prev_word: str, genitive: bool, det_before: bool) -> str:
    """Adapt the article of a role word to the grammatical context."""
    m = re.match(r"(der|die|das) (.+)$", role)
    if not m:
        return role
    art, rest = m.groups()
    if det_before:
        return rest
    if genitive:
        if art == "die":
            return f"der {rest}"
        return f"des {rest}" + ("" if rest.endswith(("s", ")")) else "s")
    if prev_word in DATIVE:
        return {"die": "der", "der": "dem", "das": "dem"}[art] + " " + rest
    if prev_word in ACCUSATIVE and art == "der":
        return f"den {rest}"
    return role


def _person_phrase(prev_word: str, genitive: bool) -> str:
    if genitive or prev_word in DATIVE:
        return "einer Person"
    return "eine Person"


class Pseudonyms:
    """Consistent stand-in initials ('Frau B.') per distinct name, avoiding initials in use."""

    def __init__(self, text: str) -> None:
        used = set(re.findall(r"\b(?:Frau|Herr|Herrn|Familie|Fam\.)\s([A-Z])\.", text))
        self._free = [c for c in "BCDEFGHKLMNPRSTVWZA" if c not in used] or list("XYZ")
        self._given: dict[str, str] = {}

    def letter(self, name: str) -> str:
        key = norm(name)
        if key not in self._given:
            self._given[key] = self._free[len(self._given) % len(self._free)]
        return self._given[key]


_AGE_AFTER = re.compile(r"\s?\((\d{1,2})(?:\s?(?:J\.|Jahre|Jahren|Jahre alt))?\)")


def _name_like(tok: Token) -> bool:
    t = tok.text
    return (capitalised(t) and not t.isupper() and len(t) >= 3
            and (in_name_list(t) or not looks_like_german_noun(t.rstrip("'’")))
            and t.lower().rstrip("'’") not in NOT_PERSON)


def _strong(tok: Token) -> bool:
    """A name-list word that is not also a common German word."""
    t = tok.text.rstrip("'’")
    if any(len(p) >= 2 and p.isupper() for p in t.split("-")):
        return False
    return capitalised(t) and in_name_list(t) and not is_german_word(t) and \
        t.lower() not in NOT_PERSON and not t.isupper()


def _closer_without_ending(word: str, parts: tuple[str, ...]) -> bool:
    """Is `word` a genitive, i.e. closer to a name part once its ending is removed?"""
    def dist(w: str) -> int:
        return min(edit_distance(norm(w), norm(p), 3) for p in parts)
    full = dist(word)
    return any(dist(v) < full for v in genitive_variants(word)[1:])


def _foreign(tok: Token) -> bool:
    t = tok.text.rstrip("'’")
    if not capitalised(t) or t.isupper() or len(t) < 3 or t.lower() in NOT_PERSON:
        return False
    if any(len(p) >= 2 and p.isupper() for p in t.split("-")):
        return False
    return not looks_like_german_noun(t) and not any(c.isdigit() for c in t)


def find_names(text: str, known: list[Person], pseudonyms: Pseudonyms) -> Iterator[Candidate]:
    """Candidates for known people (role words) and other person names."""
    toks = tokenize(text)
    n = len(toks)

    def adjacent(i: int) -> bool:
        """toks[i] directly follows toks[i-1] (one space, no punctuation)."""
        return i > 0 and text[toks[i - 1].end: toks[i].start] in (" ", "-")

    def leading_particle(i: int) -> bool:
        w = toks[i].text.lower()
        if w in ("der", "den"):
            return i > 0 and adjacent(i) and toks[i - 1].text.lower() == "van"
        return w in LEADING_PARTICLES or w.endswith("-") and w[:-1] in LEADING_PARTICLES

    def prev_word(i: int) -> str:
        return toks[i - 1].text.lower() if i > 0 and adjacent(i) else ""

    # -- known people
    owner: list[int | None] = [None] * n
    for i, tok in enumerate(toks):
        if not capitalised(tok.text) and tok.text.split("-")[0].lower() not in PARTICLES:
            continue
        best = None
        for p_idx, person in enumerate(known):
            if any(similar(tok.text, part) for part in person.parts):
                best = p_idx
                break
        owner[i] = best
    taken = [False] * n
    i = 0
    while i < n:
        if owner[i] is None:
            i += 1
            continue
        who = owner[i]
        assert who is not None
        j = i
        while j + 1 < n and adjacent(j + 1) and (
                owner[j + 1] == who
                or (toks[j + 1].text.lower() in PARTICLES and j + 2 < n
                    and owner[j + 2] == who)):
            j += 1
        s = i
        while s > 0 and adjacent(s) and leading_particle(s - 1):
            s -= 1
        person = known[who]
        last = toks[j].text
        genitive = last.endswith(("s", "'", "’")) and _closer_without_ending(last, person.parts)
        start = toks[s].start
        role = person.role
        trigger_incl = False
        if s > 0 and adjacent(s) and toks[s - 1].text in TITLES:
            s -= 1
            start = toks[s].start
        if s > 0 and adjacent(s):
            trig = toks[s - 1].text
            if trig in HONORIFICS or trig.rstrip(".") + "." in HONORIFICS:
                s -= 1
                start = toks[s].start
            elif trig in KINSHIP and trig.lower().rstrip("s") in role.lower():
                s -= 1
                start = toks[s].start
                trigger_incl = True
        pw = prev_word(s)
        opens = not text[: start].rstrip() or text[: start].rstrip()[-1] in ".!?:\n"
        det_before = (trigger_incl and not opens) or pw in DETERMINERS - {"der", "die", "das",
                                                                          "den"}
        proposal = _inflect_role(role, pw, genitive, det_before)
        end = toks[j].end
        am = _AGE_AFTER.match(text, end)
        if am and "J." in role:
            end = am.end()
        for k in range(s, j + 1):
            taken[k] = True
        yield Candidate("known_name", start, end, proposal, PRIORITY["known_name"])
        i = j + 1

    # -- other people: triggers first
    i = 0
    while i < n:
        tok = toks[i]
        if taken[i]:
            i += 1
            continue
        word = tok.text
        raw_next = text[tok.end: tok.end + 1]
        honor = HONORIFICS.get(word + "." if raw_next == "." and word in ("Fam", "Fr", "Hr")
                               else word)
        if honor is None and word not in KINSHIP:
            i += 1
            continue
        j = i + 1
        while j < n and adjacent_after(text, toks, j, honor is not None) and \
                toks[j].text.rstrip(".") + "." in TITLES | {"Dr.", "Prof."}:
            j += 1
        if j >= n or not adjacent_after(text, toks, j, honor is not None) or taken[j]:
            i += 1
            continue
        first = toks[j]
        if honor is not None:
            ok = capitalised(first.text) and first.text not in HONORIFIC_STOP and not (
                len(first.text) == 1 and text[first.end: first.end + 1] == ".") \
                and first.text.lower() not in NOT_PERSON and len(first.text) >= 2
            pw = prev_word(i)
            if ok and (pw in DETERMINERS or re.fullmatch(r"[a-zäöüß]+(?:e|en|er|es)", pw)):
                # "eine junge Frau Anfang 20": a noun, not an honorific.
                ok = _strong(first) or _foreign(first)
        else:
            ok = _strong(first) or (_foreign(first) and not first.sentence_start)
        if not ok:
            i += 1
            continue
        k = j
        while k + 1 < n and adjacent(k + 1) and not taken[k + 1] and (
                _name_like(toks[k + 1]) or (toks[k + 1].text.lower() in PARTICLES and k + 2 < n
                                            and _name_like(toks[k + 2]))):
            k += 1
        end = toks[k].end
        name = text[first.start: end]
        if honor is not None:
            label = "Familie" if honor == "Eheleute" else honor
            proposal = f"{label} {pseudonyms.letter(name)}."
            start = tok.start
        else:
            proposal = word
            start = tok.start
            am = _AGE_AFTER.match(text, end)
            if am:
                end = am.end()
                age = int(am.group(1))
                if age >= 18:
                    lo = age // 10 * 10
                    proposal = f"{word} ({lo}–{lo + 9} J.)"
                else:
                    proposal = f"{word} ({age} J.)"
        for m in range(i, k + 1):
            taken[m] = True
        yield Candidate("person_name", start, end, proposal, PRIORITY["person_name"] + 5)
        i = k + 1

    # -- other people: name lists and foreign-looking capitalised words
    i = 0
    while i < n:
        tok = toks[i]
        if taken[i]:
            i += 1
            continue
        strong = _strong(tok)
        foreign = _foreign(tok) and not tok.sentence_start and \
            prev_word(i) not in ("in", "im", "nach", "aus", "ins")
        if not (strong or foreign):
            i += 1
            continue
        k = i
        while k + 1 < n and adjacent(k + 1) and not taken[k + 1] and (
                _name_like(toks[k + 1]) or (toks[k + 1].text.lower() in PARTICLES and k + 2 < n
                                            and _name_like(toks[k + 2]))):
            k += 1
        s = i
        while s > 0 and adjacent(s) and leading_particle(s - 1):
            s -= 1
        if not strong and k == i and tok.sentence_start:
            i += 1
            continue
        last = toks[k].text
        genitive = last.endswith(("s", "'", "’")) and not in_name_list(last) and \
            in_name_list(last.rstrip("s'’"))
        proposal = _person_phrase(prev_word(s), genitive)
        for m in range(s, k + 1):
            taken[m] = True
        yield Candidate("person_name", toks[s].start, toks[k].end, proposal,
                        PRIORITY["person_name"])
        i = k + 1


def adjacent_after(text: str, toks: list[Token], j: int, allow_dot: bool) -> bool:
    """toks[j] follows toks[j-1] with one space (or '. ' after an abbreviation)."""
    gap = text[toks[j - 1].end: toks[j].start]
    return gap == " " or (allow_dot and gap == ". ")
