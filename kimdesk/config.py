"""Where KIMdesk keeps things: profile stores and non-secret settings, per platform.

``KIMDESK_HOME`` overrides the base folder (tests, portable installs). Secrets never live
here: the passphrase is never stored, the keyring holds only a device wrapping key.
"""

import json
import os
from dataclasses import asdict, dataclass, field
from pathlib import Path

from platformdirs import user_config_dir, user_data_dir

from kimdesk.store.atomic import write_atomic

APP = "KIMdesk"
DEMO_PASSPHRASE = "demo-passphrase"


def base_dir() -> Path:
    override = os.environ.get("KIMDESK_HOME")
    return Path(override) if override else Path(user_data_dir(APP, appauthor=False))


def config_dir() -> Path:
    override = os.environ.get("KIMDESK_HOME")
    return Path(override) / "config" if override else Path(user_config_dir(APP, appauthor=False))


def profiles_dir() -> Path:
    return base_dir() / "profiles"


def demo_store_dir() -> Path:
    return base_dir() / "demo"


@dataclass
class Settings:
    """Non-secret preferences, one JSON file; unknown keys from newer versions are kept out."""

    idle_lock_minutes: int = 5
    last_profile: str = ""
    ui_scale_hint: float = 1.0
    window_geometry: str = ""  # Qt's saveGeometry(), base64: size and place of the window
    #: where the case manager dragged each divider: splitter name → Qt's saveState(), base64
    splitters: dict[str, str] = field(default_factory=dict)

    @classmethod
    def load(cls) -> "Settings":
        path = config_dir() / "settings.json"
        try:
            data = json.loads(path.read_text("utf-8"))
        except (OSError, ValueError):
            return cls()
        known = {k: v for k, v in data.items() if k in cls.__dataclass_fields__}
        splitters = known.get("splitters")
        if not isinstance(splitters, dict) or not all(
                isinstance(k, str) and isinstance(v, str) for k, v in splitters.items()):
            known.pop("splitters", None)  # a hand-edited file: the dividers start afresh
        return cls(**known)

    def save(self) -> None:
        folder = config_dir()
        folder.mkdir(parents=True, exist_ok=True)
        write_atomic(folder / "settings.json", json.dumps(asdict(self), indent=2).encode())
