"""Spelling-tolerant search terms for client names (SQLite FTS5; ranking by rapidfuzz).

Clients' names reach the case file through passports, German authorities,
interpreters and the clients themselves, so one person may be written
"Yuliia Shevchenko", "Julia Schewtschenko" or "Юлия Шевченко".  Instead of a
fuzzy scan over all records we store, per person, a bag of normalised tokens
plus sound-alike keys in an FTS5 column and turn the search box text into an
FTS5 MATCH expression over the same vocabulary.

Vocabulary stored per token (see :func:`index_terms`):

* the folded spelling (``hassan``) - exact and prefix search while typing;
* each phonetic key marked with :data:`PHONETIC_MARK` (``0hsn``) - the digit
  guarantees a key can never collide with a folded name, which is letters only.

The FTS5 table must use the default ``unicode61`` tokenizer (digits and ASCII
letters are token characters, so ``0hsn`` stays one token).  A ``prefix='2 3'``
option on the table speeds up the short prefix queries of search-as-you-type.
"""

from __future__ import annotations

import itertools
import re
from functools import lru_cache

from rapidfuzz.distance import Indel

from kimdesk.core.names import fold, tokens

__all__ = [
    "PARTICLES",
    "PHONETIC_MARK",
    "index_terms",
    "match_expression",
    "phonetic_key",
    "phonetic_keys",
    "similarity",
]

#: Marks phonetic keys in the FTS column; folded tokens never contain digits.
PHONETIC_MARK = "0"

#: Name particles: kept as tokens, joined onto the next token in the index,
#: and optional in queries (``el hassan`` must find ``Al-Hassan``).
PARTICLES = frozenset(
    {
        # Arabic article (incl. sun-letter assimilations) and kinship words
        "al", "el", "ul", "ad", "ar", "as", "ash", "at", "az", "an",
        "abd", "abdul", "abdel", "abdal", "abdol", "abdoul", "abu", "abou",
        "bin", "ibn", "bint",
        # Dutch, German, Romance
        "van", "von", "der", "den", "de", "da", "di", "du", "del", "della",
        "la", "le", "dos", "das", "zu", "ter", "ten",
    }
)  # fmt: skip

# Spellings of the same particle; a query particle matches any of them
# (particles themselves get no phonetic key, so "ali" never matches "al").
_PARTICLE_GROUPS = (
    ("al", "el", "ul"),
    ("abd", "abdul", "abdel", "abdal", "abdol", "abdoul"),
    ("abu", "abou"),
    ("bin", "ibn"),
    ("van", "von"),
)
_PARTICLE_SPELLINGS = {p: group for group in _PARTICLE_GROUPS for p in group}

# Joined particle prefixes split off again ("alhassan" -> "hassan"), longest first.
_PREFIX_PARTICLES = ("abdoul", "abdul", "abdel", "abdal", "abdol", "abou", "abu", "al", "el")
_MIN_SPLIT_REST = 5

_VOWELS = "aeiou"
_APOSTROPHES = re.compile(r"['\u2019\u02bc\u02bb`\u00b4\u2018]")
_MAX_VARIANTS = 8
_MAX_COMPOUND = 4

# --- phonetic keys -------------------------------------------------------------

# Internal symbols: consonant classes are lowercase letters, vowels uppercase
# A (a), I (e, i, y) and U (o, u).  Options per position allow ambiguous
# spellings ("ch" = German/Arabic kh or English tsch) to yield several keys.
_Option = tuple[str, ...]
_SIMPLE = {
    "b": "b", "p": "b", "d": "t", "t": "t", "g": "k", "k": "k", "q": "k",
    "f": "f", "v": "f", "w": "f", "s": "s", "z": "s", "l": "l", "r": "r",
    "m": "m", "n": "n",
}  # fmt: skip
_VOWEL_CLASS = {"a": "A", "e": "I", "i": "I", "y": "I", "o": "U", "u": "U"}
# Multigraphs, longest first, mapped to one consonant class.
_MULTIGRAPHS = (
    ("tsch", "s"), ("dsch", "j"), ("sch", "s"), ("dzh", "j"), ("tch", "s"),
    ("sh", "s"), ("zh", "s"), ("cz", "s"), ("ts", "s"), ("tz", "s"), ("kh", "h"),
    ("gh", "k"), ("ph", "f"), ("th", "t"), ("dh", "t"), ("ck", "k"),
)  # fmt: skip


def _parse(t: str, partial: bool = False) -> list[tuple[_Option, ...]]:
    """Split a folded token into sound classes, each position with its alternatives.

    ``partial`` marks a token still being typed: its final "h" may start "Muha…".
    """
    out: list[tuple[_Option, ...]] = []
    n = len(t)
    i = 0
    while i < n:
        c = t[i]
        nxt = t[i + 1] if i + 1 < n else ""
        prev = t[i - 1] if i else ""
        for graph, cls in _MULTIGRAPHS:
            if t.startswith(graph, i):
                out.append(((cls,),))
                i += len(graph)
                break
        else:
            i += 1
            if c in "jy":
                if not prev:
                    if nxt in "ei" and nxt:
                        # Jelena/Yelena/Elena, Jewgeni/Yevgeny/Evgeny
                        out.append((("j",), ()))
                    elif nxt and nxt in _VOWELS:
                        out.append((("j",),))
                    else:
                        out.append((("j",),) if c == "j" else (("I",),))
                elif prev in _VOWELS and prev != "i" and nxt and nxt in _VOWELS:
                    # Maja; y may also be a diphthong: Maya/Maja, Meyer/Maier
                    out.append((("j",),) if c == "j" else (("j",), ("I",)))
                else:
                    out.append((("I",),))  # glide: Yuliya/Julija, Tatjana, Sergej
            elif c == "i" and not prev and nxt and nxt in _VOWELS:
                out.append((("j",),))  # Iuliia, Ioana, Iakiv
            elif c in _VOWEL_CLASS:
                out.append(((_VOWEL_CLASS[c],),))
            elif c == "c":
                if nxt == "h":
                    i += 1
                    after = t[i] if i < n else ""
                    if after and after in "rls":
                        out.append((("k",),))  # Christina, Fuchs
                    else:
                        out.append((("h",), ("s",)))  # Chalil/Achmed vs Shevchenko
                elif nxt and nxt in "eiy":
                    out.append((("s",),))
                elif nxt and nxt in "aoulr":
                    out.append((("k",),))
                else:
                    out.append((("k",), ("s",)))  # Cvetkova, Petrovic
            elif c == "x":
                out.append((("k", "s"),))
            elif c == "h":
                if partial or not (prev in _VOWELS and prev and not nxt):
                    out.append((("h",),))  # word-final h after a vowel is silent
            elif c == "d" and not prev and nxt == "j":
                out.append((("j",),))  # Djamal
                i += 1
            elif c in _SIMPLE:
                out.append(((_SIMPLE[c],),))
    return out


def _collapse(symbols: list[str]) -> list[str]:
    """Merge doubled consonants and vowel runs (keeping the first vowel of a run)."""
    out: list[str] = []
    for s in symbols:
        if out and (out[-1] == s or (out[-1].isupper() and s.isupper())):
            continue
        out.append(s)
    return out


@lru_cache(maxsize=8192)
def _variants(token: str, partial: bool = False) -> tuple[tuple[str, str], ...]:
    """(key, fine form) pairs for a folded token; fine keeps vowel qualities for ranking."""
    t = "".join(fold(token).split())
    if not t:
        return ()
    parsed = _parse(t, partial)
    result: dict[tuple[str, str], None] = {}
    for combo in itertools.islice(itertools.product(*parsed), _MAX_VARIANTS):
        symbols = _collapse([s for option in combo for s in option])
        if not symbols:
            continue
        head = "a" if symbols[0].isupper() else symbols[0]
        key = head + "".join(s for s in symbols[1:] if s.islower())
        result[(key, "".join(symbols).lower())] = None
    return tuple(result)


def phonetic_keys(token: str, partial: bool = False) -> list[str]:
    """All sound-alike keys of one token (ambiguous spellings such as "ch" give several).

    ``partial``: the token is a prefix still being typed (keeps a final "h").
    """
    return list(dict.fromkeys(key for key, _ in _variants(token, partial)))


def phonetic_key(token: str) -> str:
    """Primary sound-alike key of one token: first sound class plus consonant skeleton.

    Only ``[a-z]``: an initial vowel becomes ``a``; later vowels are dropped;
    b=p, d=t, g=k=q=hard c, f=v=w=ph, s=z=sh=sch=zh=ts=tsch=soft c, h=kh,
    j/y/i before a vowel at the start = j, doubled classes collapse.
    """
    keys = phonetic_keys(token)
    return keys[0] if keys else ""


def _prefix_ok(key: str) -> bool:
    """Prefix search on a key only once it has two consonant classes ("ali" ≠ "alexandra")."""
    consonants = len(key) - 1 if key.startswith("a") else len(key)
    return consonants >= 2


# --- index side ------------------------------------------------------------------


def _word_tokens(text: str) -> list[tuple[list[str], list[str]]]:
    """Per whitespace word: (folded tokens, same tokens with ue-umlauts)."""
    return [(fold(w).split(), fold(w, german_umlauts=True).split()) for w in text.split()]


def _split_particle(token: str) -> str | None:
    """Rest of a joined particle form ("alhassan" -> "hassan"), if plausible."""
    for particle in _PREFIX_PARTICLES:
        rest = token[len(particle) :]
        if token.startswith(particle) and len(rest) >= _MIN_SPLIT_REST and rest[0] not in _VOWELS:
            return rest
    return None


def _particle_joins(seq: list[str]) -> list[str]:
    """Particle runs glued to the following token: abd al rahman -> abdalrahman, alrahman."""
    joined: list[str] = []
    for i, tok in enumerate(seq):
        if tok not in PARTICLES:
            continue
        j = i
        while j < len(seq) and seq[j] in PARTICLES:
            j += 1
        if j < len(seq):
            joined.append("".join(seq[i : j + 1]))
    return joined


@lru_cache(maxsize=65536)
def _name_tokens(name: str) -> tuple[str, ...]:
    """Every folded spelling a name should be findable under (dedup, stable order)."""
    found: dict[str, None] = {}
    seq: list[str] = []
    for base, german in _word_tokens(name):
        found.update(dict.fromkeys(base))
        found.update(dict.fromkeys(german))
        if 1 < len(base) <= _MAX_COMPOUND:  # Al-Hassan, Sa'id, Abdul-Rahman
            found["".join(base)] = None
            found["".join(german)] = None
        seq.extend(base)
    found.update(dict.fromkeys(_particle_joins(seq)))
    for tok in list(found):
        rest = _split_particle(tok)
        if rest:
            found[rest] = None
    return tuple(found)


def index_terms(*names: str) -> str:
    """Space-separated FTS5 column value for one person (all name fields, aliases).

    For every folded token the token itself and its marked phonetic keys are
    stored, plus joined particle forms (``alhassan``) and split ones, so any
    reasonable way of typing the name meets one of them.
    """
    terms: dict[str, None] = {}
    for name in names:
        if not name:
            continue
        for tok in _name_tokens(name):
            terms[tok] = None
            if tok in PARTICLES:
                continue
            for key in phonetic_keys(tok):
                terms[PHONETIC_MARK + key] = None
    return " ".join(terms)


# --- query side ------------------------------------------------------------------

# Endings that may be the first letters of a multigraph still being typed
# ("shevc" -> "shevch"); the phonetic key of the last token is also taken without them.
_PARTIAL_TAILS = ("tsc", "dsc", "sc", "ts", "tc", "ds", "dz", "c", "t", "d")


# A finished query word this short is taken as an abbreviation ("moh hasan").
_ABBREVIATION_LEN = 3


class _QueryToken:
    """One query token with its alternative spellings and keys.

    ``last``: the word is still being typed (last in the box, no space after it).
    """

    __slots__ = ("text", "spellings", "keys", "particle", "last")

    def __init__(self, text: str, german: str, last: bool) -> None:
        self.text = text
        self.last = last
        self.particle = text in PARTICLES
        spellings = [text, german, *_PARTICLE_SPELLINGS.get(text, ())]
        rest = _split_particle(text)
        if rest:
            spellings.append(rest)
        self.spellings = list(dict.fromkeys(spellings))
        keys: dict[str, None] = {}
        if len(text) >= 2 and not (self.particle and not last):
            # A word in progress or an abbreviation may continue ("moh" -> "mohammad").
            partial = last or len(text) <= _ABBREVIATION_LEN
            for spelling in self.spellings:
                keys.update(dict.fromkeys(phonetic_keys(spelling, partial=partial)))
            if last:
                for tail in _PARTIAL_TAILS:
                    if text.endswith(tail) and len(text) - len(tail) >= 2:
                        stem = text[: -len(tail)]
                        keys.update(dict.fromkeys(phonetic_keys(stem, partial=True)))
                        break
        self.keys = list(keys)

    def key_prefix_ok(self, key: str) -> bool:
        """Phonetic prefix search only for a word in progress or an abbreviation.

        Keys need two consonant classes ("ali" must not list Alexandra), except
        that three typed letters starting with a consonant ("sch") may continue.
        """
        if not (self.last or len(self.text) <= _ABBREVIATION_LEN):
            return False
        if _prefix_ok(key):
            return True
        return self.last and len(self.text) >= 3 and bool(key) and not key.startswith("a")


@lru_cache(maxsize=512)
def _query_tokens(query: str) -> tuple[_QueryToken, ...]:
    """Tokens of a search box text; particles are dropped unless they are all there is."""
    # Apostrophes join (Sa'id = Said); the index holds both the pieces and the join.
    query = _APOSTROPHES.sub("", query)
    pairs: list[tuple[str, str]] = []
    for base, german in _word_tokens(query):
        pairs.extend(zip(base, german, strict=True))
    # A trailing space (or punctuation) says the last word is finished, too.
    typing = bool(query) and query[-1].isalpha()
    result = [
        _QueryToken(text, german, last=typing and i == len(pairs) - 1)
        for i, (text, german) in enumerate(pairs)
    ]
    if any(not q.particle for q in result):
        # A particle still being typed may be the start of a name ("al" -> "alexandra").
        result = [q for q in result if not q.particle or q.last]
    return tuple(result)


def _quote(term: str) -> str:
    """FTS5 string literal."""
    return '"' + term.replace('"', '""') + '"'


def match_expression(query: str, phonetic: bool = True) -> str | None:
    """FTS5 MATCH expression for search-box text, or None if nothing searchable.

    Every query token must match (AND) as a prefix of a folded token or as a
    phonetic key.  The key is matched as a prefix only for the word still being
    typed (last, no trailing space) or a short abbreviation, and only once it
    has two consonant classes; finished words match keys exactly, so "fadi "
    stops showing Fatima.  Particles other than a word in progress are optional.
    ``phonetic=False`` gives the spelling-only expression (the "strong" hits).
    """
    groups: list[str] = []
    for q in _query_tokens(query):
        alternatives = [_quote(s) + "*" for s in q.spellings]
        for key in q.keys if phonetic else ():
            term = _quote(PHONETIC_MARK + key)
            alternatives.append(term + "*" if q.key_prefix_ok(key) else term)
        groups.append("(" + " OR ".join(alternatives) + ")")
    return " AND ".join(groups) if groups else None


# --- ranking -------------------------------------------------------------------------


@lru_cache(maxsize=65536)
def _fine_ratio(a: str, b: str, prefix: bool) -> float:
    """Best similarity of the vowel-preserving forms of two tokens."""
    best = 0.0
    for _, fa in _variants(a):
        for _, fb in _variants(b):
            target = fb[: len(fa)] if prefix else fb
            best = max(best, Indel.normalized_similarity(fa, target))
    return best


@lru_cache(maxsize=65536)
def _token_score(q: _QueryToken, name_tok: str) -> float:
    """Score one query token against one name token: exact > prefix > phonetic > other."""
    if name_tok in q.spellings:
        return 1.0 if name_tok == q.text else 0.95
    if any(name_tok.startswith(s) for s in q.spellings):
        return 0.8 + 0.15 * len(q.text) / len(name_tok)
    name_keys = phonetic_keys(name_tok)
    if any(k in name_keys for k in q.keys):
        return 0.55 + 0.3 * _fine_ratio(q.text, name_tok, prefix=False)
    if any(nk.startswith(k) for k in q.keys if q.key_prefix_ok(k) for nk in name_keys):
        return 0.4 + 0.3 * _fine_ratio(q.text, name_tok, prefix=True)
    return 0.3 * _fine_ratio(q.text, name_tok, prefix=False)


@lru_cache(maxsize=65536)
def _main_tokens(name: str) -> tuple[str, ...]:
    return tuple(t for t in tokens(name) if t not in PARTICLES) or tuple(tokens(name))


def similarity(query: str, name: str) -> float:
    """0..1 ranking score of a search-box text against a display name.

    Averages each query token's best token score, with a small bonus for
    covering all of the name's main tokens, so the exact person ranks first
    among the phonetic look-alikes FTS5 returns.
    """
    qtoks = _query_tokens(query)
    name_toks = _name_tokens(name)
    if not qtoks or not name_toks:
        return 0.0
    main = _main_tokens(name)
    scores = []
    covered: set[str] = set()
    for q in qtoks:
        best = 0.0
        for tok in name_toks:
            score = _token_score(q, tok)
            if score >= 0.4 and tok in main:
                covered.add(tok)
            best = max(best, score)
        scores.append(best)
    coverage = len(covered) / len(main) if main else 0.0
    return min(1.0, 0.85 * sum(scores) / len(scores) + 0.15 * coverage)
