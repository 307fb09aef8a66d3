"""The bidi algorithm of the printouts passes every case of the Unicode conformance files
(UAX #9: BidiTest.txt and BidiCharacterTest.txt from Debian's unicode-data)."""

import pytest

from kimdesk.printing import bidi
from tests.printing import bidi_conformance as conformance


@pytest.mark.slow
@pytest.mark.parametrize("name", ["BidiTest.txt", "BidiCharacterTest.txt"])
def test_every_conformance_case_passes(name):
    path = conformance.UNICODE / name
    assert path.is_file(), f"{path} fehlt: Debian-Paket unicode-data installieren"
    run = conformance.bidi_test if name == "BidiTest.txt" else conformance.bidi_character_test
    passed, total = conformance.rate(run(path))
    print(f"\n{name}: {passed}/{total}")
    assert total > 90_000 and passed == total


def test_the_check_fails_on_a_wrong_level():
    """The runner can fail: a case whose expected levels are not what the algorithm says."""
    assert not conformance._check("a\u05d0", "ltr", ["0", "0"], [0, 1])
    assert conformance._check("a\u05d0", "ltr", ["0", "1"], [0, 1])


def test_isolates_and_brackets_in_printed_names():
    """What the old subset could not do: an isolated Latin name in an Arabic line and
    brackets around Latin text stay where they belong."""
    text = "الاسم: \u2066Amal (Haddad)\u2069 ١٢"
    assert bidi.display_string(text, rtl_base=True).startswith("١٢ \u2069Amal (Haddad)\u2066")
