"""A Dask executor (`--executor dask`): the same map as the local ones, on a `distributed` cluster.

Results are bit-identical to the local executors: a work item's numbers depend only on (config, seed, its
replications), whichever worker computes it, and results are yielded in plan order.  The config is sent
to the workers once (scattered); a task takes `per_task` consecutive items so that each lasts about a
second or more (Dask's per-task overhead is ~1 ms, a unit of 8,192 replications ~0.5 s).  A worker that
dies is Dask's to handle: its tasks are rerun elsewhere (up to `distributed.scheduler.allowed-failures`).

With no scheduler address a LocalCluster of `workers` single-threaded processes is started for the run and
closed after it; with one (`--scheduler tcp://host:8786`) the run's tasks go to that cluster, whose workers
need this version of scenarios installed.
"""

from __future__ import annotations

import warnings
from collections import deque
from collections.abc import Iterator

from ..config.schema import ScenarioConfig
from ..errors import ScenarioError
from .executors import Done, Task, _attempt
from .tasks import chunks


def check_scheduler(address: str) -> None:
    """Fail fast, before a run directory is made, when the scheduler's port does not answer."""
    import socket
    from urllib.parse import urlparse

    url = urlparse(address if "://" in address else f"tcp://{address}")
    try:
        socket.create_connection((url.hostname or "127.0.0.1", url.port or 8786), timeout=5).close()
    except OSError as exc:
        raise ScenarioError(f"cannot reach the Dask scheduler at {address}: {exc.strerror or exc}; start one with "
                            "`dask scheduler` (and workers with `dask worker ADDRESS`), or leave out --scheduler "
                            "for a local cluster") from None


def _run_items(fn: Task, config: ScenarioConfig, items: list) -> list[Done]:
    return [_attempt(fn, config, item) for item in items]


class DaskExecutor:
    def __init__(self, scheduler: str | None, workers: int, per_task: int = 1):
        self.scheduler, self.workers, self.per_task = scheduler, max(1, workers), max(1, per_task)

    def _client(self):
        from distributed import Client, LocalCluster  # there: preflight() checked before the run began

        if self.scheduler:
            try:
                return Client(self.scheduler, timeout="5s"), None
            except OSError as exc:
                raise ScenarioError(f"cannot reach the Dask scheduler at {self.scheduler}: {exc}; start one with "
                                    "`dask scheduler` (and workers with `dask worker ADDRESS`), or leave out "
                                    "--scheduler for a local cluster") from None
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. the dashboard's optional dependencies
            cluster = LocalCluster(n_workers=self.workers, threads_per_worker=1, processes=True,
                                   dashboard_address=None)
        return Client(cluster), cluster

    def map(self, fn: Task, config: ScenarioConfig, items) -> Iterator[Done]:
        client, cluster = self._client()
        try:
            shared = client.scatter(config, broadcast=True)
            slots = 2 * max(1, len(client.scheduler_info().get("workers", {})) or self.workers)
            pending: deque = deque()
            tasks = chunks(items, self.per_task)
            while True:
                while len(pending) < slots and (chunk := next(tasks, None)):
                    pending.append(client.submit(_run_items, fn, shared, chunk, pure=False))
                if not pending:
                    return
                yield from pending.popleft().result()
        finally:
            client.close()
            if cluster is not None:
                cluster.close()
