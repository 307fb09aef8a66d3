"""Fuzzing the office from its own /openapi.json (schemathesis): no 5xx, ever, and no
write accepted without a valid signature."""

import json

import httpx
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.core import NotSet

from kimdesk.office import devices, ingest
from kimdesk.office.app import OfficeSettings
from kimdesk.sync.client import OfficeClient
from kimdesk.sync.protocol.signing import (
    SIGNED_HEADERS,
    new_private_key,
    public_key_of,
    sign_headers,
)
from tests.sync.conftest import ThreadedOffice

EXAMPLES = settings(max_examples=50, deadline=None, derandomize=True,
                    suppress_health_check=list(HealthCheck))
WRITES = {"POST", "PUT", "PATCH", "DELETE"}
HTTP = httpx.Client(timeout=30)


@pytest.fixture(scope="module")
def fuzz_office(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('fuzz')}/office.db"
    # limits opened wide so that the fuzzer reaches the handlers instead of the 429s
    roomy = OfficeSettings(device_rate=1e6, device_burst=1e6, ip_rate=1e6, ip_burst=1e6,
                           enroll_rate=1e6, enroll_burst=1e6)
    server = ThreadedOffice(url, settings=roomy).start()
    key = new_private_key()
    answer = OfficeClient(server.url).enroll(devices.new_code(server.engine, "Fuzz"), "",
                                             public_key_of(key))
    server.device = (answer["device_id"], key)
    yield server
    server.stop()


def _operations(office):
    schema = schemathesis.openapi.from_url(office.url + "/openapi.json")
    ops = [result.ok() for result in schema.get_all_operations()]
    assert {op.path for op in ops} >= {"/v1/items", "/v1/changes", "/v1/enroll"}
    return ops


def _fuzz(office, check) -> int:
    """Run ``check(case)`` on EXAMPLES cases per operation; returns how many ran."""
    count = [0]
    for op in _operations(office):
        @given(case=op.as_strategy())
        @EXAMPLES
        def run(case):
            count[0] += 1
            check(case)

        run()
    return count[0]


def _request(case, base_url: str, sign: tuple[str, bytes] | None) -> httpx.Response:
    body = b""
    headers = {k: str(v) for k, v in (case.headers or {}).items()}
    if case.body is not None and not isinstance(case.body, NotSet):
        body = json.dumps(case.body).encode()
        headers["Content-Type"] = "application/json"
    query = httpx.QueryParams(case.query or {})
    path = case.formatted_path
    if sign is not None:
        for h in SIGNED_HEADERS:
            headers.pop(h, None)
        headers.update(sign_headers(sign[1], sign[0], case.method, path, str(query), body))
    return HTTP.request(case.method, base_url + path, params=query, content=body or None,
                        headers=headers)


def test_unsigned_fuzz_gets_no_5xx_and_no_accepted_write(fuzz_office):
    def check(case):
        response = _request(case, fuzz_office.url, sign=None)
        assert response.status_code < 500, response.text
        if case.method.upper() in WRITES:
            assert response.status_code >= 400, (case.path, response.status_code)

    assert _fuzz(fuzz_office, check) >= 100


def test_signed_fuzz_gets_no_5xx(fuzz_office):
    statuses: list[int] = []

    def check(case):
        response = _request(case, fuzz_office.url, sign=fuzz_office.device)
        statuses.append(response.status_code)
        assert response.status_code < 500, response.text
        if response.status_code >= 400:
            assert response.json()["detail"]

    assert _fuzz(fuzz_office, check) >= 100
    assert 200 in statuses  # the signature was right, so the fuzzer reached the handlers


def test_after_fuzzing_only_allow_listed_items_were_stored(fuzz_office):
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from kimdesk.office.models import ReceivedItem
    from kimdesk.sync.protocol.payloads import validate_payload
    with Session(fuzz_office.engine) as s:
        for item in s.scalars(select(ReceivedItem)):
            validate_payload(item.kind, item.payload)
    assert ingest.stats(fuzz_office.engine)["devices"]["total"] == 1
