"""Profiles: one encrypted store per case manager on this laptop, under config.profiles_dir().

A profile folder holds the store and a small ``profile.json`` with what the selection
screen shows before anything is unlocked (a label and the district) — never client data.
"""

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from kimdesk import catalogues, config
from kimdesk.casework.directory import DirectoryService
from kimdesk.core.errors import DomainError
from kimdesk.store.atomic import write_atomic
from kimdesk.store.case_store import CaseStore, is_store
from kimdesk.store.key_slots import KdfParams

PROFILE_FILE = "profile.json"
MIN_PASSPHRASE = 8


@dataclass(frozen=True)
class Profile:
    folder: Path
    label: str
    district_id: str = ""

    @property
    def key(self) -> str:
        return self.folder.name

    @property
    def district_name(self) -> str:
        try:
            return catalogues.district(self.district_id).name if self.district_id else ""
        except ValueError:
            return self.district_id


def _slug(text: str) -> str:
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-")[:40] or "profil"


def read_profile(folder: Path) -> Profile:
    try:
        data = json.loads((folder / PROFILE_FILE).read_text("utf-8"))
    except (OSError, ValueError):
        data = {}
    return Profile(folder, str(data.get("label") or folder.name), str(data.get("district_id", "")))


def list_profiles(base: Path | None = None) -> list[Profile]:
    """Every store under the profiles folder, sorted by label."""
    base = base or config.profiles_dir()
    if not base.is_dir():
        return []
    found = [read_profile(p) for p in base.iterdir() if p.is_dir() and is_store(p)]
    return sorted(found, key=lambda p: p.label.casefold())


def create_profile(label: str, district_id: str, passphrase: str, case_manager: str = "",
                   kdf: KdfParams | None = None, base: Path | None = None
                   ) -> tuple[Profile, CaseStore, str]:
    """A new profile with its store; returns the open store and the recovery key."""
    label = label.strip()
    if not label:
        raise DomainError("Bitte einen Namen für das Profil eingeben.")
    if len(passphrase) < MIN_PASSPHRASE:
        raise DomainError(f"Die Passphrase muss mindestens {MIN_PASSPHRASE} Zeichen lang sein.")
    district = catalogues.district(district_id)
    require_strong(passphrase, (label, case_manager, district.name))
    base = base or config.profiles_dir()
    base.mkdir(parents=True, exist_ok=True)
    folder = base / _slug(label)
    n = 2
    while folder.exists():
        folder = base / f"{_slug(label)}-{n}"
        n += 1
    store, recovery_key = CaseStore.create(folder, passphrase, district.id,
                                           case_manager=case_manager.strip(), kdf=kdf)
    DirectoryService(store).load_entries(catalogues.service_directory(district.id))
    meta = {"label": label, "district_id": district.id, "created": date.today().isoformat()}
    write_atomic(folder / PROFILE_FILE, json.dumps(meta, ensure_ascii=False).encode())
    return Profile(folder, label, district.id), store, recovery_key


def open_profile(profile: Profile, passphrase: str) -> CaseStore:
    """Unlock a profile's store; WrongPassphraseError carries the German message."""
    return CaseStore.open(profile.folder, passphrase=passphrase)


def check_passphrase(store: CaseStore, passphrase: str) -> None:
    """Raise WrongPassphraseError unless the passphrase opens the store's key slot."""
    store.key_slots.unlock_with_passphrase(passphrase)


#: zxcvbn's score (0–4, "guesses" on a log scale) a new passphrase needs
STRONG_ENOUGH = 3
_HINTS = {0: "Sehr schwach", 1: "Schwach", 2: "Mittel", 3: "Gut", 4: "Sehr gut"}
_WHY = {
    "dictionary": "ein bekanntes Wort oder häufiges Passwort",
    "sequence": "eine Folge wie „12345678“ oder „abcdef“",
    "repeat": "Wiederholungen wie „aaaa“ oder „abcabc“",
    "spatial": "ein Tastaturmuster wie „qwertz“",
    "date": "ein Datum oder eine Jahreszahl",
    "regex": "eine Jahreszahl oder ein einfaches Muster",
}


def passphrase_strength(passphrase: str, user_inputs: tuple[str, ...] = ()
                        ) -> tuple[int, str]:
    """Score 0–4 (zxcvbn: how many guesses an attacker needs) and a German hint saying
    why a passphrase is weak — for the feedback under the input field."""
    from zxcvbn import zxcvbn  # type: ignore[import-untyped]  # imported on demand: only setup and passphrase changes rate

    if len(passphrase) < MIN_PASSPHRASE:
        return 0, f"Zu kurz: mindestens {MIN_PASSPHRASE} Zeichen."
    inputs = [w for text in user_inputs for w in re.split(r"\W+", text) if len(w) >= 3]
    result = zxcvbn(passphrase[:100], user_inputs=inputs)
    score = int(result["score"])
    if score >= STRONG_ENOUGH:
        return score, f"{_HINTS[score]}."
    found = [m for m in result["sequence"] if m["pattern"] in _WHY]
    own = [m for m in found if m.get("dictionary_name") == "user_inputs"]
    if own:
        why = "den eigenen Namen, den Profilnamen oder den Kreis"
    elif found:
        why = _WHY[max(found, key=lambda m: len(m["token"]))["pattern"]]
    else:
        why = "zu wenige, zu leicht zu ratende Zeichen"
    return score, (f"{_HINTS[score]}: enthält {why}. Besser mehrere Wörter, die nicht "
                   "zusammengehören, z. B. „Kaffee Tasse Fahrrad Mond“.")


def require_strong(passphrase: str, user_inputs: tuple[str, ...] = ()) -> None:
    """Refuse a new passphrase an attacker would guess, with the reason in German."""
    score, hint = passphrase_strength(passphrase, user_inputs)
    if score < STRONG_ENOUGH:
        raise DomainError(f"Diese Passphrase ist zu leicht zu erraten. {hint}")


def recover_profile(profile: Profile, recovery_key: str, new_passphrase: str,
                    repeated: str) -> CaseStore:
    """Passphrase vergessen: open with the recovery key, set a new (strong) passphrase."""
    if new_passphrase != repeated:
        raise DomainError("Die beiden Eingaben der neuen Passphrase stimmen nicht überein.")
    if len(new_passphrase) < MIN_PASSPHRASE:
        raise DomainError(f"Die Passphrase muss mindestens {MIN_PASSPHRASE} Zeichen lang sein.")
    require_strong(new_passphrase, (profile.label, profile.district_name))
    store = CaseStore.open(profile.folder, recovery_key=recovery_key.strip())
    try:
        store.change_passphrase(new_passphrase)
    except BaseException:
        store.close()
        raise
    return store
