"""Protocol payloads as pydantic models: a reviewed case reconstruction and what the office
publishes back (service directory entries, catalogues, steering-group feedback).

Every model forbids fields it does not declare and coerces nothing (strict), so a field
that is not written down here can neither leave a laptop nor reach one. Errors come back as
one German sentence naming the field (:func:`check`), like the rest of the protocol.
"""

from __future__ import annotations

from typing import Annotated, Any, Literal, TypeVar

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
)

from kimdesk.sync.protocol.schema import SchemaError

#: an identifier of the protocol: lower case, digits and ``_.:-`` (no names, no spaces)
ID = r"[a-z0-9][a-z0-9_.:-]{0,79}"
ID_PATTERN = f"^{ID}$"
ISO_TIMESTAMP = r"^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d{1,6})?)?(Z|[+-]\d\d:\d\d)?$"
_NO_NUL = r"^[^\x00]*$"

T = TypeVar("T")


def _unique(items: list[T]) -> list[T]:
    if len(set(map(str, items))) != len(items):
        raise ValueError("enthält einen Eintrag doppelt")
    return items




def _text(min_length: int, max_length: int) -> StringConstraints:
    """A text of bounded length without NUL characters."""
    return StringConstraints(min_length=min_length, max_length=max_length, pattern=_NO_NUL)


Text10 = Annotated[str, _text(0, 10)]
Text1000NonEmpty = Annotated[str, _text(1, 1_000)]
Text200 = Annotated[str, _text(0, 200)]
Text20000 = Annotated[str, _text(0, 20_000)]
Text20000NonEmpty = Annotated[str, _text(1, 20_000)]
Text200NonEmpty = Annotated[str, _text(1, 200)]
Text40 = Annotated[str, _text(0, 40)]
Text500 = Annotated[str, _text(0, 500)]
Text500NonEmpty = Annotated[str, _text(1, 500)]
Text60 = Annotated[str, _text(0, 60)]
Text80 = Annotated[str, _text(0, 80)]
Id = Annotated[str, StringConstraints(min_length=1, max_length=80, pattern=ID_PATTERN)]
ShortId = Annotated[str, StringConstraints(min_length=1, max_length=40, pattern=ID_PATTERN)]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True,
                              populate_by_name=False)


# -- the reconstruction (laptop -> office) ---------------------------------------------------
class DiagramNode(Strict):
    id: ShortId
    label: Text200NonEmpty
    kind: ShortId | None = None


class DiagramEdge(Strict):
    source: ShortId = Field(alias="from")
    target: ShortId = Field(alias="to")
    label: Text200 | None = None


class Diagram(Strict):
    nodes: list[DiagramNode] = Field(max_length=100)
    edges: list[DiagramEdge] = Field(max_length=300)


class ReviewRecord(Strict):
    reviewed_at: Annotated[str, StringConstraints(max_length=40, pattern=ISO_TIMESTAMP)]
    findings_by_kind: dict[ShortId, Annotated[int, Field(ge=0, le=100_000)]] = Field(
        max_length=40)


class Reconstruction(Strict):
    """``kimdesk.reconstruction/1``: abstracted content only (types, life areas, relative
    time) and how many findings the review decided, never which."""

    schema_: Literal["kimdesk.reconstruction/1"] = Field(alias="schema")
    id: Id
    title: Text200NonEmpty
    life_areas: Annotated[list[ShortId], Field(max_length=20), AfterValidator(_unique)]
    narrative: Text20000NonEmpty
    generative_theme: Text1000NonEmpty
    review: ReviewRecord
    institution_types: Annotated[list[ShortId], Field(max_length=40),
                                 AfterValidator(_unique)] = Field(default_factory=list)
    hindering_factors: list[Text500NonEmpty] = Field(default_factory=list, max_length=50)
    diagram: Diagram | None = None


# -- publications (office -> laptops) --------------------------------------------------------
class ServiceContact(Strict):
    phone: Text60 = ""
    email: Text200 = ""
    address: Text500 = ""


class Service(Strict):
    """An entry of the district's service directory (Versorgungssystem)."""

    id: Id
    name: Text200NonEmpty
    type: ShortId
    municipality: Text80 = ""
    life_areas: list[Text40] = Field(default_factory=list, max_length=30)
    languages: list[Text10] = Field(default_factory=list, max_length=40)
    contact: ServiceContact | None = None


class Catalogue(Strict):
    name: ShortId
    version: Text40
    entries: list[dict[ShortId, Text500]] = Field(max_length=5_000)


class Feedback(Strict):
    """A decision or note of the steering group for the case managers."""

    title: Text200NonEmpty
    body: Text20000
    published_at: Text40 | None = None
    decision_no: Annotated[int, Field(ge=0, le=10**6)] | None = None


_REASONS = {
    "extra_forbidden": "ist nicht erlaubt",
    "missing": "fehlt",
    "string_too_long": "ist zu lang",
    "string_too_short": "ist leer oder zu kurz",
    "string_pattern_mismatch": "hat nicht das erlaubte Format",
    "string_type": "muss ein Text sein",
    "int_type": "muss eine ganze Zahl sein",
    "literal_error": "hat einen falschen Wert",
    "too_long": "hat zu viele Einträge",
    "less_than_equal": "ist zu groß",
    "greater_than_equal": "ist zu klein",
    "list_type": "muss eine Liste sein",
    "dict_type": "muss ein Objekt sein",
    "model_type": "muss ein Objekt sein",
    "model_attributes_type": "muss ein Objekt sein",
}

M = TypeVar("M", bound=Strict)


def check(model: type[M], value: Any, path: str = "") -> dict[str, Any]:
    """``value`` as the model allows it (exactly the fields it had), or :class:`SchemaError`
    with a German sentence naming the first field that does not fit."""
    try:
        parsed = model.model_validate(value)
    except ValidationError as exc:
        error = exc.errors()[0]
        where = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in error["loc"])
        full = (path + where) if path else where.lstrip(".")
        reason = _REASONS.get(error["type"], "ist nicht erlaubt")
        if error["type"] == "value_error":
            reason = str(error["ctx"].get("error", "ist nicht erlaubt"))
        raise SchemaError(full, reason + ".") from None
    return parsed.model_dump(mode="json", by_alias=True, exclude_unset=True)
