"""The scenario record and small timing helpers shared by the benchmark modules."""

import statistics
import time
from collections.abc import Callable
from typing import Any


def scenario(value: float, unit: str, baseline: float | None = None,
             target: str | None = None, **extra: Any) -> dict[str, Any]:
    """One entry of the report; ratio = ours / baseline where a baseline exists."""
    ratio = round(value / baseline, 3) if baseline else None
    out: dict[str, Any] = {"value": round(value, 4), "unit": unit,
                           "baseline": None if baseline is None else round(baseline, 4),
                           "ratio": ratio, "target": target}
    out.update(extra)
    return out


def timed(fn: Callable[[], Any]) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def percentile(samples: list[float], p: float) -> float:
    ordered = sorted(samples)
    if not ordered:
        return 0.0
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(samples: list[float]) -> float:
    return statistics.median(samples)
