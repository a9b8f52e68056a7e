"""The plan's order: batch by batch of replications, every arm within a batch, so that one pool task draws a
batch's parameters once for all arms; runs stored arm-major before that still resume in their own order."""

from __future__ import annotations

import json
import os

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import MAIN_CONFIG
from scenarios.config.loader import load_config
from scenarios.design import work_units
from scenarios.execution.executors import ProcessExecutor
from scenarios.execution.tasks import chunks, plan_finish, tail_pieces
from scenarios.orchestrate import _cut, execute, resume

ARMS = ["status_quo", "direct_155", "endogenous"]


def _config(replications: int, batch: int):
    config = load_config(MAIN_CONFIG)
    return config.model_copy(update={"replications": replications,
                                     "execution": config.execution.model_copy(update={"batch_size": batch})})


def test_units_go_batch_by_batch_with_every_arm_and_the_first_arm_returns_the_draws():
    units = list(work_units(_config(10, 4), ARMS, 4))
    assert [(u.arm, u.first, u.count) for u in units[:4]] == [
        ("status_quo", 0, 4), ("direct_155", 0, 4), ("endogenous", 0, 4), ("status_quo", 4, 4)]
    assert [u.with_parameters for u in units] == [u.arm == "status_quo" for u in units]
    assert [(u.arm, u.first) for u in work_units(_config(10, 4), ARMS, 4, "arm-major")][:4] == [
        ("status_quo", 0), ("status_quo", 4), ("status_quo", 8), ("direct_155", 0)]


@settings(max_examples=60, deadline=None)
@given(replications=st.integers(1, 40), batch=st.integers(1, 12), order=st.sampled_from(["batch-major", "arm-major"]),
       data=st.data())
def test_a_cut_at_any_row_keeps_exactly_the_rows_before_it_and_plans_the_rest(replications, batch, order, data):
    config = _config(replications, batch)
    rows = data.draw(st.integers(0, len(ARMS) * replications))
    plan = [(u.arm, r) for u in work_units(config, ARMS, batch, order) for r in range(u.first, u.first + u.count)]
    parts = list(_cut(config, ARMS, rows, order))
    before = [(u.arm, r) for u, _ in parts if u for r in range(u.first, u.first + u.count)]
    after = [(u.arm, r) for _, u in parts if u for r in range(u.first, u.first + u.count)]
    assert before == plan[:rows] and after == plan[rows:]


def _pid(config, item) -> int:
    return os.getpid()


def test_a_pool_task_takes_consecutive_items_in_one_worker():
    done = list(ProcessExecutor(2, per_task=3, sized=3).map(_pid, _config(10, 4), range(12)))
    assert [d.item for d in done] == list(range(12))  # plan order
    pids = [d.result for d in done]
    assert all(len(set(pids[i:i + 3])) == 1 for i in range(0, 9, 3))


def test_a_pool_found_broken_as_a_task_is_submitted_is_rebuilt_and_every_item_done(monkeypatch):
    """A worker that dies between two submits breaks the pool, and the next submit raises at once (this
    happened in CI: a worker killed while the parent was handing out tasks)."""
    from concurrent.futures.process import BrokenProcessPool

    made, real = [], ProcessExecutor._pool

    def pool(self, config, directory, work):
        made.append(real(self, config, directory, work))
        if len(made) == 1:
            submit, calls = made[0].submit, []

            def breaking(*args, **kwargs):
                calls.append(1)
                if len(calls) == 3:
                    raise BrokenProcessPool("a child process terminated abruptly")
                return submit(*args, **kwargs)

            made[0].submit = breaking
        return made[-1]

    monkeypatch.setattr(ProcessExecutor, "_pool", pool)
    done = list(ProcessExecutor(2).map(_pid, _config(10, 4), range(12)))
    assert [d.item for d in done] == list(range(12)) and not any(d.error for d in done)
    assert len(made) == 2


@given(items=st.integers(0, 60), size=st.integers(1, 8), sized=st.none() | st.integers(0, 10),
       pieces=st.none() | st.integers(1, 9))
def test_tasks_take_size_items_for_the_sized_tasks_then_a_batch_in_pieces_and_cover_the_plan_in_order(
        items, size, sized, pieces):
    tasks = list(chunks(range(items), size, sized, pieces))
    assert [i for task in tasks for i in task] == list(range(items))
    whole = len(tasks) if sized is None else sized
    assert all(len(t) == size for t in tasks[:whole][:-1])  # only the plan's last sized task may be short
    rest = list(range(whole * size, items)) if sized is not None else []
    groups = [rest[i:i + size] for i in range(0, len(rest), size)]  # the later batches, each split on its own
    want = [min(size if pieces is None else pieces, len(g)) for g in groups]
    tail = tasks[whole:]
    assert len(tail) == sum(want)
    for group, k in zip(groups, want, strict=True):
        parts, tail = tail[:k], tail[k:]
        assert [i for part in parts for i in part] == group
        assert max(map(len, parts)) - min(map(len, parts)) <= 1  # near-equal


def test_the_tail_is_split_where_workers_would_idle_and_kept_whole_where_redrawing_costs_more():
    # 2 batches on 16 workers: one arm a task, 14 workers busy instead of 2
    assert tail_pieces([8192, 8192], 7, 16, 0, 0.3) == 7
    # drawing a batch again as dear as simulating all its arms: every batch whole
    assert tail_pieces([8192] * 13, 7, 16, 0, 7.0) == 1
    # nothing to gain from splitting: as many batches as workers, all the same size, one round of whole tasks
    assert tail_pieces([8192] * 4, 7, 4, 0, 0.3) == 1
    # one worker: splitting only adds drawing
    assert tail_pieces([8192] * 5, 7, 1, 0, 0.3) == 1
    # 7 x 100,000 on 16 workers: the split chosen finishes soonest of all seven, and no split finishing as soon has
    # fewer tasks
    counts = [8192] * 12 + [1696]
    finish = {k: plan_finish(counts, 7, 16, 0, 0.3, k) for k in range(1, 8)}
    chosen = tail_pieces(counts, 7, 16, 0, 0.3)
    assert finish[chosen] == min(finish.values())
    assert all(finish[k] > finish[chosen] for k in range(1, chosen))


def test_a_run_stored_arm_major_before_this_order_resumes_in_its_own_order(tmp_path):
    """An interrupted run made by an older version (no `row_order` in its manifest, rows arm-major) is finished
    with the rows it lacks, in its order, and ends with the outcomes of an uninterrupted run."""
    config = _config(30, 8)
    whole = execute(config, tmp_path / "whole", arms=ARMS).path
    table = pq.read_table(whole / "outcomes.parquet")
    frame = table.select(["arm", "replication"]).to_pandas()
    order = (frame["arm"].map({arm: i for i, arm in enumerate(ARMS)}) * 1000 + frame["replication"]).argsort()
    arm_major = table.take(pa.array(order.to_numpy()))

    old = execute(config, tmp_path / "old", arms=ARMS).path
    pq.write_table(arm_major.slice(0, 47), old / "outcomes.parquet")
    for name in ("summary.json", "timeseries.parquet"):
        (old / name).unlink()
    manifest = json.loads((old / "manifest.json").read_text())
    del manifest["row_order"]
    manifest.update(status="interrupted", counts={**manifest["counts"], "rows_written": 47})
    (old / "manifest.json").write_text(json.dumps(manifest))

    resume(old)
    resumed = pq.read_table(old / "outcomes.parquet").to_pandas()
    pd.testing.assert_frame_equal(resumed, arm_major.to_pandas())
    assert json.loads((old / "manifest.json").read_text())["status"] == "complete"


def test_a_pooled_runs_parent_only_merges_and_never_imports_the_model(tmp_path):
    """The workers have the model from the fork server's preload; the parent importing Mesa too cost it ~0.3 s
    of CPU and ~18 MB for nothing."""
    import subprocess
    import sys

    child = ("import sys; from pathlib import Path; from scenarios.config.loader import load_config; "
             "from scenarios.orchestrate import execute; "
             f"execute(load_config({str(MAIN_CONFIG)!r}, ['replications=40', 'execution.workers=2', "
             f"'execution.batch_size=10']), Path({str(tmp_path)!r})); "
             "print(sorted(m for m in ('mesa', 'scenarios.model.lethal_aid') if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", child], capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip().splitlines()[-1] == "[]"



def test_a_pools_rows_arrive_as_arrow_tables_made_in_the_worker():
    """The parent writes every worker's rows one after another; converting them from numpy was ~3 ms a batch of
    8,192 of its serial work (the text columns most of it), now done by the worker that computed them."""
    from scenarios.execution.simulate import simulate_unit
    from scenarios.orchestrate import _simulated

    config = load_config(MAIN_CONFIG, ["replications=40", "execution.workers=2", "execution.batch_size=10"])
    units = list(work_units(config, ARMS, 10))
    got = list(_simulated(config, units, len(ARMS)))
    assert [unit for unit, _ in got] == units
    for unit, result in got:
        assert isinstance(result.columns, pa.Table)
        alone = simulate_unit(config, unit)
        assert result.columns.schema == pa.table(alone.columns).schema
        pd.testing.assert_frame_equal(result.columns.to_pandas(), pd.DataFrame(alone.columns))  # NaN == NaN here
        assert (result.parameters is None) == (alone.parameters is None)
        if alone.parameters is not None:
            pd.testing.assert_frame_equal(result.parameters.to_pandas(), pd.DataFrame(alone.parameters))


def test_get_ready_with_wait_returns_only_once_the_fork_server_has_imported_the_model(tmp_path):
    """A pooled run's clock starts after `get_ready(wait=True)`, as a serial run's starts after its import: else
    the fork server's import (~1 s, ~2 s on a slower 16-core machine) counted as the run's time.  Here the
    preload holds a module that takes 2 s to import: without wait get_ready returns at once, with it not before."""
    import subprocess
    import sys

    (tmp_path / "slow_import.py").write_text("import time\ntime.sleep(2.0)\n")
    child = ("import time; from scenarios.execution import executors; "
             "from scenarios.config.loader import load_config; "
             "executors.PRELOAD = [*executors.PRELOAD, 'slow_import']; "
             "exe = load_config({config!r}, ['execution.workers=2']).execution; "
             "t = time.perf_counter(); executors.get_ready(exe, 10**6, 100, wait={wait}); "
             "print(time.perf_counter() - t)")
    seconds = {}
    for wait in (False, True):
        # on PYTHONPATH: the fork server starts with the environment's path, not this process's sys.path
        env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tmp_path),
                                                                          os.environ.get("PYTHONPATH")]))}
        out = subprocess.run([sys.executable, "-c", child.format(config=str(MAIN_CONFIG), wait=wait)], env=env,
                             capture_output=True, text=True, timeout=120)
        assert out.returncode == 0, out.stderr
        seconds[wait] = float(out.stdout.strip().splitlines()[-1])
    assert seconds[True] >= 2.0 and seconds[False] < 1.5, seconds


def _dies_halfway_through_sending(config, item):
    """Item 3, the first time: what a worker killed while it writes its result leaves behind -- the header of a
    long message and a few of its bytes in the pool's result pipe -- and then the worker is gone."""
    import gc
    import struct
    from multiprocessing.queues import SimpleQueue

    number, mark = item
    if number == 3 and not os.path.exists(mark):
        open(mark, "w").close()
        results = [q for q in gc.get_objects() if isinstance(q, SimpleQueue)]
        os.write(results[0]._writer.fileno(), struct.pack("!i", 1_000_000) + b"partial")
        os._exit(1)
    return number


def test_a_worker_killed_halfway_through_sending_a_result_breaks_the_pool_instead_of_hanging_it(tmp_path):
    """CPython's pool waits forever for the rest of such a message (a CI run hung so); the executor notices the
    dead worker itself, and the run goes on in a new pool."""
    import threading

    items = [(i, str(tmp_path / "died")) for i in range(6)]
    got = []
    run = threading.Thread(target=lambda: got.extend(ProcessExecutor(2).map(_dies_halfway_through_sending,
                                                                             _config(10, 4), items)), daemon=True)
    run.start()
    run.join(timeout=60)
    assert not run.is_alive(), "the pool hung on the half-sent result"
    assert (tmp_path / "died").exists()
    assert [d.result for d in got] == list(range(6)) and not any(d.error for d in got)
