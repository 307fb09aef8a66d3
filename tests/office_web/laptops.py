"""Devices talking to the office for real: enroll with a one-time code over HTTP, then push
signed items (no case store needed for the workspace's reconstruction inbox)."""

from kimdesk.demo.reconstruction_payloads import reconstruction_payload
from kimdesk.office import devices
from kimdesk.sync.client import Credentials, OfficeClient
from kimdesk.sync.protocol.ids import uuid7
from kimdesk.sync.protocol.signing import b64, new_private_key, public_key_of


def enrolled_client(office, name: str, code: str | None = None) -> OfficeClient:
    code = code or devices.new_code(office.engine, name)
    key = new_private_key()
    with OfficeClient(office.url) as plain:
        answer = plain._send("POST", "/v1/enroll", body={"code": code,
                                                         "public_key": b64(public_key_of(key))},
                             signed=False).json()
    return OfficeClient(office.url, Credentials(answer["device_id"], key))


def send_reconstructions(client: OfficeClient, numbers: range) -> None:
    items = [{"id": uuid7(), "kind": "reconstruction", "payload": reconstruction_payload(n)}
             for n in numbers]
    results = client.push(items)
    assert all(status == "stored" for status, _ in results.values()), results
