"""Which versions are at work: this KIMdesk's and the open store's schema.

Shown under Hilfe → Über KIMdesk and by the self-test, so IT and the support desk can
tell from one dialog whether a laptop runs the version they rolled out and whether its
case file has been brought up to that version's schema.
"""

import platform
from dataclasses import dataclass

import kimdesk
from kimdesk.store import migrate
from kimdesk.store.case_store import CaseStore


@dataclass(frozen=True)
class Versions:
    app: str  # [project] version of pyproject.toml
    schema: str  # revision of the open store
    schema_head: str  # newest revision this KIMdesk ships
    python: str

    @property
    def schema_current(self) -> bool:
        return self.schema == self.schema_head


def versions(store: CaseStore) -> Versions:
    with store.engine.connect() as conn:
        schema = migrate.current_revision(conn) or "?"
    return Versions(kimdesk.__version__, schema, migrate.head_revision(),
                    platform.python_version())
