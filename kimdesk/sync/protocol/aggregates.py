"""The anonymised figures a laptop sends: ``kimdesk.aggregates/2``, one pydantic model.

The laptop builds its payload through :class:`AggregatesPayload` and the office validates
what arrives with the very same model, so the office admits exactly what a laptop may send:
only the tables of the catalogue (:mod:`kimdesk.sync.protocol.figure_tables`) with their
dimensions, the catalogue's categories for the district, every cell of every table
(margins ``*`` included) exactly once as a non-negative integer, no value in ``1 … js`` of
the table's perturbation table, and the method with its parameters.

Version 1 (cell suppression, ``null`` cells) is refused with a German sentence: its exact
small margins and the perturbed values of version 2 must never meet for one period (see
``docs/aggregates-schema.md``).
"""

from __future__ import annotations

import math
from datetime import date
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from kimdesk.core.periods import PATTERN as PERIOD_PATTERN
from kimdesk.sync.protocol import figure_tables as ft
from kimdesk.sync.protocol.models import ID_PATTERN

SCHEMA = "kimdesk.aggregates/2"
SCHEMA_V1 = "kimdesk.aggregates/1"
METHOD = "cell_key"
#: The perturbation tables of this protocol version: name → (D, V, js).  The laptop builds
#: them (``kimdesk.privacy.ptable``); the office reads the error bound from them.
PTABLES_VERSION = "kimdesk-ptable-2026.1"
PTABLES: dict[str, tuple[int, float, int]] = {
    ft.STANDARD_PTABLE: (3, 1.0, 2),
    ft.STRICT_PTABLE: (5, 2.0, 4),
}
KEY_BITS = 32
MAX_VALUE = 10**7

#: pydantic searches patterns anywhere in the text: these are anchored
ID = ID_PATTERN  # one identifier rule for every payload

V1_REFUSED = ("Kennzahlen abgelehnt: Das Format kimdesk.aggregates/1 (gesperrte Zellen) nimmt "
              "das Kreisbüro nicht mehr an. Bitte KIMdesk auf diesem Gerät aktualisieren; die "
              "Kennzahlen werden danach im neuen Format gesendet.")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class PtableParams(_Strict):
    D: int = Field(ge=1, le=20)
    V: float = Field(gt=0, le=100)
    js: int = Field(ge=0, le=20)


class Method(_Strict):
    """How the values were protected: the cell key method with these tables."""

    name: Literal["cell_key"]
    version: Literal["kimdesk-ptable-2026.1"]
    key_bits: Literal[32]
    ptables: dict[str, PtableParams]

    @model_validator(mode="after")
    def _known_tables(self) -> Method:
        expected = {name: PtableParams(D=d, V=v, js=js) for name, (d, v, js) in PTABLES.items()}
        if self.ptables != expected:
            raise ValueError("nennt andere Überlagerungstabellen als dieses Protokoll")
        return self


Cell = list[str | int]


class Table(_Strict):
    """One table: every cell, margins (``*``) included, as ``[category …, value]``."""

    id: str = Field(pattern=ID)
    dimensions: list[str] = Field(min_length=1, max_length=4)
    multi_response: list[str] = Field(max_length=4)
    strict: list[str] = Field(max_length=4)
    categories: dict[str, list[str]]
    cells: list[Cell] = Field(max_length=20_000)

    def key_value(self) -> dict[tuple[str, ...], int]:
        """``{(category, …): value}`` of every cell."""
        return {tuple(str(x) for x in c[:-1]): int(c[-1]) for c in self.cells}


class AggregatesPayload(_Strict):
    """``kimdesk.aggregates/2``: one device's perturbed tables of one period."""

    schema_: Literal["kimdesk.aggregates/2"] = Field(alias="schema")
    period: str = Field(pattern=f"^{PERIOD_PATTERN}$", max_length=7)
    district_id: str = Field(pattern=ID)
    team_id: str | None = Field(default=..., pattern=ID)
    generated_at: str = Field(pattern=r"^\d{4}-\d\d-\d\d$", max_length=10)
    method: Method
    tables: list[Table] = Field(min_length=1, max_length=len(ft.TABLES))

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True, populate_by_name=True)

    @model_validator(mode="after")
    def _as_the_laptop_builds_it(self) -> AggregatesPayload:
        try:
            date.fromisoformat(self.generated_at)
        except ValueError:
            raise ValueError("generated_at ist kein gültiges Datum") from None
        try:
            ft.area_scheme(self.district_id)
        except ValueError:
            raise ValueError(f"unbekannter Kreis „{self.district_id}“") from None
        if self.team_id is not None and self.team_id not in ft.teams(self.district_id):
            raise ValueError(f"Team „{self.team_id}“ gehört nicht zum Kreis")
        seen: set[str] = set()
        for table in self.tables:
            if table.id in seen:
                raise ValueError(f"Tabelle „{table.id}“ kommt doppelt vor")
            seen.add(table.id)
            _check_table(table, self.district_id, self.method)
        return self

    def dump(self) -> dict[str, Any]:
        """The wire form (JSON-ready dict)."""
        return self.model_dump(by_alias=True, mode="json")


def _check_table(table: Table, district_id: str, method: Method) -> None:
    spec = ft.SPECS.get(table.id)
    if spec is None:
        raise ValueError(f"Tabelle „{table.id}“ ist nicht im Katalog")
    if (tuple(table.dimensions) != spec.dimensions
            or tuple(table.multi_response) != spec.multi_response
            or tuple(table.strict) != spec.strict):
        raise ValueError(f"Tabelle „{table.id}“ hat nicht den Aufbau aus dem Katalog")
    js_of = {name: method.ptables[name].js for name in spec.ptables}
    if set(table.categories) != set(spec.dimensions):
        raise ValueError(f"Tabelle „{table.id}“: Kategorien fehlen oder sind zu viel")
    allowed: list[set[str]] = []
    for dim in spec.dimensions:
        cats = tuple(table.categories[dim])
        if cats != ft.categories(dim, district_id):
            raise ValueError(f"Tabelle „{table.id}“: Kategorien von „{dim}“ passen nicht zum "
                             "Katalog")
        allowed.append({*cats, ft.TOTAL})
    width = len(spec.dimensions) + 1
    seen: set[tuple] = set()
    for n, cell in enumerate(table.cells):
        if len(cell) != width:
            raise ValueError(f"Tabelle „{table.id}“, Zelle {n}: falsche Länge")
        *key, value = cell
        if any(not isinstance(c, str) or c not in ok for c, ok in zip(key, allowed,
                                                                       strict=True)):
            raise ValueError(f"Tabelle „{table.id}“, Zelle {n}: unbekannte Kategorie")
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_VALUE:
            raise ValueError(f"Tabelle „{table.id}“, Zelle {n}: der Wert muss eine ganze Zahl "
                             f"von 0 bis {MAX_VALUE} sein")
        tup = tuple(str(c) for c in key)
        js = js_of[spec.ptable_of(tup)]
        if 1 <= value <= js:
            raise ValueError(f"Tabelle „{table.id}“, Zelle {n}: Werte von 1 bis {js} dürfen "
                             "nicht erscheinen")
        if tup in seen:
            raise ValueError(f"Tabelle „{table.id}“, Zelle {n}: kommt doppelt vor")
        seen.add(tup)
    if len(seen) != math.prod(len(a) for a in allowed):
        raise ValueError(f"Tabelle „{table.id}“ muss jede Zelle samt Summen („*“) genau einmal "
                         "enthalten")


# -- German reasons -------------------------------------------------------------------------

_REASONS = {
    "extra_forbidden": "ist nicht erlaubt (nicht im Schema).",
    "missing": "fehlt.",
    "literal_error": "hat einen nicht erlaubten Wert.",
    "string_pattern_mismatch": "hat nicht das erlaubte Format.",
    "string_type": "muss ein Text sein.",
    "int_type": "muss eine ganze Zahl sein.",
    "float_type": "muss eine Zahl sein.",
    "list_type": "muss eine Liste sein.",
    "dict_type": "muss ein Objekt sein.",
    "model_type": "muss ein Objekt sein.",
    "too_long": "hat zu viele Einträge.",
    "too_short": "hat zu wenige Einträge.",
    "string_too_long": "ist zu lang.",
}


def german_reason(exc: ValidationError) -> str:
    """The first problem of a validation error as one German sentence (no input echoed)."""
    error = exc.errors(include_input=False, include_url=False)[0]
    path = ".".join(str(p) for p in error.get("loc", ()) if not str(p).startswith("function"))
    if error["type"] == "value_error":
        text = str(error.get("msg", "")).removeprefix("Value error, ")
        return f"{text}." if not text.endswith(".") else text
    problem = _REASONS.get(error["type"], "ist ungültig.")
    return f"Feld „{path or '(Wurzel)'}“ {problem}"


class AggregatesRejected(ValueError):
    """A payload that is not ``kimdesk.aggregates/2``; ``str()`` is a German sentence."""


def parse(payload: Any) -> AggregatesPayload:
    """Validate a wire payload; raises :class:`AggregatesRejected` with a German reason."""
    if isinstance(payload, dict) and payload.get("schema") == SCHEMA_V1:
        raise AggregatesRejected(V1_REFUSED)
    try:
        return AggregatesPayload.model_validate(payload, strict=True)
    except ValidationError as exc:
        raise AggregatesRejected(f"Kennzahlen abgelehnt: {german_reason(exc)}") from None
