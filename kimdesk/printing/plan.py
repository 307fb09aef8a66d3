"""Integrationsplan / Zielvereinbarung: goals and steps of one person, bilingual."""

from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.platypus import CondPageBreak, Flowable, KeepTogether, Paragraph, Spacer, Table

from kimdesk.core.dates import german
from kimdesk.printing.flowables import (
    GREY,
    LIGHT,
    LINE,
    MID,
    Styles,
    bilingual,
    second,
    table_style,
    text_block,
    translated,
)
from kimdesk.printing.labels import Labels
from kimdesk.printing.letter import BODY_W, Letter, LetterRenderer
from kimdesk.printing.read_models import (
    AppointmentInfo,
    DocumentStamp,
    PlanData,
    PlanGoal,
    step_status_key,
)

COLS = [9 * mm, 70 * mm, 37 * mm, 25 * mm, 24 * mm]  # sums to BODY_W (165 mm)


def render_plan(data: PlanData, labels: Labels, stamp: DocumentStamp) -> bytes:
    letter = Letter(labels.de("plan_title"), labels.tr("plan_title"), data.sender,
                    data.contact, data.recipient, stamp, labels)
    renderer = LetterRenderer(letter)
    return renderer.build(plan_story(data, labels, renderer.styles))


def plan_story(data: PlanData, labels: Labels, st: Styles) -> list[Flowable]:
    story: list[Flowable] = []
    story += bilingual(labels, "plan_title", st.title, tr_size=13, tr_bold=True)
    story.append(Spacer(1, 3 * mm))
    person = data.person + (f" (* {data.person_birth_date})" if data.person_birth_date else "")
    story.append(_label_value(labels, st, "person", [text_block(person, st.body, bold=True)]))
    story.append(Spacer(1, 3 * mm))
    story += bilingual(labels, "plan_intro", st.body, tr_size=9.5)
    story.append(Spacer(1, 5 * mm))
    for number, goal in enumerate(data.goals, start=1):
        story.append(CondPageBreak(30 * mm))  # a goal never starts in the last few lines
        story.append(goal_table(number, goal, labels, st))
        story.append(Spacer(1, 4 * mm))
    story.append(KeepTogether(appointment_block(data.next_appointment, labels, st)))
    story.append(Spacer(1, 6 * mm))
    story.append(KeepTogether(signature_block(labels, st)))
    return story


def _label_value(labels: Labels, st: Styles, key: str, value: list[Flowable]) -> Table:
    table = Table([[bilingual(labels, key, st.label), value]], colWidths=[35 * mm, None])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("TOPPADDING", (0, 0), (-1, -1), 0)]))
    return table


def _header_cell(labels: Labels, st: Styles, key: str) -> list[Flowable]:
    return bilingual(labels, key, st.label, tr_size=7.5)


def goal_table(number: int, goal: PlanGoal, labels: Labels, st: Styles) -> Table:
    """One goal: its title row and column headers repeat when the table breaks."""
    title: list[Flowable] = [
        Paragraph(f"<b>{escape(labels.de('goal'))} {number}</b>", st.cell)]
    if labels.bilingual:
        title.append(translated(labels, f"{labels.tr('goal')} {number}", 8, bold=True))
    title.append(text_block(goal.title, st.cell_bold))
    if goal.title_other and labels.bilingual:  # the goal as written in the client's language
        title.append(translated(labels, goal.title_other, 9, bold=True))
    if goal.life_area:
        title.append(Paragraph(f"{escape(labels.de('life_area'))}: {escape(goal.life_area)}",
                               st.tiny))
    header = [Paragraph("Nr.", st.label)] + [
        _header_cell(labels, st, key) for key in ("step_what", "step_who", "step_when",
                                                  "step_status")]
    rows: list[list] = [[title, "", "", "", ""], header]
    for i, step in enumerate(goal.steps, start=1):
        status_key = step_status_key(step.status)
        status = [Paragraph(escape(labels.de(status_key)), st.cell)]
        status += second(labels, status_key, 8)
        what: list[Flowable] = [text_block(step.description, st.cell)]
        if step.description_other and labels.bilingual:
            what.append(translated(labels, step.description_other, 8))
        rows.append([Paragraph(f"{number}.{i}", st.cell), what,
                     text_block(step.responsible, st.cell),
                     Paragraph(german(step.due_on) or "–", st.cell), status])
    if not goal.steps:
        rows.append(["", bilingual(labels, "no_steps", st.cell), "", "", ""])
    table = Table(rows, colWidths=COLS, repeatRows=2)
    style = [
        ("SPAN", (0, 0), (-1, 0)),
        ("BACKGROUND", (0, 0), (-1, 0), MID),
        ("BACKGROUND", (0, 1), (-1, 1), LIGHT),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("GRID", (0, 1), (-1, -1), 0.4, LINE),
        ("BOX", (0, 0), (-1, -1), 0.6, LINE),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
        ("TOPPADDING", (0, 0), (-1, -1), 2.5),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
    ]
    if not goal.steps:
        style.append(("SPAN", (1, 2), (-1, 2)))
    table.setStyle(table_style(style))
    return table


def appointment_lines(appt: AppointmentInfo, labels: Labels) -> tuple[str, str | None]:
    """'Montag, 14.04.2025, 10:00 Uhr' and the weekday in the second language."""
    weekday = appt.starts_at.weekday()
    de = f"{labels.de(f'weekday_{weekday}')}, {appt.starts_at:%d.%m.%Y}, " \
         f"{appt.starts_at:%H:%M} Uhr"
    tr = labels.tr(f"weekday_{weekday}")
    if tr:
        tr = f"{tr} {appt.starts_at:%d.%m.%Y} {appt.starts_at:%H:%M}"
    return de, tr


def appointment_block(appt: AppointmentInfo | None, labels: Labels,
                      st: Styles) -> list[Flowable]:
    out: list[Flowable] = bilingual(labels, "next_appointment", st.heading, tr_size=10,
                                    tr_bold=True)
    out.append(Spacer(1, 1.5 * mm))
    if appt is None:
        out += bilingual(labels, "no_appointment", st.body)
        return out
    de, tr = appointment_lines(appt, labels)
    value: list[Flowable] = [text_block(de, st.body, bold=True)]
    if tr:
        value.append(translated(labels, tr, 9.5))
    rows = [[bilingual(labels, "date", st.label), value]]
    if appt.place:
        rows.append([bilingual(labels, "place", st.label), text_block(appt.place, st.body)])
    table = Table(rows, colWidths=[35 * mm, BODY_W - 35 * mm])
    table.setStyle(table_style([("VALIGN", (0, 0), (-1, -1), "TOP"),
                               ("LEFTPADDING", (0, 0), (-1, -1), 0),
                               ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    out.append(table)
    return out


def signature_block(labels: Labels, st: Styles) -> list[Flowable]:
    out: list[Flowable] = bilingual(labels, "signatures", st.heading, tr_size=10, tr_bold=True)
    out.append(Spacer(1, 12 * mm))
    half = (BODY_W - 10 * mm) / 2

    def cell(key: str) -> list[Flowable]:
        return bilingual(labels, "place_date", st.tiny, tr_size=7) + \
            [Spacer(1, 1 * mm)] + bilingual(labels, key, st.small, tr_size=8)

    table = Table([[cell("signature_client"), "", cell("signature_case_manager")]],
                  colWidths=[half, 10 * mm, half])
    table.setStyle(table_style([
        ("LINEABOVE", (0, 0), (0, 0), 0.7, GREY),
        ("LINEABOVE", (2, 0), (2, 0), 0.7, GREY),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LEFTPADDING", (0, 0), (-1, -1), 0),
    ]))
    out.append(table)
    return out
