"""The run directory: self-describing, written atomically (temporary name, then rename)."""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from datetime import UTC, datetime
from functools import cache
from importlib import metadata
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.parquet as pq

from .. import signals
from ..errors import RunDirError
from . import arrow
from .active import ACTIVE  # the run directory this process is writing, for an error log

MANIFEST, RESOLVED, OUTCOMES, TIMESERIES, SUMMARY, PARAMETERS = (
    "manifest.json", "config.resolved.yaml", "outcomes.parquet", "timeseries.parquet", "summary.json",
    "parameters.parquet")
DEPENDENCIES = ("mesa", "numpy", "scipy", "pydantic", "click", "pyyaml", "pyarrow", "rich")


def utc_now() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def _remove(directory: Path) -> None:
    import shutil

    shutil.rmtree(directory, ignore_errors=True)


def _remove_dead_staging(runs_dir: Path) -> None:
    """Staging directories left by runs killed while starting (their pid is in the name)."""
    for staging in runs_dir.glob(".*.staging"):
        try:
            os.kill(int(staging.name.rsplit(".", 2)[-2]), 0)
        except (ValueError, ProcessLookupError):
            _remove(staging)
        except PermissionError:
            pass


BYTES_PER_ROW = 210  # outcomes.parquet per replication, measured on the main config (3,000 x 7 arms: 208)


def check_space(runs_dir: Path, rows: int) -> None:
    """Refuse a run whose outcome file cannot fit on the runs directory's disk, before it starts."""
    import shutil

    probe = runs_dir
    while not probe.exists() and probe != probe.parent:
        probe = probe.parent
    try:
        free = shutil.disk_usage(probe).free
    except OSError:
        return  # create() reports an unusable runs directory
    need = rows * BYTES_PER_ROW
    if need > free:
        raise RunDirError(f"{rows:,} replications need about {need / 1e9:,.1f} GB of outcomes; {probe} has "
                          f"{free / 1e9:,.1f} GB free. Use fewer --reps or another --runs-dir")


def create(runs_dir: Path, name: str, config_hash: str, fill: Callable[[Path, str], None]) -> Path:
    """A new run directory under runs_dir, whole from its first moment: `fill(staging, run_id)` writes its first
    files (the manifest, the resolved config) into a hidden staging directory, which is then renamed into
    place, so a run killed while starting leaves no directory without a manifest.  A runs_dir that cannot
    hold a run is the user's to fix (exit 2)."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    try:
        if runs_dir.is_symlink() and not runs_dir.is_dir():
            raise NotADirectoryError(20, "a dangling link", str(runs_dir))
        runs_dir.mkdir(parents=True, exist_ok=True)
        base = runs_dir / f"{stamp}_{name}_{config_hash}"
        _remove_dead_staging(runs_dir)
        staging = runs_dir / f".{base.name}.{os.getpid()}.staging"
        staging.mkdir()
    except OSError as exc:
        raise RunDirError(f"cannot create a run directory under {runs_dir}: {exc.strerror or exc}; choose another "
                          "--runs-dir") from None
    path, n = base, 1
    while True:
        while path.exists() or path.is_symlink():  # two runs in the same second
            n += 1
            path = Path(f"{base}-{n}")
        try:
            fill(staging, path.name)
            os.rename(staging, path)  # atomic; fails if another run took the name meanwhile
            break
        except OSError:
            if path.exists() and staging.exists():
                continue
            _remove(staging)
            raise
        except BaseException:
            _remove(staging)
            raise
    ACTIVE[:] = [path]
    return path


def uninterrupted():
    """Hold Ctrl-C and SIGTERM while data is written and counted, so an interrupt lands before or after a
    write, never inside one: no row is written twice, none is counted but lost."""
    return signals.held()


def writer_identity() -> dict:
    """Who writes a run, so a reader can tell a live run from an abandoned one."""
    import socket

    return {"pid": os.getpid(), "host": socket.gethostname()}


def _fresh(tmp: Path) -> Path:
    """A temporary file name that is not a link planted by someone else: a link is removed (never followed), so
    the write creates a new regular file; the rename then replaces the final name itself, never its target."""
    if tmp.is_symlink():
        tmp.unlink()
    return tmp


def write_text(path: Path, text: str) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with uninterrupted():
        _fresh(tmp).write_text(text, encoding="utf-8")
        os.replace(tmp, path)


def write_parquet(table: pa.Table, path: Path) -> None:
    tmp = path.with_name(path.name + ".tmp")
    with uninterrupted():
        pq.write_table(table, _fresh(tmp), compression="zstd")
        os.replace(tmp, path)


def without_nan(value):
    """JSON has no NaN: an undefined statistic (an empty sample, a ratio of zeros) is written as null."""
    if isinstance(value, float) and value != value:
        return None
    if isinstance(value, dict):
        return {k: without_nan(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [without_nan(v) for v in value]
    return value


def write_json(path: Path, data: dict, compact: bool = False) -> None:
    """Indented for people; `compact` for large documents (a sweep's points): json's C encoder runs only without
    indentation, 2x faster, and the file is 40% smaller.  Encoded as it is first; only a document that then
    shows a NaN or an infinity is walked to write NaN as null (and to refuse infinity): walking every value in
    Python took more than the encoding (a 1,792-point sweep's summary: 0.38 s against 0.17 s)."""
    indent = None if compact else 2
    text = json.dumps(data, indent=indent, default=_jsonable)
    if "NaN" in text or "Infinity" in text:  # rare; also a label that holds the word: the walk is then redone
        text = json.dumps(without_nan(data), indent=indent, default=_jsonable, allow_nan=False)
    write_text(path, text + "\n")


def _jsonable(value):
    if isinstance(value, np.generic):
        return value.item()
    raise TypeError(f"not JSON serialisable: {type(value).__name__}")


def versions() -> dict[str, str]:
    """The versions of Python, scenarios and its dependencies that this process runs."""
    return dict(_versions())


@cache  # what this process has imported does not change; reading them costs ~10 ms (9 packages'
def _versions() -> dict[str, str]:  # metadata), and the seminar page records them with every answer
    out = {"python": platform.python_version(), "scenarios": metadata.version("scenarios")}
    for name in DEPENDENCIES:
        try:
            out[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            out[name] = "not installed"
    return out


def git_commit() -> str | None:
    here = Path(__file__).resolve().parent
    try:
        out = subprocess.run(["git", "rev-parse", "HEAD"], cwd=here, capture_output=True, text=True, timeout=5)
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"], cwd=here,
                               capture_output=True, text=True, timeout=5)
    except (OSError, subprocess.SubprocessError):
        return None
    if out.returncode != 0:
        return None
    return out.stdout.strip() + ("-dirty" if dirty.stdout.strip() else "")


def command_line() -> str:
    return " ".join([Path(sys.argv[0]).name] + sys.argv[1:])


def _dictionary_columns(schema: pa.Schema) -> list[str]:
    """Dictionary-encode the text columns only (arm, variable): on the draws and outcomes, which are floats with
    few repeats, Parquet tries a dictionary, gives up and falls back, which measured twice the encoding time
    and 20% more bytes (benchmarks/scaling.py)."""
    return [f.name for f in schema if arrow.is_text(f.type)]


class StagedFile:
    """A file written through `self.writer` (pyarrow's Parquet or Arrow writer) under a temporary name, and
    renamed into place only when finished: a reader never sees half a file."""

    def __init__(self, path: Path):
        self.path, self.tmp = path, path.with_name(path.name + ".tmp")
        self.writer = None  # made on the first write: nothing is published if no row was written

    def _publish(self) -> None:
        if self.writer is not None:
            self.writer.close()
            os.replace(self.tmp, self.path)
            self.writer = None

    def _drop(self) -> None:
        if self.writer is not None:
            self.writer.close()
            self.writer = None
        self.tmp.unlink(missing_ok=True)


class OutcomeWriter(StagedFile):
    """Streams batches to a temporary Parquet file in row groups of at least ROW_GROUP rows or ROW_GROUP_BYTES
    bytes (small batches are buffered: thousands of tiny row groups bloat the footer); `close` publishes the file.
    The byte bound is for wide tables: parameters.parquet's 168 columns reach it every two batches of 8,192
    rows, where 65,536 rows meant that a run of up to 7 x 60,000 encoded all its draws at `close`, on the run's
    clock after the last result (0.14 s of a 0.42 s finish, measured).

    A row group is encoded on a background thread (pyarrow releases the GIL while it compresses), one at a time
    per writer, so the caller goes on collecting the next results meanwhile: encoding was most of the parent's
    serial work in a pooled run.  Each writer has its own thread, so a run's outcomes and parameter draws (a
    sweep's outcomes and time series) are encoded side by side: one thread for both was the busiest thread of
    a pooled run's parent (0.86 us a replication-arm, against 0.62 for the outcomes alone).  An error in it (a
    full disk) is raised by the next write or by `close`."""

    ROW_GROUP = 65536
    ROW_GROUP_BYTES = 16 * 2**20  # in memory, before encoding: outcomes reach 65,536 rows first (~13 MB)

    def __init__(self, path: Path):
        super().__init__(path)
        self._empty_buffer()
        self.rows = 0
        self.encoding: Future | None = None
        self.encoder: ThreadPoolExecutor | None = None  # made at the first flush, in the process that writes
        self.failed: BaseException | None = None  # an encoding error: the file is never published after one

    def write(self, columns: dict[str, np.ndarray] | pa.Table) -> None:
        table = arrow.table(columns)
        with uninterrupted():  # counted, buffered and (maybe) flushed as one step
            self._add(table)

    def _empty_buffer(self) -> None:
        self.buffer: list[pa.Table] = []
        self.buffered = self.buffered_bytes = 0  # its rows and in-memory bytes

    def _add(self, table: pa.Table) -> None:
        self.buffer.append(table)
        self.buffered += table.num_rows
        # the buffers' whole size: `nbytes` walks every chunk's slices (4.4 ms for a sweep job's 64 x 39 columns)
        self.buffered_bytes += table.get_total_buffer_size()
        self.rows += table.num_rows
        if self.buffered >= self.ROW_GROUP or self.buffered_bytes >= self.ROW_GROUP_BYTES:
            self._flush()
        elif len(self.buffer) >= 32:  # many small tables (sweep points) cost far more than their rows
            self.buffer = [pa.concat_tables(self.buffer).combine_chunks()]

    def _flush(self) -> None:
        if self.failed is not None:
            raise self.failed
        if not self.buffer:
            return
        table = pa.concat_tables(self.buffer)
        self._empty_buffer()
        self._settle()  # one row group in flight: rows stay in order and memory stays flat
        if self.encoder is None:
            self.encoder = ThreadPoolExecutor(1, thread_name_prefix="scenarios-parquet")
        self.encoding = self.encoder.submit(self._encode, table)

    def _encode(self, table: pa.Table) -> None:
        if self.writer is None:
            self.writer = pq.ParquetWriter(_fresh(self.tmp), table.schema, compression="zstd",
                                           use_dictionary=_dictionary_columns(table.schema))
        self.writer.write_table(table, row_group_size=max(self.ROW_GROUP, table.num_rows))

    def _settle(self) -> None:
        """Wait for the row group being encoded; its error, if any, is raised here."""
        encoding, self.encoding = self.encoding, None
        if encoding is not None:
            try:
                encoding.result()
            except BaseException as exc:  # its rows were counted: publishing the rest would under-report them
                self.failed = exc
                raise

    def copy_from(self, published: Path) -> None:
        """Start with the rows of a published file (a resumed run keeps what it had)."""
        source = pq.ParquetFile(published)
        for i in range(source.num_row_groups):
            self.write(source.read_row_group(i))

    def close(self) -> None:
        """Finish the file (footer) and rename it into place; nothing is published if no row was written."""
        with uninterrupted():
            try:
                self._flush()
                self._settle()
                self._publish()
            finally:
                self._stop_encoder()

    def _stop_encoder(self) -> None:
        if self.encoder is not None:
            self.encoder.shutdown(wait=False)  # idle: the last row group has been settled
            self.encoder = None

    def discard(self) -> None:
        """Drop what was written (an interrupted merge): nothing is published."""
        with uninterrupted():
            try:
                self._settle()
            except OSError:
                pass  # discarded anyway
            self._empty_buffer()
            self._stop_encoder()
            self._drop()


def read_manifest(run_dir: Path) -> dict:
    """A run directory's manifest (bounded, not through a link, with the keys every reader needs)."""
    from .verify import read_json

    run_dir = Path(run_dir)
    if not run_dir.is_dir():
        raise RunDirError(f"{run_dir}: no such run directory")
    path = run_dir / MANIFEST
    if not path.exists():
        inside = sorted(d.name for d in run_dir.iterdir() if (d / MANIFEST).is_file()) if run_dir.is_dir() else []
        if inside:  # the runs folder itself, a natural first try: name its newest run (names begin with the time)
            count = "1 run directory" if len(inside) == 1 else f"{len(inside):,} run directories"
            raise RunDirError(f"{run_dir}: a folder of {count}, not one itself; the newest is {run_dir / inside[-1]}")
        raise RunDirError(f"{run_dir}: not a run directory (no {MANIFEST}); run directories are made by "
                          "'scenarios run' under runs/")
    manifest = read_json(path)
    missing = [k for k in ("status", "name", "seed", "replications", "arms") if k not in manifest]
    if missing or not isinstance(manifest.get("arms"), list):
        raise RunDirError(f"{path}: damaged manifest (missing {', '.join(missing) or 'a list of arms'})")
    return manifest
