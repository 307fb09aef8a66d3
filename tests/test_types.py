"""mypy over kimdesk/ (configured in pyproject.toml) finds no error, so every helper keeps
the types honest once this lands."""

import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def _mypy(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    mypy = shutil.which("mypy", path=str(Path(sys.executable).parent))
    assert mypy, "mypy is part of the test extra"
    return subprocess.run([mypy, *args], cwd=cwd, capture_output=True, text=True, timeout=1800)


def test_mypy_finds_no_error_in_kimdesk():
    done = _mypy()
    assert done.returncode == 0, done.stdout[-8000:] + done.stderr[-2000:]
    assert "Success: no issues found" in done.stdout


def test_mypy_reports_a_type_error(tmp_path):
    """The check can fail: a wrong type is reported."""
    (tmp_path / "wrong.py").write_text("def f(x: int) -> str:\n    return x\n")
    done = _mypy("--no-incremental", "wrong.py", cwd=tmp_path)
    assert done.returncode == 1 and "Incompatible return value type" in done.stdout
