"""Goals and steps carry the client's own words beside the German; the printed plan shows
both when it is printed in that language, and only the German otherwise."""

from datetime import date
from io import BytesIO

from pypdf import PdfReader

from kimdesk.casework.cases import CaseService
from kimdesk.casework.clients import ClientService
from kimdesk.casework.plans import PlanService
from kimdesk.casework.printouts import prepare_plan


def _text(pdf: bytes) -> str:
    return "".join(page.extract_text() for page in PdfReader(BytesIO(pdf)).pages)


def test_the_plan_prints_goals_and_steps_in_both_languages(store):
    client = ClientService(store).create("Yilmaz", given_names="Ayse", languages=["tr", "de"])
    ClientService(store).give_consent(client, "documentation", date.today())
    case = CaseService(store).open_case(client, "case_management", date.today())
    plans = PlanService(store)
    goal = plans.add_goal(case, "Eine Arbeit als Köchin finden", "work",
                          title_other="Aşçı olarak bir iş bulmak")
    plans.add_step(goal, "Lebenslauf schreiben", "Klientin mit Case Management",
                   description_other="Özgeçmiş yazmak")
    [stored] = plans.plan(case)
    assert (stored.title_other, stored.other_language) == ("Aşçı olarak bir iş bulmak", "tr")
    turkish = _text(prepare_plan(store, client, "tr", case_id=case).pdf)
    for shown in ("Eine Arbeit als Köchin finden", "Aşçı olarak bir iş bulmak",
                  "Lebenslauf schreiben", "Özgeçmiş yazmak"):
        assert shown in turkish, shown
    german = _text(prepare_plan(store, client, "de", case_id=case).pdf)
    assert "Lebenslauf schreiben" in german and "Özgeçmiş" not in german
    ukrainian = _text(prepare_plan(store, client, "uk", case_id=case).pdf)
    assert "Özgeçmiş" not in ukrainian  # written in Turkish: not on a Ukrainian printout
