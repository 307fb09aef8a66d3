"""The pure planner: persisted sync state in, the next action out. No I/O here.

A round walks the stages ``prepare`` (queue the aggregates of completed periods not yet
queued, see :mod:`kimdesk.sync.builders`) →
``push`` (deliver what is queued, in batches) → ``pull`` (fetch what the office published)
→ ``done``. The stage is persisted after every step, so a round cut short by a crash, a
lost connection or a closed laptop resumes where it stopped.
"""

import random
from dataclasses import dataclass

STAGES = ("idle", "prepare", "push", "pull", "done")

#: Backoff after failures: 5 s doubling up to 15 min, with jitter.
BACKOFF_BASE = 5.0
BACKOFF_CAP = 900.0
#: Pause between rounds while everything works.
REGULAR_INTERVAL = 900.0


@dataclass(frozen=True)
class Snapshot:
    enrolled: bool
    stage: str
    pending: int
    aggregates_due: bool = False  # a completed period's aggregates are not queued yet
    started: bool = False  # whether this run already started or resumed a round


@dataclass(frozen=True)
class Action:
    pass


@dataclass(frozen=True)
class StartRound(Action):
    pass


@dataclass(frozen=True)
class QueueAggregates(Action):
    pass


@dataclass(frozen=True)
class Advance(Action):
    to: str


@dataclass(frozen=True)
class PushBatch(Action):
    limit: int


@dataclass(frozen=True)
class Pull(Action):
    pass


@dataclass(frozen=True)
class Finish(Action):
    pass


@dataclass(frozen=True)
class NotEnrolled(Action):
    pass


def plan(snap: Snapshot, batch_size: int = 100) -> Action:
    """The next step for this snapshot."""
    if not snap.enrolled:
        return NotEnrolled()
    if snap.stage not in STAGES:
        return StartRound()
    if snap.stage in ("idle", "done"):
        return Finish() if snap.started else StartRound()
    if snap.stage == "prepare":
        return QueueAggregates() if snap.aggregates_due else Advance("push")
    if snap.stage == "push":
        return PushBatch(batch_size) if snap.pending > 0 else Advance("pull")
    return Pull()


def backoff_delay(failures: int, rng: random.Random, base: float = BACKOFF_BASE,
                  cap: float = BACKOFF_CAP) -> float:
    """Seconds to wait after ``failures`` failures in a row: exponential, jittered.

    Half of the exponential step is fixed and half random ("equal jitter"), so devices that
    lost the office at the same moment do not come back in lockstep.
    """
    if failures <= 0:
        return 0.0
    step = min(cap, base * 2 ** min(failures - 1, 30))
    return step / 2 + rng.uniform(0, step / 2)
