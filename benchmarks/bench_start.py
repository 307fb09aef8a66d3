"""Whole-process start: from launching Python to the unlocked desk showing Heute, with
10,000 clients (2,000 quick), beside a bare PySide6 window with a 10,000-row table started
the same way in the same run; resident memory (peak RSS) of both. The passphrase is
submitted the moment the unlock screen is up (no typing time in which anything could load
ahead); a companion figure says when the desk is ready to edit (SQLAlchemy loaded).

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
from dataclasses import dataclass
from pathlib import Path

from benchmarks.report import scenario

PASSPHRASE = "bench-start-passphrase-7"

#: peak resident memory of this process image: VmHWM (ru_maxrss keeps the parent's peak
#: across fork and exec, so it would report the benchmark's own size)
PEAK = """
import re, resource, time
def peak_kb():
    try:
        with open("/proc/self/status") as status:
            return int(re.search(r"VmHWM:\\s+(\\d+)", status.read()).group(1))
    except (OSError, AttributeError):
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
def ready(label="ready"):
    # peak RSS, then the CPU seconds of every thread so far (user + system)
    print(label, peak_kb(), time.process_time(), flush=True)
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
ready()
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
app.processEvents()
ready("window")  # the unlock screen is on screen
window.unlock_view.submit()
while not (window.state() == "work" and window.workspace.today.agenda is not None):
    app.processEvents()
    time.sleep(0.002)
app.processEvents()
loaded = sorted({m.split(".")[0] for m in sys.modules})
ready()
print(" ".join(loaded), flush=True)
while window.store_libraries != "loaded":  # the editing libraries, loaded after Heute
    app.processEvents()
    time.sleep(0.002)
ready("editable")
window.shutdown()
"""


@dataclass
class Launch:
    """One process: seconds from spawn to each line it printed, its figures at "ready"."""

    seconds: float  # wall clock, spawn to "ready"
    mb: float  # peak resident memory at "ready"
    cpu_s: float  # CPU seconds of all its threads at "ready"
    window_s: float | None  # wall clock, spawn to its first window (the desk's unlock screen)
    after: str  # what it printed after "ready"
    editable_s: float | None = None  # wall clock, spawn to "editable" (the desk only)


def _launch(code: str, *args: str) -> Launch:
    # as installed: with compiled bytecode (a process that may not write it would compile
    # every changed module at every start, and the figure would measure the compiler)
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["QT_QPA_PLATFORM"] = os.environ.get("QT_QPA_PLATFORM", "offscreen")
    started = time.perf_counter()
    proc = subprocess.Popen([sys.executable, "-c", code, *args], stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdout is not None
    window_s = None
    line = proc.stdout.readline()
    if line.startswith("window"):
        window_s = time.perf_counter() - started
        line = proc.stdout.readline()
    elapsed = time.perf_counter() - started
    after = proc.stdout.readline()
    editable_s = None
    if proc.stdout.readline().startswith("editable"):
        editable_s = time.perf_counter() - started
    proc.stdout.read()
    proc.wait(timeout=300)
    if not line.startswith("ready"):
        raise RuntimeError(f"the process did not start: {line!r}")
    _, kb, cpu = line.split()
    return Launch(elapsed, int(kb) / 1024, float(cpu), window_s, after.strip(), editable_s)


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
    rounds = 3 if quick else 5
    with tempfile.TemporaryDirectory(prefix="kimdesk-bench-start-") as home:
        previous = os.environ.get("KIMDESK_HOME")
        os.environ["KIMDESK_HOME"] = home
        try:
            folder = _store(Path(home), clients)
            bare: list[Launch] = []
            desk: list[Launch] = []
            load = [os.getloadavg()[0]]
            for code, args in ((BARE, [str(clients)]), (DESK, [str(folder), PASSPHRASE])):
                _launch(code, *args)  # not counted: writes the bytecode of what changed
            for _ in range(rounds):  # alternating, so load on the machine hits both alike
                bare.append(_launch(BARE, str(clients)))
                desk.append(_launch(DESK, str(folder), PASSPHRASE))
                load.append(os.getloadavg()[0])
        finally:
            if previous is None:
                os.environ.pop("KIMDESK_HOME", None)
            else:
                os.environ["KIMDESK_HOME"] = previous

    def median(runs: list[Launch], figure: str) -> float:
        return statistics.median(getattr(r, figure) for r in runs)

    heavy = sorted(set(desk[-1].after.split()) & {
        "scipy", "numpy", "alembic", "httpx", "reportlab", "openpyxl", "uharfbuzz",
        "pypdfium2", "fastapi", "phonenumbers", "rapidfuzz"})
    machine = {"load_average_1min": [round(v, 2) for v in load], "cores": os.cpu_count()}
    return {
        f"start: process start to unlocked desk with Heute{label}": scenario(
            median(desk, "seconds"), "s", baseline=median(bare, "seconds"),
            target=f"≤ 4 × a bare PySide6 window with a {clients}-row table",
            clients=clients, runs=[round(d.seconds, 3) for d in desk],
            baseline_runs=[round(b.seconds, 3) for b in bare],
            kdf="excluded (minimal Argon2id)", heavy_modules_loaded=heavy, **machine),
        f"start: CPU seconds to unlocked desk with Heute{label}": scenario(
            median(desk, "cpu_s"), "s CPU", baseline=median(bare, "cpu_s"),
            target="(the wall clock's companion: it does not grow with the machine's load)",
            runs=[round(d.cpu_s, 3) for d in desk],
            baseline_runs=[round(b.cpu_s, 3) for b in bare]),
        f"start: process start to the unlock screen{label}": scenario(
            median(desk, "window_s"), "s", baseline=median(bare, "seconds"),
            target="the first screen as soon as a bare window",
            runs=[round(d.window_s or 0, 3) for d in desk]),
        f"start: process start to the desk ready to edit{label}": scenario(
            median(desk, "editable_s"), "s", baseline=median(bare, "seconds"),
            target="(companion: Heute reads without SQLAlchemy; the editing libraries load "
                   "right after it, or while a passphrase is typed)",
            runs=[round(d.editable_s or 0, 3) for d in desk]),
        f"start: peak resident memory of the unlocked desk{label}": scenario(
            median(desk, "mb"), "MB", baseline=median(bare, "mb"), target="≤ 160 MB",
            clients=clients, runs=[round(d.mb, 1) for d in desk]),
    }


if __name__ == "__main__":
    print(json.dumps(run("--quick" in sys.argv), indent=2, ensure_ascii=False))
