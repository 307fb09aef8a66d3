"""A small interface of our own over secret storage ("remember on this device").

The OS keyring is optional: headless Linux has none (``keyring.backends.fail``), and then
the passphrase is the only way in. There is no plaintext fallback, ever.
"""

import contextlib
from typing import Protocol


class SecretStore(Protocol):
    """Where a device-bound wrapping key may be kept."""

    def available(self) -> bool: ...
    def get(self, name: str) -> str | None: ...
    def set(self, name: str, value: str) -> None: ...
    def delete(self, name: str) -> None: ...


SERVICE = "KIMdesk"


class OsKeyring:
    """The operating system's keyring through the ``keyring`` package."""

    def available(self) -> bool:
        try:
            import keyring
            from keyring.backends import fail

            backend = keyring.get_keyring()
        except Exception:  # noqa: BLE001 - any backend trouble means "not available"
            return False
        return not isinstance(backend, fail.Keyring) and getattr(backend, "priority", 0) > 0

    def get(self, name: str) -> str | None:
        import keyring

        try:
            return keyring.get_password(SERVICE, name)
        except Exception:  # noqa: BLE001
            return None

    def set(self, name: str, value: str) -> None:
        import keyring

        keyring.set_password(SERVICE, name, value)

    def delete(self, name: str) -> None:
        import keyring

        with contextlib.suppress(Exception):  # already gone is fine
            keyring.delete_password(SERVICE, name)


class NoSecretStore:
    """No keyring at all."""

    def available(self) -> bool:
        return False

    def get(self, name: str) -> str | None:
        return None

    def set(self, name: str, value: str) -> None:
        raise RuntimeError("no secret store available")

    def delete(self, name: str) -> None:
        return None
