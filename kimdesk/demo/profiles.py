"""Who comes to KIM, roughly: nationality mix, residence status by nationality, texts.

Proportions are illustrative, shaped after the seeds (Ukrainian, Syrian, Afghan, Iraqi,
Eritrean, Turkish, EU-mobile Polish/Romanian/Bulgarian clients; Dutch at the Kleve border).
"""

NATIONALITY_WEIGHTS = {
    "UA": 20, "SY": 17, "AF": 9, "TR": 8, "IQ": 7, "RO": 7, "PL": 6, "BG": 5, "ER": 4,
    "IR": 3, "XK": 3, "RU": 3, "SO": 2, "NL": 2,
}

#: name list file per nationality (resources/names/<cc>.json)
NAME_LIST = {"UA": "ua", "SY": "sy", "AF": "af", "TR": "tr", "IQ": "iq", "RO": "ro", "PL": "pl",
             "BG": "bg", "ER": "er", "IR": "ir", "XK": "xk", "RU": "ru", "SO": "so", "NL": "nl"}

RESIDENCE_BY_NATIONALITY = {
    "UA": {"ae_24": 90, "ae_other": 5, "niederlassung": 5},
    "SY": {"ae_25": 50, "gestattung": 10, "niederlassung": 25, "german": 5, "ae_other": 10},
    "AF": {"gestattung": 30, "duldung": 20, "ae_25": 30, "ae_104c": 10, "ae_25b": 5,
           "ae_25a": 5},
    "IQ": {"gestattung": 25, "duldung": 25, "ae_25": 30, "ae_104c": 10, "ae_25b": 10},
    "TR": {"gestattung": 50, "ae_other": 30, "duldung": 10, "niederlassung": 10},
    "ER": {"ae_25": 60, "gestattung": 20, "niederlassung": 20},
    "IR": {"gestattung": 40, "ae_25": 40, "duldung": 20},
    "SO": {"gestattung": 40, "ae_25": 40, "duldung": 20},
    "RU": {"gestattung": 40, "ae_other": 40, "niederlassung": 20},
    "XK": {"duldung": 40, "ae_104c": 30, "ae_other": 30},
}
EU = {"RO", "PL", "BG", "NL"}

EXPIRING = {"gestattung": (3, 6), "duldung": (3, 6), "ae_25": (12, 36), "ae_24": (12, 24),
            "ae_104c": (18, 18), "ae_25a": (12, 36), "ae_25b": (12, 30), "ae_other": (12, 36)}

PARAGRAPH = {"gestattung": "§ 55 AsylG", "duldung": "§ 60a AufenthG",
             "ae_25": "§ 25 Abs. 2 AufenthG", "ae_24": "§ 24 AufenthG",
             "ae_104c": "§ 104c AufenthG", "ae_25a": "§ 25a AufenthG", "ae_25b": "§ 25b AufenthG",
             "ae_other": "§ 16a AufenthG", "niederlassung": "§ 9 AufenthG",
             "eu_freedom": "FreizügG/EU", "german": "", "unknown": ""}

CASE_TYPE_WEIGHTS = {"short_intervention": 45, "process_support": 30, "case_management": 25}

CONTACT_FORM_WEIGHTS = {"sprechstunde": 45, "outreach": 15, "phone": 20, "accompaniment": 10,
                        "video": 3, "email": 7}

LIFE_AREA_WEIGHTS = {
    "residence": 14, "orientation": 8, "language": 14, "childcare": 7, "school": 7,
    "training": 6, "recognition": 5, "work": 12, "housing": 10, "health": 6, "livelihood": 10,
    "family": 5, "participation": 4, "naturalisation": 2,
}

REFERRAL_TARGETS = {
    "language": "language_course_provider", "work": "jobcenter", "training": "jmd",
    "recognition": "recognition_counselling", "childcare": "kita", "school": "school_office",
    "residence": "immigration_office", "livelihood": "jobcenter", "housing": "housing_provider",
    "health": "health_service", "family": "youth_office", "participation": "volunteer_initiative",
    "naturalisation": "naturalisation_office", "orientation": "mbe",
}

GOALS = {
    "language": ["Einen Integrationskurs bis Niveau B1 abschließen",
                 "Einen Platz im Berufssprachkurs bekommen"],
    "work": ["Eine Arbeitsstelle im erlernten Beruf finden", "Einen Minijob aufnehmen"],
    "training": ["Eine Ausbildung im Handwerk beginnen", "Ein Praktikum machen"],
    "recognition": ["Den ausländischen Berufsabschluss anerkennen lassen"],
    "childcare": ["Einen Kita-Platz für das jüngste Kind finden"],
    "school": ["Die Kinder sind an einer Schule angemeldet und gehen regelmäßig hin"],
    "residence": ["Die Voraussetzungen für ein Bleiberecht nach § 25b klären",
                  "Den Aufenthaltstitel rechtzeitig verlängern"],
    "housing": ["Eine eigene Wohnung finden"],
    "livelihood": ["Den Lebensunterhalt sichern und Schulden regeln"],
    "health": ["Eine Hausärztin finden und Vorsorge nutzen"],
    "family": ["Den Familienalltag mit Beruf und Kursen vereinbaren"],
    "participation": ["Kontakt zu einem Verein im Ort aufbauen"],
    "naturalisation": ["Den Antrag auf Einbürgerung stellen"],
    "orientation": ["Sich in Behörden und Angeboten vor Ort zurechtfinden"],
}

STEPS = [
    ("Unterlagen zusammenstellen und kopieren", "Klient*in"),
    ("Termin vereinbaren und begleiten", "Case Management"),
    ("Antrag ausfüllen", "Klient*in mit Case Management"),
    ("Rückmeldung der Stelle einholen", "Case Management"),
    ("Beratungstermin wahrnehmen", "Klient*in"),
    ("Kostenübernahme klären", "Jobcenter"),
    ("Anmeldung abgeben", "Klient*in"),
]

CONTACT_NOTES = [
    "Unterlagen gesichtet, nächste Schritte besprochen.",
    "Anliegen geklärt, Informationen zum Angebot gegeben.",
    "Gemeinsam Formular ausgefüllt.",
    "Rückfrage zur Post der Behörde beantwortet.",
    "Stand der Vermittlung besprochen.",
    "Mit Sprachmittlung das weitere Vorgehen abgestimmt.",
    "Termin bei der Stelle vorbereitet.",
    "",
]

GAP_TEXTS = {
    "waiting_time": "Wartezeit auf einen Integrationskurs von mehreren Monaten.",
    "no_language_offer": "Kein Kursangebot mit Kinderbetreuung im Planungsraum.",
    "no_childcare_place": "Kein Kita-Platz, dadurch keine Kursteilnahme möglich.",
    "unclear_responsibility": "Zuständigkeit zwischen Jobcenter und Sozialamt ungeklärt.",
    "processing_time": "Lange Bearbeitungszeit bei der Anerkennung des Abschlusses.",
    "documents_missing": "Nachweise aus dem Herkunftsland nicht beschaffbar.",
    "digital_access": "Termine nur online buchbar, kein Zugang ohne Hilfe.",
    "language_barrier": "Keine Sprachmittlung bei der Stelle verfügbar.",
}
GAP_LEGAL = {"waiting_time": "sgb2", "no_language_offer": "aufenthg",
             "no_childcare_place": "sgb8", "unclear_responsibility": "sgb12",
             "processing_time": "other", "documents_missing": "aufenthg",
             "digital_access": "sgb2", "language_barrier": "sgb3"}
