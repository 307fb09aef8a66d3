"""Heute: what needs the case manager's attention today, across all open cases."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from sqlalchemy import and_, func, select

from kimdesk import catalogues
from kimdesk.casework import audit
from kimdesk.casework.retention import RetentionService
from kimdesk.core import plurals
from kimdesk.core.dates import german, parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.core.names import tokens
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Appointment,
    Case,
    Client,
    Contact,
    Goal,
    PlanStep,
    Referral,
    Reminder,
)

#: Heute looks this far ahead for steps, follow-ups and reminders
LOOKAHEAD_DAYS = 7
EXPIRY_WINDOW_DAYS = 60
NO_CONTACT_DAYS = 42  # six weeks
SECTION_LIMIT = 200

SECTIONS = {
    "retention": "Löschfristen",
    "appointments": "Termine heute",
    "backup": "Sicherung",
    "steps": "Meine fälligen Schritte",
    "follow_ups": "Nachfassen bei Vermittlungen",
    "reminders": "Wiedervorlagen",
    "expiring": f"Aufenthaltstitel laufen in {EXPIRY_WINDOW_DAYS} Tagen ab",
    "others": "Andere sind dran (Schritte von Klient*innen und Stellen)",
    "no_contact": "Offene Fälle ohne Kontakt seit 6 Wochen",
}
#: sections shown only when they have something to say
OPTIONAL_SECTIONS = {"backup", "others", "retention"}
#: what a step's "wer" says when the case manager does (part of) it
MINE = ("case management", "case managerin", "case manager", "cm", "kim", "ich")
#: Heute reminds when the last backup to another disk is older than this
BACKUP_REMINDER_DAYS = 14


@dataclass(frozen=True)
class TodayItem:
    on: date | None
    client_id: int | None
    client_name: str
    text: str
    case_id: int | None = None
    overdue: bool = False
    kind: str = ""  # appointment, step, follow_up, reminder, expiring, no_contact, backup
    ref_id: int | None = None  # the step, referral, reminder or appointment
    #: a Wiedervorlage's entry it was made from (kind and id), see ``landing``
    source_kind: str = ""
    source_id: int | None = None

    @property
    def landing(self) -> tuple[str, int | None]:
        """Where the Akte opens for this line: the entry itself — for a Wiedervorlage the
        entry it was made from, if it was made from one."""
        if self.kind == "reminder" and self.source_kind:
            return self.source_kind, self.source_id
        return self.kind, self.ref_id

    @property
    def source(self) -> tuple[str, int | None]:
        """What a new Wiedervorlage made from this line remembers (a Wiedervorlage made
        from a Wiedervorlage remembers the same entry)."""
        if self.kind == "reminder":
            return self.source_kind, self.source_id
        return self.kind, self.ref_id


@lru_cache(maxsize=4096)
def is_mine(responsible: str, actor: str = "") -> bool:
    """Does the case manager do this step (alone or with the client)? (Kept per wording:
    a few hundred steps share a handful of "wer" texts, and folding is not free.)"""
    words = " ".join(tokens(responsible))
    padded = f" {words} "
    return any(f" {m} " in padded for m in MINE) or \
        bool(actor.strip()) and " ".join(tokens(actor)) in words


@dataclass
class Agenda:
    today: date
    sections: dict[str, list[TodayItem]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)


def _name(family: str | None, given: str | None) -> str:
    if not family:
        return ""
    return f"{family}, {given}" if given else family


class TodayService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def agenda(self, today: date | None = None, limit: int = SECTION_LIMIT) -> Agenda:
        today = today or date.today()
        horizon = today + timedelta(days=LOOKAHEAD_DAYS)
        agenda = Agenda(today)
        with self.store.session() as s:
            def section(key: str, stmt, build) -> None:  # noqa: ANN001 - local helper
                # one pass: the first rows, each carrying the count of all (a window over
                # the whole result is taken before LIMIT) instead of a second, counting query
                rows = s.execute(stmt.add_columns(func.count().over()).limit(limit)).all()
                agenda.totals[key] = rows[0][-1] if rows else 0
                agenda.sections[key] = [build(row) for row in rows]

            start = datetime.combine(today, time.min)
            section("appointments", select(
                Appointment.starts_at, Appointment.place, Client.id, Client.family_name,
                Client.given_names, Appointment.case_id, Appointment.id).join(
                Client, Client.id == Appointment.client_id).where(
                Appointment.starts_at >= start,
                Appointment.starts_at < start + timedelta(days=1)).order_by(
                Appointment.starts_at),
                lambda r: TodayItem(r[0].date(), r[2], _name(r[3], r[4]),
                                    f"{r[0]:%H:%M} Uhr" + (f", {r[1]}" if r[1] else ""),
                                    r[5], kind="appointment", ref_id=r[6]))

            open_case = Case.closed_on.is_(None)
            steps = s.execute(select(
                PlanStep.due_on, PlanStep.description, PlanStep.responsible, Client.id,
                Client.family_name, Client.given_names, Case.id, PlanStep.id).join(
                Goal, Goal.id == PlanStep.goal_id).join(Case, Case.id == Goal.case_id).join(
                Client, Client.id == Case.client_id).where(
                open_case, PlanStep.status.in_(("open", "in_progress")),
                PlanStep.due_on <= horizon).order_by(PlanStep.due_on)).all()
            mine = [is_mine(r[2] or "", self.actor) for r in steps]
            for key, rows in (("steps", [r for r, m in zip(steps, mine, strict=True) if m]),
                              ("others", [r for r, m in zip(steps, mine, strict=True)
                                          if not m])):
                agenda.totals[key] = len(rows)
                agenda.sections[key] = [
                    TodayItem(r[0], r[3], _name(r[4], r[5]), f"{r[1]} (wer: {r[2]})", r[6],
                              r[0] is not None and r[0] < today, "step", r[7])
                    for r in rows[:limit]]

            section("follow_ups", select(
                Referral.follow_up_on, Referral.institution_name, Referral.outcome, Client.id,
                Client.family_name, Client.given_names, Case.id, Referral.id).join(
                Case, Case.id == Referral.case_id).join(Client, Client.id == Case.client_id).where(
                open_case, Referral.outcome.in_(("pending", "waiting_list")),
                Referral.follow_up_on <= horizon).order_by(Referral.follow_up_on),
                lambda r: TodayItem(r[0], r[3], _name(r[4], r[5]),
                                    f"{r[1]} — {catalogues.label('referral_outcomes', r[2])}",
                                    r[6], r[0] < today, "follow_up", r[7]))

            section("reminders", select(
                Reminder.due_on, Reminder.text, Client.id, Client.family_name,
                Client.given_names, Reminder.case_id, Reminder.id, Reminder.source_kind,
                Reminder.source_id).outerjoin(
                Client, Client.id == Reminder.client_id).where(
                Reminder.done_on.is_(None), Reminder.due_on <= horizon).order_by(
                Reminder.due_on),
                lambda r: TodayItem(r[0], r[2], _name(r[3], r[4]), r[1], r[5], r[0] < today,
                                    "reminder", r[6], r[7] or "", r[8]))

            has_open_case = select(Case.id).where(Case.client_id == Client.id,
                                                  open_case).exists()
            section("expiring", select(
                Client.residence_expires_on, Client.residence_status, Client.residence_paragraph,
                Client.id, Client.family_name, Client.given_names).where(
                has_open_case,
                Client.residence_expires_on.between(
                    today - timedelta(days=30), today + timedelta(days=EXPIRY_WINDOW_DAYS))
            ).order_by(Client.residence_expires_on),
                lambda r: TodayItem(r[0], r[3], _name(r[4], r[5]), _expiry_text(r, today),
                                    None, r[0] < today, "expiring"))

            # the last contact of each open case, read from the (case_id, date) index: one
            # seek per open case instead of grouping every contact ever recorded
            last = (select(func.max(Contact.date)).where(Contact.case_id == Case.id)
                    .correlate(Case).scalar_subquery())
            seen = func.coalesce(last, Case.opened_on)
            section("no_contact", select(
                seen, Case.id, Client.id, Client.family_name, Client.given_names).join(
                Client, Client.id == Case.client_id).where(
                and_(open_case, seen < today - timedelta(days=NO_CONTACT_DAYS))
            ).order_by(seen),
                lambda r: TodayItem(r[0], r[2], _name(r[3], r[4]),
                                    f"letzter Kontakt {german(r[0])}", r[1], True,
                                    "no_contact"))
        due = RetentionService(self.store, today=lambda: today).due_count()
        verb = "ist" if due == 1 else "sind"
        text = (f"{plurals.count(due, 'Akte')} nach dem Löschkonzept {verb} zur Löschung "
                "fällig — unter „Löschfristen“ (Strg+0) prüfen.")
        agenda.sections["retention"] = [TodayItem(None, None, "", text, overdue=True)] \
            if due else []
        agenda.totals["retention"] = 1 if due else 0
        backup = backup_reminder(self.store.setting("last_backup_at"), today,
                                 int(self.store.setting("backup_reminder_days") or
                                     BACKUP_REMINDER_DAYS))
        agenda.sections["backup"] = [backup] if backup else []
        agenda.totals["backup"] = 1 if backup else 0
        return agenda


def backup_reminder(last_backup_at: str | None, today: date,
                    every_days: int = BACKUP_REMINDER_DAYS) -> TodayItem | None:
    """A reminder when no backup was written to another disk for ``every_days`` (or ever);
    the interval is set under Einstellungen."""
    where = "unter „Abgleich“ (Strg+7) eine Sicherung auf einen Datenträger schreiben"
    if not last_backup_at:
        return TodayItem(None, None, "", f"Noch keine Sicherung — bitte {where}.", overdue=True,
                         kind="backup")
    last = datetime.fromisoformat(last_backup_at).date()
    if (today - last).days < every_days:
        return None
    return TodayItem(last, None, "", f"Letzte Sicherung am {german(last)} — bitte {where}.",
                     overdue=True, kind="backup")


def _expiry_text(row, today: date) -> str:  # noqa: ANN001 - a result row
    status = catalogues.label("residence_statuses", row[1])
    para = f" ({row[2]})" if row[2] else ""
    days = (row[0] - today).days
    when = ("abgelaufen seit gestern" if days == -1 else f"abgelaufen seit {-days} Tagen") \
        if days < 0 else ("läuft heute ab" if days == 0 else f"noch {plurals.days(days)}")
    return f"{status}{para} — {when}"


class AgendaActions:
    """Tick off and postpone from Heute; each change in the Verlauf of the person."""

    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def tick_off(self, item: TodayItem, on: date | None = None) -> None:
        on = on or date.today()
        with self.store.session() as s, s.begin():
            row = self._row(s, item)
            if item.kind == "step":
                row.status, row.done_on = "done", on
                summary = "status"
            elif item.kind == "reminder":
                row.done_on, summary = on, "done_on"
            else:  # a follow-up: nothing more to chase
                row.follow_up_on, summary = None, "follow_up_on"
            audit.record(s, "updated", _ENTITY[item.kind], row.id, item.client_id,
                         summary=summary, actor=self.actor)

    def postpone(self, item: TodayItem, to: date | str) -> None:
        when = parse_date(to, "Verschieben auf")
        if when is None or when < date.today():
            raise DomainError("Bitte ein Datum ab heute angeben, auf das verschoben wird.")
        with self.store.session() as s, s.begin():
            row = self._row(s, item)
            column = {"step": "due_on", "reminder": "due_on",
                      "follow_up": "follow_up_on"}[item.kind]
            setattr(row, column, when)
            audit.record(s, "updated", _ENTITY[item.kind], row.id, item.client_id,
                         summary=column, actor=self.actor)

    def _row(self, s, item: TodayItem):  # noqa: ANN001, ANN202 - session, model row
        model = {"step": PlanStep, "reminder": Reminder, "follow_up": Referral}.get(item.kind)
        if model is None or item.ref_id is None:
            raise DomainError("Dieser Eintrag lässt sich hier nicht abhaken oder verschieben "
                              "— bitte in der Akte bearbeiten.")
        row = s.get(model, item.ref_id)
        if row is None:
            raise NotFoundError("Diesen Eintrag gibt es nicht (mehr).")
        return row


_ENTITY = {"step": "plan_step", "reminder": "reminder", "follow_up": "referral"}
