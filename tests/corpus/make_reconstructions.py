# ruff: noqa: E501  (template sentences are kept on one line for readability)
"""Generate the synthetic case-reconstruction corpus in tests/corpus/reconstructions/.

All people, numbers and addresses are invented. Texts follow the abstracted style of Kleve
5.5.1 but deliberately contain identifiers, each listed under "identifiers" so the scrubber's
recall can be measured. Run: .venv/bin/python tests/corpus/make_reconstructions.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUT = Path(__file__).parent / "reconstructions"

# name pools per origin: (female given, male given, family); some names are deliberately
# NOT in resources/names so that the heuristics are exercised as well.
ORIGINS = {
    "sy": (["Fatima", "Rania", "Hiba", "Nour", "Lama", "Batoul", "Ghofran"],
           ["Mohammad", "Khaled", "Bashar", "Samer", "Ayham", "Muayad", "Qusai"],
           ["Al-Hassan", "Haddad", "Al-Khatib", "Darwish", "Sabbagh", "Al-Rifai", "Mardini"]),
    "ua": (["Yuliia", "Olena", "Kateryna", "Oksana", "Svitlana", "Dariia"],
           ["Oleksandr", "Dmytro", "Andrii", "Serhii", "Bohdan", "Arsenii"],
           ["Shevchenko", "Kovalenko", "Bondarenko", "Tkachuk", "Hrytsenko", "Ostapchuk"]),
    "er": (["Selam", "Senait", "Helen", "Luwam", "Winta", "Tsega"],
           ["Yonas", "Dawit", "Filmon", "Merhawi", "Tesfaldet", "Kibrom"],
           ["Tesfay", "Ghebremedhin", "Kidane", "Habte", "Weldemichael", "Andemichael"]),
    "af": (["Marzia", "Shakila", "Nilofar", "Parwana", "Zarghuna", "Hosna"],
           ["Ahmad", "Jawid", "Farid", "Mirwais", "Zabiullah", "Shamsullah"],
           ["Ahmadzai", "Stanikzai", "Rahimi", "Hakimi", "Popalzai", "Mangal"]),
    "iq": (["Zainab", "Shilan", "Hawra", "Nazdar", "Ruqaya"],
           ["Haider", "Karwan", "Murtadha", "Dilshad", "Sajjad"],
           ["Al-Jubouri", "Al-Tamimi", "Barzani", "Khudeda", "Al-Saadi"]),
    "tr": (["Ayşe", "Zeynep", "Elif", "Hatice", "Büşra"],
           ["Mehmet", "Mustafa", "Emre", "Hüseyin", "Yusuf"],
           ["Yılmaz", "Kaya", "Öztürk", "Aydın", "Karakaya"]),
    "ro": (["Ioana", "Andreea", "Mihaela", "Florentina"],
           ["Ionuț", "Florin", "Marian", "Costel"],
           ["Popescu", "Dumitru", "Ciobanu", "Moldovan"]),
    "pl": (["Agnieszka", "Katarzyna", "Małgorzata", "Justyna"],
           ["Krzysztof", "Paweł", "Tomasz", "Grzegorz"],
           ["Kowalczyk", "Wiśniewski", "Zielińska", "Grabowski"]),
    "bg": (["Desislava", "Radka", "Sevgi", "Gergana"],
           ["Ivaylo", "Plamen", "Hristo", "Orhan"],
           ["Georgieva", "Dimitrov", "Mehmedova", "Stoyanov"]),
    "so": (["Fadumo", "Hodan", "Ikran", "Sagal"],
           ["Abdirahman", "Liban", "Mahad", "Abdiwali"],
           ["Warsame", "Farah", "Abdullahi", "Hirsi"]),
    "ir": (["Maryam", "Nazanin", "Sepideh", "Parisa"],
           ["Reza", "Behnam", "Arash", "Kourosh"],
           ["Hosseini", "Rezaei", "Mousavi", "Karimi"]),
    "ru": (["Swetlana", "Tatjana", "Jekaterina", "Ljudmila"],
           ["Sergej", "Dmitrij", "Wladimir", "Jewgeni"],
           ["Iwanow", "Smirnowa", "Kusnezow", "Wolkow"]),
    "xk": (["Arbenita", "Valbona", "Blerta", "Qendresa"],
           ["Arben", "Valon", "Granit", "Labinot"],
           ["Krasniqi", "Berisha", "Gashi", "Kelmendi"]),
}
# Transliteration variants that case managers actually write.
VARIANTS = {
    "Mohammad": ["Muhammad", "Mohammed", "Mohamad"], "Yuliia": ["Julia", "Yulia"],
    "Oleksandr": ["Olexandr", "Oleksander"], "Ghebremedhin": ["Gebremedhin"],
    "Tesfay": ["Tesfai"], "Khaled": ["Chaled", "Khalid"], "Al-Hassan": ["al-Hassan", "Alhassan"],
    "Serhii": ["Serhij", "Sergii"], "Andrii": ["Andrij"], "Dmytro": ["Dmitro"],
    "Jawid": ["Javid"], "Haider": ["Hayder"], "Hüseyin": ["Huseyin"], "Yılmaz": ["Yilmaz"],
    "Sergej": ["Sergei"], "Iwanow": ["Ivanov"], "Swetlana": ["Svetlana"],
    "Kowalczyk": ["Kovalczyk"], "Ionuț": ["Ionut"], "Ayşe": ["Ayse"], "Zainab": ["Zeinab"],
    "Dawit": ["Dawitt"], "Al-Khatib": ["Alkhatib", "El-Khatib"],
}
# Third parties named in narratives (not in the case file).
OTHERS = [
    ("Frau", "Janssen"), ("Herr", "Bakker"), ("Frau", "Hendricks"), ("Herr", "Terhorst"),
    ("Frau", "Dr. Brinkmann"), ("Herr", "Yıldırım"), ("Frau", "Kuypers"), ("Herr", "Oduya"),
    ("Frau", "Wiegmann"), ("Herr", "van Dijk"), ("Frau", "Nowak"), ("Herr", "Osmani"),
    ("Frau", "Schepers"), ("Herr", "Al-Zoubi"), ("Frau", "Pöttgens"), ("Herr", "Kleinert"),
]
BARE_OTHERS = ["Olena Kovalenko", "Ahmad Rahimi", "Ayşe Demir", "Selam Tekle", "Jan de Vries",
               "Lina Haddad", "Piotr Nowak", "Reza Ahmadi", "Amina Farah", "Valon Gashi"]
STREETS = ["Hauptstraße", "Kirchweg", "Bahnhofstr.", "Lindenallee", "Gocher Straße",
           "Emmericher Str.", "Am Markt", "An der Kirche", "Mühlenweg", "Schulstraße",
           "Zur Windmühle", "Auf dem Kamp", "Klosterplatz", "Weezer Straße", "Im Winkel"]
TOWNS = [("47533", "Kleve"), ("47608", "Geldern"), ("47623", "Kevelaer"), ("47574", "Goch"),
         ("32423", "Minden"), ("37671", "Höxter"), ("48653", "Coesfeld"), ("48565", "Steinfurt"),
         ("47652", "Weeze"), ("46446", "Emmerich am Rhein")]
PLACES = ["Winnekendonk", "Kerken", "Uedem", "Walbeck", "Straelen", "Kranenburg", "Nütterden",
          "Rheurdt", "Wachtendonk", "Issum", "Hüllhorst", "Nieheim", "Marienmünster", "Kervenheim",
          "Weeze", "Twisteden", "Materborn", "Rahden"]
MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September",
          "Oktober", "November", "Dezember"]
NUMWORDS = {2: "zwei", 3: "drei", 4: "vier", 5: "fünf", 6: "sechs", 7: "sieben", 8: "acht"}


def iban_de(rng: random.Random) -> str:
    bban = "".join(str(rng.randint(0, 9)) for _ in range(18))
    check = 98 - int(bban + "131400") % 97
    raw = f"DE{check:02d}{bban}"
    return " ".join(raw[i: i + 4] for i in range(0, len(raw), 4)) if rng.random() < 0.7 else raw


def iban_nl(rng: random.Random) -> str:
    bank = rng.choice(["ABNA", "INGB", "RABO"])
    acct = "".join(str(rng.randint(0, 9)) for _ in range(10))
    digits = "".join(str(int(c, 36)) for c in bank + acct + "NL00")
    return f"NL{98 - int(digits) % 97:02d}{bank}{acct}"


def tax_id(rng: random.Random) -> str:
    while True:
        first = str(rng.randint(1, 9)) + "".join(str(rng.randint(0, 9)) for _ in range(9))
        product = 10
        for ch in first:
            total = (int(ch) + product) % 10 or 10
            product = (total * 2) % 11
        num = first + str((11 - product) % 10)
        if rng.random() < 0.5:
            return num
        return f"{num[:2]} {num[2:5]} {num[5:8]} {num[8:]}"


def rvnr(rng: random.Random, day: int, month: int, year: int, initial: str) -> str:
    area = f"{rng.choice([12, 13, 15, 23, 24, 42, 50, 65])}"
    serial = f"{rng.randint(0, 99):02d}"
    digits = f"{area}{day:02d}{month:02d}{year % 100:02d}{ord(initial) - 64:02d}{serial}"
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    check = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, weights, strict=True)) % 10
    core = f"{area}{day:02d}{month:02d}{year % 100:02d}"
    if rng.random() < 0.5:
        return f"{core[:2]} {core[2:]} {initial} {serial}{check}"
    return f"{core}{initial}{serial}{check}"


def phone(rng: random.Random) -> str:
    d = lambda n: "".join(str(rng.randint(0, 9)) for _ in range(n))  # noqa: E731
    return rng.choice([
        f"0176 {d(8)}", f"0157/{d(7)}", f"+49 176 {d(4)} {d(4)}", f"+49 (0)2821 {d(6)}",
        f"02821 {d(5)}", f"(02832) {d(2)} {d(2)} {d(2)}", f"0049 151 {d(4)} {d(4)}",
        f"+963 9{d(2)} {d(3)} {d(3)}", f"+380 67 {d(3)} {d(4)}", f"0151-{d(8)}",
        f"02831/{d(4)}-{d(2)}", f"+90 5{d(2)} {d(3)} {d(2)} {d(2)}", f"0162 {d(3)} {d(4)}",
    ])


def email(rng: random.Random, given: str, family: str) -> str:
    trans = str.maketrans({"ş": "s", "ı": "i", "ü": "ue", "ö": "oe", "ä": "ae", "ł": "l",
                           "ń": "n", "ț": "t", "ś": "s", "ą": "a", "ę": "e"})
    g = given.lower().translate(trans)
    f = family.lower().replace("-", "").translate(trans)
    dom = rng.choice(["web.de", "gmx.net", "gmail.com", "t-online.de", "outlook.com"])
    return rng.choice([f"{g}.{f}@{dom}", f"{g[0]}.{f}{rng.randint(10, 99)}@{dom}",
                       f"{f}.{g}{rng.randint(1980, 2005)}@{dom}"])


def date_str(rng: random.Random, year: int | None = None) -> tuple[str, tuple[int, int, int]]:
    y = year or rng.choice([2022, 2023, 2024, 2025])
    m, d = rng.randint(1, 12), rng.randint(1, 28)
    fmt = rng.choice(["num", "num_short", "text", "iso", "num_yy", "text_abbr"])
    s = {"num": f"{d:02d}.{m:02d}.{y}", "num_short": f"{d}.{m}.{y}",
         "text": f"{d}. {MONTHS[m - 1]} {y}", "iso": f"{y}-{m:02d}-{d:02d}",
         "num_yy": f"{d:02d}.{m:02d}.{y % 100:02d}",
         "text_abbr": f"{d}. {MONTHS[m - 1][:3]}. {y}" if m != 5 else f"{d}. Mai {y}"}[fmt]
    return s, (d, m, y)


def misspell(rng: random.Random, name: str) -> str:
    """One plausible typo: doubled or dropped letter, or swapped neighbours."""
    if len(name) < 6:
        return name
    i = rng.randint(2, len(name) - 2)
    if not (name[i].isalpha() and name[i + 1].isalpha()):
        i = len(name) - 3
    op = rng.choice(["double", "drop", "swap"])
    if op == "double":
        return name[:i] + name[i] + name[i:]
    if op == "drop":
        return name[:i] + name[i + 1:]
    return name[:i] + name[i + 1] + name[i] + name[i + 2:]


class Case:
    """Collects sentences and the identifiers planted in them."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.sentences: list[str] = []
        self.ids: list[dict[str, str]] = []

    def add(self, kind: str, text: str) -> str:
        self.ids.append({"kind": kind, "text": text})
        return text

    def say(self, s: str) -> None:
        self.sentences.append(s)


def name_form(case: Case, given: str, family: str, female: bool, allow_given: bool = True
              ) -> str:
    """A mention of a known person: honorific, genitive, variant or misspelling."""
    rng = case.rng
    hon = "Frau" if female else "Herr"
    choice = rng.choice(["hon", "hon", "full", "given", "variant", "typo", "gen"])
    if choice == "given" and allow_given:
        return case.add("known_name", given)
    if choice == "variant":
        pool = [(v, True) for v in VARIANTS.get(family, [])] + \
            [(v, False) for v in VARIANTS.get(given, [])]
        if pool:
            v, is_family = rng.choice(pool)
            return f"{hon} {case.add('known_name', v)}" if is_family else case.add("known_name", v)
    if choice == "typo" and len(family) >= 6:
        return f"{hon} {case.add('known_name', misspell(rng, family))}"
    if choice == "full":
        return f"{hon} {case.add('known_name', given)} {case.add('known_name', family)}"
    return f"{hon} {case.add('known_name', family)}"


def genitive(case: Case, given: str, family: str, female: bool) -> str:
    hon = "Frau" if female else "Herrn"
    if case.rng.random() < 0.5:
        g = given + ("'" if given.endswith(("s", "z", "x", "ß")) else "s")
        return case.add("known_name", g)
    f = family + ("'" if family.endswith(("s", "z", "x")) else "s")
    return f"{hon} {case.add('known_name', f)}"


TOPICS = ["ausbildung", "wohnen", "aufenthalt", "kita", "schulden", "gesundheit",
          "anerkennung", "einbuergerung", "arbeit", "jugend", "ukraine", "pflege"]


def build(idx: int) -> dict:
    rng = random.Random(1000 + idx)
    case = Case(rng)
    origin = list(ORIGINS)[idx % len(ORIGINS)]
    fem, mal, fam = ORIGINS[origin]
    topic = TOPICS[idx % len(TOPICS)] if idx < 36 else rng.choice(TOPICS)
    female = rng.random() < 0.6
    given = rng.choice(fem if female else mal)
    family = rng.choice(fam)
    spouse_given = rng.choice(mal if female else fem)
    child_given = rng.choice(fem + mal)
    child_female = child_given in fem
    child_age = rng.randint(1, 15)
    age = rng.randint(19, 58)
    known = [{"name": f"{given} {family}", "role": "die Klientin" if female else "der Klient"},
             {"name": f"{spouse_given} {family}",
              "role": "der Ehemann" if female else "die Ehefrau"},
             {"name": f"{child_given} {family}",
              "role": f"{'Tochter' if child_female else 'Sohn'} ({child_age} J.)"}]
    P = lambda allow_given=True: name_form(case, given, family, female, allow_given)  # noqa: E731
    kid = "Tochter" if child_female else "Sohn"
    spouse_word = "Ehemann" if female else "Ehefrau"
    pron = "Sie" if female else "Er"

    # Opening (several forms of age / date / place)
    opening = rng.choice([
        lambda: f"{P(False)} ist {case.add('age', f'{age} Jahre alt')} und lebt seit dem "
                f"{case.add('date', date_str(rng)[0])} in {case.add('place', rng.choice(PLACES))}.",
        lambda: f"{'Die' if female else 'Der'} {case.add('age', f'{age}-jährige')} "
                f"{'Klientin' if female else 'Klient'} "
                f"{P(False)} wurde am {case.add('date', date_str(rng)[0])} vom Jobcenter an das "
                f"Case Management verwiesen.",
        lambda: f"{P(False)} ({case.add('age', str(age))}) kam erstmals am "
                f"{case.add('date', date_str(rng)[0])} in die Sprechstunde im Rathaus "
                f"{case.add('place', rng.choice(PLACES))}.",
        lambda: f"Im Rahmen der Fallrekonstruktion stellt die Case Managerin den Fall von "
                f"{P(False)} vor, {case.add('date_of_birth', 'geb. ' + date_str(rng, age_year)[0])}"
                f", die seit {case.add('date', f'{rng.randint(1, 12):02d}/{rng.randint(2021, 2024)}')}"
                f" in Deutschland lebt.",
    ])
    age_year = 2024 - age
    case.say(opening())

    # Family sentence
    fam_s = rng.choice([
        lambda: f"{pron} lebt mit {'ihrem' if female else 'seiner'} {spouse_word} "
                f"{case.add('known_name', spouse_given)} und "
                f"{'ihrer' if female else 'seiner'} {kid} "
                f"{case.add('known_name', child_given)} ({case.add('age', str(child_age))}) "
                f"zusammen.",
        lambda: f"Zur Familie gehören {'der Ehemann' if female else 'die Ehefrau'} "
                f"{case.add('known_name', spouse_given)} "
                f"({case.add('date_of_birth', '*' + date_str(rng, age_year - 2)[0])}) sowie "
                f"{'die' if child_female else 'der'} "
                f"{case.add('age', NUMWORDS.get(child_age, 'neun') + 'jährige')} {kid} "
                f"{case.add('known_name', child_given)}.",
        lambda: f"{genitive(case, given, family, female)} {spouse_word} "
                f"{case.add('known_name', spouse_given)} ist "
                f"{case.add('age', f'{age + rng.randint(-3, 6)} Jahre alt')} und arbeitet "
                f"derzeit in einem Minijob.",
    ])
    case.say(fam_s())

    # Contact data (phones, e-mail, address)
    addr = rng.choice(STREETS) + f" {rng.randint(1, 140)}{rng.choice(['', '', 'a', 'b'])}"
    plz, town = rng.choice(TOWNS)
    contact = rng.choice([
        lambda: f"Die Familie wohnt in der {case.add('address', addr)}, "
                f"{case.add('postcode', f'{plz} {town}')}, und ist telefonisch unter "
                f"{case.add('phone', phone(rng))} erreichbar.",
        lambda: f"Kontakt: {case.add('address', addr)}, {case.add('postcode', f'{plz} {town}')}"
                f"; Handy {case.add('phone', phone(rng))}; E-Mail "
                f"{case.add('email', email(rng, given, family))}.",
        lambda: f"{pron} ist per WhatsApp unter {case.add('phone', phone(rng))} und per Mail "
                f"an {case.add('email', email(rng, given, family))} zu erreichen.",
        lambda: f"Nach dem Umzug in die {case.add('address', addr)} fehlt noch die Ummeldung; "
                f"die neue Nummer lautet {case.add('phone', phone(rng))}.",
    ])
    case.say(contact())

    # Topic-specific body
    body = TOPIC_BODIES[topic]
    for tpl in rng.sample(body, k=min(len(body), rng.randint(3, 5))):
        case.say(tpl(case, P, kid, child_given, pron))

    # Third parties
    for _ in range(rng.randint(1, 2)):
        hon, other = rng.choice(OTHERS)
        role = rng.choice(["die Sprachmittlerin", "die Vermieterin", "die Nachbarin",
                           "die Arbeitgeberin", "die Lehrerin", "die Ehrenamtliche"])
        if hon == "Herr":
            role = {"die Ehrenamtliche": "der Ehrenamtliche"}.get(role, role.removesuffix("in"))
        case.add("person_name", other.replace("Dr. ", ""))
        case.say(f"Unterstützt wird {'sie' if female else 'er'} dabei von {hon} {other}, "
                 f"{role.split()[1]}.")
    if rng.random() < 0.6:
        bare = rng.choice(BARE_OTHERS)
        case.add("person_name", bare)
        case.say(rng.choice([
            f"Auch {bare} aus der Nachbarschaft begleitet die Familie zu Terminen.",
            f"Eine frühere Kursteilnehmerin, {bare}, hat den Kontakt vermittelt.",
            f"Die Ehrenamtliche {bare} übersetzt bei Behördengängen.",
        ]))

    # Numbers
    numbers = [
        lambda: f"Die Leistungen laufen unter der BG-Nr. "
                f"{case.add('file_number', f'{rng.randint(10000, 99999)}BG{rng.randint(1000000, 9999999)}')}.",
        lambda: f"Das Verfahren bei der Ausländerbehörde hat das Az. "
                f"{case.add('file_number', f'ABH-{rng.randint(2021, 2025)}-{rng.randint(100, 9999)}')}.",
        lambda: f"Die Agentur für Arbeit führt {'sie' if female else 'ihn'} unter der "
                f"Kundennummer {case.add('file_number', f'{rng.randint(100, 999)}D{rng.randint(100000, 999999)}')}.",
        lambda: f"Für die Rückforderung gilt das Aktenzeichen "
                f"{case.add('file_number', f'{rng.randint(1, 9)} K {rng.randint(100, 9999)}/{rng.randint(21, 25)}')}.",
        lambda: f"Das Kindergeld wird auf das Konto mit der IBAN "
                f"{case.add('iban', iban_de(rng))} überwiesen.",
        lambda: f"Der Vermieter nannte als Mietkonto {case.add('iban', iban_nl(rng))}.",
        lambda: f"Die Steuer-ID {case.add('tax_id', tax_id(rng))} lag dem Arbeitgeber "
                f"noch nicht vor.",
        lambda: f"Laut Rentenversicherungsnummer "
                f"{case.add('social_insurance_no', rvnr(rng, rng.randint(1, 28), rng.randint(1, 12), age_year, family[0].upper() if family[0].isalpha() else 'A'))}"
                f" sind Beitragszeiten vorhanden.",
        lambda: f"Der Reisepass (Pass-Nr. "
                f"{case.add('residence_document_no', rng.choice('NPRCX') + str(rng.randint(1000000, 99999999)))})"
                f" läuft bald ab.",
        lambda: f"Die eAT-Kartennummer {case.add('residence_document_no', 'Y' + ''.join(rng.choice('CFGHJKLMNPRTVWXYZ0123456789') for _ in range(4)) + str(rng.randint(1000, 9999)))}"
                f" wurde im Antrag vermerkt.",
        lambda: f"Die Krankenkasse führt {'sie' if female else 'ihn'} unter der "
                f"Versichertennummer {case.add('health_insurance_no', rng.choice('ABKMS') + str(rng.randint(100000000, 999999999)))}.",
        lambda: f"Rückfragen unter {case.add('phone', phone(rng))} oder an "
                f"{case.add('email', email(rng, spouse_given, family))}.",
    ]
    for tpl in rng.sample(numbers, k=rng.randint(2, 4)):
        case.say(tpl())

    # Closing with generative theme (clean)
    case.say(rng.choice([
        "Als generatives Thema wurde formuliert: Übergänge zwischen Sprachkurs und "
        "Ausbildung werden verlässlich abgestimmt.",
        "In der Fallrekonstruktion zeigt sich eine Versorgungslücke bei der Kinderbetreuung "
        "während der Kurszeiten.",
        "Die Schnittstelle zwischen Jobcenter und Ausländerbehörde wird in der Projektgruppe "
        "weiter bearbeitet.",
        "Deutlich wird, dass Informationen zwischen den beteiligten Stellen nicht "
        "rechtzeitig weitergegeben werden.",
    ]))
    text = " ".join(case.sentences)
    for prep in ("von", "mit", "bei", "Fall von"):
        text = text.replace(f"{prep} Herr ", f"{prep} Herrn ")
    return {"text": text, "known": known, "identifiers": case.ids}


def _t(s: str):
    """Template helper: a sentence using the client mention P() and date/age helpers."""
    return lambda case, P, kid, child, pron: s.format(
        P=P() if "{P}" in s else "", kid=kid, child=case.add("known_name", child) if "{child}" in s else child,
        pron=pron,
        date=case.add("date", date_str(case.rng)[0]) if "{date}" in s else "",
        date2=case.add("date", date_str(case.rng)[0]) if "{date2}" in s else "",
        place=case.add("place", case.rng.choice(PLACES)) if "{place}" in s else "",
    )


TOPIC_BODIES = {
    "ausbildung": [
        _t("{P} möchte eine Ausbildung zur Pflegefachkraft beginnen, ist sich aber unsicher, "
           "ob die Sprachkenntnisse reichen."),
        _t("Beim Gespräch am {date} schlug der Fallmanager des Jobcenters eine "
           "berufsvorbereitende Maßnahme vor."),
        _t("Da für {child} kein Kita-Platz in {place} frei ist, kann {P} nicht teilnehmen."),
        _t("Die Bewerbungsfrist endet am {date}; ein Praktikum wäre ab dem {date2} möglich."),
        _t("Die Berufsschule verlangt einen B1-Nachweis, den {P} noch nicht vorlegen kann."),
    ],
    "wohnen": [
        _t("{P} lebt mit der Familie in einer feuchten Wohnung mit Schimmelbefall."),
        _t("Der Vermieter hat zum {date} gekündigt, eine neue Wohnung ist nicht in Sicht."),
        _t("Beim Wohnungsamt in {place} wurde ein Wohnberechtigungsschein beantragt."),
        _t("Die Mietschulden belaufen sich auf rund 2.400 Euro; ein Termin bei der "
           "Schuldnerberatung ist für den {date} vereinbart."),
        _t("{pron} fürchtet, dass {kid} {child} die Schule wechseln muss."),
    ],
    "aufenthalt": [
        _t("{P} besitzt eine Aufenthaltserlaubnis nach § 104c AufenthG, die am {date} "
           "abläuft."),
        _t("Für den Übergang in § 25b fehlen noch der Identitätsnachweis und das "
           "Sprachzertifikat."),
        _t("Die Ausländerbehörde hat {P} am {date} zur Passbeschaffung aufgefordert."),
        _t("Das Welcome-Center in {place} hat einen Beratungstermin angeboten."),
        _t("Seit dem {date} wird {P} nur noch geduldet; die Duldung wird alle drei Monate "
           "verlängert."),
    ],
    "kita": [
        _t("{kid} {child} ist seit dem {date} auf der Warteliste der Kita."),
        _t("{P} kann den Integrationskurs nur vormittags besuchen, wenn {child} betreut ist."),
        _t("Die Tagespflegeperson in {place} hat frühestens ab {date} einen Platz frei."),
        _t("Das Jugendamt prüft einen Antrag auf Übernahme der Elternbeiträge."),
    ],
    "schulden": [
        _t("{P} hat Schulden bei einem Mobilfunkanbieter und bei der Stromversorgung."),
        _t("Ein Inkassoschreiben vom {date} kündigt eine Pfändung an."),
        _t("Die Schuldnerberatung in {place} hat erst ab dem {date} Kapazitäten."),
        _t("{P} wünscht sich Unterstützung beim Ordnen der Unterlagen."),
    ],
    "gesundheit": [
        _t("{kid} {child} ist häufig krank; ein Termin beim Kinderarzt ist am {date}."),
        _t("{P} berichtet von Schlafstörungen seit der Flucht."),
        _t("Eine psychotherapeutische Versorgung mit Sprachmittlung ist in {place} nicht "
           "verfügbar."),
        _t("Die Krankenkasse hat die Übernahme der Dolmetscherkosten am {date} abgelehnt."),
    ],
    "anerkennung": [
        _t("{P} hat in der Heimat als Lehrkraft gearbeitet und möchte den Abschluss "
           "anerkennen lassen."),
        _t("Die Anerkennungsberatung hat am {date} die nötigen Unterlagen aufgelistet."),
        _t("Die Übersetzung der Zeugnisse kostet mehr, als {P} aufbringen kann."),
        _t("Ein Anpassungslehrgang beginnt frühestens am {date}."),
    ],
    "einbuergerung": [
        _t("{P} lebt seit acht Jahren in Deutschland und möchte sich einbürgern lassen."),
        _t("Der Einbürgerungstest wurde am {date} bestanden."),
        _t("Die Einbürgerungsbehörde verlangt einen lückenlosen Nachweis des "
           "Lebensunterhalts."),
        _t("Ein Termin zur Antragstellung ist für den {date} geplant."),
    ],
    "arbeit": [
        _t("{P} arbeitet in Teilzeit in einem Lager in {place}."),
        _t("Der Arbeitsvertrag endet am {date}; eine Verlängerung ist offen."),
        _t("{P} möchte in Vollzeit arbeiten, dafür fehlt aber die Kinderbetreuung für {child}."),
        _t("Der Arbeitgeber hat die Lohnabrechnung vom {date} noch nicht ausgehändigt."),
    ],
    "jugend": [
        _t("{kid} {child} besucht seit dem {date} eine internationale Förderklasse."),
        _t("Der Jugendmigrationsdienst begleitet die Suche nach einem Praktikum in {place}."),
        _t("{P} ist unsicher, welche Schulform für {child} passt."),
        _t("Ein Gespräch mit der Schulsozialarbeit fand am {date} statt."),
    ],
    "ukraine": [
        _t("{P} ist im Frühjahr 2022 aus der Ukraine geflohen und hat eine "
           "Aufenthaltserlaubnis nach § 24 AufenthG."),
        _t("Die Fiktionsbescheinigung wurde am {date} ausgestellt."),
        _t("{P} hat in Charkiw als Buchhalterin gearbeitet und sucht eine passende Stelle."),
        _t("Für {child} wurde ein Schulplatz in {place} gefunden."),
    ],
    "pflege": [
        _t("Die Schwiegermutter von {P} ist pflegebedürftig und lebt im Haushalt."),
        _t("Der Antrag auf Pflegegrad wurde am {date} gestellt."),
        _t("Ein ambulanter Pflegedienst in {place} hat keine Kapazitäten."),
        _t("{P} kann deshalb den Sprachkurs nicht regelmäßig besuchen."),
    ],
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for old in OUT.glob("case_*.json"):
        old.unlink()
    for i in range(48):
        case = build(i)
        (OUT / f"case_{i:03d}.json").write_text(
            json.dumps(case, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
