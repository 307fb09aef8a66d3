"""The allow-list, request signing, ids and the pure planner."""

import random

import pytest
from hypothesis import given
from hypothesis import strategies as st

from kimdesk.sync.planner import (
    Advance,
    Finish,
    NotEnrolled,
    Pull,
    PushBatch,
    QueueAggregates,
    Snapshot,
    StartRound,
    backoff_delay,
    plan,
)
from kimdesk.sync.protocol.ids import is_uuid7, uuid7, uuid7_millis
from kimdesk.sync.protocol.payloads import PayloadRejected, validate_payload
from kimdesk.sync.protocol.signing import (
    SignedRequest,
    new_private_key,
    public_key_of,
    sign_headers,
    unb64,
    verify,
)
from tests.sync.conftest import aggregates, reconstruction


def test_documented_payload_shapes_pass_the_allow_list():
    assert validate_payload("aggregates", aggregates())["period"] == "2026-Q3"
    assert validate_payload("reconstruction", reconstruction(1))["id"] == "rek-1"
    with pytest.raises(PayloadRejected, match="darf nicht"):  # retired with cell suppression
        validate_payload("gap_statistics", dict(aggregates(), schema="kimdesk.gap_statistics/1"))


@pytest.mark.parametrize("mutate", [
    lambda p: p.update(client_name="Hasan"),
    lambda p: p["tables"][0].update(note="x"),
    lambda p: p["tables"][0]["cells"][0].append("1985-03-12"),
    lambda p: p["tables"][0]["cells"][0].__setitem__(0, "Hasan"),
    lambda p: p["tables"][0]["cells"][0].__setitem__(-1, -1),
    lambda p: p["tables"][0]["cells"][0].__setitem__(-1, True),
    lambda p: p["tables"][0]["cells"][0].__setitem__(-1, 2),
    lambda p: p.update(period="2026-09"),
    lambda p: p.update(schema="kimdesk.aggregates/1"),
    lambda p: p.update(schema="kimdesk.aggregates/3"),
])
def test_a_field_not_in_the_aggregates_schema_is_refused(mutate):
    payload = aggregates()
    mutate(payload)
    with pytest.raises(PayloadRejected) as err:
        validate_payload("aggregates", payload)
    assert "abgelehnt" in str(err.value)


@pytest.mark.parametrize("mutate", [
    lambda p: p.update(client="Muhammad Al-Hassan"),
    lambda p: p["review"].update(reviewer="Frau X"),
    lambda p: p["diagram"]["nodes"][0].update(phone="0151 123"),
    lambda p: p.pop("review"),
    lambda p: p.update(narrative=""),
])
def test_a_field_not_in_the_reconstruction_schema_is_refused(mutate):
    payload = reconstruction(1)
    mutate(payload)
    with pytest.raises(PayloadRejected):
        validate_payload("reconstruction", payload)


def test_unknown_kind_is_refused_with_a_german_reason():
    with pytest.raises(PayloadRejected, match="darf nicht übertragen werden"):
        validate_payload("clients", {"name": "x"})


def test_signature_binds_method_path_query_and_body():
    key = new_private_key()
    pub = public_key_of(key)
    headers = sign_headers(key, "dev", "POST", "/v1/items", "", b'{"a":1}')
    req = SignedRequest("dev", int(headers["X-Kimdesk-Timestamp"]),
                        headers["X-Kimdesk-Nonce"], unb64(headers["X-Kimdesk-Signature"]))
    assert verify(pub, req, "POST", "/v1/items", "", b'{"a":1}')
    assert not verify(pub, req, "POST", "/v1/items", "", b'{"a":2}')
    assert not verify(pub, req, "GET", "/v1/items", "", b'{"a":1}')
    assert not verify(pub, req, "POST", "/v1/items", "since=1", b'{"a":1}')
    assert not verify(public_key_of(new_private_key()), req, "POST", "/v1/items", "", b'{"a":1}')


def test_uuid7_ids_are_valid_unique_and_time_ordered():
    ids = [uuid7() for _ in range(5000)]
    assert all(is_uuid7(i) for i in ids)
    assert len(set(ids)) == len(ids)
    assert ids == sorted(ids)
    assert abs(uuid7_millis(ids[0]) - uuid7_millis(ids[-1])) < 10_000


def test_planner_walks_the_stages_and_resumes_a_cut_round():
    assert plan(Snapshot(enrolled=False, stage="push", pending=3)) == NotEnrolled()
    assert plan(Snapshot(True, "idle", 0)) == StartRound()
    assert plan(Snapshot(True, "done", 0, started=True)) == Finish()
    assert plan(Snapshot(True, "done", 0)) == StartRound()
    assert plan(Snapshot(True, "prepare", 0, aggregates_due=True)) == QueueAggregates()
    assert plan(Snapshot(True, "prepare", 0)) == Advance("push")
    assert plan(Snapshot(True, "push", 5), batch_size=2) == PushBatch(2)
    assert plan(Snapshot(True, "push", 0)) == Advance("pull")
    assert plan(Snapshot(True, "pull", 0)) == Pull()
    # a round cut during push resumes there, not at the start
    assert plan(Snapshot(True, "push", 7, started=False)) == PushBatch(100)


@given(st.integers(0, 100), st.integers(0, 2**32))
def test_backoff_grows_is_jittered_and_capped(failures, seed):
    d = backoff_delay(failures, random.Random(seed))
    assert 0 <= d <= 900
    if failures >= 1:
        step = min(900, 5 * 2 ** (failures - 1))
        assert step / 2 <= d <= step


# -- pydantic models: strict, closed, German -------------------------------------------------
def test_reconstruction_model_coerces_nothing_and_names_the_field():
    from kimdesk.sync.protocol.payloads import PayloadRejected, validate_payload

    payload = reconstruction(1)
    payload["review"]["findings_by_kind"]["name"] = "2"  # a number written as text
    with pytest.raises(PayloadRejected, match=r"review\.findings_by_kind\.name.*ganze Zahl"):
        validate_payload("reconstruction", payload)
    payload = reconstruction(1)
    payload["life_areas"] = ["work", "work"]
    with pytest.raises(PayloadRejected, match="doppelt"):
        validate_payload("reconstruction", payload)
    assert validate_payload("reconstruction", reconstruction(1)) == reconstruction(1)


@pytest.mark.parametrize(("kind", "body"), [
    ("service", {"id": "s-1", "name": "Kita", "type": "kita", "owner": "Herr Hornig"}),
    ("feedback", {"title": "Beschluss", "body": "…", "author": "Frau Kaya"}),
    ("catalogue", {"name": "c", "version": "1", "entries": [{"id": "x", "Name": "y"}]}),
])
def test_publications_refuse_undeclared_fields(kind, body):
    from kimdesk.sync.protocol.publications import validate_publication
    from kimdesk.sync.protocol.schema import SchemaError

    with pytest.raises(SchemaError, match="nicht"):
        validate_publication(kind, body.get("id", "u-1"), body)
