"""The command line as a whole process: ``kimdesk --help``, ``kimdesk find`` and the peak
memory of find — each beside a bare ``python -c "import sqlcipher3"`` in the same run."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time

from benchmarks.bench_start import PEAK
from benchmarks.report import scenario, timed
from benchmarks.stores import PASSPHRASE, cleanup, client_count, encrypted_store, fill, workdir
from kimdesk.store.key_slots import KdfParams

#: The process reports its own peak memory (VmHWM) on the way out, on stderr's last line.
_REPORT = PEAK + """
import atexit, sys
atexit.register(lambda: sys.stderr.write(f"\\npeak_kb {peak_kb()}\\n"))
"""
BARE = [sys.executable, "-c", _REPORT + "import sqlcipher3"]
KIMDESK = [sys.executable, "-c", _REPORT + "import runpy\nsys.argv[0] = 'kimdesk'\n"
           "runpy.run_module('kimdesk.cli', run_name='__main__')"]


def _installed(env: dict[str, str] | None = None) -> dict[str, str]:
    """The environment of an installed KIMdesk: with compiled bytecode. The environment here
    may set PYTHONDONTWRITEBYTECODE; a process that may not write bytecode compiles every
    module of the editable checkout at every start, and the figure would measure the
    compiler (as in bench_start; one uncounted run per command writes it)."""
    return {k: v for k, v in (env or os.environ).items() if k != "PYTHONDONTWRITEBYTECODE"}


def _process(argv: list[str], env: dict[str, str] | None = None) -> tuple[float, int]:
    """Wall seconds and peak resident memory (KiB) of one whole process."""
    start = time.perf_counter()
    done = subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                          env=_installed(env), text=True, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        raise RuntimeError(f"{argv[3:]} failed: {done.stderr[-500:]}")
    return elapsed, int(done.stderr.strip().rsplit("peak_kb ", 1)[1])


def _median(argv: list[str], runs: int, env: dict[str, str] | None = None
            ) -> tuple[float, int]:
    """Median time and largest peak memory; the two commands take turns with the bare one."""
    _process(argv, env)  # uncounted: writes the bytecode, as installing does
    samples = [_process(argv, env) for _ in range(runs)]
    return statistics.median(s[0] for s in samples), max(s[1] for s in samples)


def run(quick: bool) -> dict[str, dict]:
    runs = 5 if quick else 9
    results: dict[str, dict] = {}
    root = workdir()
    try:
        bare_s, bare_kib = _median(BARE, runs)
        help_s, help_kib = _median([*KIMDESK, "--help"], runs)
        results["cli_help_process"] = scenario(
            help_s, "s", baseline=bare_s, target="≤ 0.3 s",
            load_average=round(os.getloadavg()[0], 1),
            peak_mib=round(help_kib / 1024, 1), baseline_peak_mib=round(bare_kib / 1024, 1))

        tuned = KdfParams.tuned()
        store = encrypted_store(root / "store", kdf=tuned)
        fill(store, client_count(quick))
        store.close()
        kdf_s = min(timed(lambda: tuned.derive(PASSPHRASE.encode())) for _ in range(3))
        env = {k: v for k, v in os.environ.items() if not k.startswith("KIMDESK_")}
        env["KIMDESK_PASSPHRASE"] = PASSPHRASE
        find = [*KIMDESK, "find", "--store", str(root / "store"), "mohamad hasan", "--json"]
        bare_s, bare_kib = _median(BARE, runs)
        find_s, find_kib = _median(find, runs, env)
        results["cli_find_process"] = scenario(
            find_s, "s", baseline=bare_s, target=f"≤ KDF + 0.5 s = {kdf_s + 0.5:.2f} s",
            kdf_s=round(kdf_s, 3), clients=client_count(quick),
            load_average=round(os.getloadavg()[0], 1), within_target=find_s <= kdf_s + 0.5)
        results["cli_find_peak_memory"] = scenario(
            find_kib / 1024, "MiB", baseline=bare_kib / 1024, target="≤ 120 MiB",
            within_target=find_kib / 1024 <= 120)
    finally:
        cleanup(root)
    return results


if __name__ == "__main__":
    for name, result in run(quick="--quick" in sys.argv).items():
        print(name, result)
