"""Dubletten: the same person entered twice ("Schewtschenko" beside "Shevchenko").

A new or imported person is checked against the file by the name search keys (which
already find transliterations) and the date of birth. Two files of one person can be
merged: everything of the second moves to the first, the second is removed, and the
Verlauf of the first keeps both histories and the reason.
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import update

from kimdesk.casework import audit
from kimdesk.casework.clients import ClientService, ClientSummary, update_search_index
from kimdesk.core.dates import PartialDate
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store import search_index
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import (
    Appointment,
    Attachment,
    Case,
    Client,
    Consent,
    ConsentException,
    HouseholdMember,
    PrintedDocument,
    Reminder,
    RetentionHold,
)

#: the tables whose rows belong to one client and move with a merge
#: (the Verlauf is a hash chain and never rewritten: the "merged" entry links the old id,
#: see kimdesk.store.audit_chain.client_ids)
_OWNED = (Case, Consent, HouseholdMember, Appointment, PrintedDocument, Reminder,
          ConsentException, RetentionHold, Attachment)
#: master data taken from the second file where the first has nothing
_FILLABLE = ("birth_date", "residence_status", "residence_paragraph", "residence_expires_on",
             "arrived_germany", "arrived_municipality", "municipality_id", "address", "phone",
             "email")


@dataclass(frozen=True)
class Candidate:
    client: ClientSummary
    why: str  # "gleicher Name und gleiches Geburtsdatum"


class DuplicateService:
    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor
        self.clients = ClientService(store, actor)

    def candidates(self, family_name: str, given_names: str = "", birth_date: Any = None,
                   exclude_id: int | None = None) -> list[Candidate]:
        """Files that may be the same person: a name the search matches (spellings and
        transliterations) and the same date of birth (as far as both are known)."""
        born = PartialDate.parse(birth_date, "Geburtsdatum") if birth_date else None
        if not family_name.strip() or born is None:
            return []
        found = []
        for summary in self.clients.search(f"{given_names} {family_name}", limit=30):
            if summary.id == exclude_id or not summary.birth_date:
                continue
            theirs = PartialDate.from_iso(summary.birth_date)
            if _same_day(born, theirs):
                found.append(Candidate(summary, "ähnlicher Name und gleiches Geburtsdatum"))
        return found

    def merge(self, keep_id: int, other_id: int, reason: str) -> None:
        """Move everything of ``other_id`` into ``keep_id`` and remove ``other_id``."""
        if keep_id == other_id:
            raise DomainError("Eine Akte kann nicht mit sich selbst zusammengeführt werden.")
        if len(reason.strip()) < 3:
            raise DomainError("Bitte kurz den Grund der Zusammenführung angeben.")
        with self.store.session() as s, s.begin():
            keep, other = s.get(Client, keep_id), s.get(Client, other_id)
            if keep is None or other is None:
                raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
            variants = [v for v in keep.name_variants.split(";") if v.strip()]
            for name in (f"{other.given_names} {other.family_name}".strip(),
                         *other.name_variants.split(";")):
                if name.strip() and name.strip() not in variants and \
                        name.strip() != f"{keep.given_names} {keep.family_name}".strip():
                    variants.append(name.strip())
            keep.name_variants = ";".join(variants)
            keep.nationalities = list(dict.fromkeys([*keep.nationalities,
                                                     *other.nationalities]))
            keep.languages = list(dict.fromkeys([*keep.languages, *other.languages]))
            keep.interpreter_needed = keep.interpreter_needed or other.interpreter_needed
            for name in _FILLABLE:
                if getattr(keep, name) in (None, "", "unknown") and getattr(other, name):
                    setattr(keep, name, getattr(other, name))
            s.flush()
            for model in _OWNED:
                s.execute(update(model).where(model.client_id == other_id)
                          .values(client_id=keep_id))
            s.execute(update(HouseholdMember).where(HouseholdMember.member_client_id ==
                                                    other_id).values(member_client_id=keep_id))
            s.expire_all()
            search_index.delete_terms(s, other_id)
            s.delete(s.get(Client, other_id))
            s.flush()
            kept = s.get(Client, keep_id)
            assert kept is not None  # checked at the start of the merge
            update_search_index(s, kept)
            audit.record(s, "merged", "client", keep_id, keep_id, summary=str(other_id),
                         actor=self.actor, reason=reason.strip())


def _same_day(a: PartialDate, b: PartialDate | None) -> bool:
    """Same date as far as both are known (a year alone matches any day of that year)."""
    if b is None:
        return False
    return a.year == b.year and (a.month in (None, 0) or b.month in (None, 0) or
                                 a.month == b.month) and \
        (a.day in (None, 0) or b.day in (None, 0) or a.day == b.day)
