"""Executors behind one interface: map simulate_unit over work units, results in plan order.

A unit that raises comes back as data (`Done.error`), so one failing sweep point need not stop a sweep.

Serial and a local process pool.  The pool keeps a bounded number of units in flight, so memory stays
flat however many units a run has, and it yields results in plan order, so the output file is the
same for any worker count.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass

from ..config.schema import ScenarioConfig
from ..design import WorkUnit
from .simulate import BatchResult, simulate_unit

_worker_config: ScenarioConfig | None = None  # set once per worker process by _init_worker


def _init_worker(config: ScenarioConfig) -> None:
    global _worker_config
    _worker_config = config


@dataclass
class Done:
    """A finished unit: its result, or the error it raised (the run decides what a failure means)."""

    unit: WorkUnit
    result: BatchResult | None
    error: str | None = None


def _attempt(config: ScenarioConfig, unit: WorkUnit) -> Done:
    try:
        return Done(unit, simulate_unit(config, unit))
    except Exception:  # recorded as data; KeyboardInterrupt still stops the run
        return Done(unit, None, traceback.format_exc())


def _run_in_worker(unit: WorkUnit) -> Done:
    return _attempt(_worker_config, unit)


class SerialExecutor:
    def map(self, config: ScenarioConfig, units: list[WorkUnit]) -> Iterator[Done]:
        for unit in units:
            yield _attempt(config, unit)


class ProcessExecutor:
    def __init__(self, workers: int):
        self.workers = workers

    def map(self, config: ScenarioConfig, units: list[WorkUnit]) -> Iterator[Done]:
        # forkserver: forking a process that already runs threads (pyarrow, BLAS) can deadlock
        context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "forkserver")
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                 initargs=(config,)) as pool:
            pending, queue = deque(), iter(units)
            try:
                for unit in queue:
                    pending.append(pool.submit(_run_in_worker, unit))
                    if len(pending) >= 2 * self.workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()


def make_executor(workers: int):
    return SerialExecutor() if workers <= 1 else ProcessExecutor(workers)
