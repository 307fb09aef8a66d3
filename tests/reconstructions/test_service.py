"""Reconstructions from a case: proposals, review state machine, outbox and review record."""

import re
import uuid
from datetime import date

import pytest
from sqlalchemy import inspect, select

from kimdesk.core.errors import DomainError
from kimdesk.reconstruction.review import Review
from kimdesk.reconstruction.wording import compose_theme, member_role, theme_hints
from kimdesk.store import migrate
from kimdesk.store.models import AuditEntry, OutboxItem, Reconstruction, ReconstructionReview
from tests.reconstructions.conftest import client_names

THEME = ("Die Vereinbarkeit von Familie und Qualifizierung wird durch angemessene Angebote "
         "der Kinderbetreuung gewährleistet.")


def _write(service, rid, extra: str) -> None:
    content = service.get(rid).content
    content.narrative += extra
    content.generative_theme = THEME
    service.save(rid, content)


def _decide_all(service, rid) -> None:
    review = service.current_review(rid)
    for i in review.open_findings:
        review.accept(i)
    service.save_review(rid, review)


def test_start_proposes_life_areas_institutions_and_relative_timeline(store, demo_case, service):
    view = service.get(service.start(demo_case))
    content = view.content
    assert {"language", "work", "childcare", "training", "health"} <= set(content.life_areas)
    types = {n.institution_type for n in content.chain.nodes}
    assert {"language_course_provider", "jobcenter", "kita", "jmd", "health_service"} <= types
    kita = next(n for n in content.chain.nodes if n.institution_type == "kita")
    assert kita.broken and "Kita" in kita.note  # the gap report marks the break point
    assert any(h.broken and h.note == "Warteliste" for h in content.chain.handoffs)
    assert view.timeline and all(re.fullmatch(r"Monat \d+", t.when) for t in view.timeline)
    assert [t.month for t in view.timeline] == sorted(t.month for t in view.timeline)
    proposed = " ".join([content.title, content.narrative, *(f.text for f in content.factors),
                         *(t.text for t in view.timeline)])
    for name in client_names(store, demo_case):
        assert name not in proposed
    assert not re.search(r"\d{1,2}\.\d{1,2}\.\d{4}|\d{4}-\d\d", proposed)
    assert "die Tochter (" in content.narrative or "der Tochter (" in content.narrative
    assert not re.search(r"\(\d+ J\.\)", content.narrative)  # an age band, never an age


def test_queue_is_refused_while_findings_are_open(store, demo_case, service):
    rid = service.start(demo_case)
    name = " ".join(client_names(store, demo_case)[:2])
    _write(service, rid, f"{name} war am 12.03.2025 in Kevelaer beim Jobcenter.")
    review = service.start_review(rid)
    assert review.open_findings
    with pytest.raises(DomainError, match="offen"):
        service.queue(rid)
    with store.session() as s:
        assert s.scalars(select(OutboxItem)).all() == []
        assert s.get(Reconstruction, rid).state == "in_review"


def test_reviewed_reconstruction_lands_in_outbox_with_review_record(store, demo_case, service):
    rid = service.start(demo_case)
    names = client_names(store, demo_case)
    _write(service, rid, f"{names[0]} {names[1]} war am 12.03.2025 in Kevelaer.")
    service.start_review(rid)
    _decide_all(service, rid)
    payload, text = service.preview(rid)
    assert "Kevelaer" not in text and names[1] not in text
    item_id = service.queue(rid)
    with store.session() as s:
        item = s.get(OutboxItem, item_id)
        record = s.scalars(select(ReconstructionReview)).one()
        row = s.get(Reconstruction, rid)
        audit = s.scalars(select(AuditEntry).where(AuditEntry.entity == "reconstruction",
                                                   AuditEntry.action == "queued")).one()
        case_id, client_id = row.case_id, audit.client_id
    assert (item.kind, item.state) == ("reconstruction", "queued")
    assert item.dedupe_key == f"reconstruction:{row.uid}"
    assert (record.reviewed_by, record.outbox_item_id) == ("Test CM", item_id)
    assert record.findings_total == sum(record.findings_by_kind.values()) >= 3
    assert {"known_name", "place", "date"} <= set(record.findings_by_kind)
    assert record.decisions["accepted"] == record.findings_total
    assert row.state == "queued" and row.outbox_item_id == item_id
    sent = str(item.payload)
    for name in names:
        assert name not in sent
    assert "12.03.2025" not in sent and "Kevelaer" not in sent
    assert "case_id" not in sent and "client" not in item.payload
    assert uuid.UUID(item.payload["id"]).version == 4  # random, not derived from the case
    assert set(item.payload) <= {"schema", "id", "title", "life_areas", "narrative",
                                 "generative_theme", "review", "institution_types",
                                 "hindering_factors", "diagram"}
    assert case_id is not None
    assert item.payload["review"]["findings_by_kind"] == record.findings_by_kind
    assert "jobcenter" in item.payload["institution_types"]
    assert client_id is not None


def test_changing_text_after_review_voids_it(store, demo_case, service):
    rid = service.start(demo_case)
    _write(service, rid, "Ein Termin fiel aus.")
    service.start_review(rid)
    _decide_all(service, rid)
    assert service.get(rid).state == "reviewed"
    content = service.get(rid).content
    content.factors[0].text += " und mehr"
    assert service.save(rid, content) == "draft"
    with pytest.raises(DomainError, match="noch nicht geprüft"):
        service.queue(rid)
    assert service.current_review(rid) is None


def test_dragging_a_node_keeps_the_review(store, demo_case, service):
    rid = service.start(demo_case)
    _write(service, rid, "Ein Termin fiel aus.")
    service.start_review(rid)
    _decide_all(service, rid)
    service.save_positions(rid, {"n1": (400.0, 20.0)})
    assert service.get(rid).content.chain.positions["n1"] == (400.0, 20.0)
    assert service.queue(rid)


def test_an_edited_replacement_may_not_contain_a_name(store, demo_case, service):
    rid = service.start(demo_case)
    names = client_names(store, demo_case)
    _write(service, rid, f"{names[0]} {names[1]} wartet.")
    review = service.start_review(rid)
    i = next(i for i, f in enumerate(review.findings) if f.kind == "known_name")
    with pytest.raises(DomainError, match="Persönliches"):
        review.edit(i, f"Frau {names[1]}")
    review.edit(i, "Eine junge Mutter")
    assert "Eine junge Mutter wartet." in review.final_fields()["narrative"]


def test_review_needs_title_narrative_and_theme(demo_case, service):
    rid = service.start(demo_case)
    with pytest.raises(DomainError, match="Generatives Thema"):
        service.start_review(rid)


def test_child_role_carries_age_band_from_partial_birth_date():
    assert member_role("child", "f", "2022-02", date(2025, 6, 1)) == "die Tochter (3–5 J.)"
    assert member_role("child", "m", "2025", date(2025, 6, 1)) == "der Sohn (0–2 J.)"
    assert member_role("child", "", "2014-01", date(2025, 6, 1)) == "das Kind (10–13 J.)"
    assert member_role("spouse", "m", None, date(2025, 6, 1)) == "der Ehemann"


def test_the_services_own_scaffold_is_not_a_finding(store, demo_case, service):
    rid = service.start(demo_case)
    content = service.get(rid).content
    assert re.search(r"\(\d+–\d+ J\.\)", content.narrative)  # the child's age band
    content.generative_theme = THEME
    service.save(rid, content)
    review = service.start_review(rid)
    assert [f for f in review.findings if f.field == "narrative"] == []


def test_theme_helper_builds_and_checks_a_positive_target_state():
    theme = compose_theme("die Vereinbarkeit von Familie und Qualifizierung", "gewährleistet",
                          "in der beruflichen Orientierung", "durch Kinderbetreuung")
    assert theme == ("Die Vereinbarkeit von Familie und Qualifizierung wird in der beruflichen "
                     "Orientierung durch Kinderbetreuung gewährleistet.")
    assert theme_hints(theme) == []
    assert len(theme_hints("Es gibt keine Kita-Plätze.")) == 3


def test_migration_0005_matches_the_models(store):
    with store.engine.connect() as conn:  # 0005 or any later head that keeps these tables
        assert migrate.current_revision(conn) == migrate.head_revision() >= "0005"
        cols = {c["name"] for c in inspect(conn).get_columns("reconstructions")}
        review_cols = {c["name"] for c in inspect(conn).get_columns("reconstruction_reviews")}
    assert cols == set(Reconstruction.__table__.columns.keys())
    assert review_cols == set(ReconstructionReview.__table__.columns.keys())


# -- dismissing names and numbers from the case file -------------------------------------
def _review_with(store, service, demo_case, extra: str):
    rid = service.start(demo_case)
    _write(service, rid, extra)
    return rid, service.start_review(rid)


def test_dismissing_a_name_from_the_file_needs_confirmation(store, demo_case, service):
    names = client_names(store, demo_case)
    rid, review = _review_with(store, service, demo_case,
                               f"{names[0]} {names[1]} war am 12.03.2025 in Kevelaer.")
    i = next(i for i, f in enumerate(review.findings) if f.kind == "known_name")
    with pytest.raises(DomainError, match="ausdrücklicher Bestätigung"):
        review.dismiss(i)
    assert i in review.open_findings and review.findings[i].decision == ""

    review.dismiss(i, confirm_identifying=True)
    assert review.findings[i].confirmed and i not in review.open_findings
    for j in review.open_findings:
        review.accept(j)
    service.save_review(rid, review)
    payload, text = service.preview(rid)
    assert f"{names[0]} {names[1]}" in payload["narrative"]  # sent unchanged, as confirmed
    assert "ACHTUNG" in text and "Name aus der Akte: 1" in text
    assert set(payload["review"]) == {"reviewed_at", "findings_by_kind"}  # schema unchanged

    service.queue(rid)
    with store.session() as s:
        record = s.scalars(select(ReconstructionReview)).one()
        audit = s.scalars(select(AuditEntry).where(AuditEntry.action == "queued")).one()
    assert record.decisions["dismissed_identifying"] == {"known_name": 1}
    assert record.decisions["dismissed"] == 1
    assert "1 Angaben aus der Akte" in audit.summary
    assert service.get(rid).reviews[0]["dismissed_identifying"] == {"known_name": 1}


def test_heuristic_findings_may_be_dismissed_without_confirmation(store, demo_case, service):
    rid, review = _review_with(store, service, demo_case,
                               "Am 12.03.2025 ging es in Kevelaer weiter; Frau Mertens "
                               "(34) half.")
    kinds = {f.kind for f in review.findings}
    assert {"date", "place"} <= kinds
    for i, f in enumerate(review.findings):
        if f.kind in ("person_name", "place", "date", "age"):
            review.dismiss(i)
        else:
            review.accept(i)
    assert review.ready() and review.dismissed_identifying() == {}
    service.save_review(rid, review)
    _, text = service.preview(rid)
    assert "ACHTUNG" not in text and "Nicht enthalten: Namen" in text
    service.queue(rid)
    with store.session() as s:
        record = s.scalars(select(ReconstructionReview)).one()
    assert record.decisions["dismissed_identifying"] == {}
    assert record.decisions["dismissed"] >= 2


@pytest.mark.parametrize("extra, kind", [
    ("Erreichbar unter 0171 2345678.", "phone"),
    ("Mail an mina.test@example.org ging raus.", "email"),
    ("Die Wohnung liegt in der Hauptstraße 12, 47533 Kleve.", "address"),
])
def test_numbers_from_the_file_need_confirmation_too(store, demo_case, service, extra, kind):
    _, review = _review_with(store, service, demo_case, extra)
    i = next(i for i, f in enumerate(review.findings) if f.kind == kind)
    with pytest.raises(DomainError):
        review.dismiss(i)
    review.dismiss(i, confirm_identifying=True)
    assert review.dismissed_identifying() == {kind: 1}


def test_a_stored_unconfirmed_dismissal_of_a_name_is_still_open(store, demo_case, service):
    names = client_names(store, demo_case)
    rid, review = _review_with(store, service, demo_case, f"{names[0]} {names[1]} wartet.")
    data = review.to_json()
    for f in data["findings"]:  # as a review stored before confirmation existed
        f["decision"] = "dismissed"
        f.pop("confirmed")
    stored = Review.from_json(data)
    i = next(i for i, f in enumerate(stored.findings) if f.kind == "known_name")
    assert i in stored.open_findings and not stored.ready()
    assert names[1] not in stored.final_fields()["narrative"]  # the proposal stands
    with store.session() as s:
        s.get(Reconstruction, rid).review = data
        s.get(Reconstruction, rid).state = "reviewed"
        s.commit()
    with pytest.raises(DomainError, match="offen"):
        service.queue(rid)


def test_an_incomplete_scrubber_refuses_review_and_queue(monkeypatch, tmp_path, store,
                                                        demo_case, service):
    """Missing word lists are an error: nothing is reviewed or queued with less scrubbing."""
    from kimdesk.privacy import pii_resources

    rid = service.start(demo_case)
    _write(service, rid, "Herr Hornig vom Jobcenter rief an.")
    service.start_review(rid)
    _decide_all(service, rid)
    monkeypatch.setattr(pii_resources, "lexicon_file", lambda: tmp_path / "fehlt.txt.gz")
    with pytest.raises(pii_resources.ScrubberResourcesMissing, match="nichts geprüft"):
        service.queue(rid)
    with pytest.raises(pii_resources.ScrubberResourcesMissing):
        service.start_review(rid)
    with store.session() as s:
        assert s.scalars(select(OutboxItem)).all() == []
