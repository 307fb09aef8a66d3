"""What a key slots file must look like, checked before any key is derived from it.

The file is small and local but not trusted: a sync tool, an editor or an attacker with
the laptop may have changed it. A missing field, a wrong type or an absurd KDF parameter
must end in "the key file is damaged" (exit 3) — never in a crash, and never in a key
derivation that runs for minutes or asks for gigabytes (``iterations=10^6``,
``memory_kib=2^31``). The bounds leave ample room above what
:meth:`KdfParams.tuned <kimdesk.store.key_slots.KdfParams.tuned>` picks (at most 12
iterations over 64 MiB).
"""

import base64
import binascii
from typing import Any

from kimdesk.store.errors import NotAStoreError

ITERATIONS = (1, 16)
MEMORY_KIB = (1024, 256 * 1024)
LANES = (1, 8)
SALT_BYTES = (16, 64)
NONCE_BYTES = 12
WRAPPED_BYTES = 32 + 16  # the data key and the GCM tag
RECOVERY_SALT_BYTES = 16

#: slot kind -> fields it must have besides kind, nonce and wrapped_key
SLOT_FIELDS: dict[str, tuple[str, ...]] = {
    "passphrase": ("kdf",),
    "recovery": ("salt",),
    "device": (),
}


class KeyFileDamaged(NotAStoreError):
    """The key slots file does not have the shape KIMdesk writes."""

    def __init__(self, what: str) -> None:
        super().__init__(f"Die Schlüsseldatei key-slots.json ist beschädigt ({what}). Es "
                         "wurde nichts geändert; bitte die Schlüsseldatei aus einer Sicherung "
                         "(kimdesk backup) zurückkopieren.")


def check_file(data: Any) -> None:
    """Raise :class:`KeyFileDamaged` unless ``data`` (the parsed JSON) is well formed."""
    if not isinstance(data, dict):
        raise KeyFileDamaged("kein JSON-Objekt")
    store_id = data.get("store_id")
    if not isinstance(store_id, str) or not 1 <= len(store_id) <= 64:
        raise KeyFileDamaged("„store_id“ fehlt oder ist ungültig")
    if set(data) - {"format", "store_id", "slots", "previous"}:
        raise KeyFileDamaged("unbekannte Einträge")
    check_slots(data.get("slots"), "slots")
    if "previous" in data:  # a re-keying under way: the slots of the key before
        check_slots(data["previous"], "previous")


def check_slots(slots: Any, name: str) -> None:
    if not isinstance(slots, list) or not slots:
        raise KeyFileDamaged(f"„{name}“ ist keine Liste von Zugängen")
    kinds: list[str] = []
    for slot in slots:
        kinds.append(check_slot(slot))
    if len(set(kinds)) != len(kinds):
        raise KeyFileDamaged("ein Zugang ist doppelt eingetragen")


def check_slot(slot: Any) -> str:
    """The slot's kind, after checking every field it must have."""
    if not isinstance(slot, dict):
        raise KeyFileDamaged("ein Zugang ist kein JSON-Objekt")
    kind = slot.get("kind")
    if kind not in SLOT_FIELDS:
        raise KeyFileDamaged(f"unbekannte Zugangsart „{str(kind)[:20]}“")
    expected = {"kind", "nonce", "wrapped_key", *SLOT_FIELDS[kind]}
    if set(slot) != expected:
        raise KeyFileDamaged(f"der Zugang „{kind}“ hat nicht die erwarteten Felder")
    binary(slot["nonce"], f"{kind}.nonce", NONCE_BYTES, NONCE_BYTES)
    binary(slot["wrapped_key"], f"{kind}.wrapped_key", WRAPPED_BYTES, WRAPPED_BYTES)
    if kind == "passphrase":
        check_kdf(slot["kdf"])
    if kind == "recovery":
        binary(slot["salt"], "recovery.salt", RECOVERY_SALT_BYTES, RECOVERY_SALT_BYTES)
    return str(kind)


def check_kdf(kdf: Any) -> None:
    """Argon2id with every parameter inside its bounds."""
    if not isinstance(kdf, dict) or set(kdf) != {"name", "iterations", "memory_kib", "lanes",
                                                 "salt"}:
        raise KeyFileDamaged("die Angaben zur Schlüsselableitung sind unvollständig")
    if kdf["name"] != "argon2id":
        raise KeyFileDamaged("unbekanntes Ableitungsverfahren")
    for name, (low, high) in (("iterations", ITERATIONS), ("memory_kib", MEMORY_KIB),
                              ("lanes", LANES)):
        value = kdf[name]
        if type(value) is not int or not low <= value <= high:
            raise KeyFileDamaged(f"„{name}“ liegt nicht zwischen {low} und {high}")
    binary(kdf["salt"], "kdf.salt", *SALT_BYTES)


def binary(value: Any, name: str, low: int, high: int) -> bytes:
    """Base64 text decoding to ``low``..``high`` bytes."""
    try:
        raw = base64.b64decode(value.encode("ascii"), validate=True)
    except (AttributeError, UnicodeEncodeError, binascii.Error, ValueError):
        raise KeyFileDamaged(f"„{name}“ ist kein Base64") from None
    if not low <= len(raw) <= high:
        raise KeyFileDamaged(f"„{name}“ hat die falsche Länge")
    return raw
