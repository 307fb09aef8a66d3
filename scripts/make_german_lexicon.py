"""Build resources/lexicon/de-nouns.txt.gz: every form of the German common nouns of the
WiktionaryDE noun list (``german-nouns``, CC BY-SA 4.0, see NOTICE.md).

The scrubber tells a capitalised German noun ("Anschrift", "Kurstraeger") from a name by
this list; names, first names, place names and other proper nouns of the source are left
out, so a surname that is also a noun ("Koch") counts as a noun only through its common
meaning. Run once when the source changes:

    pip install german-nouns && python scripts/make_german_lexicon.py
"""

import csv
import gzip
from importlib.resources import files
from pathlib import Path

PROPER = {"Vorname", "Nachname", "Eigenname", "Toponym", "Straßenname", "Abkürzung",
          "Buchstabe", "Symbol"}
OUT = Path(__file__).resolve().parents[1] / "resources" / "lexicon" / "de-nouns.txt.gz"


def forms() -> set[str]:
    source = files("german_nouns").joinpath("nouns.csv")
    out: set[str] = set()
    with source.open(encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if PROPER & set(row["pos"].split(",")):
                continue
            for key, value in row.items():
                if key in ("lemma", "pos") or key.startswith("genus"):
                    continue
                for word in (value or "").split():
                    if word.isalpha() and len(word) >= 3:
                        out.add(word.lower())
            if row["lemma"].isalpha():
                out.add(row["lemma"].lower())
    return out


def main() -> None:
    words = sorted(forms())
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(OUT, "wt", encoding="utf-8", compresslevel=9) as f:
        f.write("# German common nouns, all forms, from WiktionaryDE via german-nouns "
                "(CC BY-SA 4.0)\n")
        f.write("\n".join(words) + "\n")
    print(f"{len(words)} forms -> {OUT} ({OUT.stat().st_size // 1024} KiB)")


if __name__ == "__main__":
    main()
