"""Executors behind one interface: map simulate_unit over work units, results in plan order.

Serial and a local process pool.  The pool keeps a bounded number of units in flight, so memory stays
flat however many units a run has, and it yields results in plan order, so the output file is the
same for any worker count.
"""

from __future__ import annotations

import multiprocessing
import sys
from collections import deque
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor

from ..config.schema import ScenarioConfig
from ..design import WorkUnit
from .simulate import BatchResult, simulate_unit

_worker_config: ScenarioConfig | None = None  # set once per worker process by _init_worker


def _init_worker(config: ScenarioConfig) -> None:
    global _worker_config
    _worker_config = config


def _run_in_worker(unit: WorkUnit) -> BatchResult:
    return simulate_unit(_worker_config, unit)


class SerialExecutor:
    def map(self, config: ScenarioConfig, units: list[WorkUnit]) -> Iterator[BatchResult]:
        for unit in units:
            yield simulate_unit(config, unit)


class ProcessExecutor:
    def __init__(self, workers: int):
        self.workers = workers

    def map(self, config: ScenarioConfig, units: list[WorkUnit]) -> Iterator[BatchResult]:
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
