"""Forms answer with a redirect to a page (POST-redirect-GET): a reload never sends a form
again, and what the answer shows once (an enrollment code, a confirmation) is shown once,
never taken from the URL."""

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from kimdesk.office.models import EnrollmentCode
from tests.office_web.conftest import csrf_of


def _codes(engine) -> int:
    with Session(engine) as s:
        return s.scalar(select(func.count()).select_from(EnrollmentCode)) or 0


def test_an_enrollment_code_is_shown_once_and_a_reload_makes_no_second_code(web_office,
                                                                            clients):
    admin = clients["admin"]
    before = _codes(web_office.engine)
    answer = admin.post("/geraete", data={"csrf_token": csrf_of(admin.get("/geraete").text),
                                          "geraetename": "Laptop Rees", "gueltig": "72"})
    assert answer.status_code == 303 and answer.headers["location"] == "/geraete"
    assert "code" not in answer.headers["location"].lower()
    shown = admin.get("/geraete")
    assert 'id="anmeldecode"' in shown.text and "Laptop Rees" in shown.text
    assert "3 Tage" in shown.text
    assert _codes(web_office.engine) == before + 1
    # the reload of the page after the redirect: no code any more, and none made
    again = admin.get("/geraete")
    assert 'id="anmeldecode"' not in again.text
    assert _codes(web_office.engine) == before + 1


def test_a_notice_belongs_to_the_session_that_sent_the_form(web_office, clients):
    from tests.office_web.conftest import ROLE_USERS, login

    admin = clients["admin"]
    other = login(web_office.url, ROLE_USERS["admin"])  # the same account, another browser
    admin.post("/geraete", data={"csrf_token": csrf_of(admin.get("/geraete").text),
                                 "geraetename": "Laptop Kalkar 2", "gueltig": "24"})
    assert 'id="anmeldecode"' not in other.get("/geraete").text
    assert 'id="anmeldecode"' in admin.get("/geraete").text
    other.close()


def test_words_in_the_url_never_appear_as_a_message(clients):
    page = clients["coordination"].get("/lenkungsgruppe?hinweis=Bitte+Passwort+an+x@example.org")
    assert page.status_code == 200
    assert "example.org" not in page.text


def test_a_decision_form_redirects_and_its_confirmation_is_shown_once(clients):
    coord = clients["coordination"]
    answer = coord.post("/lenkungsgruppe", data={
        "csrf_token": csrf_of(coord.get("/lenkungsgruppe").text), "datum": "01.12.2026",
        "titel": "Dolmetschpool", "text": "Der Kreis richtet einen Dolmetschpool ein."})
    assert answer.status_code == 303 and answer.headers["location"] == "/lenkungsgruppe"
    assert "Beschluss erfasst" in coord.get("/lenkungsgruppe").text
    assert "Beschluss erfasst" not in coord.get("/lenkungsgruppe").text


def test_the_district_enters_its_positions_and_wrong_entries_get_german_reasons(web_office,
                                                                               clients):
    from kimdesk.office.web.district import load

    coord = clients["coordination"]
    token = csrf_of(coord.get("/kreis").text)
    bad = coord.post("/kreis", data={"csrf_token": token, "kreis": "kleve",
                                     "stellen": "elf", "schluessel": "5"})
    assert bad.status_code == 400
    assert "Bitte die Stellen als Zahl eingeben" in bad.text
    assert "Fallzahlschlüssel als ganze Zahl von 10 bis 200" in bad.text
    assert 'value="elf"' in bad.text  # nothing typed is lost
    good = coord.post("/kreis", data={"csrf_token": token, "kreis": "kleve",
                                      "stellen": "12,5", "schluessel": "60"})
    assert good.status_code == 303
    settings = load(web_office.engine)
    assert (settings.district_id, settings.positions, settings.guideline) == ("kleve", 12.5, 60)
    page = coord.get("/kreis").text
    assert 'value="12,5"' in page and "Gespeichert" in page
