"""Checks a reader makes before it trusts a run directory: the manifest is sane and small, the writer is alive
or the run is finished, the files are where the manifest says, hold what it counts, and are not links.

Every reading command (show, compare, plot, explain, report, --resume) calls `check`; a damaged directory is
refused with what is wrong (exit 2), never read as if it were whole.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path

from ..errors import RunDirError

MAX_JSON_BYTES = 20_000_000


def read_json(path: Path) -> dict:
    """A run's JSON file, refused if it is a link, too large, or not a JSON object."""
    if path.is_symlink():
        raise RunDirError(f"{path}: is a link; a run directory's files are never links")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise RunDirError(f"{path}: cannot read it ({exc.strerror})") from None
    if size > MAX_JSON_BYTES:
        raise RunDirError(f"{path}: {size:,} bytes, more than a run writes; is it another file?")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise RunDirError(f"{path}: damaged ({exc})") from None
    if not isinstance(data, dict):
        raise RunDirError(f"{path}: damaged (not a JSON object)")
    return data


def writer_alive(manifest: dict) -> bool | None:
    """Is the process that writes this run still running? None when it ran on another host."""
    pid, host = manifest.get("pid"), manifest.get("host")
    if not isinstance(pid, int) or host != socket.gethostname():
        return None
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def status(manifest: dict) -> str:
    """The manifest's status, or 'abandoned' when it says running but its writer is gone."""
    if manifest.get("status") == "running" and writer_alive(manifest) is False:
        return "abandoned"
    return str(manifest.get("status"))


def check(path: Path, manifest: dict, need_outcomes: bool = True, need_config: bool = False) -> list[str]:
    """What is wrong with a run directory (empty: nothing).  Commands that rebuild a replication (explain,
    report, --resume) also need the resolved configuration."""
    from . import run_dir as store

    problems = []
    if manifest.get("kind") == "sweep":
        return problems  # sweeps are checked point by point by the sweep runner
    counts = manifest.get("counts") or {}
    for name in (store.OUTCOMES, store.SUMMARY, store.RESOLVED, store.TIMESERIES):
        if (path / name).is_symlink():
            problems.append(f"{name} is a link; a run directory's files are never links")
    outcomes = path / store.OUTCOMES
    if need_outcomes and counts.get("rows_written"):
        if not outcomes.exists():
            problems.append(f"{store.OUTCOMES} is missing although the manifest counts "
                            f"{counts['rows_written']:,} rows")
        else:
            import pyarrow.parquet as pq

            try:
                rows = pq.ParquetFile(outcomes).metadata.num_rows
            except Exception as exc:  # a truncated or foreign file: pyarrow raises several kinds
                problems.append(f"{store.OUTCOMES} is damaged ({type(exc).__name__}: {exc})")
            else:
                if rows != counts["rows_written"]:
                    problems.append(f"{store.OUTCOMES} holds {rows:,} rows but the manifest counts "
                                    f"{counts['rows_written']:,}")
    series = path / store.TIMESERIES
    if series.exists() and not series.is_symlink():
        import pyarrow.parquet as pq

        try:
            pq.ParquetFile(series).close()  # opening reads the footer: a damaged file fails here
        except Exception as exc:  # as for the outcomes: several kinds
            problems.append(f"{store.TIMESERIES} is damaged ({type(exc).__name__}: {exc})")
    summary = path / store.SUMMARY
    if summary.exists() and not summary.is_symlink():
        try:
            data = read_json(summary)
        except RunDirError as exc:
            problems.append(str(exc))
        else:
            if data.get("run_id") and manifest.get("run_id") and data["run_id"] != manifest["run_id"]:
                problems.append(f"{store.SUMMARY} belongs to another run ({data['run_id']})")
            n = sum(next(iter(s.values()))["n"] for s in data.get("arms", {}).values() if s)
            if counts.get("rows_written") is not None and n and n != counts["rows_written"]:
                problems.append(f"{store.SUMMARY} counts {n:,} rows but the manifest {counts['rows_written']:,}")
    if need_config and not (path / store.RESOLVED).exists():
        problems.append(f"{store.RESOLVED} is missing: the run cannot be reproduced")
    return problems


def require(path: Path, manifest: dict, need_outcomes: bool = True, need_config: bool = False) -> None:
    problems = check(path, manifest, need_outcomes, need_config)
    if problems:
        raise RunDirError(f"{path}: cannot be read as a run: " + "; ".join(problems))
