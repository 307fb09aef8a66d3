# ruff: noqa: E501  (template sentences are kept on one line for readability)
"""Generate the held-out corpus in tests/corpus/heldout/: names the scrubber has never seen.

The names come from Faker's locale data (MIT licence; see NOTICE.md), not from the
scrubber's own lists in resources/names: every name whose transliteration key is in those
lists is dropped, so recall measures how the scrubber generalises — from context (titles,
roles, verbs of speaking, kinship), from the case file, and from the letters of a name.
Some names keep their own script (Cyrillic, Greek), as copied from documents.
Run: .venv/bin/python tests/corpus/make_heldout.py
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

from faker import Faker

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from kimdesk.privacy.pii_names import name_index, norm  # noqa: E402
from tests.corpus.make_reconstructions import (  # noqa: E402
    TOWNS,
    Case,
    date_str,
    email,
    iban_de,
    phone,
)

OUT = Path(__file__).parent / "heldout"
LOCALES = ("de_DE", "tr_TR", "pl_PL", "ro_RO", "hr_HR", "hu_HU", "it_IT", "fr_FR", "nl_NL",
           "en_GB", "az_AZ", "sk_SK", "cs_CZ", "es_ES", "pt_PT", "ru_RU", "uk_UA", "bg_BG",
           "el_GR")
SCRIPT_LOCALES = {"ru_RU", "uk_UA", "bg_BG", "el_GR"}
LATIN_LOCALES = tuple(loc for loc in LOCALES if loc not in SCRIPT_LOCALES)
STREET_ENDS = ("allee", "straße", "gasse", "chaussee")
ROLES_F = ("Sachbearbeiterin", "Dolmetscherin", "Lehrerin", "Ansprechpartnerin", "Beraterin",
           "Jobcenter-Mitarbeiterin", "Kursleiterin", "Ärztin", "Vermieterin", "Nachbarin")
ROLES_M = ("Sachbearbeiter", "Dolmetscher", "Lehrer", "Ansprechpartner", "Berater",
           "Jobcenter-Mitarbeiter", "Kursleiter", "Arzt", "Vermieter", "Nachbar")
PLACES = ("vom Jobcenter", "von der Ausländerbehörde", "vom Sozialamt", "von der Familienkasse",
          "vom Jugendamt", "von der Schule", "vom Sprachkursträger")
SPEAK = ("sagte", "meinte", "erklärte", "berichtete", "teilte mit")


def _unseen(fake: Faker, latin: bool, used: set[str]) -> tuple[str, str, bool]:
    """A (given, family, female) pair none of whose parts the scrubber's lists know."""
    index = name_index()
    for _ in range(200):
        female = fake.random.random() < 0.5
        given = fake.first_name_female() if female else fake.first_name_male()
        family = fake.last_name_female() if female and hasattr(fake, "last_name_female") \
            else fake.last_name()
        given, family = given.split()[0], family.split()[-1]
        if any(len(p) < 3 or not p[0].isupper() or norm(p) in index for p in (given, family)) \
                or f"{given} {family}" in used:
            continue
        if latin != all(ord(c) < 0x250 for c in given + family):
            continue
        used.add(f"{given} {family}")
        return given, family, female
    raise RuntimeError("no unseen name")


def make_case(n: int, rng: random.Random, fakers: dict[str, Faker], used: set[str]) -> dict:
    case = Case(rng)
    locale = LOCALES[n % len(LOCALES)]
    fake = fakers[LATIN_LOCALES[n % len(LATIN_LOCALES)]]
    given, family, female = _unseen(fake, True, used)
    hon, role = ("Frau", "die Klientin") if female else ("Herr", "der Klient")
    known = [{"name": f"{given} {family}", "role": role}]
    fam = case.add("known_name", family)
    case.say(f"Die Fallrekonstruktion beschreibt die Begleitung von {hon if female else 'Herrn'} {fam}.")
    case.say(f"{hon} {case.add('known_name', family)} lebt seit einigen Jahren im Kreis, "
             f"geboren am {case.add('date_of_birth', date_str(rng, rng.randint(1970, 2000))[0])}.")
    if rng.random() < 0.6:
        case.say(f"In Gesprächen nennt sich die Person auch {case.add('known_name', given)}.")
    # third parties: one per context, all unseen names
    for context in rng.sample(range(8), 6):
        other = fakers[rng.choice(LATIN_LOCALES)]
        g, f, fem = _unseen(other, True, used)
        roles = ROLES_F if fem else ROLES_M
        if context == 0:
            case.say(f"{'Frau' if fem else 'Herr'} {case.add('person_name', g)} {case.add('person_name', f)} {rng.choice(PLACES)} lehnte den Antrag zunächst ab.")
        elif context == 1:
            case.say(f"Die Unterlagen prüfte {'die' if fem else 'der'} {rng.choice(roles)} {case.add('person_name', f)}, die Rückmeldung kam nach drei Wochen.")
        elif context == 2:
            case.say(f"Laut {case.add('person_name', f)} fehlt noch ein Nachweis über die Kinderbetreuung.")
        elif context == 3:
            case.say(f"{case.add('person_name', g)} {case.add('person_name', f)} {rng.choice(SPEAK)}, der Termin werde verschoben.")
        elif context == 4:
            case.say(f"Beim Ausfüllen half {'die' if fem else 'der'} {rng.choice(roles)} {case.add('person_name', g)} {case.add('person_name', f)}.")
        elif context == 5:
            case.say(f"Die Ansprechperson beim Träger, {'Frau' if fem else 'Herr'} {case.add('person_name', f)}, ist telefonisch unter {case.add('phone', phone(rng))} erreichbar.")
        elif context == 6:
            case.say(f"Der Sohn {case.add('person_name', g)} besucht inzwischen die dritte Klasse.")
        else:
            case.say(f"Zum Termin kam auch {'ihre Schwester' if fem else 'sein Bruder'} {case.add('person_name', g)} mit.")
        if context in (0, 1, 4) and rng.random() < 0.5:
            case.say(f"Später bestätigte {case.add('person_name', f)} die Zusage schriftlich.")
    if locale in SCRIPT_LOCALES:
        native = fakers[locale]
        g_native, f_native, _ = _unseen(native, False, used)
        known.append({"name": f"{g_native} {f_native}", "role": "die angehörige Person"})
        case.say(f"Im Pass steht der Name eines Angehörigen als {case.add('known_name', g_native)} {case.add('known_name', f_native)}.")
    street = fake.last_name().split()[-1] + rng.choice(STREET_ENDS)
    plz, town = rng.choice(TOWNS)
    case.say(f"Im Frühjahr zog die Familie in die {case.add('address', street)}; die neue Anschrift lautet {case.add('address', f'{street} {rng.randint(1, 80)}, {plz} {town}')}.")
    case.say(f"Erreichbar ist {hon if female else 'er'} unter {case.add('phone', phone(rng))} oder per E-Mail an {case.add('email', email(rng, given, family))}.")
    case.say(f"Die Leistungen gehen auf das Konto mit der IBAN {case.add('iban', iban_de(rng))}.")
    case.say(f"Ein Gespräch fand am {case.add('date', date_str(rng)[0])} statt.")
    return {"text": " ".join(case.sentences), "known": known, "identifiers": case.ids}


def main() -> None:
    rng = random.Random(20260315)
    fakers = {loc: Faker(loc) for loc in LOCALES}
    for i, f in enumerate(fakers.values()):
        f.seed_instance(4711 + i)
    OUT.mkdir(exist_ok=True)
    used: set[str] = set()
    for n in range(120):
        data = make_case(n, rng, fakers, used)
        (OUT / f"case_{n:03d}.json").write_text(json.dumps(data, ensure_ascii=False, indent=1),
                                                encoding="utf-8")
    print(f"wrote {n + 1} narratives to {OUT}")


if __name__ == "__main__":
    main()
