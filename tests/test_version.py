"""One version number: ``[project] version`` in pyproject.toml, and everything says that."""

import tomllib
from pathlib import Path

import kimdesk
from tests.conftest import run_cli

ROOT = Path(__file__).resolve().parent.parent
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]


def test_package_version_is_pyproject_version():
    assert kimdesk.__version__ == VERSION


def test_cli_prints_the_version():
    done = run_cli("--version")
    assert (done.returncode, done.stdout.strip()) == (0, f"KIMdesk {VERSION}")


def test_changelog_has_a_section_for_the_version():
    changelog = (ROOT / "CHANGELOG.md").read_text("utf-8")
    assert f"## [{VERSION}]" in changelog
    assert "## [Unreleased]" in changelog


def test_office_api_declares_the_same_version(tmp_path):
    from kimdesk.office.app import create_app
    from kimdesk.office.db import open_database

    engine = open_database(f"sqlite:///{tmp_path}/office.db")
    assert create_app(engine).fastapi.openapi()["info"]["version"] == VERSION
    engine.dispose()
