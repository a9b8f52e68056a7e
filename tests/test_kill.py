"""Fault injection: `kill -9` of a running `scenarios run` at several moments (issue: reliability).

After each kill: no process of the run is left (workers die with their run), the directory reads as
abandoned, and `scenarios run --resume` completes it with the outcomes of an uninterrupted run.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import MAIN_CONFIG

ARGS = ["--reps", "12000", "--arm", "status_quo", "--arm", "direct_155", "--batch-size", "1000", "--quiet"]


def scenarios(*args, **kwargs) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "scenarios", *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True, **kwargs)


def session_members(sid: int) -> list[int]:
    """Processes of session `sid` still alive (zombies do not compute and are not counted)."""
    alive = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[3]) == sid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def published(runs: Path) -> list[Path]:
    """Run directories in place (a hidden staging directory is not one yet)."""
    return [p for p in runs.iterdir() if not p.name.startswith(".")] if runs.exists() else []


def outcomes(run: Path) -> pd.DataFrame:
    frame = pd.read_parquet(run / "outcomes.parquet")
    return frame.sort_values(["arm", "replication"]).reset_index(drop=True)


@pytest.fixture(scope="module")
def uninterrupted(tmp_path_factory):
    runs = tmp_path_factory.mktemp("whole")
    proc = scenarios("run", MAIN_CONFIG, *ARGS, "--workers", "1", "--runs-dir", runs)
    assert proc.wait(timeout=300) == 0, proc.stdout.read()
    (run,) = runs.iterdir()
    return outcomes(run)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
@pytest.mark.parametrize("after", [0.0, 0.8, 2.0])
def test_kill_9_leaves_no_orphan_an_abandoned_run_and_resume_restores_it(uninterrupted, tmp_path, after):
    runs = tmp_path / "runs"
    proc = scenarios("run", MAIN_CONFIG, *ARGS, "--workers", "2", "--runs-dir", runs, start_new_session=True)
    deadline = time.monotonic() + 60
    while not published(runs) and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    time.sleep(after)
    if proc.poll() is not None:
        pytest.skip(f"the run finished within {after} s of starting; nothing to kill")
    os.killpg(proc.pid, 0)  # the session exists
    proc.send_signal(signal.SIGKILL)  # the parent only: its workers must notice by themselves
    proc.wait()

    deadline = time.monotonic() + 10
    while session_members(proc.pid) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert session_members(proc.pid) == [], "orphans of the killed run"

    (run,) = published(runs)
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["status"] == "running"  # what the dead writer left; readers must not believe it
    shown = subprocess.run([sys.executable, "-m", "scenarios", "show", str(run)], capture_output=True, text=True)
    assert shown.returncode == 2 and "abandoned" in shown.stderr + shown.stdout, shown.stderr
    assert f"writer (pid {proc.pid}) no longer exists" in shown.stderr + shown.stdout

    resumed = scenarios("run", "--resume", run, "--quiet")
    assert resumed.wait(timeout=300) == 0, resumed.stdout.read()
    manifest = json.loads((run / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["counts"]["rows_written"] == 24000
    assert not list(run.glob("*.tmp"))
    pd.testing.assert_frame_equal(outcomes(run), uninterrupted)
