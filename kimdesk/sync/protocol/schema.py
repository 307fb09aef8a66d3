"""A small allow-list schema language: what is not declared cannot pass.

Each node checks a JSON value and returns it; a mismatch raises :class:`SchemaError` with a
German reason that names the path of the offending field. Objects reject every key they do
not declare, which is the point: a field that is not in the schema cannot leave the laptop.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any


class SchemaError(ValueError):
    """``str(err)`` is a German sentence naming the offending field."""

    def __init__(self, path: str, problem: str) -> None:
        self.path = path or "(Wurzel)"
        self.problem = problem
        super().__init__(f"Feld „{self.path}“: {problem}")


def _join(path: str, part: str | int) -> str:
    if isinstance(part, int):
        return f"{path}[{part}]"
    return f"{path}.{part}" if path else part


class Node:
    def check(self, value: Any, path: str = "") -> Any:  # pragma: no cover - interface
        raise NotImplementedError


@dataclass(frozen=True)
class Const(Node):
    value: str

    def check(self, value: Any, path: str = "") -> Any:
        if value != self.value:
            raise SchemaError(path, f"erwartet „{self.value}“.")
        return value


@dataclass(frozen=True)
class Str(Node):
    max_len: int = 200
    pattern: str | None = None
    min_len: int = 0

    def check(self, value: Any, path: str = "") -> Any:
        if not isinstance(value, str):
            raise SchemaError(path, "muss ein Text sein.")
        if not self.min_len <= len(value) <= self.max_len:
            raise SchemaError(path, f"Länge muss zwischen {self.min_len} und {self.max_len} "
                                    "Zeichen liegen.")
        if self.pattern and not re.fullmatch(self.pattern, value):
            raise SchemaError(path, "hat nicht das erlaubte Format.")
        if "\x00" in value:
            raise SchemaError(path, "enthält ein Nullzeichen.")
        return value


@dataclass(frozen=True)
class Int(Node):
    minimum: int = 0
    maximum: int = 10**9
    nullable: bool = False

    def check(self, value: Any, path: str = "") -> Any:
        if value is None and self.nullable:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise SchemaError(path, "muss eine ganze Zahl sein.")
        if not self.minimum <= value <= self.maximum:
            raise SchemaError(path, f"muss zwischen {self.minimum} und {self.maximum} liegen.")
        return value


@dataclass(frozen=True)
class Num(Node):
    """A finite number (int or float) within bounds."""

    minimum: float = 0.0
    maximum: float = 1.0

    def check(self, value: Any, path: str = "") -> Any:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise SchemaError(path, "muss eine Zahl sein.")
        if not self.minimum <= value <= self.maximum:  # also false for NaN
            raise SchemaError(path, f"muss zwischen {self.minimum:g} und {self.maximum:g} "
                                    "liegen.")
        return value


@dataclass(frozen=True)
class List(Node):
    item: Node
    max_items: int = 100
    min_items: int = 0
    unique: bool = False

    def check(self, value: Any, path: str = "") -> Any:
        if not isinstance(value, list):
            raise SchemaError(path, "muss eine Liste sein.")
        if not self.min_items <= len(value) <= self.max_items:
            raise SchemaError(path, f"muss {self.min_items} bis {self.max_items} Einträge haben.")
        out = [self.item.check(v, _join(path, i)) for i, v in enumerate(value)]
        if self.unique and len({repr(v) for v in out}) != len(out):
            raise SchemaError(path, "enthält doppelte Einträge.")
        return out


@dataclass(frozen=True)
class Map(Node):
    """An object with free keys (matched by ``key``) and uniform values."""

    key: Str
    value: Node
    max_items: int = 50

    def check(self, value: Any, path: str = "") -> Any:
        if not isinstance(value, Mapping):
            raise SchemaError(path, "muss ein Objekt sein.")
        if len(value) > self.max_items:
            raise SchemaError(path, f"darf höchstens {self.max_items} Einträge haben.")
        out = {}
        for k, v in value.items():
            self.key.check(k, _join(path, str(k)))
            out[k] = self.value.check(v, _join(path, str(k)))
        return out


@dataclass(frozen=True)
class Obj(Node):
    required: Mapping[str, Node]
    optional: Mapping[str, Node] = field(default_factory=dict)

    def check(self, value: Any, path: str = "") -> Any:
        if not isinstance(value, Mapping):
            raise SchemaError(path, "muss ein Objekt sein.")
        for key in value:
            if key not in self.required and key not in self.optional:
                raise SchemaError(_join(path, str(key)), "ist nicht erlaubt (nicht im Schema).")
        for key in self.required:
            if key not in value:
                raise SchemaError(_join(path, key), "fehlt.")
        out = {}
        for key, v in value.items():
            node = self.required.get(key) or self.optional[key]
            out[key] = node.check(v, _join(path, key))
        return out


@dataclass(frozen=True)
class Nullable(Node):
    inner: Node

    def check(self, value: Any, path: str = "") -> Any:
        return None if value is None else self.inner.check(value, path)
