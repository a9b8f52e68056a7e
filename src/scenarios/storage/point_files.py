"""A sweep job's own tables (points/points-FIRST-LAST.*), written by the worker that ran it and read back once,
by the merge in the sweep's parent.  They are Arrow IPC files (lz4), not Parquet, whose reading costs per column:
on the Sobol sweep's points, 400 rows x 39 columns read back in 0.46 ms against 1.2-3.5 ms as Parquet (however
read), and 1,080 x 10 in 0.61 against 0.8-1.4 ms; written in 0.78 and 0.69 ms against 2.4 and 1.1.  Written
atomically, like every file of a run directory (`run_dir.StagedFile`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pyarrow as pa

from . import arrow
from .run_dir import StagedFile, _fresh, uninterrupted

# compressed in the thread that writes: a worker is one of as many processes as there are cores, and Arrow's
# thread pool in each of them (a thread a core) would have every core's work wait for another's threads
_OPTIONS = pa.ipc.IpcWriteOptions(compression="lz4", use_threads=False)
_READ = pa.ipc.IpcReadOptions(use_threads=False)


class ArrowFileWriter(StagedFile):
    """Streams tables (one schema) to a temporary Arrow file; `close` publishes it, `discard` drops it."""

    def write(self, columns: dict[str, np.ndarray] | pa.Table) -> None:
        table = arrow.table(columns)
        with uninterrupted():
            if self.writer is None:
                self.writer = pa.ipc.new_file(str(_fresh(self.tmp)), table.schema, options=_OPTIONS)
            self.writer.write_table(table)

    def close(self) -> None:
        with uninterrupted():
            self._publish()

    def discard(self) -> None:
        with uninterrupted():
            self._drop()


def write_table(table: pa.Table, path: Path) -> None:
    writer = ArrowFileWriter(path)
    writer.write(table)
    writer.close()


def read_table(path: Path) -> pa.Table:
    """Read in this thread.  Arrow would hand the columns' decompression to its thread pool, but the merge reads
    while every core runs a worker: there the pool's tasks wait for a core, and the merge with them (on 16
    cores with 16 workers, the sweep's parent spent ~60% of the sweep's time in this read)."""
    with pa.OSFile(str(path)) as source:
        return pa.ipc.open_file(source, options=_READ).read_all()
