"""Foundation scenarios: unlock, contact inserts, name search — each beside plain SQLite."""

import random
import time
from datetime import date, timedelta

from benchmarks.report import percentile, scenario, timed
from benchmarks.stores import (
    PASSPHRASE,
    cleanup,
    client_count,
    encrypted_store,
    fill,
    plain_store,
    workdir,
)
from kimdesk.casework.cases import CaseService, ContactInput
from kimdesk.casework.clients import ClientService
from kimdesk.store.case_store import CaseStore
from kimdesk.store.connection import connect_raw
from kimdesk.store.key_slots import KdfParams


def _queries(store: CaseStore, n: int, rng: random.Random) -> list[str]:
    """Realistic search-box input: prefixes, full names, sometimes a variant spelling."""
    people = ClientService(store).all(limit=2000)
    variants = {"Muhammad": "mohamad", "Mohammed": "muhamad", "Yuliia": "julia",
                "Shevchenko": "schewtschenko", "Hassan": "hasan", "Oleksandr": "alexandr"}
    out = []
    for person in rng.sample(people, k=min(n, len(people))):
        given = variants.get(person.given_names, person.given_names.lower())
        family = variants.get(person.family_name, person.family_name.lower())
        out.append(rng.choice([family[:3], family, f"{given} {family}", f"{family} {given[:2]}"]))
    return out


def _search_times(stores: list[CaseStore], queries: list[str]) -> list[list[float]]:
    """Per store, ms per query; the stores take turns per query so load changes hit both."""
    services = [ClientService(store) for store in stores]
    samples: list[list[float]] = [[] for _ in stores]
    for service in services:
        for q in queries[:20]:
            service.search(q)  # warm caches and pages alike for both
    for q in queries:
        for service, out in zip(services, samples, strict=True):
            start = time.perf_counter()
            service.search(q)
            out.append((time.perf_counter() - start) * 1000)
    return samples


def _insert_contacts(store: CaseStore, n: int) -> float:
    """Seconds per contact logged through the domain service (one transaction each)."""
    clients, cases = ClientService(store), CaseService(store)
    cid = clients.create("Benchmark", given_names="Person")
    case = cases.open_case(cid, "case_management", date.today() - timedelta(days=400))
    start = time.perf_counter()
    for i in range(n):
        cases.log_contact(case, ContactInput(date=date.today() - timedelta(days=i % 300),
                                             form="sprechstunde", life_areas=("work", "language"),
                                             note="Unterlagen gesichtet."))
    return (time.perf_counter() - start) / n


def run(quick: bool) -> dict[str, dict]:
    root = workdir()
    results: dict[str, dict] = {}
    try:
        n_clients = client_count(quick)
        # -- unlock ---------------------------------------------------------------------
        tuned = KdfParams.tuned()
        enc = encrypted_store(root / "enc", kdf=tuned)
        enc.close()
        kdf_s = timed(lambda: tuned.derive(PASSPHRASE.encode()))
        full = timed(lambda: CaseStore.open(root / "enc", passphrase=PASSPHRASE).close())
        slots = CaseStore.open(root / "enc", passphrase=PASSPHRASE)
        key = slots._data_key  # noqa: SLF001 - measuring the raw-key open path itself
        slots.close()

        def open_raw() -> None:
            conn = connect_raw(root / "enc" / "case-file.db", key)
            conn.execute("SELECT count(*) FROM clients").fetchone()
            conn.close()

        def open_plain() -> None:
            conn = connect_raw(root / "plain" / "case-file.db", None)
            conn.execute("SELECT count(*) FROM clients").fetchone()
            conn.close()

        plain = plain_store(root / "plain")
        plain.close()
        raw_open = min(timed(open_raw) for _ in range(5))
        plain_open = min(timed(open_plain) for _ in range(5))
        results["unlock_kdf"] = scenario(kdf_s, "s", target="≈ 0.3 s (Argon2id, tuned)",
                                         params={"iterations": tuned.iterations,
                                                 "memory_kib": tuned.memory_kib})
        results["unlock_total"] = scenario(full, "s", target="KDF + ≤ 0.2 s")
        results["open_without_kdf"] = scenario(raw_open, "s", baseline=plain_open,
                                               target="≤ 0.2 s")
        # -- contact inserts ------------------------------------------------------------
        enc = encrypted_store(root / "enc-ins")
        plain = plain_store(root / "plain-ins")
        n_ins = 150 if quick else 500
        ours, base = _insert_contacts(enc, n_ins), _insert_contacts(plain, n_ins)
        results["contact_insert"] = scenario(ours * 1000, "ms/contact", baseline=base * 1000,
                                             target="ratio ≤ 1.5", contacts=n_ins,
                                             contacts_per_s=round(1 / ours, 1))
        enc.close()
        plain.close()
        # -- search over N clients ------------------------------------------------------
        enc = encrypted_store(root / "enc-search")
        plain = plain_store(root / "plain-search")
        fill(enc, n_clients)
        fill(plain, n_clients)
        queries = _queries(enc, 200 if quick else 500, random.Random(5))
        ours_ms, base_ms = _search_times([enc, plain], queries)
        results["name_search_p50"] = scenario(percentile(ours_ms, 50), "ms",
                                              baseline=percentile(base_ms, 50),
                                              target="ratio ≤ 1.5", clients=n_clients)
        results["name_search_p95"] = scenario(percentile(ours_ms, 95), "ms",
                                              baseline=percentile(base_ms, 95),
                                              target="≤ 20 ms, ratio ≤ 1.5", clients=n_clients,
                                              queries=len(queries))
        enc.close()
        plain.close()
    finally:
        cleanup(root)
    return results
