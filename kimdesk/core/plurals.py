"""German counts on screen: "1 Eintrag", "2 Einträge" — never "1 Einträge"."""

#: singular → plural of the nouns the desk counts
_PLURALS = {
    "Eintrag": "Einträge", "Tag": "Tage", "Sekunde": "Sekunden", "Minute": "Minuten",
    "Zeile": "Zeilen", "Person": "Personen", "Fall": "Fälle", "Kontakt": "Kontakte",
    "Stelle": "Stellen", "Termin": "Termine", "Dokument": "Dokumente",
    "Vermittlung": "Vermittlungen", "Monat": "Monate", "Treffer": "Treffer", "Angabe": "Angaben",
    "Akte": "Akten", "Sicherung": "Sicherungen",
}


def count(n: int, singular: str) -> str:
    """``n`` and the noun in the right number ("1 Tag", "3 Tage", "0 Tage")."""
    return f"{n} {singular if n == 1 else _PLURALS.get(singular, singular)}"


def seconds(n: int) -> str:
    return count(n, "Sekunde")


def days(n: int) -> str:
    return count(n, "Tag")
