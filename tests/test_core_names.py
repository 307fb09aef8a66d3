"""One name folding for search and scrubber: the same person in Latin, Cyrillic, Arabic
script and Greek is found by the client search and recognised by the PII scrubber."""

from __future__ import annotations

import pytest

from kimdesk.core.names import fold, is_abjad
from kimdesk.privacy import KnownPerson, scrub
from tests.test_name_keys import matches


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Müller", "muller"),
        ("Özdemir", "ozdemir"),
        ("Şahin", "sahin"),
        ("Ștefan", "stefan"),
        ("Paweł Wójcik", "pawel wojcik"),
        ("Straße", "strasse"),
        ("Ševčenko", "shevchenko"),
        ("Шевченко", "shevchenko"),
        ("Юлия", "yuliya"),
        ("Юлія", "yuliya"),
        ("Гліб Гончаренко", "hlib honcharenko"),  # Ukrainian г -> h, и -> y
        ("Сергей Иванов", "sergey ivanov"),
        ("Щерев Сърбинов", "shterev sarbinov"),  # Bulgarian щ, ъ
        ("Мар'яна", "mar yana"),
        ("Al-Hassan", "al hassan"),
        ("O'Brien", "o brien"),
        ("İbrahim Yılmaz", "ibrahim yilmaz"),
        ("Νίκος", "nikos"),
        ("Γιώργος Παπαδόπουλος", "giorgos papadopoulos"),  # ου is "ou"
        ("مُحَمَّد", "mhmd"),  # harakat fall away
        ("يوسف", "yusf"),  # waw after a consonant is the vowel u
        ("وليد", "wlid"),  # waw opening a word is w
        ("فاطمة", "fatma"),  # ta marbuta
        ("علي", "ali"),  # initial ain is heard as a vowel
        ("محمود الحسن", "mhmud al hsn"),  # the joined article becomes a particle
        ("عبد الرحمن", "abd al rhmn"),
        ("زهرا احمدی", "zhra ahmdi"),  # Farsi yeh
        ("ملالۍ", "mlali"),  # Pashto
        ("  ", ""),
    ],
)
def test_fold(raw: str, folded: str) -> None:
    assert fold(raw) == folded


def test_fold_never_empties_a_name_in_another_script() -> None:
    for name in ("Юлия", "محمد", "Γιώργος", "ښکلا", "Ђорђе"):
        assert fold(name), name


def test_is_abjad_only_for_arabic_script() -> None:
    assert is_abjad("محمد") and is_abjad("گلالۍ")
    assert not is_abjad("Юлия") and not is_abjad("Mohammad") and not is_abjad("Γιώργος")


# The same three people, written as the file has them and as they may turn up elsewhere.
SPELLINGS = [
    ("Yuliia Shevchenko", "Юлия Шевченко"),
    ("Mohammad Al-Hassan", "محمد الحسن"),
    ("Georgios Papadopoulos", "Γιώργος Παπαδόπουλος"),
    ("Юлия Шевченко", "Yulia Schewtschenko"),
    ("محمد الحسن", "Muhammad Hassan"),
    ("Γιώργος Παπαδόπουλος", "Giorgos Papadopoulos"),
]


@pytest.mark.parametrize(("in_file", "written"), SPELLINGS)
def test_search_finds_the_person_in_another_script(in_file: str, written: str) -> None:
    assert matches(written, in_file)
    assert matches(in_file, written)


@pytest.mark.parametrize(("in_file", "written"), SPELLINGS)
def test_scrubber_links_another_script_to_the_known_person(in_file: str, written: str) -> None:
    text = f"Im Schreiben des Amtes steht {written} oben rechts."
    res = scrub(text, [KnownPerson(in_file, "die Person")], places={})
    assert [(f.text, f.kind) for f in res.findings] == [(written, "known_name")]
    assert res.text == "Im Schreiben des Amtes steht die Person oben rechts."


def test_scrubber_does_not_link_a_different_person_in_another_script() -> None:
    res = scrub("Die Nachbarin heißt Олена.", [KnownPerson("Yuliia Shevchenko", "die Klientin")],
                places={})
    assert all(f.kind != "known_name" for f in res.findings)
