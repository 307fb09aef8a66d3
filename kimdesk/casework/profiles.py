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


def passphrase_strength(passphrase: str) -> tuple[int, str]:
    """A rough score 0–4 and a German hint, for the feedback under the input field."""
    if len(passphrase) < MIN_PASSPHRASE:
        return 0, f"Zu kurz: mindestens {MIN_PASSPHRASE} Zeichen."
    kinds = sum(bool(re.search(p, passphrase)) for p in
                (r"[a-zäöüß]", r"[A-ZÄÖÜ]", r"\d", r"[^\w\s]", r"\s"))
    words = len(passphrase.split())
    score = 1 + (len(passphrase) >= 12) + (len(passphrase) >= 16 or words >= 4) + (kinds >= 3)
    if len(set(passphrase)) <= 3:
        score = 1
    hints = {1: "Schwach: länger machen, z. B. mehrere Wörter.",
             2: "Mittel: noch ein paar Zeichen oder ein weiteres Wort.",
             3: "Gut.", 4: "Sehr gut."}
    return min(score, 4), hints[min(score, 4)]
