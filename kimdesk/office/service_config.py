"""The office's settings when it runs as a service: the command line wins over the
environment (``KIMDESK_OFFICE_DB`` …), which wins over a config file (TOML, named by
``--config`` or ``KIMDESK_OFFICE_CONFIG``), which wins over the built-in defaults.

A systemd unit or a container sets the environment or mounts the file; nothing needs to
be spelled out on ``ExecStart``. Unknown keys and bad values are refused with a German
message naming the file or variable, so a typo never starts an office with defaults.
"""

import os
import tomllib
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

ENV_PREFIX = "KIMDESK_OFFICE_"
CONFIG_ENV = "KIMDESK_OFFICE_CONFIG"


def _positive(kind: Callable[[str], Any]) -> Callable[[str], Any]:
    def convert(raw: str) -> Any:
        value = kind(raw)
        if value <= 0:
            raise ValueError(raw)
        return value
    return convert


#: setting -> how a text value becomes the setting (the same names as the serve options)
SETTINGS: dict[str, Callable[[str], Any]] = {
    "db": str,
    "host": str,
    "port": _positive(int),
    "certfile": Path,
    "keyfile": Path,
    "forwarded_allow_ips": str,
    "log_level": str,
    "header_timeout": _positive(float),
    "request_timeout": _positive(float),
    "max_connections_per_client": _positive(int),
}


class ServiceConfigError(ValueError):
    """A config file or variable that cannot be used; ``str()`` is the German sentence."""


def service_settings(config_file: Path | None = None,
                     environ: Mapping[str, str] = os.environ) -> dict[str, Any]:
    """The settings from the config file and the environment, the environment winning."""
    values: dict[str, Any] = {}
    path = config_file or (Path(environ[CONFIG_ENV]) if environ.get(CONFIG_ENV) else None)
    if path is not None:
        values.update(read_config_file(path))
    for key, convert in SETTINGS.items():
        name = ENV_PREFIX + key.upper()
        raw = environ.get(name, "")
        if raw != "":
            values[key] = _convert(key, convert, raw, name)
    return values


def read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except OSError as exc:
        raise ServiceConfigError(f"Die Einstellungsdatei {path} ist nicht lesbar "
                                 f"({exc.strerror}).") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ServiceConfigError(f"Die Einstellungsdatei {path} ist kein gültiges TOML "
                                 f"({exc}).") from None
    unknown = sorted(set(data) - set(SETTINGS))
    if unknown:
        raise ServiceConfigError(f"Unbekannte Einstellung {', '.join(unknown)} in {path}. "
                                 f"Erlaubt: {', '.join(SETTINGS)}.")
    return {key: _convert(key, SETTINGS[key], str(value), f"{key} in {path}")
            for key, value in data.items()}


def _convert(key: str, convert: Callable[[str], Any], raw: str, where: str) -> Any:
    try:
        return convert(raw)
    except (TypeError, ValueError):
        raise ServiceConfigError(f"Ungültiger Wert „{raw}“ für {where}.") from None
