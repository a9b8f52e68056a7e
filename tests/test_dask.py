"""The Dask executor gives the local executors' numbers, also when a worker dies mid-run; `auto` workers."""

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
from click.testing import CliRunner

from scenarios.cli import main
from scenarios.execution.executors import AUTO_MIN_ROWS, resolve_workers, usable_cores

from conftest import MAIN_CONFIG, ROOT

distributed = pytest.importorskip("distributed", reason="the Dask executor is an extra: pip install 'scenarios[dask]'")


def run_dir(runs: Path) -> Path:
    return max(runs.iterdir(), key=lambda p: p.stat().st_mtime)


def frames(path: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_parquet(path / "outcomes.parquet"), pd.read_parquet(path / "parameters.parquet")


def invoke(*args):
    result = CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def test_auto_workers_use_the_cores_only_for_runs_that_pay():
    for kernel in ("numpy", "compiled"):  # the compiled model needs a larger run to pay for a second worker
        assert resolve_workers("auto", AUTO_MIN_ROWS[kernel] - 1, 50, kernel) == 1
        assert resolve_workers("auto", AUTO_MIN_ROWS[kernel], 50, kernel) == min(usable_cores(), 50)
    assert AUTO_MIN_ROWS["compiled"] > AUTO_MIN_ROWS["numpy"]
    assert resolve_workers("auto", 10**6, 3) == min(usable_cores(), 3)
    assert resolve_workers("auto", 10**6, 1000) == usable_cores()
    assert resolve_workers(3, 10, 1) == 3


def test_dask_local_cluster_gives_the_local_numbers(tmp_path):
    args = ("--reps", 3000, "--arm", "status_quo", "--arm", "direct_155", "--batch-size", 1000, "--quiet")
    invoke("run", MAIN_CONFIG, *args, "--workers", 1, "--runs-dir", tmp_path / "serial")
    invoke("run", MAIN_CONFIG, *args, "--executor", "dask", "--workers", 2, "--runs-dir", tmp_path / "dask")
    serial, dask = run_dir(tmp_path / "serial"), run_dir(tmp_path / "dask")
    for a, b in zip(frames(serial), frames(dask), strict=True):
        pd.testing.assert_frame_equal(a, b)
    assert json.loads((dask / "manifest.json").read_text())["executor"] == "dask"
    assert json.loads((serial / "summary.json").read_text())["arms"] == json.loads(
        (dask / "summary.json").read_text())["arms"]


def test_a_sweep_on_dask_gives_the_local_numbers(tmp_path):
    args = ("--param", "parameters.china.restraint=0:1:3", "--arm", "status_quo", "--reps", 200, "--quiet",
            "--no-plots")
    invoke("sweep", MAIN_CONFIG, *args, "--workers", 1, "--runs-dir", tmp_path / "serial")
    invoke("sweep", MAIN_CONFIG, *args, "--executor", "dask", "--workers", 2, "--runs-dir", tmp_path / "dask")
    a, b = (pd.read_parquet(run_dir(tmp_path / k) / "outcomes.parquet") for k in ("serial", "dask"))
    pd.testing.assert_frame_equal(a, b)


def test_a_worker_killed_mid_run_changes_nothing(tmp_path):
    """A real cluster's worker dies (kill -9): Dask reruns its tasks elsewhere; the outcomes are the same."""
    from distributed import Client, LocalCluster

    args = ("--reps", 40000, "--arm", "status_quo", "--arm", "direct_155", "--batch-size", 4096, "--quiet")
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        proc = subprocess.Popen([sys.executable, "-m", "scenarios", "run", str(MAIN_CONFIG), *map(str, args),
                                 "--executor", "dask", "--scheduler", cluster.scheduler_address,
                                 "--runs-dir", str(tmp_path / "dask")], cwd=ROOT, stdout=subprocess.PIPE,
                                stderr=subprocess.STDOUT, text=True)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not any(client.processing().values()):
            time.sleep(0.05)  # until tasks are running
        busy = [w for w, tasks in client.processing().items() if tasks]
        assert busy, "no task started"
        pid = client.run(os.getpid, workers=[busy[0]])[busy[0]]
        os.kill(pid, signal.SIGKILL)  # while it holds tasks
        assert proc.wait(timeout=300) == 0, proc.stdout.read()
    invoke("run", MAIN_CONFIG, *args, "--workers", 1, "--runs-dir", tmp_path / "serial")
    for a, b in zip(frames(run_dir(tmp_path / "serial")), frames(run_dir(tmp_path / "dask")), strict=True):
        pd.testing.assert_frame_equal(a, b)


def test_an_unreachable_scheduler_is_a_usage_error(tmp_path):
    result = CliRunner().invoke(main, ["run", str(MAIN_CONFIG), "--reps", 10, "--executor", "dask", "--scheduler",
                                       "tcp://127.0.0.1:9", "--runs-dir", str(tmp_path)])
    assert result.exit_code == 2 and "cannot reach the Dask scheduler" in result.output
    assert not tmp_path.exists() or not any(tmp_path.iterdir())  # refused before a run directory was made
