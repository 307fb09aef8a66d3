"""Sync errors. Each carries one German sentence for the case manager and a short kind
that the status API and the worker's backoff use."""

from kimdesk.core.errors import DomainError


class SyncError(DomainError):
    """``str(err)`` is German; ``kind`` says what went wrong in one word."""

    kind = "error"
    exit_code = 1
    retry = True  # the worker tries again later


class NotEnrolledError(SyncError):
    kind = "not_enrolled"
    retry = False

    def __init__(self) -> None:
        super().__init__("Dieses Gerät ist noch nicht beim Kreisbüro angemeldet. Bitte mit "
                         "„kimdesk enroll“ und dem Code der Koordinierungsstelle anmelden.")


class OfficeUnreachableError(SyncError):
    kind = "unreachable"

    def __init__(self, detail: str = "") -> None:
        self.detail = detail
        super().__init__("Das Kreisbüro ist nicht erreichbar.")


class DeviceRevokedError(SyncError):
    kind = "revoked"
    retry = False

    def __init__(self) -> None:
        super().__init__("Dieses Gerät wurde vom Kreisbüro gesperrt. Die Einträge bleiben "
                         "auf dem Gerät gespeichert; bitte die Koordinierungsstelle ansprechen.")


class DeviceUnknownError(SyncError):
    kind = "unauthorized"

    def __init__(self, reason: str = "") -> None:
        self.reason = reason
        super().__init__("Das Kreisbüro hat die Anmeldung dieses Geräts nicht angenommen "
                         "(Uhrzeit prüfen oder Gerät neu anmelden).")


class RateLimitedError(SyncError):
    kind = "rate_limited"

    def __init__(self, retry_after: float = 5.0) -> None:
        self.retry_after = retry_after
        super().__init__("Das Kreisbüro ist gerade ausgelastet; es wird gleich erneut versucht.")


class OfficeRefusedError(SyncError):
    kind = "refused"

    def __init__(self, status: int, reason: str = "") -> None:
        self.status = status
        self.reason = reason
        super().__init__(f"Das Kreisbüro hat die Anfrage abgelehnt ({status}). "
                         "Bitte KIMdesk aktualisieren oder die Koordinierungsstelle fragen.")


class EnrollmentError(SyncError):
    kind = "enrollment"
    retry = False


class OfficeAnswerError(OfficeRefusedError):
    """A 2xx answer that is not what the protocol says (not JSON, wrong shape) — e.g. the
    login page of a hotel or train WLAN ("captive portal") instead of the office."""

    kind = "bad_answer"

    def __init__(self, status: int = 200) -> None:
        self.status = status
        self.reason = ""
        SyncError.__init__(self, "Das Kreisbüro hat keine gültige Antwort gegeben. Verlangt "
                                 "das Netz (z. B. WLAN im Hotel oder Zug) zuerst eine "
                                 "Anmeldung im Browser? Sonst bitte die Adresse prüfen.")


class InsecureOfficeUrlError(SyncError):
    kind = "insecure_url"
    retry = False

    def __init__(self) -> None:
        super().__init__("Das Kreisbüro muss über https:// erreichbar sein (z. B. "
                         "https://kim.kreis-beispiel.de); eine unverschlüsselte Adresse "
                         "(http://) wird nicht verwendet.")


class UnexpectedSyncError(SyncError):
    """Anything else that broke a round; only the exception's type name is kept."""

    kind = "internal"

    def __init__(self, type_name: str) -> None:
        self.type_name = type_name
        super().__init__(f"Beim Abgleich ist ein unerwarteter Fehler aufgetreten "
                         f"({type_name}); es wird später erneut versucht.")
