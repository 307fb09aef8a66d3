"""Heute: what needs the case manager's attention today, across all open cases."""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from kimdesk import catalogues
from kimdesk.casework.retention import RetentionService
from kimdesk.core import plurals
from kimdesk.core.dates import german, parse_date
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.core.names import tokens
from kimdesk.store.case_store import CaseStore
from kimdesk.store.reader import as_date, as_datetime, sql_date, sql_datetime

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


#: Heute's queries, in plain SQL: Heute is the desk's first screen and is read before
#: SQLAlchemy is loaded (:class:`kimdesk.store.case_store.CaseStore`). Each section's rows
#: carry the count of all matching rows (a window over the result, taken before LIMIT).
_APPOINTMENTS = """
SELECT appointments.starts_at, appointments.place, clients.id, clients.family_name,
       clients.given_names, appointments.case_id, appointments.id, count(*) OVER ()
FROM appointments JOIN clients ON clients.id = appointments.client_id
WHERE appointments.starts_at >= :start AND appointments.starts_at < :end
ORDER BY appointments.starts_at LIMIT :limit"""
_STEPS = """
SELECT plan_steps.due_on, plan_steps.description, plan_steps.responsible, clients.id,
       clients.family_name, clients.given_names, cases.id, plan_steps.id
FROM plan_steps JOIN goals ON goals.id = plan_steps.goal_id
     JOIN cases ON cases.id = goals.case_id JOIN clients ON clients.id = cases.client_id
WHERE cases.closed_on IS NULL AND plan_steps.status IN ('open', 'in_progress')
      AND plan_steps.due_on <= :horizon
ORDER BY plan_steps.due_on"""
_FOLLOW_UPS = """
SELECT referrals.follow_up_on, referrals.institution_name, referrals.outcome, clients.id,
       clients.family_name, clients.given_names, cases.id, referrals.id, count(*) OVER ()
FROM referrals JOIN cases ON cases.id = referrals.case_id
     JOIN clients ON clients.id = cases.client_id
WHERE cases.closed_on IS NULL AND referrals.outcome IN ('pending', 'waiting_list')
      AND referrals.follow_up_on <= :horizon
ORDER BY referrals.follow_up_on LIMIT :limit"""
_REMINDERS = """
SELECT reminders.due_on, reminders.text, clients.id, clients.family_name,
       clients.given_names, reminders.case_id, reminders.id, reminders.source_kind,
       reminders.source_id, count(*) OVER ()
FROM reminders LEFT OUTER JOIN clients ON clients.id = reminders.client_id
WHERE reminders.done_on IS NULL AND reminders.due_on <= :horizon
ORDER BY reminders.due_on LIMIT :limit"""
_EXPIRING = """
SELECT clients.residence_expires_on, clients.residence_status, clients.residence_paragraph,
       clients.id, clients.family_name, clients.given_names, count(*) OVER ()
FROM clients
WHERE EXISTS (SELECT cases.id FROM cases
              WHERE cases.client_id = clients.id AND cases.closed_on IS NULL)
      AND clients.residence_expires_on BETWEEN :from AND :to
ORDER BY clients.residence_expires_on LIMIT :limit"""
#: the last contact of each open case, read from the (case_id, date) index: one seek per
#: open case instead of grouping every contact ever recorded
_NO_CONTACT = """
SELECT seen, case_id, client_id, family_name, given_names, count(*) OVER ()
FROM (SELECT coalesce((SELECT max(contacts.date) FROM contacts
                       WHERE contacts.case_id = cases.id), cases.opened_on) AS seen,
             cases.id AS case_id, clients.id AS client_id, clients.family_name,
             clients.given_names
      FROM cases JOIN clients ON clients.id = cases.client_id
      WHERE cases.closed_on IS NULL)
WHERE seen < :before
ORDER BY seen LIMIT :limit"""


class TodayService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def agenda(self, today: date | None = None, limit: int = SECTION_LIMIT) -> Agenda:
        today = today or date.today()
        horizon = sql_date(today + timedelta(days=LOOKAHEAD_DAYS))
        agenda = Agenda(today)
        start = datetime.combine(today, time.min)
        with self.store.read() as db:
            def section(key: str, sql: str, build, **params: object) -> None:  # noqa: ANN001
                rows = db.rows(sql, {"limit": limit, **params})
                agenda.totals[key] = rows[0][-1] if rows else 0
                agenda.sections[key] = [build(row) for row in rows]

            section("appointments", _APPOINTMENTS, lambda r: TodayItem(
                _day(as_datetime(r[0])), r[2], _name(r[3], r[4]),
                f"{as_datetime(r[0]):%H:%M} Uhr" + (f", {r[1]}" if r[1] else ""), r[5],
                kind="appointment", ref_id=r[6]),
                start=sql_datetime(start), end=sql_datetime(start + timedelta(days=1)))

            steps = db.rows(_STEPS, {"horizon": horizon})
            mine = [is_mine(r[2] or "", self.actor) for r in steps]
            for key, rows in (("steps", [r for r, m in zip(steps, mine, strict=True) if m]),
                              ("others", [r for r, m in zip(steps, mine, strict=True)
                                          if not m])):
                agenda.totals[key] = len(rows)
                agenda.sections[key] = []
                for r in rows[:limit]:
                    due_on = as_date(r[0])
                    agenda.sections[key].append(TodayItem(
                        due_on, r[3], _name(r[4], r[5]), f"{r[1]} (wer: {r[2]})", r[6],
                        due_on is not None and due_on < today, "step", r[7]))

            def follow_up(r) -> TodayItem:  # noqa: ANN001 - a result row
                on = as_date(r[0])
                return TodayItem(on, r[3], _name(r[4], r[5]),
                                 f"{r[1]} — {catalogues.label('referral_outcomes', r[2])}",
                                 r[6], on is not None and on < today, "follow_up", r[7])

            section("follow_ups", _FOLLOW_UPS, follow_up, horizon=horizon)

            def reminder(r) -> TodayItem:  # noqa: ANN001 - a result row
                on = as_date(r[0])
                return TodayItem(on, r[2], _name(r[3], r[4]), r[1], r[5],
                                 on is not None and on < today, "reminder", r[6], r[7] or "",
                                 r[8])

            section("reminders", _REMINDERS, reminder, horizon=horizon)

            def expiring(r) -> TodayItem:  # noqa: ANN001 - a result row
                on = as_date(r[0])
                assert on is not None  # (the query asks for a date in a window)
                return TodayItem(on, r[3], _name(r[4], r[5]),
                                 _expiry_text(on, r[1], r[2], today), None, on < today,
                                 "expiring")

            section("expiring", _EXPIRING, expiring,
                    **{"from": sql_date(today - timedelta(days=30)),
                       "to": sql_date(today + timedelta(days=EXPIRY_WINDOW_DAYS))})

            def no_contact(r) -> TodayItem:  # noqa: ANN001 - a result row
                seen = as_date(r[0])
                return TodayItem(seen, r[2], _name(r[3], r[4]),
                                 f"letzter Kontakt {german(seen)}", r[1], True, "no_contact")

            section("no_contact", _NO_CONTACT, no_contact,
                    before=sql_date(today - timedelta(days=NO_CONTACT_DAYS)))
        due = RetentionService(self.store, today=lambda: today).due_count()
        verb = "ist" if due == 1 else "sind"
        text = (f"{plurals.count(due, 'Akte')} nach dem Löschkonzept {verb} zur Löschung "
                "fällig — unter „Löschfristen“ (Strg+0) prüfen.")
        agenda.sections["retention"] = [TodayItem(None, None, "", text, overdue=True)] \
            if due else []
        agenda.totals["retention"] = 1 if due else 0
        settings = self.store.settings()
        backup = backup_reminder(settings.get("last_backup_at"), today,
                                 int(settings.get("backup_reminder_days") or
                                     BACKUP_REMINDER_DAYS))
        agenda.sections["backup"] = [backup] if backup else []
        agenda.totals["backup"] = 1 if backup else 0
        return agenda


def _day(moment: datetime | None) -> date | None:
    return None if moment is None else moment.date()


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


def _expiry_text(expires: date, status_key: str, paragraph: str | None, today: date) -> str:
    status = catalogues.label("residence_statuses", status_key)
    para = f" ({paragraph})" if paragraph else ""
    days = (expires - today).days
    when = ("abgelaufen seit gestern" if days == -1 else f"abgelaufen seit {-days} Tagen") \
        if days < 0 else ("läuft heute ab" if days == 0 else f"noch {plurals.days(days)}")
    return f"{status}{para} — {when}"


class AgendaActions:
    """Tick off and postpone from Heute; each change in the Verlauf of the person. (Writes
    go through the ORM, loaded on first use: Heute itself is read without it.)"""

    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    def tick_off(self, item: TodayItem, on: date | None = None) -> None:
        from kimdesk.casework import audit

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
        from kimdesk.casework import audit

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
        from kimdesk.store.models import PlanStep, Referral, Reminder

        model = {"step": PlanStep, "reminder": Reminder, "follow_up": Referral}.get(item.kind)
        if model is None or item.ref_id is None:
            raise DomainError("Dieser Eintrag lässt sich hier nicht abhaken oder verschieben "
                              "— bitte in der Akte bearbeiten.")
        row = s.get(model, item.ref_id)
        if row is None:
            raise NotFoundError("Diesen Eintrag gibt es nicht (mehr).")
        return row


_ENTITY = {"step": "plan_step", "reminder": "reminder", "follow_up": "referral"}
