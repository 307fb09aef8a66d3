"""Detectors for structured identifiers: dates, ages, addresses, numbers, contact data.

Each detector yields `Candidate`s; the scrubber resolves overlaps by priority. Checksums
(IBAN, Steuer-ID, Rentenversicherungsnummer) are implemented here so that numbers which
merely look similar (amounts, counts) are not removed without a label nearby.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date

import phonenumbers

from kimdesk.privacy.pii_lexicon import GERMAN_WORDS


@dataclass(frozen=True)
class Candidate:
    """A possible finding before overlap resolution; higher priority wins."""

    kind: str
    start: int
    end: int
    proposal: str
    priority: int


PRIORITY = {
    "email": 100, "url": 99, "iban": 95, "social_insurance_no": 92, "tax_id": 90,
    "residence_document_no": 88, "file_number": 87, "health_insurance_no": 86, "phone": 85,
    "address": 80, "date_of_birth": 78, "date": 70, "postcode": 65, "known_name": 60,
    "person_name": 50, "age": 45, "place": 58,
}

PROPOSAL = {
    "email": "[E-Mail-Adresse entfernt]",
    "url": "[Link entfernt]",
    "iban": "[IBAN entfernt]",
    "social_insurance_no": "[Sozialversicherungsnummer entfernt]",
    "tax_id": "[Steuer-ID entfernt]",
    "residence_document_no": "[Dokumentennummer entfernt]",
    "file_number": "[Aktenzeichen entfernt]",
    "health_insurance_no": "[Versichertennummer entfernt]",
    "phone": "[Telefonnummer entfernt]",
    "address": "[Adresse entfernt]",
    "postcode": "[PLZ und Ort entfernt]",
}


def _words(s: str) -> frozenset[str]:
    return frozenset(s.split())


def _cand(kind: str, start: int, end: int, proposal: str | None = None) -> Candidate:
    return Candidate(kind, start, end, proposal or PROPOSAL[kind], PRIORITY[kind])


# --------------------------------------------------------------------------- checksums

def iban_valid(iban: str) -> bool:
    """ISO 13616 mod-97 check on an IBAN without spaces."""
    s = iban.replace(" ", "").upper()
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", s):
        return False
    if s.startswith("DE") and len(s) != 22:
        return False
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1


def tax_id_valid(number: str) -> bool:
    """Steuer-Identifikationsnummer: 11 digits, no leading 0, ISO 7064 MOD 11,10 check."""
    s = re.sub(r"\D", "", number)
    if len(s) != 11 or s[0] == "0":
        return False
    product = 10
    for ch in s[:10]:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    check = (11 - product) % 10
    return check == int(s[10])


def tax_id_check_digit(first10: str) -> int:
    """Check digit for the first ten digits of a Steuer-ID (used by tests and corpora)."""
    product = 10
    for ch in first10:
        total = (int(ch) + product) % 10 or 10
        product = (total * 2) % 11
    return (11 - product) % 10


def rvnr_check_digit(first11: str) -> int:
    """Check digit of a Rentenversicherungsnummer from 8 digits, letter and 2-digit serial."""
    s = first11.replace(" ", "").upper()
    letter = ord(s[8]) - ord("A") + 1
    digits = s[:8] + f"{letter:02d}" + s[9:11]
    weights = (2, 1, 2, 5, 7, 1, 2, 1, 2, 1, 2, 1)
    total = sum(sum(divmod(int(d) * w, 10)) for d, w in zip(digits, weights, strict=True))
    return total % 10


# --------------------------------------------------------------------------- dates

MONTHS = {
    "januar": 1, "jan": 1, "jänner": 1, "februar": 2, "feb": 2, "märz": 3, "mär": 3, "mrz": 3,
    "april": 4, "apr": 4, "mai": 5, "juni": 6, "jun": 6, "juli": 7, "jul": 7, "august": 8,
    "aug": 8, "september": 9, "sept": 9, "sep": 9, "oktober": 10, "okt": 10, "november": 11,
    "nov": 11, "dezember": 12, "dez": 12,
}
_MONTH_RE = (
    r"(?:Januar|Jänner|Februar|März|April|Mai|Juni|Juli|August|September|Oktober|November"
    r"|Dezember|Jan\.|Feb\.|Mär\.|Mrz\.|Apr\.|Jun\.|Jul\.|Aug\.|Sept?\.|Okt\.|Nov\.|Dez\.)"
)
_DATE_RES = (
    # 12.03.2024, 1.3.24, 12. 03. 2024, 12.03.
    re.compile(r"(?<![\d.,])(?P<d>[0-3]?\d)\.\s?(?P<m>[01]?\d)\.(?:\s?(?P<y>(?:19|20)\d{2}|\d{2}))?"
               r"(?![\d])"),
    # 12. März 2024
    re.compile(r"(?<![\d.,])(?P<d>[0-3]?\d)\.\s?(?P<mn>" + _MONTH_RE
               + r")(?:\s(?P<y>(?:19|20)\d{2}))?"),
    # 2024-03-12
    re.compile(r"(?<![\d-])(?P<y>(?:19|20)\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])"),
    # 12/03/2024
    re.compile(r"(?<![\d/])(?P<d>[0-3]?\d)/(?P<m>[01]?\d)/(?P<y>(?:19|20)\d{2}|\d{2})(?![\d/])"),
    # 03/2024, 03.2024 (month and year)
    re.compile(r"(?<![\d/.,])(?P<m>0?[1-9]|1[0-2])[/.](?P<y>(?:19|20)\d{2})(?![\d/.])"),
)
_DOB_PREFIX = re.compile(
    r"(?:\bgeb\.|\bgeboren|\bGeburtsdatum|\bGeb\.-Datum|\bGeburtstag|\bgeb\.\s?am|\*)"
    r"\s*(?:am|:)?\s*$",
    re.IGNORECASE,
)
_YEAR_OF_BIRTH = re.compile(r"\b(?:Jahrgang|Jg\.|Geburtsjahr)\s*:?\s*(?P<y>(?:19|20)\d{2})\b")

_SEASONS = {12: "Winter", 1: "Winter", 2: "Winter", 3: "Frühjahr", 4: "Frühjahr",
            5: "Frühjahr", 6: "Sommer", 7: "Sommer", 8: "Sommer", 9: "Herbst", 10: "Herbst",
            11: "Herbst"}


def _full_year(y: str | None, reference: date | None) -> int | None:
    if not y:
        return None
    year = int(y)
    if len(y) == 2:
        pivot = (reference.year if reference else date.today().year) % 100
        year += 2000 if year <= pivot else 1900
    return year


def season(month: int, year: int | None) -> str:
    """'Frühjahr 2024' / 'Winter 2023/24' — coarse enough not to identify an event."""
    name = _SEASONS[month]
    if year is None:
        return name
    if month == 12:
        return f"{name} {year}/{(year + 1) % 100:02d}"
    if month in (1, 2):
        return f"{name} {year - 1}/{year % 100:02d}"
    return f"{name} {year}"


def relative(when: date, reference: date) -> str:
    """German phrase for the distance between `when` and `reference`."""
    days = (reference - when).days
    past = days >= 0
    n = abs(days)
    if n < 14:
        return "vor wenigen Tagen" if past else "in wenigen Tagen"
    if n < 60:
        amount = f"{round(n / 7)} Wochen"
    elif n < 700:
        months = round(n / 30.4)
        amount = "einem Monat" if months == 1 else f"{months} Monaten"
    else:
        amount = f"{round(n / 365.25)} Jahren"
    return f"vor etwa {amount}" if past else f"in etwa {amount}"


def _decade_of_birth(year: int) -> str:
    return f"geboren in den {year // 10 * 10}er-Jahren"


def find_dates(text: str, reference: date | None) -> Iterator[Candidate]:
    """Exact dates and dates of birth in the usual German notations."""
    for rx in _DATE_RES:
        for m in rx.finditer(text):
            g = m.groupdict()
            month = MONTHS[g["mn"].lower().rstrip(".")] if g.get("mn") else int(g["m"])
            day = int(g["d"]) if g.get("d") else None
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            year = _full_year(g.get("y"), reference)
            if day is not None and g.get("y") is None and g.get("m") and not g.get("mn"):
                # "12.03." without year: ignore section numbers like "5.5." in running text.
                after = text[m.end(): m.end() + 1]
                if after.isalpha() or (after == " " and text[m.end() + 1: m.end() + 2].isdigit()):
                    continue
            start, end = m.start(), m.end()
            prefix = _DOB_PREFIX.search(text[max(0, start - 25): start])
            if prefix is not None and year is not None:
                pstart = max(0, start - 25) + prefix.start()
                yield _cand("date_of_birth", pstart, end, _decade_of_birth(year))
                continue
            when = None
            if day is not None and year is not None:
                try:
                    when = date(year, month, day)
                except ValueError:
                    when = None
            prev = text[max(0, start - 3): start]
            if reference and when and prev in ("am ", "Am "):
                phrase = relative(when, reference)
                if prev == "Am ":
                    phrase = phrase[0].upper() + phrase[1:]
                yield _cand("date", start - 3, end, phrase)
            elif prev in ("am ", "Am "):
                yield _cand("date", start - 3, end, f"{'im' if prev[0] == 'a' else 'Im'} "
                            + season(month, year))
            else:
                yield _cand("date", start, end, season(month, year))
    for m in _YEAR_OF_BIRTH.finditer(text):
        yield _cand("date_of_birth", m.start(), m.end(),
                    f"Jahrgang {int(m['y']) // 10 * 10}–{int(m['y']) // 10 * 10 + 9}")


# --------------------------------------------------------------------------- ages

_NUMBER_WORDS = {
    "ein": 1, "zwei": 2, "drei": 3, "vier": 4, "fünf": 5, "sechs": 6, "sieben": 7, "acht": 8,
    "neun": 9, "zehn": 10, "elf": 11, "zwölf": 12, "dreizehn": 13, "vierzehn": 14,
    "fünfzehn": 15, "sechzehn": 16, "siebzehn": 17, "achtzehn": 18, "neunzehn": 19,
    "zwanzig": 20,
}


def age_band(age: int) -> tuple[int, int]:
    """Band wide enough for anonymity yet keeping the life stage (Kita, school, adult)."""
    for lo, hi in ((0, 2), (3, 5), (6, 9), (10, 13), (14, 17)):
        if lo <= age <= hi:
            return lo, hi
    lo = age // 10 * 10
    return lo, lo + 9


def age_phrase(age: int) -> str:
    """'Mitte 30' for adults, '3 bis 5' for children (used before 'Jahre alt')."""
    if age < 18:
        lo, hi = age_band(age)
        return f"{lo} bis {hi} Jahre alt"
    part = "Anfang" if age % 10 <= 3 else "Mitte" if age % 10 <= 6 else "Ende"
    return f"{part} {age // 10 * 10}"


_AGE_RES = (
    (re.compile(r"(?<![\d,.])(?P<n>\d{1,3})\s?(?:Jahre|J\.)\s?alt\b"), "alt"),
    (re.compile(r"(?<![\d,.])(?P<n>\d{1,3})\s?-?\s?(?P<suf>[jJ]ährig\w*)"), "adj"),
    (re.compile(r"\b(?P<w>" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))
                + r")(?P<suf>jährig\w*)", re.IGNORECASE), "word"),
    (re.compile(r"\b(?P<pre>im Alter von|mit|Alter:?)\s(?P<n>\d{1,3})(?:\s(?P<j>Jahren|J\.))?"
                r"(?![\d.,])"), "with"),
    (re.compile(r"\((?P<n>\d{1,2})(?:\s?(?:J\.|Jahre|Jahren|Jahre alt))?\)"), "paren"),
    (re.compile(r"(?<![\d,.])(?P<n>\d{1,2})\s(?P<j>Jahre|Jahren)\b(?!\s?(?:alt|lang|später|"
                r"zuvor|nach|in|im|seit|bei|beim|Berufserfahrung))"), "bare"),
)
_YEARS_CONTEXT = re.compile(r"\b(?:ist|war|sind|wird|seit|vor|nach|für|über|rund|etwa|als)\s$")


def find_ages(text: str) -> Iterator[Candidate]:
    """Exact ages: '34 Jahre alt', '34-jährige', '(34)', 'im Alter von 34 Jahren'."""
    for rx, style in _AGE_RES:
        for m in rx.finditer(text):
            start, end = m.start(), m.end()
            n = _NUMBER_WORDS[m["w"].lower()] if style == "word" else int(m["n"])
            if n > 110:
                continue
            lo, hi = age_band(n)
            if style == "alt":
                yield _cand_age(start, end, age_phrase(n))
            elif style in ("adj", "word"):
                suf = m["suf"].lower()
                yield _cand_age(start, end, f"{lo}- bis {hi}-{suf}")
            elif style == "with":
                if m["pre"].startswith("Alter"):
                    yield _cand_age(start, end, f"{m['pre']} {lo}–{hi}")
                elif m["j"] or m["pre"] == "im Alter von":
                    yield _cand_age(start, end, f"{m['pre']} {lo} bis {hi} {m['j'] or 'Jahren'}")
            elif style == "paren":
                before = text[max(0, start - 40): start].rstrip()
                word = re.search(r"([^\W\d_][\w'’.-]*)$", before)
                w = word.group(1) if word else ""
                if w and w[0].isupper() and (len(w) == 1 or not w[-1].isupper()) and \
                        not w.startswith(
                        ("Abs", "Nr", "Art", "Satz", "Ziffer", "Anlage")):
                    yield _cand_age(start, end, f"({lo}–{hi} J.)")
            elif style == "bare":
                ctx = text[max(0, start - 12): start]
                if re.search(r"\b(?:ist|war|wird|sind|waren)\s$", ctx):
                    yield _cand_age(start, end, f"{lo} bis {hi} {m['j']}")


def _cand_age(start: int, end: int, proposal: str) -> Candidate:
    return Candidate("age", start, end, proposal, PRIORITY["age"])


# --------------------------------------------------------------------------- addresses

_STREET_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|gasse|allee|platz|ring|damm|ufer|pfad|steig|chaussee|wall"
    r"|graben|markt|hof|berg|feld|kamp|stieg|wiese|garten|tor|brücke|promenade|siedlung|park"
    r"|höhe|grund|winkel|heide|busch|bruch|aue|acker|dyk|deich|tal|gracht|laan|kanal)"
)
_HOUSE_NO = (
    r"\s?\d{1,4}(?:\s?[a-hA-H](?![\w]))?(?:\s?[-/]\s?\d{1,4}[a-h]?)?(?![\d,.]\d)"
    r"(?!\s?(?:Uhr|Euro|EUR|€|%|Prozent|Jahre|Monate|Wochen|Tage|Stunden|Minuten|Kinder"
    r"|Personen|Termine|Mal))"
)
_PLZ_TAIL = (
    r"(?:,?\s*(?:D-)?\d{5}\s+[A-ZÄÖÜ][\wäöüß]+(?:[- ](?:am|an der|im|in|bei|ob der)?\s?"
    r"[A-ZÄÖÜ][\wäöüß]+)?)?"
)
# street names are written in any Latin script ("Łęgowikgasse", "Kərimlistraße"); the first
# letter must be a capital (checked in find_addresses)
_LETTERS = r"[^\W\d_]+(?:-[^\W\d_]+)*"
_ADDRESS_RES = (
    re.compile(r"\b" + _LETTERS + _STREET_SUFFIX + _HOUSE_NO + _PLZ_TAIL),
    re.compile(r"\b(?:[A-ZÄÖÜ][\wäöüß]+(?:-[A-ZÄÖÜ][\wäöüß]+)*\s)?(?:Straße|Str\.|Weg|Gasse"
               r"|Allee|Platz|Ring|Damm|Ufer|Markt|Wall|Graben|Steig|Pfad)"
               + _HOUSE_NO + _PLZ_TAIL),
    re.compile(r"\b(?:Am|An der|An den|An dem|Auf der|Auf dem|Auf den|Im|In der|In den|Zum|Zur"
               r"|Hinter der|Hinter dem|Hinter den|Unter den|Vor dem|Vor den|Unterm|Unter der"
               r"|Über der|Bei der|Beim)\s(?:[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*\s)?"
               r"[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ]?[a-zäöüß]+)*" + _HOUSE_NO + _PLZ_TAIL),
)
#: A street named without its house number ("zog in die Hoffmannallee"): only endings that
#: are never an ordinary German noun.
_STREET_ALONE = re.compile(
    r"\b[^\W\d_]+?(?:-[^\W\d_]+)*?"
    r"(?:straße|strasse|str\.|gasse|allee|chaussee|promenade)(?![\w])"
    r"|\b[^\W\d_]+(?:-[^\W\d_]+)*[- ](?:Straße|Strasse|Gasse|Allee)(?![\w])")
_STREET_WORDS = frozenset({"straße", "strasse", "str.", "gasse", "allee", "chaussee",
                           "promenade"})
_NOT_STREET_WORDS = _words(
    "jahr jahre januar februar märz april mai juni juli august september oktober november "
    "dezember montag dienstag mittwoch donnerstag freitag samstag sonntag ende anfang mitte "
    "tag tage abend morgen wochenende termin gespräch rahmen verlauf alter schnitt durchschnitt "
    "monat monate quartal zeitraum schuljahr kurs kapitel abschnitt punkt fall haus")
_POSTCODE_RE = re.compile(
    r"(?<![\d.,])(?:D-)?\d{5}\s+[A-ZÄÖÜ][a-zäöüß]+(?:-[A-ZÄÖÜ][a-zäöüß]+)*"
    r"(?:\s(?:am|an der|im|in|bei|ob der)\s[A-ZÄÖÜ][a-zäöüß]+)?")


def find_addresses(text: str) -> Iterator[Candidate]:
    """Street + house number (optionally followed by postcode and town); lone postcodes."""
    for rx in _ADDRESS_RES:
        for m in rx.finditer(text):
            if not m.group()[0].isupper():
                continue
            words = re.findall(r"[^\W\d_]+", m.group())
            if rx is _ADDRESS_RES[2] and words[-1].lower() in _NOT_STREET_WORDS:
                continue
            if rx is _ADDRESS_RES[2] and len(words) >= 2 and words[1].lower() in _NOT_STREET_WORDS:
                continue
            yield _cand("address", m.start(), m.end())
    for m in _STREET_ALONE.finditer(text):
        first = re.split(r"[- ]", m.group())[0]
        if not first[:1].isupper() or first.lower() in _STREET_WORDS:
            continue  # a lower-case word, or the bare "Straße"/"Allee" itself
        if " " in m.group() and first.lower() in GERMAN_WORDS:
            continue  # "die Straße", "eine Gasse": no street named
        yield Candidate("address", m.start(), m.end(), PROPOSAL["address"],
                        PRIORITY["address"] - 1)
    for m in _POSTCODE_RE.finditer(text):
        town = m.group().split()[1]
        if town.lower() in GERMAN_WORDS or town in ("Euro", "Einwohner", "Einwohnerinnen"):
            continue
        yield _cand("postcode", m.start(), m.end())


# --------------------------------------------------------------------------- numbers

_EMAIL_RE = re.compile(
    r"(?<![\w.+-])[\w.+\u0300-\u036f-]+@[\w-]+(?:\.[\w-]+)*\.[A-Za-z]{2,}\b")
_URL_RE = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+[^\s<>\".,;:)]")
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]){11,30}")
_IBAN_LABEL = re.compile(r"\bIBAN\s*:?\s*$")
_TAX_RE = re.compile(r"(?<![\d/.,-])\d{2}\s?\d{3}\s?\d{3}\s?\d{3}(?![\d/.,]\d)")
_TAX_LABEL = re.compile(
    r"(?:Steuer-?ID|Steuer-Identifikationsnummer|Steueridentifikationsnummer|Steuer-IdNr\.?"
    r"|IdNr\.?|Identifikationsnummer|Steuernummer|St\.-?Nr\.?)\s*(?:lautet|ist|:)?\s*$",
    re.IGNORECASE)
_TAX_NO_RE = re.compile(r"(?<![\d/])\d{2,3}/\d{3,4}/\d{4,5}(?![\d/])")
_SVNR_RE = re.compile(r"(?<![\w])\d{2}\s?[0-3]\d[01]\d\d{2}\s?[A-Z]\s?\d{2}\s?\d(?![\w])")
_PHONE_LABEL = re.compile(
    r"(?:Tel\.?|Telefon(?:nummer)?|Handy(?:nummer)?|Mobil(?:nummer)?|Mobiltelefon|Rufnummer"
    r"|Fax|WhatsApp|Festnetz(?:nummer)?|erreichbar unter)\s*(?:[:.]|-Nr\.?)?\s*$",
    re.IGNORECASE)
_PHONE_LOOSE = re.compile(r"\+?\d[\d /().-]{3,20}\d")
_DOC_LABEL = re.compile(
    r"(?:Pass-?Nr\.?|Passnummer|Reisepass(?:nummer|-Nr\.?)?|Ausweis-?Nr\.?|Ausweisnummer"
    r"|Personalausweis(?:nummer|-Nr\.?)?|Dokumentennummer|Dokumenten-Nr\.?|Kartennummer"
    r"|eAT(?:-Karten)?(?:-Nr\.?|nummer|-Nummer)|Seriennummer|Titelnummer|Nr\. des "
    r"(?:Aufenthaltstitels|Ausweises|Passes|eAT)|Ankunftsnachweis(?:-Nr\.?|nummer)"
    r"|Duldungs?-?Nr\.?|Duldungsnummer|Fiktionsbescheinigung Nr\.?|Dokument-Nr\.?)"
    r"\s*(?:lautet|ist|:)?\s*$", re.IGNORECASE)
_FILE_LABEL = re.compile(
    r"(?:\bAz\.?|\bAZ\.?|Aktenzeichen|\bGz\.?|Geschäftszeichen|BG-Nr\.?|BG-Nummer"
    r"|Nummer der Bedarfsgemeinschaft|Bedarfsgemeinschaftsnummer|Kundennummer|Kunden-Nr\.?"
    r"|Kd\.-Nr\.?|Vorgangsnummer|Vorgangs-Nr\.?|Fallnummer|Fall-Nr\.?|AZR-Nummer|AZR-Nr\.?"
    r"|Referenznummer|Ref\.-Nr\.?|Antragsnummer|Antrags-Nr\.?|Mitgliedsnummer|Zeichen"
    r"|Bescheid-Nr\.?|Bescheidnummer|Personenkennziffer|PKZ|Kassenzeichen)"
    r"\s*(?:lautet|ist|:)?\s*$")
_HEALTH_LABEL = re.compile(
    r"(?:Krankenversichertennummer|Versichertennummer|Versicherten-Nr\.?|KV-Nr\.?)"
    r"\s*(?:lautet|ist|:)?\s*$", re.IGNORECASE)
_SV_LABEL = re.compile(
    r"(?:Rentenversicherungsnummer|Sozialversicherungsnummer|SV-Nr\.?|RV-Nr\.?|RVNR|SVNR"
    r"|SV-Nummer|RV-Nummer|Versicherungsnummer)\s*(?:lautet|ist|:)?\s*$", re.IGNORECASE)
_CODE_TOKEN = re.compile(r"[A-Za-zÄÖÜ0-9][A-Za-zÄÖÜ0-9./_()-]*")
_EAT_RE = re.compile(r"\b[CFGHJKLMNPRTVWXYZ][CFGHJKLMNPRTVWXYZ0-9]{8}\b")
_BG_RE = re.compile(r"\b\d{5}BG\d{7}\b")
_CUSTOMER_RE = re.compile(r"\b\d{3}[A-Z]\d{6}\b")
_KVNR_RE = re.compile(r"\b[A-Z]\d{9}\b")


def _labelled_code(text: str, pos: int, max_tokens: int = 4) -> tuple[int, int] | None:
    """Span of a code (tokens with digits, e.g. '123 C 456/23') starting at `pos`."""
    i = pos
    end = None
    tokens = 0
    while i < len(text) and tokens < max_tokens:
        m = _CODE_TOKEN.match(text, i)
        if not m:
            break
        tok = m.group().rstrip(".,;:)")
        if tok.endswith("(") or not tok:
            break
        has_digit = any(c.isdigit() for c in tok)
        short_code = len(tok) <= 3 and tok.isupper()
        if not (has_digit or short_code):
            break
        if has_digit:
            end = m.start() + len(tok)
        tokens += 1
        i = m.start() + len(tok)
        if text[i: i + 1] == " " and i + 1 < len(text) and text[i + 1] not in " \n":
            i += 1
        else:
            break
    if end is None:
        return None
    return pos, end


def _labels(text: str, rx: re.Pattern[str]) -> Iterator[int]:
    """Positions right after each label matched by `rx` (which is anchored with `$`)."""
    core = re.compile(rx.pattern.rsplit(r"\s*(?:lautet", 1)[0], rx.flags)
    for m in core.finditer(text):
        tail = re.match(r"\s*(?:lautet|ist|:)?\s*", text[m.end():])
        yield m.end() + (tail.end() if tail else 0)


def find_numbers(text: str) -> Iterator[Candidate]:
    """E-mail, URLs, IBAN, tax id, social-insurance, documents, file numbers, phones."""
    for m in _EMAIL_RE.finditer(text):
        yield _cand("email", m.start(), m.end())
    for m in _URL_RE.finditer(text):
        yield _cand("url", m.start(), m.end())
    for m in _IBAN_RE.finditer(text):
        raw = m.group()
        labelled = _IBAN_LABEL.search(text[max(0, m.start() - 8): m.start()]) is not None
        cut = len(raw)
        while cut > 14:
            if iban_valid(raw[:cut]):
                break
            cut -= 1
            while cut > 14 and raw[cut - 1] == " ":
                cut -= 1
        if cut > 14 and iban_valid(raw[:cut]):
            yield _cand("iban", m.start(), m.start() + cut)
        elif labelled:
            yield _cand("iban", m.start(), m.end())
    for m in _TAX_RE.finditer(text):
        labelled = _TAX_LABEL.search(text[max(0, m.start() - 40): m.start()]) is not None
        if labelled or tax_id_valid(m.group()):
            yield _cand("tax_id", m.start(), m.end())
    for pos in _labels(text, _TAX_LABEL):
        span = _labelled_code(text, pos, 4)
        if span:
            yield _cand("tax_id", *span)
    for m in _TAX_NO_RE.finditer(text):
        if _TAX_LABEL.search(text[max(0, m.start() - 40): m.start()]):
            yield _cand("tax_id", m.start(), m.end())
    for m in _SVNR_RE.finditer(text):
        yield _cand("social_insurance_no", m.start(), m.end())
    for pos in _labels(text, _SV_LABEL):
        span = _labelled_code(text, pos, 4)
        if span:
            yield _cand("social_insurance_no", *span)
    for pos in _labels(text, _DOC_LABEL):
        span = _labelled_code(text, pos, 3)
        if span:
            yield _cand("residence_document_no", *span)
    for m in _EAT_RE.finditer(text):
        tok = m.group()
        if sum(c.isdigit() for c in tok) >= 4 and sum(c.isalpha() for c in tok) >= 2:
            yield _cand("residence_document_no", m.start(), m.end())
    for pos in _labels(text, _FILE_LABEL):
        span = _labelled_code(text, pos, 4)
        if span:
            yield _cand("file_number", *span)
    for rx in (_BG_RE, _CUSTOMER_RE):
        for m in rx.finditer(text):
            yield _cand("file_number", m.start(), m.end())
    for pos in _labels(text, _HEALTH_LABEL):
        span = _labelled_code(text, pos, 2)
        if span:
            yield _cand("health_insurance_no", *span)
    for m in _KVNR_RE.finditer(text):
        yield _cand("health_insurance_no", m.start(), m.end())
    yield from _find_phones(text)


def _digits(s: str) -> int:
    return sum(c.isdigit() for c in s)


_DATE_LIKE = re.compile(r"\d{1,2}\.\d{1,2}\.(?:\d{2}|\d{4})$|\d{1,2}/\d{4}$")


def _find_phones(text: str) -> Iterator[Candidate]:
    """Phone numbers by libphonenumber (Google's metadata, German numbering plan as home):
    every valid number in any written form that is not a date; numbers it only calls possible
    when they are
    written like a phone number (leading 0 or +, 7–15 digits, not a date) — case files hold
    mistyped numbers too; and whatever follows a label such as "Tel." or "Handy"."""
    for number in phonenumbers.PhoneNumberMatcher(text, "DE",
                                                  leniency=phonenumbers.Leniency.VALID):
        if not _DATE_LIKE.match(number.raw_string):  # 02.03.1976 dials Duisburg: a date
            yield _cand("phone", number.start, number.end)
    for number in phonenumbers.PhoneNumberMatcher(text, "DE",
                                                  leniency=phonenumbers.Leniency.POSSIBLE):
        raw = number.raw_string
        if raw.startswith(("0", "+", "(0")) and 7 <= _digits(raw) <= 15 \
                and not _DATE_LIKE.match(raw):
            yield _cand("phone", number.start, number.end)
    for m in _PHONE_LABEL.finditer(text):
        tail = text[m.end(): m.end() + 30]
        lm = re.match(r"\s*(?:[:.]\s*)?", tail)
        off = m.end() + (lm.end() if lm else 0)
        nm = _PHONE_LOOSE.match(text, off)
        if nm and _digits(nm.group()) >= 5:
            yield _cand("phone", nm.start(), nm.end())
