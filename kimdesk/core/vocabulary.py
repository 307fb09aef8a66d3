"""Fixed domain vocabulary: case types, phases, statuses — English ids, German labels.

Open-ended lists (life areas, institution types, residence statuses …) live as data in
``resources/catalogues`` instead; these are the ones the rules below depend on.
"""

from enum import StrEnum

__all__ = [
    "ACCESS_PATH_LABELS", "CASE_TYPE_LABELS", "PHASE_LABELS", "PHASE_ORDER",
    "SHORT_INTERVENTION_MAX_CONTACTS", "CaseType", "GoalStatus", "Phase", "StepStatus",
]


class CaseType(StrEnum):
    SHORT = "short_intervention"
    PROCESS = "process_support"
    CASE_MANAGEMENT = "case_management"

    @property
    def label(self) -> str:
        return CASE_TYPE_LABELS[self]


CASE_TYPE_LABELS = {
    CaseType.SHORT: "Kurzintervention",
    CaseType.PROCESS: "Prozesshafte Begleitung",
    CaseType.CASE_MANAGEMENT: "Rechtskreisübergreifendes Case Management",
}

#: Kleve 5.1: a Kurzintervention has at most 3–5 sessions.
SHORT_INTERVENTION_MAX_CONTACTS = 5


class Phase(StrEnum):
    INTAKE = "intake"
    ASSESSMENT = "assessment"
    PLANNING = "planning"
    LINKING = "linking"
    MONITORING = "monitoring"
    EVALUATION = "evaluation"

    @property
    def label(self) -> str:
        return PHASE_LABELS[self]


PHASE_LABELS = {
    Phase.INTAKE: "Klärung (Intake)",
    Phase.ASSESSMENT: "Assessment",
    Phase.PLANNING: "Zielplanung",
    Phase.LINKING: "Vernetzung (Linking)",
    Phase.MONITORING: "Monitoring",
    Phase.EVALUATION: "Evaluation und Abschluss",
}

PHASE_ORDER = list(Phase)


class StepStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {"open": "offen", "in_progress": "in Arbeit", "done": "erledigt",
                "dropped": "entfallen"}[self.value]


class GoalStatus(StrEnum):
    OPEN = "open"
    REACHED = "reached"
    PARTLY = "partly"
    NOT_REACHED = "not_reached"
    DROPPED = "dropped"

    @property
    def label(self) -> str:
        return {"open": "offen", "reached": "erreicht", "partly": "teilweise erreicht",
                "not_reached": "nicht erreicht", "dropped": "entfallen"}[self.value]


ACCESS_PATH_LABELS = {
    1: "Ebene 1 — eigenständig oder über Meldebehörde, Flyer, Sozialarbeit vor Ort",
    2: "Ebene 2 — Meldung durch eine Institution",
}
