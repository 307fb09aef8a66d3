"""Assessment by life area and the plan (Zielvereinbarung): goals per person, steps."""

from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from kimdesk.casework import audit, consent_rules
from kimdesk.core.dates import parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.core.vocabulary import GoalStatus, StepStatus
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Assessment, Case, Goal, HouseholdMember, PlanStep


def own_language(languages: list[str]) -> str:
    """The client's language for bilingual plans: the first one that is not German."""
    return next((code for code in languages if code != "de"), "")


class PlanService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def _open_case(self, s, case_id: int) -> Case:  # noqa: ANN001 - Session
        case = s.get(Case, case_id)
        if case is None:
            raise NotFoundError("Diesen Fall gibt es nicht (mehr).")
        if case.closed_on is not None:
            raise DomainError("Der Fall ist abgeschlossen. Bitte ihn zuerst wieder aufnehmen.")
        return case

    def _documentation(self, s, case: Case, action: str, day: date,  # noqa: ANN001
                       exception_reason: str) -> None:
        consent_rules.require(s, case.client_id, consent_rules.DOCUMENTATION, action, day,
                              exception_reason=exception_reason, actor=self.actor)

    # -- assessment ------------------------------------------------------------------
    def assess(self, case_id: int, life_area: str, assessed_on: date | str, resources: str = "",
               problems: str = "", client_view: str = "", priority: int = 2,
               exception_reason: str = "") -> int:
        """Record (or update the same day's) picture of one life area."""
        when = parse_date(assessed_on, "Datum des Assessments")
        if when is None:
            raise DomainError("Bitte das Datum des Assessments angeben.")
        if not life_area:
            raise DomainError("Bitte den Lebensbereich wählen.")
        if priority not in (1, 2, 3):
            raise DomainError("Die Priorität ist hoch, mittel oder niedrig.")
        if not (resources.strip() or problems.strip() or client_view.strip()):
            raise DomainError("Bitte Ressourcen, Problemlagen oder die Sicht der Person "
                              "eintragen.")
        with self.store.session() as s, s.begin():
            case = self._open_case(s, case_id)
            self._documentation(s, case, "assessment", when, exception_reason)
            row = s.scalars(select(Assessment).where(
                Assessment.case_id == case_id, Assessment.life_area == life_area,
                Assessment.assessed_on == when)).one_or_none()
            if row is None:
                row = Assessment(case_id=case_id, life_area=life_area, assessed_on=when)
                s.add(row)
            row.resources, row.problems = resources.strip(), problems.strip()
            row.client_view, row.priority = client_view.strip(), priority
            s.flush()
            audit.record(s, "updated", "assessment", row.id, case.client_id, summary=life_area,
                         actor=self.actor)
            return row.id

    def assessments(self, case_id: int) -> list[Assessment]:
        with self.store.session() as s:
            return list(s.scalars(select(Assessment).where(Assessment.case_id == case_id)
                                  .order_by(Assessment.assessed_on.desc(),
                                            Assessment.priority)))

    # -- goals and steps -------------------------------------------------------------
    def add_goal(self, case_id: int, title: str, life_area: str = "",
                 member_id: int | None = None, created_on: date | str | None = None,
                 title_other: str = "", exception_reason: str = "") -> int:
        """A goal for the client (member_id None) or for one household member;
        ``title_other`` is the goal in the client's language (their first one not German)."""
        if not title.strip():
            raise DomainError("Bitte das Ziel in einem Satz formulieren.")
        with self.store.session() as s, s.begin():
            case = self._open_case(s, case_id)
            created = parse_date(created_on, "Datum") or date.today()
            self._documentation(s, case, "goal", created, exception_reason)
            if member_id is not None:
                member = s.get(HouseholdMember, member_id)
                if member is None or member.client_id != case.client_id:
                    raise DomainError("Diese Person gehört nicht zum Haushalt des Falls.")
            goal = Goal(case_id=case_id, title=title.strip(), life_area=life_area,
                        member_id=member_id, created_on=created,
                        title_other=title_other.strip(),
                        other_language=own_language(case.client.languages or []))
            s.add(goal)
            s.flush()
            audit.record(s, "created", "goal", goal.id, case.client_id, actor=self.actor)
            return goal.id

    def add_step(self, goal_id: int, description: str, responsible: str,
                 due_on: date | str | None = None, description_other: str = "",
                 exception_reason: str = "") -> int:
        if not description.strip():
            raise DomainError("Bitte beschreiben, was getan wird.")
        if not responsible.strip():
            raise DomainError("Jeder Schritt braucht eine verantwortliche Person oder Stelle "
                              "(wer macht es?).")
        due = parse_date(due_on, "Zu erledigen bis")
        with self.store.session() as s, s.begin():
            goal = s.get(Goal, goal_id)
            if goal is None:
                raise NotFoundError("Dieses Ziel gibt es nicht (mehr).")
            case = self._open_case(s, goal.case_id)
            self._documentation(s, case, "plan_step", date.today(), exception_reason)
            if due is not None and due < case.opened_on:
                raise DomainError("Die Frist liegt vor dem Fallbeginn.")
            step = PlanStep(goal_id=goal_id, description=description.strip(),
                            responsible=responsible.strip(), due_on=due,
                            description_other=description_other.strip())
            if step.description_other and not goal.other_language:
                goal.other_language = own_language(case.client.languages or [])
            s.add(step)
            s.flush()
            audit.record(s, "created", "plan_step", step.id, case.client_id, actor=self.actor)
            return step.id

    def set_step_status(self, step_id: int, status: str | StepStatus,
                        on: date | str | None = None) -> None:
        new = StepStatus(status)
        with self.store.session() as s, s.begin():
            step = s.get(PlanStep, step_id)
            if step is None:
                raise NotFoundError("Diesen Schritt gibt es nicht (mehr).")
            case = self._open_case(s, step.goal.case_id)
            step.status = new.value
            step.done_on = (parse_date(on, "Datum") or date.today()) if new == StepStatus.DONE \
                else None
            audit.record(s, "updated", "plan_step", step.id, case.client_id, summary="status",
                         actor=self.actor)

    def set_goal_status(self, goal_id: int, status: str | GoalStatus) -> None:
        new = GoalStatus(status)
        with self.store.session() as s, s.begin():
            goal = s.get(Goal, goal_id)
            if goal is None:
                raise NotFoundError("Dieses Ziel gibt es nicht (mehr).")
            case = self._open_case(s, goal.case_id)
            goal.status = new.value
            audit.record(s, "updated", "goal", goal.id, case.client_id, summary="status",
                         actor=self.actor)

    def plan(self, case_id: int) -> list[Goal]:
        """Goals with their steps, loaded for use outside the session."""
        with self.store.session() as s:
            return list(s.scalars(select(Goal).where(Goal.case_id == case_id)
                                  .options(selectinload(Goal.steps)).order_by(Goal.id)))
