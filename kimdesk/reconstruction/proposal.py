"""What the case file proposes for a new reconstruction (Kleve 5.5.1).

Read inside the caller's session: life areas in use, the institutions that touched the case
(by type), the service chain with its break points, hindering factors from gap reports and
broken referrals, a timeline in relative months and a first, name-free paragraph the case
manager rewrites in their own words.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from kimdesk import catalogues
from kimdesk.core.vocabulary import CaseType, Phase
from kimdesk.reconstruction.content import ReconstructionContent
from kimdesk.reconstruction.service_chain import (
    BROKEN_OUTCOMES,
    Factor,
    Involvement,
    institution_label,
    life_area_label,
    month_label,
    month_of,
    month_phrase,
    propose_chain,
)
from kimdesk.reconstruction.wording import age_band_label, client_role, dative, member_role
from kimdesk.store.models import (
    Assessment,
    Case,
    Client,
    Contact,
    GapReport,
    Goal,
    Referral,
    Service,
)


@dataclass(frozen=True)
class TimelineEntry:
    month: int
    text: str

    @property
    def when(self) -> str:
        return month_label(self.month)



def propose(s: Session, case: Case, today: date) -> tuple[ReconstructionContent,
                                                         list[TimelineEntry]]:
    """Life areas, institutions, service chain, hindering factors, a relative timeline and a
    name-free first paragraph, all read from the case file."""
    opened = case.opened_on
    referrals = list(s.scalars(select(Referral).where(Referral.case_id == case.id)
                               .order_by(Referral.referred_on, Referral.id)))
    gaps = list(s.scalars(select(GapReport).where(GapReport.case_id == case.id)
                          .order_by(GapReport.reported_on, GapReport.id)))
    goals = list(s.scalars(select(Goal).where(Goal.case_id == case.id).order_by(Goal.id)))
    contacts = list(s.scalars(select(Contact).where(Contact.case_id == case.id)
                              .order_by(Contact.date)))
    assessments = list(s.scalars(select(Assessment).where(Assessment.case_id == case.id)))
    services = {r.name: r.institution_type for r in s.scalars(select(Service))}

    used: set[str] = set()
    for c in contacts:
        used.update(a.life_area for a in c.life_areas)
    used.update(a.life_area for a in assessments)
    used.update(g.life_area for g in goals)
    used.update(r.life_area for r in referrals)
    used.update(g.life_area for g in gaps)
    order = [e.id for e in catalogues.catalogue("life_areas")]
    life_areas = [a for a in order if a in used]

    involvements: list[Involvement] = []
    if case.access_path == 2 and case.referred_by_type:
        itype = case.referred_by_type
        known = {e.id for e in catalogues.catalogue("institution_types")}
        areas = catalogues.entry("institution_types", itype).strings("life_areas") \
            if itype in known else []
        area = next((a for a in areas if a in life_areas), life_areas[0] if life_areas
                    else "orientation")
        involvements.append(Involvement(itype, area, 1, access=True))
    for r in referrals:
        involvements.append(Involvement(r.institution_type, r.life_area,
                                        month_of(opened, r.referred_on), r.outcome))
    for c in contacts:  # accompaniment to a listed service counts as involvement
        service_type = services.get(c.place.strip())
        if service_type and c.form == "accompaniment":
            area = c.life_areas[0].life_area if c.life_areas else ""
            involvements.append(Involvement(service_type, area, month_of(opened, c.date),
                                            "appointment_made"))
    for g in gaps:
        label = catalogues.label("gap_categories", g.category)
        involvements.append(Involvement(g.institution_type or "other", g.life_area,
                                        month_of(opened, g.reported_on), gap=label))
    chain = propose_chain(involvements, life_areas)
    for area in chain.lanes:
        if area not in life_areas:
            life_areas.append(area)

    factors: list[Factor] = []
    for g in gaps:
        text = catalogues.label("gap_categories", g.category)
        factors.append(Factor(f"f{len(factors) + 1}", text, g.life_area))
    for r in referrals:
        if r.outcome in BROKEN_OUTCOMES:
            what = BROKEN_OUTCOMES[r.outcome]
            text = f"{institution_label(r.institution_type)}: {what}"
            if all(f.text != text for f in factors):
                factors.append(Factor(f"f{len(factors) + 1}", text, r.life_area))

    timeline = _timeline(case, referrals, gaps, goals)
    client = s.get(Client, case.client_id)
    titles = ", ".join(life_area_label(a, short=True) for a in life_areas[:4])
    content = ReconstructionContent(
        uid=str(uuid.uuid4()),
        title=f"Fallrekonstruktion: {titles}" if titles else "Fallrekonstruktion",
        goal=goals[0].title if goals else "",
        narrative=_scaffold(case, client, life_areas, today),
        generative_theme="", life_areas=life_areas, factors=factors, dependencies=[],
        chain=chain)
    return content, timeline

def _timeline(case: Case, referrals: list[Referral], gaps: list[GapReport],
              goals: list[Goal]) -> list[TimelineEntry]:
    opened = case.opened_on
    out: list[TimelineEntry] = []
    access = ""
    if case.access_path == 2 and case.referred_by_type:
        reporter = catalogues.label("institution_types", case.referred_by_type)
        access = f", gemeldet durch {reporter}"
    for ev in case.events:
        m = month_of(opened, ev.on)
        if ev.kind == "opened":
            out.append(TimelineEntry(m, f"Beginn der Begleitung "
                                        f"({CaseType(ev.to_value).label}{access})"))
        elif ev.kind == "type_changed":
            out.append(TimelineEntry(m, f"Fallart geändert zu {CaseType(ev.to_value).label}"))
        elif ev.kind == "phase_changed":
            out.append(TimelineEntry(m, f"Phase: {Phase(ev.to_value).label}"))
        elif ev.kind == "closed":
            out.append(TimelineEntry(m, "Abschluss: " + catalogues.label(
                "close_reasons", ev.to_value)))
        elif ev.kind == "reopened":
            out.append(TimelineEntry(m, "Wiederaufnahme"))
    for g in goals:
        out.append(TimelineEntry(month_of(opened, g.created_on),
                                 f"Ziel vereinbart ({life_area_label(g.life_area, True)})"))
    for r in referrals:
        out.append(TimelineEntry(
            month_of(opened, r.referred_on),
            f"Vermittlung an {institution_label(r.institution_type)} "
            f"({life_area_label(r.life_area, True)}) – "
            f"{catalogues.label('referral_outcomes', r.outcome)}"))
    for gap in gaps:
        out.append(TimelineEntry(
            month_of(opened, gap.reported_on),
            f"Lücke: {catalogues.label('gap_categories', gap.category)}"
            + (f" ({institution_label(gap.institution_type)})" if gap.institution_type
               else "")))
    return sorted(out, key=lambda t: t.month)

def _scaffold(case: Case, client: Client | None, life_areas: list[str], today: date) -> str:
    """A first, name-free paragraph the case manager rewrites in their own words."""
    if client is None:
        return ""
    role = client_role(client.sex)
    band = age_band_label(client.birth_date, today)
    first = role[0].upper() + role[1:] + (f" ({band})" if band else "")
    members = [member_role(m.relation, m.sex, m.birth_date, today) for m in client.household]
    if members:
        with_ = [dative(r) for r in members]
        joined = with_[0] if len(with_) == 1 else ", ".join(with_[:-1]) + " und " + with_[-1]
        sentences = [f"{first} lebt mit {joined} zusammen."]
    else:
        sentences = [f"{first}. Weitere Personen im Haushalt sind nicht erfasst."]
    end = case.closed_on or today
    months = month_of(case.opened_on, end)
    ctype = CaseType(case.case_type).label
    since = month_phrase(months).removeprefix("nach ")
    sentences.append(f"Die Begleitung durch das Case Management ({ctype}) läuft seit "
                     f"{since}." if months > 1 else
                     f"Die Begleitung durch das Case Management ({ctype}) hat im letzten "
                     "Monat begonnen.")
    if life_areas:
        names = [life_area_label(a, True) for a in life_areas]
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " und " + names[-1]
        sentences.append(f"Relevante Lebensbereiche: {joined}.")
    return " ".join(sentences) + "\n\n"
