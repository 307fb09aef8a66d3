"""Run the Unicode conformance files of the Bidi Algorithm (UAX #9) against
:mod:`kimdesk.printing.bidi`: ``BidiTest.txt`` (bidi classes) and ``BidiCharacterTest.txt``
(real text), as shipped by Debian's ``unicode-data`` in /usr/share/unicode.

    python -m tests.printing.bidi_conformance [--limit N]

prints the share of test cases whose resolved levels and visual order match.
"""

from __future__ import annotations

import argparse
from collections.abc import Iterator
from pathlib import Path

from kimdesk.printing import bidi

UNICODE = Path("/usr/share/unicode")
#: one character per bidi class, for BidiTest.txt
SAMPLE = {
    "L": "a", "R": "\u05d0", "AL": "\u0627", "EN": "1", "ES": "+", "ET": "$", "AN": "\u0661",
    "CS": ",", "NSM": "\u0300", "BN": "\u00ad", "B": "\u2029", "S": "\t", "WS": " ",
    "ON": "!", "LRE": "\u202a", "LRO": "\u202d", "RLE": "\u202b", "RLO": "\u202e",
    "PDF": "\u202c", "LRI": "\u2066", "RLI": "\u2067", "FSI": "\u2068", "PDI": "\u2069",
}


def _check(text: str, direction: str, levels: list[str], order: list[int]) -> bool:
    """direction: 'auto', 'ltr' or 'rtl'; levels: expected per char ('x' = removed)."""
    rtl = bidi.first_strong_is_rtl(text) if direction == "auto" else direction == "rtl"
    got = bidi.resolve_levels(text, rtl)
    kept = [i for i, lv in enumerate(levels) if lv != "x"]
    if any(got[i] != int(levels[i]) for i in kept):
        return False
    visual = bidi.visual_order(kept, [got[i] for i in kept])
    return visual == order


def bidi_test(path: Path = UNICODE / "BidiTest.txt") -> Iterator[bool]:
    levels: list[str] = []
    order: list[int] = []
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        if line.startswith("@Levels:"):
            levels = line.split(":", 1)[1].split()
        elif line.startswith("@Reorder:"):
            order = [int(x) for x in line.split(":", 1)[1].split()]
        elif not line.startswith("@"):
            classes, bits = line.split(";")
            text = "".join(SAMPLE[c] for c in classes.split())
            for bit, direction in ((1, "auto"), (2, "ltr"), (4, "rtl")):
                if int(bits) & bit:
                    yield _check(text, direction, levels, order)


def bidi_character_test(path: Path = UNICODE / "BidiCharacterTest.txt") -> Iterator[bool]:
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        fields = line.split(";")
        text = "".join(chr(int(cp, 16)) for cp in fields[0].split())
        direction = {"0": "ltr", "1": "rtl", "2": "auto"}[fields[1]]
        yield _check(text, direction, fields[3].split(), [int(x) for x in fields[4].split()])


def rate(results: Iterator[bool], limit: int | None = None) -> tuple[int, int]:
    passed = total = 0
    for ok in results:
        passed += ok
        total += 1
        if limit and total >= limit:
            break
    return passed, total


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=None)
    args = parser.parse_args()
    for name, results in (("BidiTest.txt", bidi_test()),
                          ("BidiCharacterTest.txt", bidi_character_test())):
        passed, total = rate(results, args.limit)
        print(f"{name}: {passed}/{total} = {passed / total:.2%}")


if __name__ == "__main__":
    main()
