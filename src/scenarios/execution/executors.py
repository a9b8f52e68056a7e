"""Executors behind one interface: map a task function over work items, results in plan order.

A task is a module-level function `fn(config, item)` (picklable by name); an item is small data.  A task
that raises comes back as data (`Done.error`), so one failing sweep point need not stop a sweep.

Serial and a local process pool.  The pool keeps a bounded number of items in flight, so memory stays
flat however many items a run has, and it yields results in plan order, so output files are the same
for any worker count.
"""

from __future__ import annotations

import importlib.machinery
import importlib.util
import multiprocessing
import os
import sys
import traceback
from collections import deque
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..config.schema import ScenarioConfig
from ..signals import held, interrupts_blocked_for_children, raise_if_interrupted
from . import handoff
from .tasks import chunks

Task = Callable[[ScenarioConfig, Any], Any]
_worker_config: ScenarioConfig | None = None  # set once per worker process by _init_worker
_worker_handoff: str | None = None  # where this worker writes its large results (handoff.py), if anywhere


def _die_with(run_pid: int) -> None:
    """A worker ends when the run that started it ends, however it ended (a `kill -9` included), so no orphan
    computes on: a daemon thread checks every second that the run's process is still there.  (The worker's
    own parent is the fork server, which outlives the run while workers hold its pipes.)"""
    import threading
    import time

    def watch():
        while True:
            time.sleep(1.0)
            try:
                os.kill(run_pid, 0)
            except ProcessLookupError:
                os._exit(1)
            except PermissionError:
                pass

    threading.Thread(target=watch, name="scenarios-watchdog", daemon=True).start()


def _init_worker(config: ScenarioConfig, run_pid: int, handoff_directory: str | None = None) -> None:
    global _worker_config, _worker_handoff
    _die_with(run_pid)
    _worker_config, _worker_handoff = config, handoff_directory


@contextmanager
def _main_not_rerun():
    """Workers start while this is held.  They run only this package's functions, so they need not re-run
    the user's script: forkserver and spawn children re-import a main script by its path (not one started
    with -m), and a script or notebook cell piped in without an `if __name__ == "__main__":` guard would
    then start a run of its own in every worker, which breaks the pool.  A main module with a name is
    skipped by multiprocessing, so for the moment workers start the script's module is given the name
    '__main__'."""
    main = sys.modules.get("__main__")
    if main is None or getattr(main, "__spec__", None) is not None or not hasattr(main, "__file__"):
        yield
        return
    main.__spec__ = importlib.machinery.ModuleSpec("__main__", None)
    try:
        yield
    finally:
        main.__spec__ = None


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


def _run_in_worker(fn: Task, items: list, task: int = 0):
    """A pool task: its items' results, handed to the parent through a file if they are large (handoff.py)."""
    return handoff.send([_attempt(fn, _worker_config, item) for item in items], _worker_handoff,
                        f"{os.getpid()}-{task}")


class SerialExecutor:
    def map(self, fn: Task, config: ScenarioConfig, items: list) -> Iterator[Done]:
        for item in items:
            raise_if_interrupted()
            yield _attempt(fn, config, item)


class ProcessExecutor:
    """A local process pool; a task takes `per_task` consecutive items (for the first `sized` tasks if given,
    then one each: `chunks`).  A worker that dies (killed, out of memory) breaks the pool: the pool is rebuilt
    and the tasks in flight are tried once more; a second break fails the run."""

    RETRIES = 1

    def __init__(self, workers: int, per_task: int = 1, sized: int | None = None, pieces: int | None = None):
        self.workers, self.per_task, self.sized, self.pieces = workers, max(1, per_task), sized, pieces

    def _pool(self, config: ScenarioConfig, handoff_directory: Path | None, work: str) -> ProcessPoolExecutor:
        # forkserver: forking a process that already runs threads (pyarrow, BLAS) can deadlock; the server
        # imports the model once (Mesa takes ~1.5 s to import) and every worker is forked from it
        context = multiprocessing.get_context("spawn" if sys.platform == "win32" else "forkserver")
        if sys.platform != "win32":
            _start_server(MODEL_MODULES[resolve_kernel(config.execution.kernel)], work)
        return ProcessPoolExecutor(self.workers, mp_context=context, initializer=_init_worker,
                                   initargs=(config, os.getpid(),
                                             None if handoff_directory is None else str(handoff_directory)))

    def map(self, fn: Task, config: ScenarioConfig, items) -> Iterator[Done]:
        tasks = enumerate(chunks(items, self.per_task, self.sized, self.pieces))
        directory = handoff.make_directory()
        pool = None
        pending: deque = deque()  # [task number, items, future], in plan order; future None: not yet submitted
        retries = self.RETRIES
        try:
            pool = self._pool(config, directory, _work_of(fn))
            while True:
                raise_if_interrupted()
                try:
                    while len(pending) < 2 * self.workers:
                        number, task = next(tasks, (None, None))
                        if task is None:
                            break
                        pending.append([number, task, None])
                    for entry in pending:  # new tasks, and after a break those in flight, tried once more
                        if entry[2] is None:
                            with held(), _main_not_rerun():  # a submit may start a worker: never half-started
                                entry[2] = pool.submit(_run_in_worker, fn, entry[1], entry[0])
                    if not pending:
                        return
                    done = handoff.receive(_result(pool, pending[0][2]))
                except BrokenProcessPool:  # from a result, or from a submit that found the pool already broken
                    if retries == 0:
                        raise RuntimeError("a worker process died twice (killed, or out of memory?); the run "
                                           "stops here and can be resumed") from None
                    retries -= 1
                    pool.shutdown(wait=False, cancel_futures=True)
                    pool = self._pool(config, directory, _work_of(fn))
                    for entry in pending:
                        entry[2] = None
                    continue
                pending.popleft()
                yield from done
        finally:
            for _, _, future in pending:
                if future is not None:
                    future.cancel()
            if pool is not None:
                pool.shutdown(wait=False, cancel_futures=True)
            handoff.remove_directory(directory)


def _work_of(fn: Task) -> str:
    """The module the fork server preloads for tasks of `fn`: a sweep's or a run's (any other task, a test's
    stand-in, a user's function in a script, is imported by the worker that runs it: preloading `__main__` would
    have the server run the user's script)."""
    return fn.__module__ if fn.__module__ in (RUN_WORK, SWEEP_WORK) else RUN_WORK


def _result(pool: ProcessPoolExecutor, future, poll: float = 1.0):
    """The future's result; BrokenProcessPool if a worker died in a way the pool itself cannot notice.

    CPython's pool reads each result with one blocking read from a pipe all workers share.  A worker killed
    while it writes a result (SIGKILL, the OOM killer) leaves a message half written: the pool's reader waits
    for the rest forever and never looks at the dead worker, so the run hung (seen in CI: a worker killed by
    the fault-injection test).  So while waiting, this looks at the workers itself: one dead for two polls
    while the pool has not noticed means the pool is stuck; the other workers are stopped and the pool's own
    end of the pipe closed, so its reader sees the end of the pipe and breaks the pool as for any dead worker.
    (It reads the pool's private `_processes`, `_broken` and `_result_queue`; if a Python version renames them,
    this falls back to waiting, as before.)"""
    seen_dead = False
    while True:
        try:
            return future.result(timeout=poll)
        except TimeoutError:
            workers = (getattr(pool, "_processes", None) or {}).values()
            if getattr(pool, "_broken", False) or not any(p.exitcode is not None for p in workers):
                seen_dead = False
                continue
            if not seen_dead:  # the pool's own watch usually notices within milliseconds: give it a poll
                seen_dead = True
                continue
            _unstick(pool)


def _unstick(pool: ProcessPoolExecutor) -> None:
    for process in list((getattr(pool, "_processes", None) or {}).values()):
        if process.exitcode is None:
            process.kill()
    writer = getattr(getattr(pool, "_result_queue", None), "_writer", None)
    if writer is not None:
        writer.close()


# Below this many replication-arms a second local worker cannot pay for its start (the fork server imports the
# model before a worker computes): `auto` then uses one.  Measured on 2 cores, whole process, three pairs each.
# numpy's model: even at 28,000 (2.42-2.64 s with 1 worker, 2.44-2.54 with 2), ahead from 49,000 (2.78-3.08 vs
# 2.67-2.86 s).  The compiled model, 2.2x faster a replication, needs more to earn the start back: behind at
# 49,000 (1 worker 1.38-1.71 s, 2 workers 1.59-1.76; each pair 0.87-0.97x), even at 70,000 (0.99-1.04x), ahead
# from 105,000 (1.04-1.09x) and 140,000 (1.14-1.16x).  Again after the model got faster and runs stopped importing
# pandas: even at 105,000 (0.90-1.03x), ahead at 140,000 (1.06-1.17x); kept, as more cores pay back sooner
# (benchmarks/auto_threshold.py; docs/scaling.md, Workers).
AUTO_MIN_ROWS = {"numpy": 50_000, "compiled": 100_000}


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))  # what this process may use (containers, taskset), not the machine
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def resolve_workers(setting: int | str, rows: int, units: int, kernel: str = "auto") -> int:
    """`auto`: every usable core, but no more than there are units, and 1 for a run too small for the model
    (`kernel`, as `execution.kernel`) to pay for a second worker's start."""
    if setting != "auto":
        return int(setting)
    if rows < AUTO_MIN_ROWS[resolve_kernel(kernel)]:
        return 1
    return max(1, min(usable_cores(), units))


def resolve_kernel(setting: str) -> str:
    """`auto`: the compiled model wherever numba is installed (faster at every size: it also spares a run Mesa's
    import), else numpy's."""
    if setting != "auto":
        return setting
    return "compiled" if importlib.util.find_spec("numba") is not None else "numpy"


def prepare_kernel(execution, say) -> None:
    """Before a run or sweep that will use the compiled model: if the installation has no compiled kernel for
    these sources yet, compile it here, once, saying so (`say`: a message to the user), rather than in silence
    (`make` compiles it as it installs; a `pip install` leaves it to the first run)."""
    if resolve_kernel(execution.kernel) != "compiled":
        return
    from ..model import compiled

    if compiled.needs_compiling():
        say("compiling the model's kernel: once for this installation and version (20-45 s)")
        import scenarios.model.compiled.run  # noqa: F401  (importing it compiles or loads the kernel)


def with_kernel(config):
    """The config with its `execution.kernel` resolved (so that the stored config, the workers and a resume all
    use the same one)."""
    kernel = resolve_kernel(config.execution.kernel)
    return config.model_copy(update={"execution": config.execution.model_copy(update={"kernel": kernel})})


# what a worker runs, a run's units or a sweep's points (the module of the task function the executor maps): the
# fork server imports it once for every worker, or `get_ready` imports it here -- only the work at hand: a run's
# server importing the sweep's module too (its summaries, pyarrow.compute) took ~0.08 s more, which a pooled run
# waits for; and the model of the run's kernel: Mesa's for numpy; for the compiled model (which needs no Mesa) numba
# and the kernel, loaded at import, so that the fork server loads it once for all its workers
RUN_WORK, SWEEP_WORK = "scenarios.execution.simulate", "scenarios.sweep.point"
MODEL_MODULES = {"numpy": "scenarios.model.lethal_aid", "compiled": "scenarios.model.compiled.run"}
# it makes the server ignore Ctrl-C.  Not pandas: a run's conversions between numpy and Arrow no longer import it
# (storage/arrow.py), so neither the server (0.13 s of its import, which a pooled run waits for) nor a worker nor
# the parent needs it
PRELOAD = ["scenarios.execution.forkserver_init"]


def _start_server(model_module: str = MODEL_MODULES["numpy"], work: str = RUN_WORK) -> None:
    """Start the fork server with the preload of the work at hand, unless it runs already (a process that runs a
    sweep after a run: its workers import what the server lacks).  Ctrl-C in a terminal reaches every
    process of the group, and the run itself stops its workers cleanly, so the server (importing the model for
    a second or two) and the workers forked from it never take Ctrl-C: it is blocked from their first
    instruction and ignored once forkserver_init runs, instead of killing them with a KeyboardInterrupt
    traceback; a worker whose run is gone ends by itself (_die_with).  A Ctrl-C while the server starts waits
    until it has: never a half-started one."""
    from multiprocessing import forkserver, resource_tracker

    multiprocessing.get_context("forkserver").set_forkserver_preload([*PRELOAD, work, model_module])
    resource_tracker.ensure_running()  # first: starting it unblocks Ctrl-C, which would undo the block below
    with held(), interrupts_blocked_for_children():
        forkserver.ensure_running()


def _server_ready() -> None:
    """Wait until the fork server has imported the model: have it fork a process that does nothing, and join it
    (~20 ms once the import is done)."""
    process = multiprocessing.get_context("forkserver").Process(target=os.getpid, name="scenarios-ready")
    with held(), _main_not_rerun():
        process.start()
    process.join()


def get_ready(execution, rows: int, units: int, wait: bool = False, work: str = RUN_WORK) -> None:
    """Have the model loaded where the work (`rows` replication-arms in `units` tasks) will run, before the run's
    clock starts: imported in this process if it computes here, else the fork server started, which imports it
    (~1 s) once for every worker -- called early, while this process sets the run or sweep up; called again
    with `wait` just before the clock, it waits for the import to finish, so that a pooled run's clock, like a
    serial one's, starts with the model loaded.  (It never imports the model: `simulate_unit` imports it where
    it runs.)"""
    if execution.executor != "local":
        return
    model_module = MODEL_MODULES[resolve_kernel(execution.kernel)]
    if resolve_workers(execution.workers, rows, units, execution.kernel) <= 1:
        for name in [work, model_module]:
            importlib.import_module(name)
    elif sys.platform != "win32":
        _start_server(model_module, work)
        if wait:
            _server_ready()


def preflight(execution) -> None:
    """What can be checked before anything is written: the Dask scheduler answers, distributed is there."""
    if getattr(execution, "executor", "local") != "dask":
        return
    from .dask_executor import check_scheduler

    try:
        import distributed  # noqa: F401
    except ImportError:
        from ..errors import ScenarioError

        raise ScenarioError("--executor dask needs Dask's distributed: pip install 'scenarios[dask]'") from None
    if execution.scheduler:
        check_scheduler(execution.scheduler)


def make_executor(execution, rows: int = 0, units: int = 0, per_task: int = 1, dask_per_task: int | None = None,
                  sized: int | None = None, pieces: int | None = None):
    """The executor a config's `execution` block asks for, for a plan of `rows` replication-arms in `units`
    items; `per_task`: the items a pool task takes (for its first `sized` tasks, then `per_task` items in
    `pieces` tasks: `chunks`), `dask_per_task` those a Dask task takes (default the same: tasks of >= 1 s)."""
    workers = resolve_workers(execution.workers, rows, units, execution.kernel)
    if execution.executor == "dask":
        from .dask_executor import DaskExecutor

        return DaskExecutor(execution.scheduler, workers, dask_per_task or per_task)
    return SerialExecutor() if workers <= 1 else ProcessExecutor(workers, per_task, sized, pieces)
