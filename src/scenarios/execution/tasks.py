"""How a plan's units are cut into pool tasks: a batch of replications for every arm a task (its worker draws the
batch's parameters once), and the run's tail split by arm as far as that pays (`tail_pieces`, by `plan_finish`'s
model of the plan)."""

from __future__ import annotations

import heapq
import itertools
from collections.abc import Iterator


def chunks(items, size: int, sized: int | None = None, pieces: int | None = None) -> Iterator[list]:
    """Consecutive items, `size` at a time: one task (a run's batch of replications for every arm, so that one
    worker draws its parameters once) -- for the first `sized` tasks if given; then each following `size` items
    (a batch's arms) as `pieces` tasks of near-equal length (default `size`: one item a task).  A run's tail in
    smaller tasks keeps every worker busy to the end instead of leaving some idle behind a large one; how small
    is `tail_pieces`' choice."""
    items = iter(items)
    tasks = 0
    while sized is None or tasks < sized:
        if not (chunk := list(itertools.islice(items, size))):
            return
        tasks += 1
        yield chunk
    while group := list(itertools.islice(items, size)):
        for start, end in even_parts(len(group), size if pieces is None else pieces):
            yield group[start:end]


def even_parts(n: int, k: int) -> list[tuple[int, int]]:
    """(start, end) of `k` consecutive parts of `n` items as near-equal as can be (at most n parts, at least one)."""
    k = max(1, min(k, n))
    return list(itertools.pairwise(i * n // k for i in range(k + 1)))


# A batch's parameter draws against one arm's simulation of it, in a worker (draws 2.5-3.6 us a replication;
# the compiled model 7.5-13 us, numpy's 21-35 us: benchmarks/scaling.py, across sessions).  Every task that takes
# some of a batch's arms draws the whole batch's parameters again.
DRAW_SHARE = {"compiled": 0.3, "numpy": 0.13}


def tail_pieces(counts: list[int], arms: int, workers: int, sized: int, draw_share: float) -> int:
    """Into how many tasks each batch after the first `sized` (taken whole) is split by arm: the split after
    which the plan would finish soonest (`plan_finish`; ties: the fewer tasks, less drawing).

    One arm a task, always, cost the lent 16-core machine's runs dearly: 7 arms x 100,000 has 13 batches, so
    on 16 workers every task was one arm and each batch was drawn up to 7 times (measured here, with 16 workers
    on 2 cores: 19.0 CPU-s of work for the run against 14.5-14.8 s with whole batches); and whole batches
    always leave workers idle behind a long last task when batches are few (2 batches on 16 workers: 2 busy)."""
    best = None
    for pieces in range(1, arms + 1):
        finish = plan_finish(counts, arms, workers, sized, draw_share, pieces)
        if best is None or finish < best[0] * (1 - 1e-9):
            best = (finish, pieces)
    return best[1]


def plan_finish(counts: list[int], arms: int, workers: int, sized: int, draw_share: float, pieces: int) -> float:
    """When a plan of batches (`counts`: each one's replications) would finish on `workers`, its first `sized`
    batches one task each and the rest in `pieces` tasks by arm: tasks in plan order, each to the worker free
    first, a task of j arms of a batch of c replications costing c * (j + draw_share), in replication-arms of
    simulation.  A model of the plan alone: nothing of starting, sending or writing."""
    free = [0.0] * workers  # when each worker is next free
    for b, count in enumerate(counts):
        lengths = [arms] if b < sized else [end - start for start, end in even_parts(arms, pieces)]
        for length in lengths:
            heapq.heapreplace(free, free[0] + count * (length + draw_share))
    return max(free)
