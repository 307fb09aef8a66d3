"""Name search keys against a real in-memory SQLite FTS5 table."""

from __future__ import annotations

import itertools
import sqlite3
from collections.abc import Iterator

import pytest

from kimdesk.casework.name_keys import (
    PHONETIC_MARK,
    index_terms,
    match_expression,
    phonetic_key,
    phonetic_keys,
    similarity,
)
from kimdesk.core.names import fold, tokens

# 30 mixed clients, including deliberate look-alikes of the search targets.
PEOPLE = [
    "Muhammad Al-Hassan",
    "Mohammed Hussein",
    "Mahmoud Hassan",
    "Yuliia Shevchenko",
    "Julia Schwarz",
    "Yulia Savchenko",
    "Klaus Müller",
    "Mehmet Özdemir",
    "Ayşe Şahin",
    "Ahmad Karimi",
    "Yusuf Haddad",
    "Olena Tsvetkova",
    "Fatima El-Sayed",
    "Hassan Rahimi",
    "Anna Kowalska",
    "Alexandra Wójcik",
    "Ali Rezaei",
    "Oleksandr Zhukov",
    "Kateryna Bondarenko",
    "Dmytro Kovalenko",
    "Wojciech Nowak",
    "Grzegorz Lewandowski",
    "Ioana Popescu",
    "Ștefan Ionescu",
    "Tesfaye Ghebreyesus",
    "Khalil Ibrahim",
    "Abd al-Rahman Nasser",
    "Sara Ahmadi",
    "Hussain Mohammadi",
    "Jan van der Berg",
]
assert len(PEOPLE) == 30


@pytest.fixture(scope="module")
def db() -> Iterator[sqlite3.Connection]:
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table people using fts5(terms, prefix='2 3')")
    conn.executemany(
        "insert into people(rowid, terms) values (?, ?)",
        [(i, index_terms(name)) for i, name in enumerate(PEOPLE)],
    )
    yield conn
    conn.close()


def search(conn: sqlite3.Connection, query: str) -> list[str]:
    """FTS5 hits for a query, best similarity first."""
    expr = match_expression(query)
    if expr is None:
        return []
    rows = conn.execute("select rowid from people where people match ?", (expr,)).fetchall()
    hits = [PEOPLE[rowid] for (rowid,) in rows]
    return sorted(hits, key=lambda name: -similarity(query, name))


def matches(query: str, name: str) -> bool:
    """Does ``query`` find ``name`` in a one-row FTS5 table?"""
    conn = sqlite3.connect(":memory:")
    try:
        conn.execute("create virtual table t using fts5(terms)")
        conn.execute("insert into t(terms) values (?)", (index_terms(name),))
        expr = match_expression(query)
        assert expr is not None, query
        return bool(conn.execute("select 1 from t where t match ?", (expr,)).fetchall())
    finally:
        conn.close()


# --- fold / tokens / keys --------------------------------------------------------


def test_tokens_keep_particles() -> None:
    assert tokens("Abd al-Rahman van der Berg") == ["abd", "al", "rahman", "van", "der", "berg"]
    assert tokens("--") == []


def test_phonetic_key_is_one_ascii_token() -> None:
    for name in PEOPLE:
        for tok in tokens(name):
            for key in phonetic_keys(tok):
                assert key.isascii() and key.isalpha() and key.islower(), (tok, key)
    assert phonetic_key("") == ""
    assert phonetic_key("Shevchenko") in phonetic_keys("Schewtschenko") + ["sfhnk"]


def test_index_terms_shape() -> None:
    terms = index_terms("Muhammad Al-Hassan").split()
    assert {"muhammad", "al", "hassan", "alhassan"} <= set(terms)
    assert PHONETIC_MARK + phonetic_key("hassan") in terms
    # Marked keys can never equal a folded name token.
    assert all(t.isalpha() or t.startswith(PHONETIC_MARK) for t in terms)
    assert "mueller" in index_terms("Müller").split()


def test_match_expression_basics() -> None:
    assert match_expression("") is None
    assert match_expression(" - ' 123 ") is None
    expr = match_expression('moh "x')
    assert expr is not None and expr.count('"') % 2 == 0
    # Particles are optional when something else was typed ...
    assert match_expression("al hassan") == match_expression("hassan")
    # ... but a particle alone (or still being typed) is searched.
    assert match_expression("al") is not None


# --- the brief's scenarios ---------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "person"),
    [
        ("mohamad hasan", "Muhammad Al-Hassan"),
        ("al hassan", "Muhammad Al-Hassan"),
        ("el hassan", "Muhammad Al-Hassan"),
        ("alhassan", "Muhammad Al-Hassan"),
        ("muhammad al-hassan", "Muhammad Al-Hassan"),
        ("julia schewtschenko", "Yuliia Shevchenko"),
        ("Юлия Шевченко", "Yuliia Shevchenko"),
        ("Ševčenko", "Yuliia Shevchenko"),
        ("mueller", "Klaus Müller"),
        ("muller", "Klaus Müller"),
        ("müller", "Klaus Müller"),
        ("ozdemir", "Mehmet Özdemir"),
        ("oezdemir", "Mehmet Özdemir"),
        ("schahin", "Ayşe Şahin"),
        ("achmed", "Ahmad Karimi"),
        ("jussuf", "Yusuf Haddad"),
        ("zwetkowa", "Olena Tsvetkova"),
        ("abdulrahman", "Abd al-Rahman Nasser"),
        ("chalil", "Khalil Ibrahim"),
        ("gebreyesus", "Tesfaye Ghebreyesus"),
        ("joana", "Ioana Popescu"),
        ("stefan", "Ștefan Ionescu"),
        ("alexandra wojcik", "Alexandra Wójcik"),
        ("katharina", "Kateryna Bondarenko"),
        ("dmitri", "Dmytro Kovalenko"),
        ("olexandr schukow", "Oleksandr Zhukov"),
        ("jan berg", "Jan van der Berg"),
        ("vanderberg", "Jan van der Berg"),
    ],
)
def test_finds_and_ranks_first(db: sqlite3.Connection, query: str, person: str) -> None:
    hits = search(db, query)
    assert person in hits, (query, hits)
    assert hits[0] == person, (query, hits)
    # Ranking alone (over all 30 names, not just the FTS hits) also puts the person first.
    ranked = sorted(PEOPLE, key=lambda name: -similarity(query, name))
    assert ranked[0] == person, (query, ranked[:3])


@pytest.mark.parametrize(
    ("typed", "person"),
    [
        ("moh", "Muhammad Al-Hassan"),
        ("muha", "Muhammad Al-Hassan"),
        ("muhammad h", "Muhammad Al-Hassan"),
        ("muhammad al", "Muhammad Al-Hassan"),
        ("shev", "Yuliia Shevchenko"),
        ("schew", "Yuliia Shevchenko"),
        ("schewtsch", "Yuliia Shevchenko"),
        ("shevc", "Yuliia Shevchenko"),
        ("jul", "Yuliia Shevchenko"),
        ("yulia shev", "Yuliia Shevchenko"),
        ("mue", "Klaus Müller"),
        ("oez", "Mehmet Özdemir"),
        ("schah", "Ayşe Şahin"),
        ("zwet", "Olena Tsvetkova"),
        ("achm", "Ahmad Karimi"),
        ("moh hasan", "Muhammad Al-Hassan"),  # abbreviated first word
        ("moh ", "Muhammad Al-Hassan"),
    ],
)
def test_prefix_while_typing(db: sqlite3.Connection, typed: str, person: str) -> None:
    assert person in search(db, typed), typed


def test_every_keystroke_keeps_the_person(db: sqlite3.Connection) -> None:
    for query, person in [
        ("julia schewtschenko", "Yuliia Shevchenko"),
        ("mohamad hasan", "Muhammad Al-Hassan"),
        ("oezdemir", "Mehmet Özdemir"),
    ]:
        # From the third letter of each word on (before that only same spellings match).
        for end in range(3, len(query) + 1):
            typed = query[:end]
            if len(typed.split()[-1]) < 3 and not typed.endswith(" "):
                continue  # "julia sc": two letters of a new word are too ambiguous
            assert person in search(db, typed), typed


def test_precision(db: sqlite3.Connection) -> None:
    assert "Muhammad Al-Hassan" not in search(db, "anna")
    assert "Hassan Rahimi" not in search(db, "anna")
    assert "Anna Kowalska" in search(db, "anna")
    # A complete short word is matched exactly on the phonetic level: "ali" is
    # Ali (or Eli/Aly), not every name starting with a vowel plus l.
    assert "Alexandra Wójcik" not in search(db, "ali")
    assert search(db, "ali")[0] == "Ali Rezaei"
    # Particles carry no phonetic key: "ali" is not the article "al".
    assert "Muhammad Al-Hassan" not in search(db, "ali")
    assert "Muhammad Al-Hassan" in search(db, "muhammad el")
    assert "Abd al-Rahman Nasser" in search(db, "abdel rahman")
    # A search box over-matches sound-alikes but the typed spelling ranks first.
    hits = search(db, "mohammed hussein")
    assert hits[0] == "Mohammed Hussein"
    assert "Muhammad Al-Hassan" in hits  # Hussein and Hassan share the key "hsn"
    hits = search(db, "yulia savchenko")
    assert hits[0] == "Yulia Savchenko"
    assert search(db, "julia schwarz")[0] == "Julia Schwarz"


def test_similarity_order() -> None:
    assert similarity("mohamad hasan", "Mohamad Hasan") == pytest.approx(1.0)
    exact = similarity("hassan", "Hassan Rahimi")
    prefix = similarity("hass", "Hassan Rahimi")
    phonetic = similarity("hasan", "Hassan Rahimi")
    other = similarity("hassan", "Anna Kowalska")
    assert exact > prefix > phonetic > other >= 0.0
    assert similarity("", "Anna") == 0.0
    assert 0.0 <= similarity("zzz", "Anna") <= 1.0


# --- table-driven variants ------------------------------------------------------------

# Spellings of the same name that must find each other, in both directions.
SAME_NAME = [
    ("Mohammed", "Muhammad"),
    ("Mohamad", "Mohamed"),
    ("Muhammad", "Mohamed"),
    ("Hassan", "Hasan"),
    ("El Hassan", "Al-Hassan"),
    ("Alhassan", "Al Hassan"),
    ("Yuliia", "Yulia"),
    ("Julia", "Yuliia"),
    ("Julija", "Yuliia"),
    ("Юлия", "Iuliia"),
    ("Shevchenko", "Schewtschenko"),
    ("Ševčenko", "Shevchenko"),
    ("Шевченко", "Schewtschenko"),
    ("Oleksandr", "Olexandr"),
    ("Олександр", "Alexander"),
    ("Özdemir", "Oezdemir"),
    ("Özdemir", "Ozdemir"),
    ("Şahin", "Sahin"),
    ("Şahin", "Schahin"),
    ("Shahin", "Schahin"),
    ("Müller", "Mueller"),
    ("Müller", "Muller"),
    ("Abdul Rahman", "Abd al-Rahman"),
    ("Abdulrahman", "Abdul-Rahman"),
    ("Yusuf", "Youssef"),
    ("Yusuf", "Jussuf"),
    ("Yousef", "Jussuf"),
    ("Hussein", "Husein"),
    ("Hussein", "Hussain"),
    ("Hosseini", "Husseini"),
    ("Ahmad", "Ahmed"),
    ("Ahmad", "Achmed"),
    ("Fatima", "Fatma"),
    ("Fatme", "Fatima"),
    ("Aleksandra", "Alexandra"),
    ("Tsvetkova", "Zwetkowa"),
    ("Цветкова", "Cvetkova"),
    ("Zhukov", "Schukow"),
    ("Жуков", "Schukow"),
    ("Khalil", "Chalil"),
    ("Khalil", "Halil"),
    ("Kateryna", "Katerina"),
    ("Kateryna", "Katharina"),
    ("Dmytro", "Dmitri"),
    ("Dmitrij", "Дмитрий"),
    ("Ioana", "Joana"),
    ("Ștefan", "Stefan"),
    ("Ghebreyesus", "Gebreyesus"),
    ("Wojciech", "Wojciech"),
    ("Grzegorz", "Grzegorz"),
    ("Jelena", "Elena"),
    ("Yevgeniy", "Jewgeni"),
    ("Tatjana", "Tatiana"),
    ("Sergej", "Sergey"),
    ("Petrović", "Petrowitsch"),
    ("Ibrahim", "Ebrahim"),
    ("Osama", "Usama"),
    ("Maryam", "Mariam"),
    ("Said", "Sa'id"),
    ("Mar'yana", "Maryana"),
    ("Mahmoud", "Machmud"),
    ("Dschamal", "Djamal"),
    ("Nikolaj", "Nikolay"),
]


@pytest.mark.parametrize(("a", "b"), SAME_NAME)
def test_variant_pairs(a: str, b: str) -> None:
    assert matches(a, b), (a, b)
    assert matches(b, a), (b, a)


# Different names that must not find each other once the word is finished
# (typed with a trailing space), in both directions.  While a word is being typed
# it deliberately matches longer names ("ali" -> "Alina", "fadi" -> "Fatima" via
# the key prefix "ft"), so no pair here is a folded prefix of the other.
# Known collisions of the key itself are listed in NAME_GROUPS' comment below.
DIFFERENT_NAMES = [
    ("Anna", "Hassan"),
    ("Ali", "Alexandra"),
    ("Yusuf", "Yunus"),
    ("Ahmad", "Mehmet"),
    ("Sara", "Zahra"),
    ("Omar", "Osman"),
    ("Karim", "Kerstin"),
    ("Hassan", "Hamid"),
    ("Mohammed", "Mustafa"),
    ("Olena", "Olga"),
    ("Ivan", "Ilja"),
    ("Müller", "Mahler"),
    ("Schmidt", "Schneider"),
    ("Shevchenko", "Kovalenko"),
    ("Tsvetkova", "Petrova"),
    ("Yuliia", "Yana"),
    ("Dmytro", "Denys"),
    ("Wojciech", "Wojtek"),
    ("Ahmadi", "Rahimi"),
    ("Özdemir", "Demir"),
    ("Şahin", "Shirin"),
    ("Ioana", "Ilona"),
    ("Jan", "Anja"),
    ("Abdullah", "Abdelkader"),
    ("Abdul Rahman", "Abdul Karim"),
    ("Al-Hassan", "Al-Hamdan"),
    ("Ghebreyesus", "Gebremedhin"),
    ("Aisha", "Amina"),
    ("Nour", "Nasser"),
    ("Grzegorz", "Gregor"),
    ("Hussein", "Hussam"),
    ("Ibrahim", "Bahram"),
    ("Fatima", "Fadi"),
    ("Oleksandr", "Oleg"),
    ("Khalil", "Khaled"),
]


@pytest.mark.parametrize(("a", "b"), DIFFERENT_NAMES)
def test_different_names_do_not_match(a: str, b: str) -> None:
    assert not matches(a + " ", b), (a, b)
    assert not matches(b + " ", a), (b, a)


# Collision rate of the phonetic key alone on different given names/surnames
# (each group lists spellings of ONE name; pairs across groups are different
# names).  Measured when written: 40 of 6172 cross-group spelling pairs share a
# key (0.65 %): Muhammad~Mahmoud~Mehmet, Hassan~Hussein, Omar~Amir/Emir,
# Yusuf~Josef, Aisha~Ayşe, Maria~Meyer, Dmitri~Dimitar, Ivan~Ivana,
# Andrii~Andreea.  The assertion guards against regressions; similarity()
# separates these look-alikes when ranking.  Known misses (not in the groups):
# Ukrainian г=h vs Russian g (Hanna/Ganna, Serhii/Sergei, Oleh/Oleg).
NAME_GROUPS = [
    ["Muhammad", "Mohammed", "Mohamad"], ["Mahmoud", "Machmud"], ["Mehmet", "Mehmed"],
    ["Hassan", "Hasan"], ["Hussein", "Hussain"], ["Ahmad", "Achmed"], ["Ali"],
    ["Omar", "Umar"], ["Amir", "Emir"], ["Yusuf", "Jussuf"], ["Josef", "Joseph"],
    ["Ibrahim", "Ebrahim"], ["Khalil", "Chalil"], ["Khaled", "Chalid"], ["Karim", "Kerim"],
    ["Fatima", "Fatma"], ["Aisha", "Aysha"], ["Zahra", "Sahra"], ["Sara", "Sarah"],
    ["Maryam", "Mariam"], ["Maria"], ["Marwa"], ["Nour", "Nur"], ["Layla", "Leila"],
    ["Yuliia", "Julia"], ["Olena", "Elena"], ["Olga"], ["Oleksandr", "Alexander"],
    ["Kateryna", "Katharina"], ["Dmytro", "Dmitri"], ["Ivan", "Iwan"], ["Ivana"],
    ["Natalia", "Natalja"], ["Tetiana", "Tatjana"], ["Serhii", "Serhij"], ["Andrii", "Andrej"],
    ["Oksana"], ["Svitlana", "Swetlana"], ["Iryna", "Irina"], ["Anna"], ["Hanna"],
    ["Wojciech"], ["Grzegorz"], ["Agnieszka"], ["Krzysztof"], ["Ioana", "Joana"],
    ["Stefan", "Ștefan"], ["Mihai"], ["Andreea"], ["Georgi"], ["Dimitar"],
    ["Tesfaye"], ["Yonas", "Jonas"], ["Selam"], ["Mustafa", "Mustapha"], ["Emine"],
    ["Ayşe", "Ayse"], ["Özlem", "Oezlem"], ["Şahin", "Schahin"], ["Müller", "Mueller"],
    ["Schmidt"], ["Schneider"], ["Fischer"], ["Weber"], ["Meyer", "Maier"],
    ["Wagner"], ["Becker"], ["Hoffmann"], ["Koch"],
]  # fmt: skip


def test_false_positive_rate() -> None:
    keyed = [
        (gi, set(phonetic_keys(fold(n).replace(" ", ""))))
        for gi, group in enumerate(NAME_GROUPS)
        for n in group
    ]
    cross = [(a, b) for a, b in itertools.combinations(keyed, 2) if a[0] != b[0]]
    collisions = [1 for a, b in cross if a[1] & b[1]]
    rate = len(collisions) / len(cross)
    assert rate < 0.01, (len(collisions), len(cross))
    # Within a group every spelling shares a key (the recall side of the table).
    for group in NAME_GROUPS:
        sets = [set(phonetic_keys(fold(n).replace(" ", ""))) for n in group]
        assert all(s & sets[0] for s in sets), group
