"""Profiles: one encrypted store per case manager on this laptop, under config.profiles_dir().

A profile folder holds the store and a small ``profile.json`` with what the selection
screen shows before anything is unlocked (a label and the district) — never client data.

Listing and reading profiles needs no database library: the first screen (the choice of
profile, the unlock page) shows before SQLAlchemy and SQLCipher are loaded.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from kimdesk import catalogues, config
from kimdesk.core.errors import DomainError
from kimdesk.store.atomic import write_atomic
from kimdesk.store.files import KEY_FILE, is_store

if TYPE_CHECKING:
    from kimdesk.store.case_store import CaseStore
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


def check_team(district_id: str, team_id: str | None) -> str | None:
    """The team id if it is a team (Regionalteam / Cluster / Planungsraum) of the district;
    ``None`` for none; a German ``DomainError`` otherwise."""
    if not team_id:
        return None
    district = catalogues.district(district_id)
    if team_id not in {area.id for area in district.planning_areas}:
        names = ", ".join(f"{a.id} ({a.name})" for a in district.planning_areas)
        raise DomainError(f"Das Team „{team_id}“ gehört nicht zum {district.name}. "
                          f"Möglich sind: {names}.")
    return team_id


def assign_team(store: CaseStore, team_id: str | None) -> None:
    """Record the store's team: the anonymised figures carry it, so the office can compose
    figures per team."""
    team_id = check_team(store.district_id, team_id)
    if team_id:
        store.set_settings({"team_id": team_id})


def create_store(folder: Path, district_id: str, passphrase: str, case_manager: str = "",
                 team_id: str | None = None, kdf: KdfParams | None = None
                 ) -> tuple[CaseStore, str]:
    """A new store in its district and team, its service directory filled from the
    district catalogue; returns the open store and the recovery key."""
    from kimdesk.casework.directory import DirectoryService
    from kimdesk.store.case_store import CaseStore

    district = catalogues.district(district_id)
    check_team(district.id, team_id)  # before anything is created
    store, recovery_key = CaseStore.create(folder, passphrase, district.id,
                                           case_manager=case_manager.strip(), kdf=kdf)
    DirectoryService(store).load_entries(catalogues.service_directory(district.id))
    assign_team(store, team_id)
    return store, recovery_key


def create_profile(label: str, district_id: str, passphrase: str, case_manager: str = "",
                   kdf: KdfParams | None = None, base: Path | None = None,
                   team_id: str | None = None) -> tuple[Profile, CaseStore, str]:
    """A new profile with its store; returns the open store and the recovery key."""
    label = label.strip()
    if not label:
        raise DomainError("Bitte einen Namen für das Profil eingeben.")
    if len(passphrase) < MIN_PASSPHRASE:
        raise DomainError(f"Die Passphrase muss mindestens {MIN_PASSPHRASE} Zeichen lang sein.")
    district = catalogues.district(district_id)
    require_strong(passphrase, (label, case_manager, district.name))
    check_team(district.id, team_id)  # before anything is created
    base = base or config.profiles_dir()
    base.mkdir(parents=True, exist_ok=True)
    folder = _new_folder(base, label)
    store, recovery_key = create_store(folder, district.id, passphrase, case_manager, team_id,
                                       kdf)
    meta = {"label": label, "district_id": district.id, "created": date.today().isoformat()}
    write_atomic(folder / PROFILE_FILE, json.dumps(meta, ensure_ascii=False).encode())
    return Profile(folder, label, district.id), store, recovery_key


def _new_folder(base: Path, label: str) -> Path:
    folder = base / _slug(label)
    n = 2
    while folder.exists():
        folder = base / f"{_slug(label)}-{n}"
        n += 1
    return folder


def restore_profile(label: str, backup: Path, passphrase: str = "", recovery_key: str = "",
                    new_passphrase: str = "", kdf: KdfParams | None = None,
                    base: Path | None = None) -> tuple[Profile, CaseStore]:
    """A new profile from a whole-store backup (``KIMdesk-Sicherung-…`` folder), opened with
    the backup's passphrase or its recovery key — the latter with a new passphrase.
    Verified in full before the profile appears (:func:`kimdesk.store.backup_sets.restore_into`)."""
    from kimdesk.store.backup_sets import restore_into

    label = label.strip()
    if not label:
        raise DomainError("Bitte einen Namen für das Profil eingeben.")
    if not (passphrase or recovery_key.strip()):
        raise DomainError("Bitte die Passphrase der Sicherung oder den "
                          "Wiederherstellungsschlüssel eingeben.")
    if recovery_key.strip():
        if len(new_passphrase) < MIN_PASSPHRASE:
            raise DomainError("Mit dem Wiederherstellungsschlüssel bitte eine neue Passphrase "
                              f"wählen (mindestens {MIN_PASSPHRASE} Zeichen).")
        require_strong(new_passphrase, (label,))
    base = base or config.profiles_dir()
    base.mkdir(parents=True, exist_ok=True)
    folder = _new_folder(base, label)
    store = restore_into(Path(backup), folder, passphrase=passphrase or None,
                         recovery_key=recovery_key.strip() or None,
                         new_passphrase=new_passphrase or None, kdf=kdf)
    district_id = store.district_id
    meta = {"label": label, "district_id": district_id, "created": date.today().isoformat(),
            "restored_from": Path(backup).name}
    write_atomic(folder / PROFILE_FILE, json.dumps(meta, ensure_ascii=False).encode())
    return Profile(folder, label, district_id), store


@dataclass(frozen=True)
class DamagedProfile:
    """A profile whose database is damaged, and the newest sound backup in its folder."""

    message: str  # German, for the unlock screen
    backup: Path
    written_at: str  # "03.12.2026, 10:15 Uhr"


def open_or_damaged(profile: Profile, passphrase: str) -> CaseStore | DamagedProfile:
    """Open the profile; if its database is damaged but a sound backup lies in its
    ``backups/`` folder, say so instead of failing, so the desk can offer it."""
    from kimdesk.store import backups
    from kimdesk.store.errors import NotAStoreError, StoreError
    from kimdesk.store.key_slots import KeySlotFile

    try:
        return open_profile(profile, passphrase)
    except NotAStoreError as damage:
        try:
            key = KeySlotFile.load(profile.folder / KEY_FILE).unlock_with_passphrase(passphrase)
        except StoreError:
            raise damage from None
        sound = backups.newest_sound_backup(profile.folder, key)
        if sound is None:
            raise
        when = f"{sound.written_at:%d.%m.%Y, %H:%M} Uhr"
        return DamagedProfile(
            "Der Datenbestand dieses Profils ist beschädigt und wurde nicht verändert. Die "
            f"neueste intakte Sicherung auf diesem Gerät ist vom {when}. Sie kann jetzt "
            "zurückgespielt werden; was seitdem erfasst wurde, fehlt dann, und die beschädigte "
            "Datei bleibt zur Prüfung liegen. Eine neuere Sicherung von einem anderen "
            "Datenträger lässt sich über „Sicherung zurückspielen“ in der Profilauswahl "
            "einspielen.", sound.path, when)


def restore_damaged(profile: Profile, passphrase: str, backup: Path) -> CaseStore:
    """Put the offered backup back over the damaged database (kept beside it) and open."""
    from kimdesk.store.case_store import CaseStore

    store, _kept = CaseStore.restore_backup(profile.folder, backup, passphrase=passphrase)
    return store


def load_store_libraries() -> None:
    """Load what editing needs — SQLAlchemy, the models and their mapping, the services the
    Akte opens with — ahead of time, in the background (unlocking and Heute read without
    them, see :class:`kimdesk.store.case_store.CaseStore`)."""
    from sqlalchemy.orm import configure_mappers

    import kimdesk.casework.cases
    import kimdesk.casework.clients
    import kimdesk.store.engine
    import kimdesk.store.models  # noqa: F401 - loaded for their side effect (imports)

    configure_mappers()


def open_profile(profile: Profile, passphrase: str) -> CaseStore:
    """Unlock a profile's store; WrongPassphraseError carries the German message."""
    from kimdesk.store.case_store import CaseStore

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
    from kimdesk.store.case_store import CaseStore

    store = CaseStore.open(profile.folder, recovery_key=recovery_key.strip())
    try:
        store.change_passphrase(new_passphrase)
    except BaseException:
        store.close()
        raise
    return store
