"""The office server over real HTTP on 127.0.0.1, on SQLite and PostgreSQL."""

import json
import time

import httpx
import pytest

from kimdesk.office import devices, ingest
from kimdesk.sync.client import Credentials, OfficeClient
from kimdesk.sync.errors import DeviceRevokedError, DeviceUnknownError, EnrollmentError
from kimdesk.sync.protocol.ids import uuid7
from kimdesk.sync.protocol.signing import b64, new_private_key, public_key_of, sign_headers
from tests.sync.conftest import aggregates, reconstruction, run_office_cli


def enrolled_client(office) -> OfficeClient:
    key = new_private_key()
    answer = OfficeClient(office.url).enroll(devices.new_code(office.engine, "Laptop"), "",
                                             public_key_of(key))
    return OfficeClient(office.url, Credentials(answer["device_id"], key))


def signed_post(client: OfficeClient, body: bytes, **overrides) -> httpx.Response:
    headers = sign_headers(client.credentials.private_key, client.credentials.device_id,
                           "POST", "/v1/items", "", body)
    headers.update(overrides)
    headers["Content-Type"] = "application/json"
    return httpx.post(client.base_url + "/v1/items", content=body, headers=headers)


def test_enrollment_code_works_once(office):
    code = devices.new_code(office.engine, "Laptop CM 1")
    client = OfficeClient(office.url)
    answer = client.enroll(code, "", public_key_of(new_private_key()))
    assert answer["device_name"] == "Laptop CM 1"
    with pytest.raises(EnrollmentError):
        client.enroll(code, "", public_key_of(new_private_key()))


def test_expired_or_wrong_code_is_refused(office):
    code = devices.new_code(office.engine, "Laptop", valid_hours=-1)
    with pytest.raises(EnrollmentError):
        OfficeClient(office.url).enroll(code, "", public_key_of(new_private_key()))
    r = httpx.post(office.url + "/v1/enroll", json={"code": "AAAA-BBBB-CCCC",
                                                     "public_key": b64(b"x" * 32)})
    assert r.status_code == 400 and "Anmeldecode" in r.json()["detail"]


def test_items_are_stored_once_however_often_they_are_sent(office):
    client = enrolled_client(office)
    items = [{"id": uuid7(), "kind": "reconstruction", "payload": reconstruction(i)}
             for i in range(5)]
    first = client.push(items)
    assert {s for s, _ in first.values()} == {"stored"}
    again = client.push(items + items[:2])
    assert {s for s, _ in again.values()} == {"duplicate"}
    assert ingest.stats(office.engine)["items"]["reconstruction"]["received"] == 5


def test_newer_aggregate_snapshot_supersedes_older_and_keeps_history(office):
    client = enrolled_client(office)
    old, new, late = uuid7(), uuid7(), None
    client.push([{"id": old, "kind": "aggregates", "payload": aggregates(value=10)}])
    client.push([{"id": new, "kind": "aggregates", "payload": aggregates(value=11)}])
    other = {"id": uuid7(), "kind": "aggregates", "payload": aggregates("2026-Q4", 5)}
    client.push([other])
    late = old  # an old snapshot arriving again changes nothing
    client.push([{"id": late, "kind": "aggregates", "payload": aggregates(value=10)}])
    stats = ingest.stats(office.engine)["items"]["aggregates"]
    assert stats == {"received": 3, "current": 2, "superseded": 1}


def test_item_off_the_allow_list_is_rejected_with_a_reason(office):
    client = enrolled_client(office)
    bad = dict(reconstruction(1), client_name="Hasan")
    good_id, bad_id = uuid7(), uuid7()
    results = client.push([{"id": good_id, "kind": "reconstruction",
                            "payload": reconstruction(2)},
                           {"id": bad_id, "kind": "reconstruction", "payload": bad},
                           {"id": "not-a-uuid", "kind": "reconstruction",
                            "payload": reconstruction(3)}])
    assert results[good_id][0] == "stored"
    assert results[bad_id][0] == "rejected" and "client_name" in results[bad_id][1]
    assert results["not-a-uuid"][0] == "rejected"


def test_unsigned_tampered_replayed_and_unknown_requests_are_refused(office):
    client = enrolled_client(office)
    body = json.dumps({"items": [{"id": uuid7(), "kind": "reconstruction",
                                  "payload": reconstruction(1)}]}).encode()
    unsigned = httpx.post(office.url + "/v1/items", content=body,
                          headers={"Content-Type": "application/json"})
    assert unsigned.status_code == 401 and "nicht signiert" in unsigned.json()["detail"]
    headers = sign_headers(client.credentials.private_key, client.credentials.device_id,
                           "POST", "/v1/items", "", body)
    headers["Content-Type"] = "application/json"
    tampered = httpx.post(office.url + "/v1/items", content=body.replace(b"rek-1", b"rek-2"),
                          headers=headers)
    assert tampered.status_code == 401
    ok = httpx.post(office.url + "/v1/items", content=body, headers=headers)
    assert ok.status_code == 200
    replay = httpx.post(office.url + "/v1/items", content=body, headers=headers)
    assert replay.status_code == 401 and "Wiederholung" in replay.json()["detail"]
    stale = signed_post(client, body, **{"X-Kimdesk-Timestamp": str(int(time.time()) - 3600)})
    assert stale.status_code == 401
    stranger = OfficeClient(office.url, Credentials(uuid7(), new_private_key()))
    with pytest.raises(DeviceUnknownError):
        stranger.changes(0)
    assert ingest.stats(office.engine)["items_total"] == 1


def test_revoked_device_gets_403(office):
    client = enrolled_client(office)
    assert client.device()["status"] == "active"
    assert devices.revoke(office.engine, client.credentials.device_id) is not None
    with pytest.raises(DeviceRevokedError):
        client.push([{"id": uuid7(), "kind": "reconstruction", "payload": reconstruction(1)}])
    body = json.dumps({"items": []}).encode()
    assert signed_post(client, body).status_code == 403


def test_bad_requests_get_4xx_with_a_reason_never_5xx(office):
    client = enrolled_client(office)
    big = b'{"items": [' + b"1," * (3 * 1024 * 1024) + b"1]}"
    r = signed_post(client, big)
    assert r.status_code == 413 and r.json()["detail"]
    for body in (b"{", b"[]", b'{"items": []}', b'{"items": [{"id": 1}]}', b"\xff\xfe"):
        r = signed_post(client, body)
        assert 400 <= r.status_code < 500, (body, r.status_code)
        assert r.json()["detail"]
    r = httpx.get(office.url + "/v1/changes?since=-1")
    assert 400 <= r.status_code < 500
    r = httpx.get(office.url + "/v1/nothing")
    assert r.status_code == 404


def test_openapi_is_published(office):
    spec = httpx.get(office.url + "/openapi.json").json()
    assert {"/v1/items", "/v1/changes", "/v1/enroll", "/v1/device"} <= set(spec["paths"])


def test_office_cli_enroll_revoke_stats(sqlite_office_url, tmp_path):
    office_url = sqlite_office_url
    r = run_office_cli("enroll", "--db", office_url, "--device-name", "Laptop Goch")
    assert r.returncode == 0, r.stderr
    code = r.stdout.strip()
    assert len(code) == 14 and code.count("-") == 2
    from kimdesk.office import db as office_db
    engine = office_db.open_database(office_url)
    device = devices.redeem(engine, code, public_key_of(new_private_key()))
    engine.dispose()
    r = run_office_cli("revoke", "--db", office_url, device.id)
    assert r.returncode == 0 and "gesperrt" in r.stdout
    assert run_office_cli("revoke", "--db", office_url, "gibt-es-nicht").returncode == 1
    feedback = tmp_path / "fb.json"
    feedback.write_text(json.dumps([{"uid": "lg-1", "title": "Beschluss", "body": "…"}]))
    r = run_office_cli("publish", "--db", office_url, "--kind", "feedback", str(feedback))
    assert r.returncode == 0, r.stderr
    r = run_office_cli("stats", "--db", office_url, "--json")
    assert r.returncode == 0
    assert json.loads(r.stdout)["devices"] == {"total": 1, "revoked": 1, "active": 0}
