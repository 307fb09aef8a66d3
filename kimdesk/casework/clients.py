"""Clients: master data, household, consents; the transliteration-aware name search is
in :mod:`kimdesk.casework.client_search` (plain SQL, shared with the command line)."""

import re
import uuid
from datetime import date
from typing import Any

from sqlalchemy import func, insert, select
from sqlalchemy.orm import Session

from kimdesk.casework import audit, client_search, consent_rules
from kimdesk.casework.client_search import ClientSummary
from kimdesk.casework.name_keys import index_terms
from kimdesk.core.dates import PartialDate, parse_date, within_years
from kimdesk.core.errors import DomainError, NotFoundError
from kimdesk.store import search_index
from kimdesk.store.case_store import CaseStore
from kimdesk.store.models import Client, Consent, HouseholdMember

CLIENT_FIELDS = {
    "family_name", "given_names", "name_variants", "birth_date", "sex", "nationalities",
    "languages", "interpreter_needed", "residence_status", "residence_paragraph",
    "residence_expires_on", "arrived_germany", "arrived_municipality", "municipality_id",
    "address", "phone", "email",
}
SEXES = {"f", "m", "d", "x"}
#: the longest text each field may hold (the database would take any length), German label
TEXT_LIMITS: dict[str, tuple[int, str]] = {
    "family_name": (200, "Familienname"), "given_names": (200, "Vornamen"),
    "name_variants": (1000, "Namensvarianten"), "address": (500, "Adresse"),
    "phone": (60, "Telefon"), "email": (200, "E-Mail"),
    "residence_paragraph": (60, "Rechtsgrundlage"),
}
#: control characters (NUL and the like); a line break only where the field allows it
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _clean(values: dict[str, Any]) -> dict[str, Any]:
    unknown = set(values) - CLIENT_FIELDS
    if unknown:
        raise TypeError(f"unknown client fields: {sorted(unknown)}")
    out = dict(values)
    if "family_name" in out:
        out["family_name"] = (out["family_name"] or "").strip()
        if not out["family_name"]:
            raise DomainError("Bitte einen Familiennamen eingeben.")
    for key in ("given_names", "address", "phone", "email", "residence_paragraph"):
        if key in out:
            out[key] = (out[key] or "").strip()
    if "sex" in out and out["sex"] not in SEXES:
        raise DomainError("Geschlecht: bitte weiblich, männlich, divers oder keine Angabe wählen.")
    for key, label in (("birth_date", "Geburtsdatum"), ("arrived_germany", "Einreise"),
                       ("arrived_municipality", "Zuzug in die Kommune")):
        if key in out:
            pd = PartialDate.parse(out[key], label)
            out[key] = pd.not_in_future(label).iso() if pd else None
    if "residence_expires_on" in out:
        out["residence_expires_on"] = within_years(
            parse_date(out["residence_expires_on"], "Aufenthaltstitel gültig bis"),
            "Aufenthaltstitel gültig bis", before=30, after=30)
    if "name_variants" in out:
        variants = out["name_variants"]
        if isinstance(variants, list | tuple):
            variants = ";".join(v.strip() for v in variants if v.strip())
        out["name_variants"] = variants or ""
    _check_lengths(out)
    return out


def _check_lengths(values: dict[str, Any]) -> None:
    for key, (limit, label) in TEXT_LIMITS.items():
        value = values.get(key)
        if not isinstance(value, str):
            continue
        if len(value) > limit:
            raise DomainError(f"{label} ist zu lang ({len(value)} Zeichen, höchstens {limit}).")
        if _CONTROL.search(value) or (key != "address" and ("\n" in value or "\r" in value)):
            raise DomainError(f"{label} enthält ein Steuerzeichen oder einen Zeilenumbruch.")


def add_client(session: Session, values: dict[str, Any], actor: str = "",
               action: str = "created") -> Client:
    """Insert a validated client with its search terms and audit entry (caller's transaction)."""
    client = Client(uid=str(uuid.uuid4()), **values)
    session.add(client)
    session.flush()
    update_search_index(session, client)
    audit.record(session, action, "client", client.id, client.id, actor=actor)
    return client


def update_search_index(session: Session, client: Client) -> None:
    """Keep the FTS row of a client in step with its names (same transaction)."""
    terms = index_terms(client.family_name, client.given_names,
                        *client.name_variants.split(";"),
                        *(m.display_name for m in client.household))
    search_index.replace_terms(session, client.id, terms)


class ClientService:
    """Everything about a person as a client; one transaction per call."""

    def __init__(self, store: CaseStore, actor: str = "") -> None:
        self.store = store
        self.actor = actor

    # -- master data ---------------------------------------------------------------
    def create(self, family_name: str, **fields: Any) -> int:
        values = _clean({"family_name": family_name, **fields})
        with self.store.session() as s, s.begin():
            return add_client(s, values, self.actor).id

    def update(self, client_id: int, **fields: Any) -> None:
        values = _clean(fields)
        with self.store.session() as s, s.begin():
            client = self._get(s, client_id)
            changed = [k for k, v in values.items() if getattr(client, k) != v]
            for key in changed:
                setattr(client, key, values[key])
            if changed:
                update_search_index(s, client)
                audit.record(s, "updated", "client", client.id, client.id,
                             summary=", ".join(sorted(changed)), actor=self.actor)

    def get(self, client_id: int) -> Client:
        """The client with household and consents loaded (usable after the session)."""
        with self.store.session() as s:
            client = self._get(s, client_id)
            _ = client.household, client.consents
            return client

    def delete(self, client_id: int) -> None:
        """Erase a client and everything attached (Art. 17 DSGVO), without a trace."""
        from kimdesk.casework.retention import RetentionService

        RetentionService(self.store, self.actor).erase(client_id, "art17")

    @staticmethod
    def _get(s: Session, client_id: int) -> Client:
        client = s.get(Client, client_id)
        if client is None:
            raise NotFoundError("Diese Person ist nicht (mehr) im Datenbestand.")
        return client

    # -- search (plain SQL, shared with the command line: casework.client_search) ------
    def search(self, query: str, limit: int = 50, open_only: bool = False
               ) -> list[ClientSummary]:
        """Name variants ("mohamad hasan" finds "Muhammad Al-Hassan"), or a birth date."""
        return self.find(query, status="open" if open_only else "all", limit=limit)

    def find(self, query: str = "", *, case_type: str = "", phase: str = "",
             municipality_id: str = "", status: str = "all", limit: int = 200
             ) -> list[ClientSummary]:
        """See :func:`kimdesk.casework.client_search.find`."""
        return client_search.find(self.store, query, case_type=case_type, phase=phase,
                                  municipality_id=municipality_id, status=status, limit=limit)

    def all(self, limit: int | None = None, offset: int = 0) -> list[ClientSummary]:
        return client_search.all_clients(self.store, limit, offset)

    def count(self) -> int:
        return client_search.count(self.store)

    # -- household -----------------------------------------------------------------
    def add_household_member(self, client_id: int, relation: str, given_names: str = "",
                             family_name: str = "", birth_date: Any = None, sex: str = "x",
                             member_client_id: int | None = None,
                             exception_reason: str = "") -> int:
        """Household data go beyond a Kurzintervention: they need the documentation
        consent (or a recorded exception)."""
        if not relation:
            raise DomainError("Bitte angeben, in welcher Beziehung die Person steht.")
        if not (given_names.strip() or family_name.strip()):
            raise DomainError("Bitte einen Namen für das Haushaltsmitglied eingeben.")
        bd = PartialDate.parse(birth_date, "Geburtsdatum")
        with self.store.session() as s, s.begin():
            client = self._get(s, client_id)
            consent_rules.require(s, client_id, consent_rules.DOCUMENTATION,
                                  "household_member", date.today(),
                                  exception_reason=exception_reason, actor=self.actor)
            member = HouseholdMember(relation=relation, given_names=given_names.strip(),
                                     family_name=family_name.strip(),
                                     birth_date=bd.iso() if bd else None, sex=sex,
                                     member_client_id=member_client_id)
            client.household.append(member)
            s.flush()
            update_search_index(s, client)
            audit.record(s, "created", "household_member", member.id, client_id,
                         actor=self.actor)
            return member.id

    def remove_household_member(self, member_id: int) -> None:
        with self.store.session() as s, s.begin():
            member = s.get(HouseholdMember, member_id)
            if member is None:
                raise NotFoundError("Dieses Haushaltsmitglied gibt es nicht mehr.")
            client = member.client
            client.household.remove(member)
            s.flush()
            update_search_index(s, client)
            audit.record(s, "deleted", "household_member", member_id, client.id,
                         actor=self.actor)

    # -- consent -------------------------------------------------------------------
    def give_consent(self, client_id: int, scope: str, given_on: date | str,
                     institution: str = "", note: str = "") -> int:
        given = parse_date(given_on, "Einwilligung erteilt am")
        if given is None:
            raise DomainError("Bitte das Datum der Einwilligung angeben.")
        if scope == "sharing" and not institution.strip():
            raise DomainError("Eine Schweigepflichtentbindung gilt für eine bestimmte Stelle: "
                              "bitte die Stelle angeben.")
        with self.store.session() as s, s.begin():
            self._get(s, client_id)
            consent = Consent(client_id=client_id, scope=scope, institution=institution.strip(),
                              given_on=given, note=note)
            s.add(consent)
            s.flush()
            audit.record(s, "created", "consent", consent.id, client_id, summary=scope,
                         actor=self.actor)
            return consent.id

    def withdraw_consent(self, consent_id: int, withdrawn_on: date | str) -> str:
        """Withdraw from the given day on; returns, in German, what this stops."""
        when = parse_date(withdrawn_on, "Widerruf am")
        with self.store.session() as s, s.begin():
            consent = s.get(Consent, consent_id)
            if consent is None:
                raise NotFoundError("Diese Einwilligung gibt es nicht.")
            if when and when < consent.given_on:
                raise DomainError("Der Widerruf kann nicht vor der Einwilligung liegen.")
            consent.withdrawn_on = when
            audit.record(s, "withdrawn", "consent", consent.id, consent.client_id,
                         summary=consent.scope, actor=self.actor)
            return consent_rules.dependents_of_withdrawal(consent.scope, consent.institution)

    def has_consent(self, client_id: int, scope: str, institution: str = "") -> bool:
        with self.store.session() as s:
            stmt = select(func.count(Consent.id)).where(
                Consent.client_id == client_id, Consent.scope == scope,
                Consent.withdrawn_on.is_(None))
            if institution:
                stmt = stmt.where(Consent.institution == institution)
            return bool(s.scalar(stmt))


def bulk_insert_clients(session: Session, rows: list[dict[str, Any]]) -> None:
    """Fast path for imports and demo data: rows carry ids; search index filled alongside."""
    session.execute(insert(Client), rows)
    search_index.insert_many(session, (
        (r["id"], index_terms(r["family_name"], r.get("given_names", ""),
                              *r.get("name_variants", "").split(";"))) for r in rows))

