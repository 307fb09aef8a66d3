"""The house holds: the layer contracts of DESIGN.md (import-linter, configured in
pyproject.toml) and a command line that imports only the command it runs."""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from kimdesk import cli, commands

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    assert lint_imports, "import-linter is part of the test extra"
    done = subprocess.run([lint_imports, "--no-cache"], cwd=ROOT, capture_output=True,
                          text=True, timeout=600)
    assert done.returncode == 0, done.stdout[-6000:] + done.stderr[-2000:]
    assert "broken" not in done.stdout.split("Contracts:")[-1].replace("0 broken", "")


def test_a_broken_contract_is_reported(tmp_path):
    """The check can fail: a package that imports what it must not is caught."""
    package = tmp_path / "house"
    (package / "low").mkdir(parents=True)
    (package / "high").mkdir()
    for part in (package, package / "low", package / "high"):
        (part / "__init__.py").write_text("")
    (package / "high" / "view.py").write_text("")
    (package / "low" / "rows.py").write_text("from house.high import view\n")
    (tmp_path / ".importlinter").write_text(
        "[importlinter]\nroot_package = house\n\n[importlinter:contract:layers]\n"
        "name = layers\ntype = layers\nlayers =\n    house.high\n    house.low\n")
    lint_imports = shutil.which("lint-imports", path=str(Path(sys.executable).parent))
    done = subprocess.run([lint_imports, "--no-cache"], cwd=tmp_path, capture_output=True,
                          text=True, timeout=600, env={"PYTHONPATH": str(tmp_path)})
    assert done.returncode == 1
    assert "house.low.rows -> house.high.view" in done.stdout


HEAVY = ("sqlalchemy", "sqlcipher3", "PySide6", "scipy", "numpy", "reportlab", "httpx")


def _modules_after(argv: list[str], env: dict[str, str] | None = None) -> set[str]:
    code = ("import json, sys\nfrom kimdesk import cli\n"
            "try:\n    cli.main(sys.argv[1:])\nexcept SystemExit:\n    pass\n"
            "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))")
    done = subprocess.run([sys.executable, "-c", code, *argv], capture_output=True, text=True,
                          timeout=300, cwd=ROOT, env=env)
    assert done.stdout.strip(), done.stderr[-2000:]
    return set(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize("argv", [["--help"], ["-h"], ["find", "--help"]])
def test_help_imports_no_database_qt_or_scipy(argv):
    loaded = _modules_after(argv)
    assert not loaded & set(HEAVY), sorted(loaded & set(HEAVY))


def test_find_loads_the_driver_but_no_sqlalchemy_qt_scipy_or_printing(store):
    """The search reads in plain SQL (casework.client_search): no ORM to load."""
    from tests.conftest import PASSPHRASE

    folder = store.folder
    store.close()
    env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
    env["KIMDESK_PASSPHRASE"] = PASSPHRASE
    loaded = _modules_after(["find", "--store", str(folder), "hassan"], env)
    assert "sqlcipher3" in loaded
    assert not loaded & {"sqlalchemy", "PySide6", "scipy", "numpy", "reportlab", "httpx"}


def test_every_command_module_is_listed_and_registers_its_name():
    modules = {m.name for m in pkgutil.iter_modules(commands.__path__)} - {"common"}
    assert modules == {module for module, _ in cli.COMMANDS.values()}
    for name, (module, _help) in cli.COMMANDS.items():
        sub = argparse.ArgumentParser().add_subparsers()
        importlib.import_module(f"kimdesk.commands.{module}").register(sub)
        assert list(sub.choices) == [name]


def test_a_missing_command_module_is_an_error_not_skipped(monkeypatch):
    monkeypatch.setitem(cli.COMMANDS, "nothing", ("does_not_exist", "gibt es nicht"))
    with pytest.raises(ModuleNotFoundError):
        cli.build_parser(["nothing"])
