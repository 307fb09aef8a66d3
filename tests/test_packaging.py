"""The laptop install does not pull the office server; ``kimdesk[office]`` does.

Builds the wheel (as pip would) and reads the dependencies from its metadata.
"""

from __future__ import annotations

import subprocess
import sys
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from kimdesk.office import entry

ROOT = Path(__file__).resolve().parents[1]
SERVER = {"fastapi", "uvicorn", "pg8000", "jinja2", "argon2-cffi", "python-multipart"}


@pytest.fixture(scope="module")
def requirements(tmp_path_factory) -> list[Requirement]:
    out = tmp_path_factory.mktemp("wheel")
    done = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w",
                           str(out), str(ROOT)], capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    (wheel,) = out.glob("kimdesk-*.whl")
    with zipfile.ZipFile(wheel) as z:
        name = next(n for n in z.namelist() if n.endswith(".dist-info/METADATA"))
        metadata = Parser().parsestr(z.read(name).decode("utf-8"))
    return [Requirement(r) for r in metadata.get_all("Requires-Dist")]


def _names(reqs: list[Requirement], extra: str | None) -> set[str]:
    env = {"extra": extra or ""}
    return {r.name.lower() for r in reqs if r.marker is None or r.marker.evaluate(env)}


def test_laptop_install_has_no_server_dependencies(requirements):
    laptop = _names(requirements, None)  # no extra; markers such as python_version apply
    assert not laptop & SERVER, sorted(laptop & SERVER)
    assert {"pyside6-essentials", "sqlcipher3", "httpx", "pydantic"} <= laptop


def test_office_extra_brings_the_server(requirements):
    office = _names([r for r in requirements if r.marker is not None], "office")
    assert office >= SERVER


def test_test_extra_includes_the_office(requirements):
    tests = [r for r in requirements if r.marker is not None and r.marker.evaluate(
        {"extra": "test"})]
    assert any(r.name == "kimdesk" and "office" in r.extras for r in tests)


def test_office_command_without_the_extra_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setattr(entry, "missing", lambda: ["fastapi", "uvicorn"])
    assert entry.main() == 1
    err = capsys.readouterr().err
    assert 'pip install "kimdesk[office]"' in err and "fastapi" in err
