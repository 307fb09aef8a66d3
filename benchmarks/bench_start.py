"""Whole-process start: from launching Python to the unlocked desk showing Heute, with
10,000 clients (2,000 quick), beside a bare PySide6 window with a 10,000-row table started
the same way in the same run; resident memory (peak RSS) of both.

The passphrase KDF is excluded (the store's key slot uses the smallest Argon2id
parameters); everything else — imports, opening the encrypted store, the first screen —
is in. Each process prints one line when its window is ready; the clock runs in the parent.
"""

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report import scenario

PASSPHRASE = "bench-start-passphrase-7"

#: peak resident memory of this process image: VmHWM (ru_maxrss keeps the parent's peak
#: across fork and exec, so it would report the benchmark's own size)
PEAK = """
import re, resource
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
"""

BARE = PEAK + """
import resource, sys
from PySide6.QtCore import QAbstractTableModel, Qt
from PySide6.QtWidgets import QApplication, QMainWindow, QTableView
ROWS = int(sys.argv[1])
class Model(QAbstractTableModel):
    def rowCount(self, parent=None): return ROWS
    def columnCount(self, parent=None): return 4
    def data(self, index, role=Qt.ItemDataRole.DisplayRole):
        if role == Qt.ItemDataRole.DisplayRole:
            return f"Zeile {index.row()} Spalte {index.column()}"
        return None
app = QApplication(sys.argv[:1])
window = QMainWindow()
view = QTableView()
view.setModel(Model())
window.setCentralWidget(view)
window.resize(1280, 720)
window.show()
app.processEvents()
print("ready", peak_kb(), flush=True)
"""

DESK = PEAK + """
import resource, sys
from pathlib import Path
from kimdesk.ui.app import demo_profile, make_application
from kimdesk.ui.main_window import AppOptions, MainWindow
app = make_application()
window = MainWindow(AppOptions(demo_profile=demo_profile(Path(sys.argv[1])),
                               demo_passphrase=sys.argv[2]))
window.resize(1280, 720)
window.show()
window.unlock_view.submit()
import time
while not (window.state() == "work" and window.workspace.today.agenda is not None):
    app.processEvents()
    time.sleep(0.002)
app.processEvents()
loaded = sorted({m.split(".")[0] for m in sys.modules})
print("ready", peak_kb(), flush=True)
print(" ".join(loaded), flush=True)
window.shutdown()
"""


def _launch(code: str, *args: str) -> tuple[float, float, str]:
    """Seconds from spawn to "ready", peak RSS in MB, and what it printed after."""
    env = {**os.environ, "QT_QPA_PLATFORM": os.environ.get("QT_QPA_PLATFORM", "offscreen")}
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    rest = proc.stdout.read()
    proc.wait(timeout=300)
    if not line.startswith("ready"):
        raise RuntimeError(f"the process did not start: {line!r}")
    return elapsed, int(line.split()[1]) / 1024, rest.strip()


def _store(home: Path, clients: int) -> Path:
    from kimdesk.casework.profiles import create_profile
    from kimdesk.demo.generator import DemoGenerator
    from kimdesk.store.key_slots import KdfParams

    profile, store, _ = create_profile("Start", "kleve", PASSPHRASE, "Bench",
                                       kdf=KdfParams.fast(), base=home / "profiles")
    try:
        DemoGenerator(store, seed=11).generate(clients)
    finally:
        store.close()
    return profile.folder


def run(quick: bool) -> dict[str, dict]:
    clients = 2000 if quick else 10000
    label = "" if clients == 10000 else f" ({clients} clients, quick)"
    rounds = 2 if quick else 3
    with tempfile.TemporaryDirectory(prefix="kimdesk-bench-start-") as home:
        previous = os.environ.get("KIMDESK_HOME")
        os.environ["KIMDESK_HOME"] = home
        try:
            folder = _store(Path(home), clients)
            bare, desk = [], []
            modules = ""
            for _ in range(rounds):  # alternating, so load on the machine hits both alike
                bare.append(_launch(BARE, str(clients)))
                *measured, modules = _launch(DESK, str(folder), PASSPHRASE)
                desk.append(tuple(measured))
        finally:
            if previous is None:
                os.environ.pop("KIMDESK_HOME", None)
            else:
                os.environ["KIMDESK_HOME"] = previous
    bare_s = statistics.median(b[0] for b in bare)
    desk_s = statistics.median(d[0] for d in desk)
    bare_mb = statistics.median(b[1] for b in bare)
    desk_mb = statistics.median(d[1] for d in desk)
    heavy = sorted(set(modules.split()) & {"scipy", "numpy", "alembic", "httpx", "reportlab",
                                           "openpyxl", "uharfbuzz", "pypdfium2", "fastapi"})
    return {
        f"start: process start to unlocked desk with Heute{label}": scenario(
            desk_s, "s", baseline=bare_s, target="≤ 4 × a bare PySide6 window with a "
            f"{clients}-row table", clients=clients, runs=[round(d[0], 3) for d in desk],
            baseline_runs=[round(b[0], 3) for b in bare], kdf="excluded (minimal Argon2id)",
            heavy_modules_loaded=heavy),
        f"start: peak resident memory of the unlocked desk{label}": scenario(
            desk_mb, "MB", baseline=bare_mb, target="≤ 160 MB", clients=clients),
    }


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), indent=2, ensure_ascii=False))
