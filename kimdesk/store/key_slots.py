"""Key slots, as in LUKS: one random data key opens the database; slots hold it wrapped.

The data key never touches the disk in the clear. Each slot wraps it with AES-256-GCM under
a key-encryption key from a different secret: the passphrase (Argon2id, tuned to about
0.3 s), the recovery key printed at setup (high entropy, so HKDF suffices), or a random
device key kept in the OS keyring. Changing the passphrase re-wraps the data key; the
database itself is re-encrypted only by :mod:`kimdesk.store.rekey`, which keeps the slots
of both keys here (``previous``) for the moment of the switch.
"""

import base64
import json
import os
import secrets
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.argon2 import Argon2id
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from kimdesk.store import key_file_shape
from kimdesk.store.atomic import write_atomic
from kimdesk.store.errors import NotAStoreError, StoreLockedError, WrongPassphraseError
from kimdesk.store.secrets import SecretStore

FORMAT = "kimdesk.keyslots/1"
RECOVERY_BYTES = 20  # 160 bits -> 32 base32 characters
_B32_FIXUPS = str.maketrans({"0": "O", "1": "I", "8": "B"})


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))


@dataclass(frozen=True)
class KdfParams:
    """Argon2id parameters; stored in the slot so a slot stays openable after re-tuning."""

    iterations: int
    memory_kib: int
    lanes: int = 1
    salt: bytes = field(default_factory=lambda: os.urandom(16))

    def derive(self, secret: bytes) -> bytes:
        return Argon2id(
            salt=self.salt,
            length=32,
            iterations=self.iterations,
            lanes=self.lanes,
            memory_cost=self.memory_kib,
        ).derive(secret)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": "argon2id",
            "iterations": self.iterations,
            "memory_kib": self.memory_kib,
            "lanes": self.lanes,
            "salt": _b64(self.salt),
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> "KdfParams":
        """Parameters as stored, refused (exit 3) outside the bounds of
        :mod:`kimdesk.store.key_file_shape` before anything is derived with them."""
        key_file_shape.check_kdf(data)
        return cls(
            iterations=data["iterations"],
            memory_kib=data["memory_kib"],
            lanes=data["lanes"],
            salt=_unb64(data["salt"]),
        )

    @classmethod
    def tuned(cls, target_seconds: float = 0.3, memory_kib: int = 64 * 1024) -> "KdfParams":
        """Measure this machine and pick iterations so one derivation takes ~target."""
        probe = cls(iterations=2, memory_kib=memory_kib)
        start = time.perf_counter()
        probe.derive(b"calibration")
        per_iteration = max((time.perf_counter() - start) / 2, 1e-3)
        iterations = min(max(round(target_seconds / per_iteration), 2), 12)
        return cls(iterations=iterations, memory_kib=memory_kib)

    @classmethod
    def fast(cls) -> "KdfParams":
        """Cheap parameters for tests only — real stores use :meth:`tuned`."""
        return cls(iterations=1, memory_kib=1024)


def new_data_key() -> bytes:
    return secrets.token_bytes(32)


def new_recovery_key() -> str:
    """A recovery key to print: 32 base32 characters in groups of four."""
    raw = base64.b32encode(secrets.token_bytes(RECOVERY_BYTES)).decode("ascii")
    return "-".join(raw[i : i + 4] for i in range(0, len(raw), 4))


def normalise_recovery_key(text: str) -> bytes:
    """Accept the key as typed: any case, spaces or dashes, 0/1/8 mistaken for O/I/B."""
    cleaned = "".join(ch for ch in text.upper() if ch.isalnum()).translate(_B32_FIXUPS)
    message = "Der Wiederherstellungsschlüssel ist unvollständig oder falsch."
    try:
        raw = base64.b32decode(cleaned)
    except ValueError as exc:
        raise WrongPassphraseError(message) from exc
    if len(raw) != RECOVERY_BYTES:
        raise WrongPassphraseError(message)
    return raw


def _hkdf(secret: bytes, salt: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=info).derive(secret)


class KeySlotFile:
    """The JSON file beside the database that holds the wrapped data key."""

    def __init__(self, path: Path, store_id: str, slots: list[dict[str, Any]],
                 previous: list[dict[str, Any]] | None = None) -> None:
        self.path = path
        self.store_id = store_id
        self.slots = slots
        #: while a re-keying is under way (:mod:`kimdesk.store.rekey`): the slots of the
        #: data key before it, so the store opens whichever key the database has
        self.previous = previous

    # -- persistence ---------------------------------------------------------------
    @classmethod
    def new(cls, path: Path, store_id: str) -> "KeySlotFile":
        return cls(path, store_id, [])

    @classmethod
    def load(cls, path: Path) -> "KeySlotFile":
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise NotAStoreError(
                "Hier liegt kein KIMdesk-Datenbestand (die Schlüsseldatei fehlt)."
            ) from exc
        except (OSError, ValueError) as exc:
            raise NotAStoreError(
                "Die Schlüsseldatei des Datenbestands ist beschädigt oder nicht lesbar."
            ) from exc
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise NotAStoreError("Die Schlüsseldatei gehört nicht zu KIMdesk.")
        key_file_shape.check_file(data)
        previous = data.get("previous")
        return cls(path, data["store_id"], list(data["slots"]),
                   None if previous is None else list(previous))

    def save(self) -> None:
        payload: dict[str, Any] = {"format": FORMAT, "store_id": self.store_id,
                                   "slots": self.slots}
        if self.previous is not None:
            payload["previous"] = self.previous
        write_atomic(self.path, json.dumps(payload, indent=2).encode("utf-8"))

    def previous_generation(self) -> "KeySlotFile | None":
        """The slots of the data key before an unfinished re-keying, as a file of its own."""
        if self.previous is None:
            return None
        return KeySlotFile(self.path, self.store_id, self.previous)

    # -- wrapping ------------------------------------------------------------------
    def _aad(self, kind: str) -> bytes:
        return f"kimdesk:{self.store_id}:{kind}".encode()

    def _wrap(self, kind: str, kek: bytes, data_key: bytes, extra: dict[str, Any]) -> None:
        nonce = os.urandom(12)
        wrapped = AESGCM(kek).encrypt(nonce, data_key, self._aad(kind))
        self.slots = [s for s in self.slots if s["kind"] != kind]
        self.slots.append(
            {"kind": kind, "nonce": _b64(nonce), "wrapped_key": _b64(wrapped), **extra})

    def _unwrap(self, slot: dict[str, Any], kek: bytes) -> bytes:
        try:
            return AESGCM(kek).decrypt(_unb64(slot["nonce"]), _unb64(slot["wrapped_key"]),
                                       self._aad(slot["kind"]))
        except InvalidTag as exc:
            raise WrongPassphraseError() from exc

    def slot(self, kind: str) -> dict[str, Any] | None:
        return next((s for s in self.slots if s["kind"] == kind), None)

    def kinds(self) -> list[str]:
        return [s["kind"] for s in self.slots]

    # -- passphrase ----------------------------------------------------------------
    def set_passphrase(self, data_key: bytes, passphrase: str, kdf: KdfParams) -> None:
        kek = kdf.derive(passphrase.encode("utf-8"))
        self._wrap("passphrase", kek, data_key, {"kdf": kdf.to_json()})

    def unlock_with_passphrase(self, passphrase: str) -> bytes:
        slot = self.slot("passphrase")
        if slot is None:
            raise NotAStoreError("Dieser Datenbestand hat keinen Passphrasen-Zugang.")
        kek = KdfParams.from_json(slot["kdf"]).derive(passphrase.encode("utf-8"))
        return self._unwrap(slot, kek)

    # -- recovery key --------------------------------------------------------------
    def set_recovery_key(self, data_key: bytes, recovery_key: str) -> None:
        salt = os.urandom(16)
        kek = _hkdf(normalise_recovery_key(recovery_key), salt, b"kimdesk recovery slot")
        self._wrap("recovery", kek, data_key, {"salt": _b64(salt)})

    def unlock_with_recovery_key(self, recovery_key: str) -> bytes:
        slot = self.slot("recovery")
        if slot is None:
            raise NotAStoreError("Dieser Datenbestand hat keinen Wiederherstellungsschlüssel.")
        kek = _hkdf(normalise_recovery_key(recovery_key), _unb64(slot["salt"]),
                    b"kimdesk recovery slot")
        try:
            return self._unwrap(slot, kek)
        except WrongPassphraseError as exc:
            raise WrongPassphraseError("Der Wiederherstellungsschlüssel ist falsch.") from exc

    # -- device keyring ------------------------------------------------------------
    def _secret_name(self) -> str:
        return f"store-{self.store_id}"

    def remember_on_device(self, data_key: bytes, secret_store: SecretStore) -> bool:
        """Add a device slot whose wrapping key lives in the keyring; False if none."""
        if not secret_store.available():
            return False
        device_key = secrets.token_bytes(32)
        secret_store.set(self._secret_name(), _b64(device_key))
        self._wrap("device", device_key, data_key, {})
        return True

    def forget_device(self, secret_store: SecretStore) -> None:
        secret_store.delete(self._secret_name())
        self.slots = [s for s in self.slots if s["kind"] != "device"]

    def unlock_with_device(self, secret_store: SecretStore) -> bytes | None:
        slot = self.slot("device")
        if slot is None or not secret_store.available():
            return None
        stored = secret_store.get(self._secret_name())
        if not stored:
            return None
        try:
            return self._unwrap(slot, _unb64(stored))
        except WrongPassphraseError:
            return None


def unlock_key(
    slots: KeySlotFile,
    passphrase: str | None,
    recovery_key: str | None,
    secret_store: SecretStore,
) -> bytes:
    if passphrase is not None:
        return slots.unlock_with_passphrase(passphrase)
    if recovery_key is not None:
        return slots.unlock_with_recovery_key(recovery_key)
    key = slots.unlock_with_device(secret_store)
    if key is None:
        raise StoreLockedError("Der Datenbestand ist gesperrt: bitte die Passphrase eingeben.")
    return key
