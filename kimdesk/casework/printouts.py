"""Printouts for clients: integration plan, consent form, appointment slip, Art. 15 export.

The case file's side of printing: the read-model is assembled here, the stamp taken, the
PDF rendered by :mod:`kimdesk.printing`, and the hand-out recorded. No Qt here. The UI
(print dialog, save dialog) calls:

    printed = prepare_plan(store, client_id, "ar")       # PDF bytes + stamp, nothing saved
    ... show the system print dialog with printed.pdf, or a save dialog ...
    record(store, printed, actor)                         # once it was printed / saved
    # or, for "Als PDF speichern":
    save(store, printed, path, actor)                     # writes (0600) and records

Likewise ``prepare_consent``, ``prepare_slip``, ``prepare_export``. ``printable_languages()``
lists the language codes offered. Bad input raises ``DomainError`` with a German sentence.
"""

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from kimdesk.casework import printout_data as _data
from kimdesk.casework.data_export import export_data
from kimdesk.casework.documents import DocumentService
from kimdesk.printing.consent import render_consent
from kimdesk.printing.export import render_export
from kimdesk.printing.labels import Labels, printable_languages
from kimdesk.printing.plan import render_plan
from kimdesk.printing.read_models import DocumentStamp
from kimdesk.printing.slip import render_slip
from kimdesk.store.atomic import write_atomic
from kimdesk.store.case_store import CaseStore

__all__ = [
    "PrintedPdf", "prepare_consent", "prepare_export", "prepare_plan", "prepare_slip",
    "printable_languages", "record", "save",
]


@dataclass(frozen=True)
class PrintedPdf:
    pdf: bytes
    stamp: DocumentStamp

    @property
    def suggested_filename(self) -> str:
        """No names in file names: the document id identifies the printout."""
        return f"{self.stamp.kind_label.split()[0]}-{self.stamp.document_id}.pdf"


def prepare_plan(store: CaseStore, client_id: int, language: str = "de",
                 case_id: int | None = None, member_id: int | None = None,
                 now: datetime | None = None) -> PrintedPdf:
    """Integrationsplan of the client (or of a household member) for one case."""
    labels = Labels(language)
    plan = _data.plan_data(store, client_id, case_id, member_id, now, labels.code)
    stamp = DocumentService(store).stamp(client_id, "plan", labels.code, plan.case_id,
                                         member_id, now)
    return PrintedPdf(render_plan(plan, labels, stamp), stamp)


def prepare_consent(store: CaseStore, client_id: int, language: str = "de",
                    institutions: list[tuple[str, str]] | None = None,
                    now: datetime | None = None) -> PrintedPdf:
    """Einwilligungserklärung; institutions as (name, purpose), else taken from the file."""
    labels = Labels(language)
    consent = _data.consent_data(store, client_id, institutions)
    stamp = DocumentService(store).stamp(client_id, "consent", labels.code, now=now)
    return PrintedPdf(render_consent(consent, labels, stamp), stamp)


def prepare_slip(store: CaseStore, client_id: int, language: str = "de",
                 appointment_id: int | None = None, now: datetime | None = None) -> PrintedPdf:
    """Terminzettel for the given or the next appointment."""
    labels = Labels(language)
    slip = _data.slip_data(store, client_id, appointment_id, now)
    stamp = DocumentService(store).stamp(client_id, "slip", labels.code, slip.case_id, now=now)
    return PrintedPdf(render_slip(slip, labels, stamp), stamp)


def prepare_export(store: CaseStore, client_id: int, now: datetime | None = None) -> PrintedPdf:
    """Auskunft nach Art. 15 DSGVO, German only."""
    data = export_data(store, client_id)
    stamp = DocumentService(store).stamp(client_id, "export", "de", now=now)
    return PrintedPdf(render_export(data, stamp), stamp)


def record(store: CaseStore, printed: PrintedPdf, actor: str = "") -> int:
    """Record in the case file that the printout was handed out."""
    return DocumentService(store, actor).record(printed.stamp)


def save(store: CaseStore, printed: PrintedPdf, path: Path | str, actor: str = "") -> Path:
    """Write the PDF (owner-only permissions, atomically) and record it."""
    target = Path(path)
    write_atomic(target, printed.pdf)
    record(store, printed, actor)
    return target


def write_pdf(pdf: bytes, path: Path | str) -> Path:
    """A printout that belongs to no one file (the day list): owner-only, atomically."""
    target = Path(path)
    write_atomic(target, pdf)
    return target
