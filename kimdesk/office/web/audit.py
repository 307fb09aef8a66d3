"""The office's audit log: who logged in, changed or exported what, and when."""

from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from kimdesk.office.models import utcnow
from kimdesk.office.web.models import AuditEntry

ACTIONS = {
    "login": "Anmeldung", "login_failed": "Anmeldung fehlgeschlagen",
    "login_locked": "Konto gesperrt (Fehlversuche)", "logout": "Abmeldung",
    "account_add": "Konto angelegt", "account_password": "Passwort gesetzt",
    "account_disable": "Konto deaktiviert", "account_enable": "Konto aktiviert",
    "account_unlock": "Konto entsperrt",
    "account_role": "Rolle geändert",
    "device_code": "Anmeldecode erzeugt", "device_revoke": "Gerät gesperrt",
    "device_team": "Team eines Geräts gesetzt",
    "reconstruction_status": "Status einer Fallrekonstruktion geändert",
    "theme_add": "Thema angelegt", "theme_change": "Thema geändert",
    "decision_add": "Beschluss erfasst", "decision_publish": "Beschluss veröffentlicht",
    "directory_change": "Versorgungssystem geändert",
    "directory_publish": "Versorgungssystem veröffentlicht",
    "settings_change": "Einstellungen geändert",
    "export": "Export", "report": "Bericht erstellt",
}


def record(engine: Engine, actor: str, action: str, target: str = "") -> None:
    with Session(engine) as s, s.begin():
        s.add(AuditEntry(at=utcnow(), actor=actor[:80], action=action[:60],
                         target=target[:200]))


def recent(engine: Engine, limit: int = 200) -> list[AuditEntry]:
    with Session(engine) as s:
        return list(s.scalars(select(AuditEntry).order_by(AuditEntry.id.desc()).limit(limit)))
