"""A pool worker's large results reach the parent through a file (execution/handoff.py): the same objects as
through the pipe, no file left behind, and the pipe still used where a file cannot help or cannot be written."""

from __future__ import annotations

import os

import numpy as np
import pandas as pd
import pyarrow as pa

from conftest import MAIN_CONFIG
from scenarios.config.loader import load_config
from scenarios.design import work_units
from scenarios.execution import handoff


def _large():
    rng = np.random.default_rng(5)
    table = pa.table({"x": rng.random(100_000), "arm": pa.array(["a", "b"] * 50_000).dictionary_encode(),
                      "n": np.arange(100_000, dtype=np.int32)})
    return {"table": table, "counts": rng.integers(0, 9, (30, 1000)), "empty": np.zeros(0), "label": "unit 3"}


def test_a_large_result_goes_through_a_file_and_comes_back_equal_and_the_file_is_gone(tmp_path, monkeypatch):
    monkeypatch.setattr(handoff, "_unwritable", False)
    result = _large()
    sent = handoff.send(result, str(tmp_path), "w-1")
    assert isinstance(sent, handoff.HandedOff)
    assert len(sent.pickled) < 10_000  # the buffers are in the file, not in what goes through the pipe
    assert os.path.getsize(sent.path) == sum(sent.sizes) > handoff.SMALL
    back = handoff.receive(sent)
    assert list(tmp_path.iterdir()) == []
    assert back["table"].schema == result["table"].schema
    pd.testing.assert_frame_equal(back["table"].to_pandas(), result["table"].to_pandas())
    np.testing.assert_array_equal(back["counts"], result["counts"])
    back["counts"][0, 0] += 1  # the parent's own memory: the accumulators add into such arrays
    assert back["empty"].shape == (0,) and back["label"] == "unit 3"


def test_small_results_no_directory_and_an_unwritable_directory_use_the_pipe(tmp_path, monkeypatch):
    monkeypatch.setattr(handoff, "_unwritable", False)
    small = {"x": np.arange(10)}
    assert handoff.send(small, str(tmp_path), "w-1") is small
    large = _large()
    assert handoff.send(large, None, "w-1") is large
    assert handoff.receive(small) is small
    assert handoff.send(large, str(tmp_path / "gone"), "w-1") is large
    # after a failed file, this process no longer tries (a full disk would be filled again by every task)
    assert handoff.send(large, str(tmp_path), "w-2") is large and list(tmp_path.iterdir()) == []


def test_a_killed_runs_handoff_directory_is_removed_by_the_next_and_a_live_ones_kept(tmp_path, monkeypatch):
    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    dead, live = tmp_path / f"{handoff.PREFIX}999999999-x", tmp_path / f"{handoff.PREFIX}{os.getpid()}-y"
    for d in (dead, live):
        d.mkdir()
        (d / "1-0").write_bytes(b"left")
    made = handoff.make_directory()
    assert made.parent == tmp_path and made.name.startswith(f"{handoff.PREFIX}{os.getpid()}-")
    assert not dead.exists() and live.exists()
    handoff.remove_directory(made)
    assert not made.exists()


def test_a_pools_batches_come_through_files_equal_to_the_units_simulated_alone(monkeypatch, tmp_path):
    from scenarios.execution.simulate import simulate_unit
    from scenarios.orchestrate import _simulated

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path))
    received, receive = [], handoff.receive

    def counting(sent):  # in the parent, which receives
        received.append(isinstance(sent, handoff.HandedOff))
        return receive(sent)

    monkeypatch.setattr(handoff, "receive", counting)
    arms = ["status_quo", "direct_155"]
    config = load_config(MAIN_CONFIG, ["replications=8192", "execution.workers=2", "execution.batch_size=4096"])
    units = list(work_units(config, arms, 4096))
    got = list(_simulated(config, units, len(arms)))
    assert any(received), "no task came through a file"
    assert [unit for unit, _ in got] == units
    for unit, result in got:
        alone = simulate_unit(config, unit)
        pd.testing.assert_frame_equal(result.columns.to_pandas(), pd.DataFrame(alone.columns))
        if alone.parameters is not None:
            pd.testing.assert_frame_equal(result.parameters.to_pandas(), pd.DataFrame(alone.parameters))
        for name, counts in alone.series.counts.items():
            np.testing.assert_array_equal(result.series.counts[name], counts)
            np.testing.assert_array_equal(result.series.sums[name], alone.series.sums[name])
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(handoff.PREFIX)] == []


def test_where_no_handoff_directory_can_be_made_a_pool_sends_through_the_pipe(monkeypatch):
    import errno
    import tempfile

    from scenarios.orchestrate import _simulated

    mkdtemp = tempfile.mkdtemp

    def full(*args, prefix=None, **kwargs):  # a full or read-only temporary directory, for this module only
        if prefix and prefix.startswith(handoff.PREFIX):
            raise OSError(errno.ENOSPC, "No space left on device")
        return mkdtemp(*args, prefix=prefix, **kwargs)

    monkeypatch.setattr(tempfile, "mkdtemp", full)
    assert handoff.make_directory() is None
    received, receive = [], handoff.receive
    monkeypatch.setattr(handoff, "receive", lambda sent: received.append(sent) or receive(sent))
    config = load_config(MAIN_CONFIG, ["replications=8192", "execution.workers=2", "execution.batch_size=4096"])
    units = list(work_units(config, ["status_quo"], 4096))
    got = list(_simulated(config, units, 1))
    assert [unit for unit, _ in got] == units and received
    assert not any(isinstance(sent, handoff.HandedOff) for sent in received)


def test_short_reads_and_writes_resume_where_they_stopped(tmp_path):
    """readv and writev may move fewer bytes than asked; every buffer still arrives whole."""
    chunks = [np.arange(n, dtype=np.uint8) for n in (0, 1, 7, 300, 5000)] * 300  # more buffers than IOV_MAX
    path = tmp_path / "f"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT)

    def short_write(fd, views):
        return os.writev(fd, [views[0][: max(1, views[0].nbytes // 2)]])

    handoff._transfer(short_write, fd, [memoryview(c) for c in chunks])
    os.close(fd)
    back = [np.empty(c.size, np.uint8) for c in chunks]
    fd = os.open(path, os.O_RDONLY)
    handoff._transfer(os.readv, fd, [memoryview(b) for b in back])
    os.close(fd)
    assert all(np.array_equal(a, b) for a, b in zip(chunks, back, strict=True))
