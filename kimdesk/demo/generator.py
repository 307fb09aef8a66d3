"""``kimdesk demo-data``: fill a store with realistic, deterministic synthetic cases.

Same seed and same reference date give the same data. Rows are written with bulk inserts
in one transaction, so 10,000 clients with two years of contacts take seconds, not minutes.
"""

import json
import random
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from kimdesk import catalogues
from kimdesk.casework import bulk_load
from kimdesk.casework.directory import DirectoryService
from kimdesk.core.errors import DomainError
from kimdesk.demo import profiles as P
from kimdesk.store.case_store import CaseStore

PHASES = ["intake", "assessment", "planning", "linking", "monitoring", "evaluation"]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def _names(cc: str) -> dict[str, list[str]]:
    return json.loads(catalogues.resource_path("names", f"{cc}.json").read_text("utf-8"))


#: Tables whose rows carry a record key (cell key method).
KEYED = {"clients", "cases", "contacts", "referrals", "gaps"}


@dataclass
class _Rows:
    """Rows per table, with explicit ids so related rows can point at each other.

    Record keys come from their own seeded generator, so the same seed gives the same keys
    (and the same perturbed figures) without changing the synthetic cases themselves.
    """

    data: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    next_id: dict[str, int] = field(default_factory=dict)
    keys: random.Random = field(default_factory=random.Random)

    def add(self, table: str, **row: Any) -> int:
        rid = self.next_id.get(table, 1)
        self.next_id[table] = rid + 1
        if table != "contact_areas":
            row["id"] = rid
        if table in KEYED:
            row["record_key"] = self.keys.getrandbits(32)
        self.data.setdefault(table, []).append(row)
        return rid


class DemoGenerator:
    """Synthetic clients for one store.  With a team (the store's ``team_id`` setting, or
    ``team_id`` given here) every client lives in one of the team's municipalities, as a
    case manager's caseload does; without one, anywhere in the district."""

    def __init__(self, store: CaseStore, seed: int = 1, today: date | None = None,
                 team_id: str | None = None) -> None:
        self.store = store
        self.seed = seed
        self.rng = random.Random(seed)
        #: for details added later (next appointments): drawn apart, so the main stream
        #: and every figure computed from it stay as they were for the same seed
        self.side = random.Random(seed * 7919 + 1)
        self.today = today or date.today()
        self.district = catalogues.district(store.district_id)
        team_id = team_id or store.setting("team_id") or None
        self.municipalities = ([m for m in self.district.municipalities()
                                if m.planning_area_id == team_id]
                               if team_id else self.district.municipalities())
        if not self.municipalities:
            raise ValueError(f"team {team_id!r} is not a team of {self.district.id}")
        self.name_lists = {cc: _names(file) for cc, file in P.NAME_LIST.items()}
        self.languages = {e.id: e.strings("languages")
                          for e in catalogues.catalogue("nationalities")}
        self.rows = _Rows(keys=random.Random(f"record-keys-{seed}"))
        self.services: list[tuple[int, str, str]] = []

    # -- entry point -------------------------------------------------------------------
    def generate(self, clients: int) -> dict[str, int]:
        directory = DirectoryService(self.store)
        directory.load_entries(catalogues.service_directory(self.district.id))
        self.services = directory.references()
        self.rows.next_id.update(bulk_load.next_ids(self.store))
        for _ in range(clients):
            self._client()
        # The same seed makes the same clients (same uids): say so, instead of failing on
        # the database's uniqueness rule with a message that reads like damage.
        uids = [row["uid"] for row in self.rows.data.get("clients", [])]
        if bulk_load.clients_present(self.store, uids):
            raise DomainError(
                f"Dieser Datenbestand enthält schon Demo-Daten mit Startwert {self.seed}. Es "
                f"wurde nichts geändert; für weitere Demo-Daten bitte einen anderen Startwert "
                f"angeben (z. B. --seed {self.seed + 1}).")
        return bulk_load.insert_rows(self.store, self.rows.data,
                                     str(self.store.setting("case_manager") or ""))

    # -- one client with household, consent and cases -----------------------------------
    def _client(self) -> None:
        rng, today = self.rng, self.today
        nat = _pick(rng, P.NATIONALITY_WEIGHTS)
        names = self.name_lists[nat]
        sex = rng.choices("fmx", weights=[48, 51, 1])[0]
        given_pool = names["given_female"] if sex == "f" else names["given_male"]
        family = rng.choice(names["family"])
        age = rng.choices([rng.randint(16, 26), rng.randint(27, 45), rng.randint(46, 72)],
                          weights=[25, 55, 20])[0]
        born = today - timedelta(days=age * 365 + rng.randint(0, 364))
        birth = (born.isoformat() if rng.random() > 0.05 else f"{born.year:04d}")
        status = ("eu_freedom" if nat in P.EU
                  else _pick(rng, P.RESIDENCE_BY_NATIONALITY.get(nat, {"ae_other": 1})))
        expires = None
        if status in P.EXPIRING:
            lo, hi = P.EXPIRING[status]
            expires = today + timedelta(days=rng.randint(-20, hi * 30))
        arrived = today - timedelta(days=rng.randint(60, 8 * 365))
        municipality = rng.choices(self.municipalities,
                                   weights=[m.population for m in self.municipalities])[0]
        langs = self.languages.get(nat, [])[:2]
        client_id = self.rows.add(
            "clients", uid=str(uuid.UUID(int=rng.getrandbits(128))), family_name=family,
            given_names=rng.choice(given_pool), name_variants="", birth_date=birth, sex=sex,
            nationalities=[nat], languages=langs + ["de"] * (rng.random() < 0.3),
            interpreter_needed=nat not in P.EU and rng.random() < 0.6,
            residence_status=status, residence_paragraph=P.PARAGRAPH.get(status, ""),
            residence_expires_on=expires, arrived_germany=arrived.isoformat()[:7],
            arrived_municipality=(arrived + timedelta(days=rng.randint(0, 200))).isoformat()[:7],
            municipality_id=municipality.id,
            address=f"{rng.choice(['Haupt', 'Bahnhof', 'Kirch', 'Garten', 'Schul'])}straße "
                    f"{rng.randint(1, 120)}, {municipality.name}",
            phone=f"0157 {rng.randint(1000000, 9999999)}", email="",
            created_at=datetime.combine(arrived, time(9)), updated_at=datetime.combine(today,
                                                                                     time(9)))
        members = self._household(client_id, family, names, age, sex)
        opened = today - timedelta(days=rng.randint(0, 730))
        opened = max(opened, arrived)
        self.rows.add("consents", client_id=client_id, scope="documentation", institution="",
                      given_on=opened, withdrawn_on=None, note="")
        self._case(client_id, opened, members, municipality.name)
        if rng.random() < 0.08 and (today - opened).days > 200:
            self._case(client_id, opened + timedelta(days=rng.randint(150, (today - opened).days)),
                       members, municipality.name)

    def _household(self, client_id: int, family: str, names: dict, age: int,
                   sex: str = "x") -> list[int]:
        rng = self.rng
        members: list[int] = []
        if rng.random() < 0.55 and age > 20:
            drawn = rng.choice("fm")
            given = rng.choice(names["given_female" if drawn == "f" else "given_male"])
            spouse_sex = {"f": "m", "m": "f"}.get(sex, drawn)  # most couples here: wife, husband
            if spouse_sex != drawn:  # a name of the right sex, drawn apart (same main stream)
                given = self.side.choice(names["given_female" if spouse_sex == "f" else
                                               "given_male"])
            members.append(self.rows.add(
                "members", client_id=client_id, relation="spouse", family_name=family,
                given_names=given,
                birth_date=str(self.today.year - age + rng.randint(-6, 6)), sex=spouse_sex,
                member_client_id=None))
            for _ in range(rng.choice([0, 1, 2, 2, 3, 4]) if age < 50 else 0):
                child_sex = rng.choice("fm")
                child_age = rng.randint(0, min(age - 18, 17))
                members.append(self.rows.add(
                    "members", client_id=client_id, relation="child", family_name=family,
                    given_names=rng.choice(names["given_female" if child_sex == "f" else
                                                 "given_male"]),
                    birth_date=f"{self.today.year - child_age:04d}-{rng.randint(1, 12):02d}",
                    sex=child_sex, member_client_id=None))
        return members

    # -- a case with its contacts, plan, referrals -------------------------------------
    def _case(self, client_id: int, opened: date, members: list[int], place: str) -> None:
        rng, today = self.rng, self.today
        ctype = _pick(rng, P.CASE_TYPE_WEIGHTS)
        access = 2 if rng.random() < 0.35 else 1
        referrer = rng.choice(["jobcenter", "social_welfare_office", "immigration_office",
                               "youth_office", "mbe"]) if access == 2 else ""
        span = (today - opened).days
        closed = None
        close_reason = ""
        if ctype == "short_intervention" and span > 60 and rng.random() < 0.8:
            closed = opened + timedelta(days=rng.randint(7, 60))
        elif span > 180 and rng.random() < 0.35:
            closed = opened + timedelta(days=rng.randint(90, span))
        if closed:
            close_reason = rng.choices(
                ["goals_reached", "referred_to_other_service", "moved_away", "no_contact",
                 "client_withdrew", "no_need"], weights=[45, 20, 10, 12, 5, 8])[0]
        phase = "intake"
        if ctype == "case_management":
            phase = PHASES[min(5, span // 60)] if not closed else "evaluation"
        case_id = self.rows.add(
            "cases", client_id=client_id, case_type=ctype, access_path=access,
            referred_by_type=referrer, referred_by="", phase=phase, opened_on=opened,
            closed_on=closed, close_reason=close_reason, case_manager="")
        self.rows.add("events", case_id=case_id, on=opened, kind="opened", from_value="",
                      to_value=ctype, reason="")
        if ctype == "case_management":
            for i, ph in enumerate(PHASES[1:PHASES.index(phase) + 1], start=1):
                self.rows.add("events", case_id=case_id, on=opened + timedelta(days=60 * i - 30),
                              kind="phase_changed", from_value=PHASES[i - 1], to_value=ph,
                              reason="")
        if closed:
            self.rows.add("events", case_id=case_id, on=closed, kind="closed", from_value="",
                          to_value=close_reason, reason="")
        end = closed or today
        areas = list(dict.fromkeys(_pick(rng, P.LIFE_AREA_WEIGHTS)
                                   for _ in range(1 if ctype == "short_intervention" else 4)))
        n_contacts = {"short_intervention": rng.randint(1, 5),
                      "process_support": rng.randint(3, 12),
                      "case_management": rng.randint(6, 24)}[ctype]
        for _ in range(n_contacts):
            when = opened + timedelta(days=rng.randint(0, max((end - opened).days, 0)))
            cid = self.rows.add(
                "contacts", case_id=case_id, date=when,
                duration_min=rng.choice([15, 30, 30, 45, 60, 90]),
                form=_pick(rng, P.CONTACT_FORM_WEIGHTS), place=place,
                interpreter_used=rng.random() < 0.3, note=rng.choice(P.CONTACT_NOTES))
            for area in rng.sample(areas, k=rng.randint(1, min(2, len(areas)))):
                self.rows.add("contact_areas", contact_id=cid, life_area=area)
        if ctype != "short_intervention":
            self._plan(case_id, client_id, opened, end, areas, members, closed is None)
        if rng.random() < 0.12:
            cat = rng.choice(list(P.GAP_TEXTS))
            self.rows.add("gaps", case_id=case_id, reported_on=opened + timedelta(
                days=rng.randint(0, max((end - opened).days, 0))), category=cat,
                institution_type=rng.choice(["jobcenter", "language_course_provider", "kita",
                                             "immigration_office"]),
                institution_name="", legal_system=P.GAP_LEGAL.get(cat, "other"),
                life_area=areas[0], description=P.GAP_TEXTS[cat])
        if closed is None and rng.random() < 0.04:
            start = datetime.combine(today + timedelta(days=rng.randint(0, 10)),
                                     time(rng.choice([9, 10, 11, 13, 14, 15]), rng.choice([0,
                                                                                           30])))
            self.rows.add("appointments", client_id=client_id, case_id=case_id, starts_at=start,
                          duration_min=45, place=f"Rathaus {place}", note="")
        elif closed is None and ctype == "case_management" and self.side.random() < 0.6:
            # a Case-Management case usually has its next meeting agreed (Terminzettel)
            side = self.side
            start = datetime.combine(today + timedelta(days=side.randint(1, 21)),
                                     time(side.choice([9, 10, 11, 13, 14, 15]),
                                          side.choice([0, 30])))
            self.rows.add("appointments", client_id=client_id, case_id=case_id, starts_at=start,
                          duration_min=side.choice([30, 45, 60]),
                          place=side.choice([f"Rathaus {place}", "Hausbesuch",
                                             "Beratungsstelle, Zimmer 12"]), note="")

    def _plan(self, case_id: int, client_id: int, opened: date, end: date, areas: list[str],
              members: list[int], is_open: bool) -> None:
        rng, today = self.rng, self.today
        for area in areas[: rng.randint(1, 3)]:
            self.rows.add("assessments", case_id=case_id, life_area=area,
                          assessed_on=opened + timedelta(days=rng.randint(0, 30)),
                          resources="Motiviert, gute Vorkenntnisse.",
                          problems="Unterlagen fehlen, lange Wartezeiten.",
                          client_view="Möchte möglichst schnell selbstständig sein.",
                          priority=rng.randint(1, 3))
            goal_id = self.rows.add(
                "goals", case_id=case_id, life_area=area, title=rng.choice(P.GOALS[area]),
                status="open" if is_open else rng.choice(["reached", "partly", "reached"]),
                member_id=rng.choice(members) if members and rng.random() < 0.2 else None,
                created_on=opened + timedelta(days=rng.randint(10, 40)))
            for desc, who in rng.sample(P.STEPS, k=rng.randint(1, 4)):
                due = opened + timedelta(days=rng.randint(20, 200))
                done = is_open is False or due < today - timedelta(days=rng.randint(0, 40))
                self.rows.add("steps", goal_id=goal_id, description=desc, responsible=who,
                              due_on=due, status="done" if done else "open",
                              done_on=due if done else None)
            target = P.REFERRAL_TARGETS[area]
            matching = [s for s in self.services if s[2] == target] or self.services
            if matching and rng.random() < 0.8:
                sid, name, itype = rng.choice(matching)
                referred = opened + timedelta(days=rng.randint(5, max((end - opened).days, 6)))
                outcome = rng.choices(
                    ["pending", "appointment_made", "service_received", "waiting_list",
                     "client_did_not_go", "declined_by_service"],
                    weights=[15, 20, 40, 12, 8, 5])[0]
                # the Schweigepflichtentbindung a referral needs (consent_rules)
                self.rows.add("consents", client_id=client_id, scope="sharing",
                              institution=name, given_on=referred, withdrawn_on=None, note="")
                self.rows.add("referrals", case_id=case_id, service_id=sid,
                              institution_name=name, institution_type=itype, life_area=area,
                              purpose=f"Unterstützung im Bereich {area}", referred_on=referred,
                              outcome=outcome,
                              follow_up_on=referred + timedelta(days=rng.randint(14, 42))
                              if outcome in ("pending", "waiting_list") else None)
        if is_open and rng.random() < 0.3:
            self.rows.add("reminders", client_id=client_id, case_id=case_id,
                          due_on=today + timedelta(days=rng.randint(-5, 20)),
                          text="Rückmeldung zur Kursanmeldung einholen", done_on=None)
