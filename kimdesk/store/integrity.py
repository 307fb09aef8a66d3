"""``kimdesk check``: cipher (HMAC per page), SQLite structure, foreign keys and the
Verlauf's hash chain."""

from sqlalchemy.exc import DatabaseError

from kimdesk.store import audit_chain
from kimdesk.store.case_store import CaseStore


def check_store(store: CaseStore) -> list[str]:
    """German descriptions of every problem found; empty when the store is sound."""
    problems: list[str] = []
    try:
        with store.engine.connect() as conn:
            cipher = conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()
            if cipher:
                problems.append(f"{len(cipher)} verschlüsselte Seite(n) sind verändert "
                                "oder beschädigt.")
            structure = [r[0] for r in conn.exec_driver_sql("PRAGMA integrity_check")]
            if structure != ["ok"]:
                problems.append(f"Die Datenbankstruktur ist fehlerhaft ({len(structure)} Befunde).")
            fks = conn.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
            if fks:
                problems.append(f"{len(fks)} Verweise zeigen auf nicht vorhandene Einträge.")
    except DatabaseError:
        problems.append("Die Datenbank lässt sich nicht vollständig lesen.")
        return problems
    try:
        with store.session() as s:
            report = audit_chain.verify(s)
    except DatabaseError:
        problems.append("Der Verlauf lässt sich nicht vollständig lesen.")
        return problems
    if report.broken is not None:
        problems.append(f"Der Verlauf ist nicht mehr lückenlos: {report.broken.message}")
    return problems
