"""Executors behind one interface: map a task function over work items, results in plan order.

A task is a module-level function `fn(config, item)` (picklable by name); an item is small data.  A task
that raises comes back as data (`Done.error`), so one failing sweep point need not stop a sweep.

Serial and a local process pool.  The pool keeps a bounded number of items in flight, so memory stays
flat however many items a run has, and it yields results in plan order, so output files are the same
for any worker count.
"""

from __future__ import annotations

import multiprocessing
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from typing import Any

from ..config.schema import ScenarioConfig

Task = Callable[[ScenarioConfig, Any], Any]
_worker_config: ScenarioConfig | None = None  # set once per worker process by _init_worker


def _init_worker(config: ScenarioConfig) -> None:
    global _worker_config
    _worker_config = config


@dataclass
class Done:
    """A finished item: the task's result, or the error it raised (the caller decides what that means)."""

    item: Any
    result: Any
    error: str | None = None


def _attempt(fn: Task, config: ScenarioConfig, item) -> Done:
    try:
        return Done(item, fn(config, item))
    except Exception:  # recorded as data; KeyboardInterrupt still stops the run
        return Done(item, None, traceback.format_exc())


def _run_in_worker(fn: Task, item) -> Done:
    return _attempt(fn, _worker_config, item)


class SerialExecutor:
    def map(self, fn: Task, config: ScenarioConfig, items: list) -> Iterator[Done]:
        for item in items:
            yield _attempt(fn, config, item)


class ProcessExecutor:
    def __init__(self, workers: int):
        self.workers = workers

    def map(self, fn: Task, config: ScenarioConfig, items: list) -> Iterator[Done]:
        # forkserver: forking a process that already runs threads (pyarrow, BLAS) can deadlock; the server
        # imports the model once (Mesa takes ~1.5 s to import) and every worker is forked from it
        context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "forkserver")
        if sys.platform != "win32":
            context.set_forkserver_preload(["scenarios.sweep.point", "scenarios.execution.simulate"])
        with ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                 initargs=(config,)) as pool:
            pending: deque = deque()
            try:
                for item in items:
                    pending.append(pool.submit(_run_in_worker, fn, item))
                    if len(pending) >= 2 * self.workers:
                        yield pending.popleft().result()
                while pending:
                    yield pending.popleft().result()
            finally:
                for future in pending:
                    future.cancel()


def make_executor(workers: int):
    return SerialExecutor() if workers <= 1 else ProcessExecutor(workers)
