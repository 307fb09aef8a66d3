"""Device enrollment: a key pair made here, the public half registered with a one-time
code, the private half kept only in the encrypted store."""

import httpx

from kimdesk.store.case_store import CaseStore
from kimdesk.store.models.sync import SyncIdentity
from kimdesk.store.sync_rows import identity, replace_identity, sync_state
from kimdesk.sync.client import OfficeClient, require_secure_url
from kimdesk.sync.errors import EnrollmentError
from kimdesk.sync.protocol.ids import is_uuid7
from kimdesk.sync.protocol.signing import new_private_key, public_key_of


def enroll(store: CaseStore, office_url: str, code: str,
           transport: httpx.BaseTransport | None = None, verify: object = True) -> SyncIdentity:
    """Register this store's device with the office. Re-enrolling replaces the old key.

    The office must be reached over ``https://`` (plain ``http://`` only on this machine)."""
    office_url = require_secure_url(office_url)
    code = code.strip().upper().replace(" ", "")
    if not code:
        raise EnrollmentError("Bitte den Anmeldecode der Koordinierungsstelle angeben.")
    private_key = new_private_key()
    public_key = public_key_of(private_key)
    with OfficeClient(office_url, transport=transport, verify=verify) as client:
        answer = client.enroll(code, "", public_key)
    device_id = answer.get("device_id", "")
    if not is_uuid7(device_id):
        raise EnrollmentError("Das Kreisbüro hat eine unerwartete Antwort gegeben.")
    with store.session() as s, s.begin():
        old = identity(s)
        office_changed = old is None or old.office_url != office_url.rstrip("/")
        row = replace_identity(s, device_id, str(answer.get("device_name", ""))[:120],
                               office_url.rstrip("/"), private_key, public_key)
        state = sync_state(s)
        state.failures, state.last_error, state.last_error_kind = 0, "", ""
        state.next_attempt_at = None
        if office_changed:
            state.pull_cursor = 0
    return row
