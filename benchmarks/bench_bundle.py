"""The frozen bundle: its size, how long PyInstaller takes, and start to unlocked desk.

Start time is the whole process, measured from outside: ``kimdesk self-test --open-desk``
starts the desk on a demo profile (2,000 clients quick, 10,000 full; passphrase KDF tuned
to this machine as for a real profile), unlocks it, waits until Heute is loaded and exits.
The baseline is the same command from this virtualenv, in the same run.
"""

import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.report import scenario

PASSPHRASE = "bench-passphrase"


def _profile(home: Path, clients: int) -> Path:
    from kimdesk.casework.profiles import create_profile
    from kimdesk.demo.generator import DemoGenerator

    profile, store, _ = create_profile("Benchmark", "kleve", PASSPHRASE, "Bench",
                                       base=home / "profiles")
    try:
        DemoGenerator(store, seed=7).generate(clients)
    finally:
        store.close()
    return profile.folder


def _start_to_desk(command: list[str], home: Path) -> tuple[float, float]:
    """Wall-clock seconds of the whole process, and the CPU seconds it used (the CPU figure
    does not grow when other jobs load the machine)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("KIMDESK_", "QT_"))
           and k != "PYTHONDONTWRITEBYTECODE"}  # the venv as installed: bytecode compiled
    env.update(KIMDESK_HOME=str(home), KIMDESK_PASSPHRASE=PASSPHRASE,
               QT_QPA_PLATFORM="offscreen")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=600)
    seconds = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0 or "entsperrt" not in done.stdout:
        raise RuntimeError(f"{command[0]} did not reach the desk: {done.stderr[-500:]}")
    return seconds, after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime


def run(quick: bool) -> dict[str, dict]:
    from installer.bundle import build

    bundle = build()
    size_mb = bundle.size_bytes() / 1e6
    clients = 2000 if quick else 10000
    runs = 3 if quick else 5
    with tempfile.TemporaryDirectory(prefix="kimdesk-bench-bundle-") as tmp:
        home = Path(tmp)
        folder = _profile(home, clients)
        args = ["self-test", "--open-desk", str(folder)]
        venv_runs, frozen_runs = [], []
        load = [os.getloadavg()[0]]
        _start_to_desk([sys.executable, "-m", "kimdesk.cli", *args], home)  # its bytecode
        for _ in range(runs):  # alternating, so load on the machine hits both alike
            venv_runs.append(_start_to_desk([sys.executable, "-m", "kimdesk.cli", *args],
                                            home))
            frozen_runs.append(_start_to_desk([str(bundle.executable), *args], home))
            load.append(os.getloadavg()[0])
    note = (f"{clients} clients, median of {runs} runs, whole process; passphrase KDF tuned "
            "to this machine as for a real profile (included)")
    machine = {"load_average_1min": [round(v, 2) for v in load], "cores": os.cpu_count()}

    def median(samples: list[tuple[float, float]], i: int) -> float:
        return statistics.median(s[i] for s in samples)

    frozen = median(frozen_runs, 0)
    return {
        "bundle_size": scenario(size_mb, "MB", None, "<= 250 MB",
                                met=size_mb <= 250, folder=bundle.folder.name,
                                largest=_largest(bundle.folder)),
        "bundle_build": scenario(bundle.seconds, "s", None, "CI under 30 min in all",
                                 cached=bundle.cached),
        "bundle_start_to_unlocked_desk": scenario(
            frozen, "s", median(venv_runs, 0), "<= 2 s", met=frozen <= 2.0, note=note,
            baseline_is="the same from the venv", runs=[round(r[0], 3) for r in frozen_runs],
            baseline_runs=[round(r[0], 3) for r in venv_runs], **machine),
        "bundle_start_to_unlocked_desk_cpu": scenario(
            median(frozen_runs, 1), "s CPU", median(venv_runs, 1), None,
            note="user+system CPU of the process", runs=[round(r[1], 3) for r in frozen_runs],
            baseline_runs=[round(r[1], 3) for r in venv_runs]),
    }


def _largest(folder: Path, top: int = 12) -> dict[str, float]:
    """MB per top-level entry of ``_internal`` (the packages and libraries), largest first:
    where the size goes."""
    internal = folder / "_internal"
    sizes = {}
    for entry in internal.iterdir():
        files = [entry] if entry.is_file() else [p for p in entry.rglob("*") if p.is_file()]
        sizes[entry.name] = sum(p.stat().st_size for p in files if not p.is_symlink()) / 1e6
    return {name: round(mb, 1) for name, mb in
            sorted(sizes.items(), key=lambda item: -item[1])[:top]}
