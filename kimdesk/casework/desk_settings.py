"""Einstellungen of a profile: what belongs to the case file is kept in the encrypted
store (letterhead, contact details, second language, backup reminder, office address);
what belongs to the machine stays in the platform's settings folder (idle lock, window)."""

from dataclasses import asdict, dataclass, fields
from typing import Any

from kimdesk.core.errors import DomainError
from kimdesk.store.case_store import CaseStore

#: sender fields of the letterhead, as ``printout_data.sender_for`` reads them
SENDER_FIELDS = ("name", "department", "street", "postcode", "city", "phone", "email")
BACKUP_DAYS = (1, 90)


@dataclass
class StoreSettings:
    """The profile's settings kept in the encrypted store."""

    name: str = ""  # Dienststelle in the letterhead
    department: str = ""
    street: str = ""
    postcode: str = ""
    city: str = ""
    phone: str = ""
    email: str = ""
    case_manager_phone: str = ""
    case_manager_email: str = ""
    consultation_hours: str = ""
    default_language: str = ""  # second language of printouts when the client has none
    backup_reminder_days: int = 14
    sync_office_url: str = ""


class SettingsService:
    def __init__(self, store: CaseStore) -> None:
        self.store = store

    def load(self) -> StoreSettings:
        """The stored values; the letterhead falls back to the district's office."""
        from kimdesk.casework.printout_data import sender_for

        stored = self.store.settings()
        sender = sender_for(stored)
        values: dict[str, Any] = {k: getattr(sender, k) for k in SENDER_FIELDS}
        for f in fields(StoreSettings):
            if f.name not in SENDER_FIELDS and f.name in stored:
                values[f.name] = stored[f.name]
        return StoreSettings(**values)

    def save(self, values: StoreSettings) -> None:
        days = _number(values.backup_reminder_days, *BACKUP_DAYS,
                       "Die Erinnerung an die Sicherung: alle 1 bis 90 Tage.")
        url = values.sync_office_url.strip().rstrip("/")
        if url and not (url.startswith("https://") or _loopback(url)):
            raise DomainError("Die Adresse des Kreisbüros muss mit https:// beginnen.")
        if "@" not in values.case_manager_email and values.case_manager_email.strip():
            raise DomainError("Die E-Mail-Adresse sieht nicht vollständig aus.")
        data: dict[str, Any] = {k: str(v).strip() for k, v in asdict(values).items()
                if k not in SENDER_FIELDS and k != "backup_reminder_days"}
        data["backup_reminder_days"] = days
        data["sync_office_url"] = url
        data["office"] = {k: str(getattr(values, k)).strip() for k in SENDER_FIELDS}
        self.store.set_settings(data)


def _number(value: Any, low: int, high: int, message: str) -> int:  # noqa: ANN401
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise DomainError(message) from None
    if not low <= number <= high:
        raise DomainError(message)
    return number


def _loopback(url: str) -> bool:
    return url.startswith(("http://127.0.0.1", "http://localhost", "http://[::1]"))
