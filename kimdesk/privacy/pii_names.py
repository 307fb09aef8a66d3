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

from rapidfuzz.distance import OSA

from kimdesk.core.names import fold, is_abjad
from kimdesk.privacy.pii_lexicon import (
    GERMAN_WORDS,
    NOT_PERSON,
    is_adjective_form,
    is_german_compound,
    is_german_word,
    looks_like_german_noun,
)
from kimdesk.privacy.pii_patterns import PRIORITY, Candidate
from kimdesk.privacy.pii_resources import ScrubberResourcesMissing, names_folder
from kimdesk.privacy.pii_resources import check as check_resources


def words(s: str) -> frozenset[str]:
    """Whitespace-separated word list as a set."""
    return frozenset(s.split())



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
#: Roles of third parties in case narratives: a name right after one is a person
#: ("der Sachbearbeiter Hornig", "die Jobcenter-Mitarbeiterin Frau Kaya").
ROLES = words(
    "Sachbearbeiter Sachbearbeiterin Mitarbeiter Mitarbeiterin Berater Beraterin "
    "Ansprechpartner Ansprechpartnerin Fallmanager Fallmanagerin Arbeitsvermittler "
    "Arbeitsvermittlerin Vermittler Vermittlerin Arzt Ärztin Hausarzt Hausärztin Kinderarzt "
    "Kinderärztin Zahnarzt Zahnärztin Therapeut Therapeutin Psychologe Psychologin Anwalt "
    "Anwältin Rechtsanwalt Rechtsanwältin Hausmeister Hausmeisterin Chef Chefin Vorgesetzte "
    "Vorgesetzter Leiter Leiterin Schulleiter Schulleiterin Kursleiter Kursleiterin Erzieher "
    "Erzieherin Trainer Trainerin Mentor Mentorin Sozialarbeiter Sozialarbeiterin "
    "Schulsozialarbeiter Schulsozialarbeiterin Integrationslotse Integrationslotsin Lotse "
    "Lotsin Bekannte Bekannter Lehrkraft Hebamme Pfleger Pflegerin Bewährungshelfer "
    "Bewährungshelferin Vormund Betreuungsperson Hausverwalter Hausverwalterin Mitschüler "
    "Mitschülerin Ausbilder Ausbilderin Praxisanleiter Praxisanleiterin Sachbearbeitende")
#: Verbs of speaking and prepositions that name a source: "laut Hornig", "sagte Hornig".
SPEAKING_BEFORE = words(
    "laut sagte sagt meinte meint erklärte erklärt berichtete berichtet betonte betont "
    "antwortete antwortet fragte fragt schrieb schreibt riet empfahl bestätigte bestätigt")
#: "Hornig sagte …", "Gotthard Hornig meinte …": the name stands right before the verb.
SPEAKING_AFTER = words(
    "sagte sagt meinte meint erklärte erklärt berichtete berichtet betonte betont "
    "antwortete antwortet fragte fragt schrieb schreibt rief ruft teilte teilt bestätigte "
    "bestätigt lehnte lehnt versprach verspricht kündigte kündigt riet rät empfahl empfiehlt "
    "meldete meldet bat bittet forderte fordert erzählte erzählt schilderte schildert "
    "entschied entscheidet vermittelte vermittelt unterschrieb unterschreibt")
TITLES = words("Dr. Dr Prof. Prof Doktor Dipl.")
HONORIFIC_STOP = words(
    "Doktor Bürgermeister Bürgermeisterin Pfarrer Pfarrerin Ministerin Minister Direktor "
    "Direktorin Richter Richterin Rechtsanwalt Rechtsanwältin Anwalt Anwältin Kollege Kollegin "
    "und oder")
DATIVE = words("mit bei von vom zu zum zur nach aus seit gegenüber gemeinsam samt laut")
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
    """Optimal-string-alignment distance (transpositions count once), ``limit + 1`` when
    it is larger than ``limit`` (rapidfuzz stops early then)."""
    return int(OSA.distance(a, b, score_cutoff=limit))


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
    """Normalised keys of all names in resources/names/*.json; a missing or unreadable list
    is an error (:class:`~kimdesk.privacy.pii_resources.ScrubberResourcesMissing`)."""
    check_resources()
    keys: set[str] = set()
    for path in sorted(names_folder().glob("*.json")):
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ScrubberResourcesMissing(
                f"Die Namensliste {path.name} ist beschädigt. Bitte KIMdesk neu installieren; "
                "bis dahin wird nichts geprüft oder gesendet.") from exc
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
    """Known people by the parts of their names. A "name" made only of words of the language
    is no name (a profile called "Case Management" must not turn every "Case Management"
    into a finding); a real name keeps all its parts ("Maria Koch")."""
    out = []
    for name, role in known:
        tokens = TOKEN_RE.findall(name)
        if tokens and all(is_german_word(t) and not in_name_list(t) for t in tokens):
            continue
        parts = []
        for tok in tokens:
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


_CLEAR_NOUN = ("ung", "ungen", "heit", "heiten", "keit", "keiten", "schaft", "schaften",
               "tion", "tionen", "ität", "itäten", "ismus", "nis", "nisse", "tum", "erei",
               "ierung", "ment", "ments")


def could_be_name(word: str) -> bool:
    """After a person word (role, honorific, verb of speaking) any capitalised word that is
    not German vocabulary may be a name — "Hornig" too, though it ends like an adjective."""
    t = word.rstrip("'’")
    return (capitalised(t) and not t.isupper() and len(t) >= 2
            and t.lower() not in NOT_PERSON and not is_german_word(t)
            and not is_german_compound(t, shortest_tail=5) and not any(c.isdigit() for c in t)
            and not (len(t) >= 6 and t.lower().endswith(_CLEAR_NOUN)))


def continues_name(word: str) -> bool:
    """Next to a name already found, a capitalised word that is no word of the language is
    the rest of the name — also "Vollbrecht", which looks like a compound."""
    t = word.rstrip("'’")
    return (capitalised(t) and not t.isupper() and len(t) >= 2
            and t.lower() not in NOT_PERSON and not is_german_word(t)
            and not any(c.isdigit() for c in t))


def surname_like(word: str) -> bool:
    """After a first name, a surname may be a noun too ("Hubertine Huhn", "Gotthard Koch"):
    capitalised and no function word, title or place."""
    t = word.rstrip("'’")
    return (capitalised(t) and not t.isupper() and len(t) >= 2
            and t.lower() not in NOT_PERSON and t.lower() not in GERMAN_WORDS
            and not any(c.isdigit() for c in t))


def role_word(word: str) -> bool:
    """A role of a third party, also in compounds ("Jobcenter-Mitarbeiterin")."""
    if word in ROLES or word in KINSHIP:
        return True
    tail = word.rsplit("-", 1)[-1]
    if tail != word and (tail in ROLES or tail in KINSHIP):
        return True
    low = word.lower()
    return any(low.endswith(r.lower()) and len(low) > len(r) + 2 for r in ROLES if len(r) >= 6)


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
    if is_adjective_form(t):
        return False
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

    def _single_word_sentence_start(k: int) -> bool:
        """A lone capitalised word opening a sentence before a verb is usually a noun
        ("Post kam …"); two words ("Gotthard Hornig meinte") are a name."""
        return not (k + 1 < n and could_be_name(toks[k + 1].text))

    # -- other people: triggers first
    found: set[str] = set()
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
        if honor is None and not role_word(word):
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
        else:  # after a role or kinship word a given name may be a noun too ("Benjamin")
            ok = _strong(first) or (not first.sentence_start and (
                could_be_name(first.text) or (surname_like(first.text)
                                              and not is_german_compound(first.text))))
        if not ok:
            i += 1
            continue
        k = j
        while k + 1 < n and adjacent(k + 1) and not taken[k + 1] and (
                (continues_name(toks[k + 1].text) if k == j and not could_be_name(first.text)
                 else surname_like(toks[k + 1].text)) or (
                    toks[k + 1].text.lower() in PARTICLES and k + 2 < n
                    and continues_name(toks[k + 2].text))):
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
        found.update(toks[m].text.rstrip("'’") for m in range(j, k + 1)
                     if toks[m].text.lower() not in PARTICLES)
        yield Candidate("person_name", start, end, proposal, PRIORITY["person_name"] + 5)
        i = k + 1

    # -- other people: named as a source ("laut Hornig", "sagte Hornig", "Hornig meinte")
    for i in range(n):
        word = toks[i].text
        if word.lower() in SPEAKING_BEFORE and i + 1 < n and adjacent(i + 1) \
                and not taken[i + 1] and could_be_name(toks[i + 1].text):
            k = i + 1
            while k + 1 < n and adjacent(k + 1) and not taken[k + 1] and \
                    continues_name(toks[k + 1].text):
                k += 1
            span = range(i + 1, k + 1)
        elif word in SPEAKING_AFTER and i > 0 and adjacent(i) and not taken[i - 1] and (
                could_be_name(toks[i - 1].text) or (
                    surname_like(toks[i - 1].text) and i > 1 and adjacent(i - 1)
                    and surname_like(toks[i - 2].text))) and not (
                toks[i - 1].sentence_start and _single_word_sentence_start(i - 1)):
            s = i - 1
            # a given name before the surname may be a noun too ("Viola", "Jean")
            while s > 0 and adjacent(s) and not taken[s - 1] and surname_like(toks[s - 1].text):
                s -= 1
            if s > 0 and adjacent(s) and prev_word(s) in DETERMINERS:
                continue  # "der Hornig-Bericht schilderte": a noun with an article
            span = range(s, i)
        else:
            continue
        opening, closing = span[0], span[-1]
        for m in span:
            taken[m] = True
        found.update(toks[m].text.rstrip("'’") for m in span)
        yield Candidate("person_name", toks[opening].start, toks[closing].end,
                        _person_phrase(prev_word(opening), False), PRIORITY["person_name"] + 5)

    # -- other people: every further mention of a name found from its context
    for i in range(n):
        if taken[i]:
            continue
        word = toks[i].text.rstrip("'’")
        bare = word[:-1] if word.endswith("s") and word[:-1] in found else word
        if bare in found and capitalised(word):
            taken[i] = True
            yield Candidate("person_name", toks[i].start, toks[i].end,
                            _person_phrase(prev_word(i), bare != word), PRIORITY["person_name"])

    # -- other people: name lists and foreign-looking capitalised words
    i = 0
    while i < n:
        tok = toks[i]
        if taken[i]:
            i += 1
            continue
        strong = _strong(tok)
        truncated = text[tok.end: tok.end + 1] == "-"  # "Sprach- und Integrationsmittler"
        foreign = _foreign(tok) and not tok.sentence_start and not truncated and \
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
