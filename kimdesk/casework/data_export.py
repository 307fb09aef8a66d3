"""The Art. 15 DSGVO export as a read-model: every record that names or belongs to a client,
in readable German, for :func:`kimdesk.printing.export.render_export`."""

from datetime import date, datetime

from sqlalchemy import select

from kimdesk import catalogues
from kimdesk.casework.audit import ACTION_LABELS
from kimdesk.casework.history import ENTITY_LABELS
from kimdesk.casework.printout_data import contact_for, recipient_of, sender_for
from kimdesk.casework.subject_access import extra_sections
from kimdesk.core.dates import PartialDate, german
from kimdesk.core.errors import NotFoundError
from kimdesk.core.vocabulary import CaseType, GoalStatus, Phase, StepStatus
from kimdesk.printing.read_models import KINDS, ExportData, ExportSection
from kimdesk.store import audit_chain
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Appointment,
    Assessment,
    AuditEntry,
    Case,
    CaseEvent,
    Client,
    Contact,
    GapReport,
    Goal,
    PrintedDocument,
    Referral,
    Reminder,
)

SEXES = {"f": "weiblich", "m": "männlich", "d": "divers", "x": "keine Angabe"}
EVENTS = {"opened": "eröffnet", "type_changed": "Fallart geändert",
          "phase_changed": "Phase geändert", "closed": "abgeschlossen",
          "reopened": "wieder aufgenommen"}
CONTACT_FORMS = {"sprechstunde": "Sprechstunde", "outreach": "aufsuchend", "phone": "Telefon",
                 "accompaniment": "Begleitung", "video": "Video", "email": "E-Mail"}

def _d(value: date | datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    return german(value)


def _partial(text: str | None) -> str:
    pd = PartialDate.from_iso(text) if text else None
    return pd.german() if pd else ""


def _cat(name: str, entry_id: str) -> str:
    return catalogues.label(name, entry_id) if entry_id else ""


def _enum_label(enum: type, value: str) -> str:
    try:
        return enum(value).label
    except ValueError:
        return value


def _municipality(settings: dict, mid: str) -> str:
    try:
        return catalogues.district(str(settings.get("district_id") or "")).municipality(mid).name
    except (KeyError, catalogues.UnknownDistrictError):
        return mid


def export_data(store: CaseStore, client_id: int) -> ExportData:
    """Every record that names or belongs to the client, in readable German."""
    settings = store.settings()
    with store.session() as s:
        client = s.get(Client, client_id)
        if client is None:
            raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
        sections: list[ExportSection] = []
        langs = ", ".join(_cat("languages", c) for c in client.languages or [])
        nats = ", ".join(_cat("nationalities", c) for c in client.nationalities or [])
        sections.append(ExportSection("Angaben zur Person", rows=tuple((k, v) for k, v in (
            ("Familienname", client.family_name), ("Vornamen", client.given_names),
            ("Andere Schreibweisen", client.name_variants.replace(";", ", ")),
            ("Geburtsdatum", _partial(client.birth_date)),
            ("Geschlecht", SEXES.get(client.sex, client.sex)),
            ("Staatsangehörigkeit", nats), ("Sprachen", langs),
            ("Sprachmittlung nötig", "ja" if client.interpreter_needed else "nein"),
            ("Aufenthaltsstatus", _cat("residence_statuses", client.residence_status)),
            ("Aufenthaltsparagraf", client.residence_paragraph),
            ("Aufenthaltstitel gültig bis", _d(client.residence_expires_on)),
            ("Einreise nach Deutschland", _partial(client.arrived_germany)),
            ("Zuzug in die Kommune", _partial(client.arrived_municipality)),
            ("Kommune", _municipality(settings, client.municipality_id)),
            ("Anschrift", client.address),
            ("Telefon", client.phone), ("E-Mail", client.email),
            ("Angelegt am", _d(client.created_at)), ("Zuletzt geändert", _d(client.updated_at)),
        ) if v)))
        sections.append(ExportSection(
            "Haushalt", table_header=("Beziehung", "Name", "Geburtsdatum"),
            table=tuple((_cat("relations", m.relation), m.display_name, _partial(m.birth_date))
                        for m in client.household)))
        sections.append(ExportSection(
            "Einwilligungen", table_header=("Art", "Stelle", "erteilt am", "widerrufen am"),
            table=tuple((_cat("consent_scopes", c.scope), c.institution, _d(c.given_on),
                         _d(c.withdrawn_on)) for c in client.consents)))
        cases = list(s.scalars(select(Case).where(Case.client_id == client_id)
                               .order_by(Case.opened_on)))
        for case in cases:
            sections += _case_sections(s, case)
        sections.append(ExportSection(
            "Termine", table_header=("Beginn", "Dauer (Min.)", "Ort", "Notiz"),
            table=tuple((_d(a.starts_at), str(a.duration_min), a.place, a.note)
                        for a in s.scalars(select(Appointment).where(
                            Appointment.client_id == client_id)
                            .order_by(Appointment.starts_at)))))
        case_ids = [c.id for c in cases]
        reminders = s.scalars(select(Reminder).where(
            (Reminder.client_id == client_id) | Reminder.case_id.in_(case_ids))
            .order_by(Reminder.due_on))
        sections.append(ExportSection(
            "Erinnerungen", table_header=("fällig am", "Text", "erledigt am"),
            table=tuple((_d(r.due_on), r.text, _d(r.done_on)) for r in reminders)))
        sections.append(ExportSection(
            "Ausgehändigte Ausdrucke", table_header=("Datum", "Art", "Dokument", "Version",
                                                     "Sprache"),
            table=tuple((_d(p.printed_at), KINDS.get(p.kind, ("", p.kind))[1], p.document_id,
                         str(p.version), _cat("languages", p.language))
                        for p in s.scalars(select(PrintedDocument).where(
                            PrintedDocument.client_id == client_id)
                            .order_by(PrintedDocument.printed_at)))))
        sections.append(ExportSection(
            "Verlauf (wer hat wann was geändert)",
            table_header=("Zeitpunkt", "Aktion", "Eintrag", "Bearbeitet von"),
            table=tuple((_d(a.at), ACTION_LABELS.get(a.action, a.action),
                         ENTITY_LABELS.get(a.entity, a.entity), a.actor)
                        for a in s.scalars(select(AuditEntry).where(
                            AuditEntry.client_id.in_(audit_chain.client_ids(s, client_id)))
                            .order_by(AuditEntry.at))),
            note="Der Verlauf nennt nur, welche Einträge geändert wurden, nicht die Inhalte."))
        sender = sender_for(settings)
        recipient = recipient_of(client)
    sections += extra_sections(store, client_id)
    return ExportData(sender, contact_for(settings, sender), recipient, tuple(sections),
                      client_id)


def _case_sections(s, case: Case) -> list[ExportSection]:
    title = f"Fall vom {_d(case.opened_on)}"
    rows = (("Fallart", _enum_label(CaseType, case.case_type)),
            ("Phase", _enum_label(Phase, case.phase)),
            ("Zugang", f"Ebene {case.access_path}"),
            ("Gemeldet durch", " ".join(p for p in (_cat("institution_types",
                                                         case.referred_by_type),
                                                    case.referred_by) if p)),
            ("Eröffnet am", _d(case.opened_on)), ("Abgeschlossen am", _d(case.closed_on)),
            ("Abschlussgrund", _cat("close_reasons", case.close_reason)),
            ("Case Management", case.case_manager))
    out = [ExportSection(title, rows=tuple((k, v) for k, v in rows if v))]
    events = s.scalars(select(CaseEvent).where(CaseEvent.case_id == case.id)
                       .order_by(CaseEvent.on, CaseEvent.id))
    out.append(ExportSection(f"{title}: Verlauf", table_header=("Datum", "Ereignis", "von",
                                                               "nach", "Begründung"),
                             table=tuple((_d(e.on), EVENTS.get(e.kind, e.kind), e.from_value,
                                          e.to_value, e.reason) for e in events)))
    contacts = s.scalars(select(Contact).where(Contact.case_id == case.id)
                         .order_by(Contact.date))
    out.append(ExportSection(
        f"{title}: Kontakte", table_header=("Datum", "Form", "Dauer", "Themen", "Notiz"),
        table=tuple((_d(c.date), CONTACT_FORMS.get(c.form, c.form), f"{c.duration_min} Min.",
                     ", ".join(_cat("life_areas", a.life_area) for a in c.life_areas),
                     " ".join(p for p in (c.place, "(mit Sprachmittlung)" if c.interpreter_used
                                          else "", c.note) if p))
                    for c in contacts)))
    assessments = s.scalars(select(Assessment).where(Assessment.case_id == case.id)
                            .order_by(Assessment.assessed_on))
    out.append(ExportSection(
        f"{title}: Assessment", table_header=("Datum", "Lebensbereich", "Ressourcen",
                                              "Problemlagen", "Ihre Sicht"),
        table=tuple((_d(a.assessed_on), _cat("life_areas", a.life_area), a.resources,
                     a.problems, a.client_view) for a in assessments)))
    goal_rows = []
    for g in s.scalars(select(Goal).where(Goal.case_id == case.id).order_by(Goal.id)):
        goal_rows.append((f"Ziel: {g.title}", _cat("life_areas", g.life_area), "",
                          _enum_label(GoalStatus, g.status)))
        for st in g.steps:
            goal_rows.append((f"– {st.description}", st.responsible, _d(st.due_on),
                              _enum_label(StepStatus, st.status)))
    out.append(ExportSection(f"{title}: Ziele und Schritte",
                             table_header=("Ziel / Schritt", "Lebensbereich / wer", "bis",
                                           "Stand"), table=tuple(goal_rows)))
    referrals = s.scalars(select(Referral).where(Referral.case_id == case.id)
                          .order_by(Referral.referred_on))
    out.append(ExportSection(
        f"{title}: Vermittlungen", table_header=("Datum", "Stelle", "Zweck", "Ergebnis"),
        table=tuple((_d(r.referred_on), r.institution_name, r.purpose,
                     _cat("referral_outcomes", r.outcome)) for r in referrals)))
    gaps = s.scalars(select(GapReport).where(GapReport.case_id == case.id)
                     .order_by(GapReport.reported_on))
    out.append(ExportSection(
        f"{title}: Gemeldete Lücken im Hilfesystem", table_header=("Datum", "Art",
                                                                   "Beschreibung"),
        table=tuple((_d(g.reported_on), _cat("gap_categories", g.category), g.description)
                    for g in gaps)))
    return out
