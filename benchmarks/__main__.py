"""Run every ``bench_*`` module and write one JSON report."""

import argparse
import importlib
import json
import pkgutil
import platform
import sys
import time
from pathlib import Path

import benchmarks


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks")
    parser.add_argument("--out", type=Path, default=Path("benchmark-report.json"))
    parser.add_argument("--quick", action="store_true", help="smaller data, for CI")
    parser.add_argument("--only", default="", help="run only modules whose name contains this")
    args = parser.parse_args(argv)
    scenarios: dict[str, dict] = {}
    started = time.time()
    for info in sorted(pkgutil.iter_modules(benchmarks.__path__), key=lambda i: i.name):
        if not info.name.startswith("bench_") or args.only not in info.name:
            continue
        module = importlib.import_module(f"benchmarks.{info.name}")
        print(f"… {info.name}", file=sys.stderr, flush=True)
        results = module.run(args.quick)
        for name, result in results.items():
            scenarios[name] = result
            print(f"  {name}: {result['value']} {result['unit']} (baseline {result['baseline']}, "
                  f"ratio {result['ratio']}, target {result['target']})", file=sys.stderr)
    report = {"quick": args.quick, "python": platform.python_version(),
              "machine": platform.machine(), "seconds": round(time.time() - started, 1),
              "scenarios": scenarios}
    args.out.write_text(json.dumps(report, indent=2, ensure_ascii=False))
    print(f"written {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
