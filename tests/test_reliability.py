"""Results that look valid but are wrong must not happen (issue: reliability, first section)."""

from __future__ import annotations

import json
import os
import signal

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import MAIN_CONFIG
from scenarios.analysis import stats
from scenarios.cli import main
from scenarios.storage import run_dir as store


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def test_an_interrupt_inside_the_outcome_writer_neither_duplicates_nor_drops_rows(runs_dir, monkeypatch):
    """Ctrl-C delivered while a row group is being written: the rows land once and the counts match."""
    monkeypatch.setattr(store.OutcomeWriter, "ROW_GROUP", 100)
    real = pq.ParquetWriter.write_table
    calls = {"n": 0}

    def write_then_interrupt(self, table, *args, **kwargs):
        real(self, table, *args, **kwargs)
        calls["n"] += 1
        if calls["n"] == 2:
            os.kill(os.getpid(), signal.SIGINT)  # lands inside the writer: after the write, before bookkeeping

    monkeypatch.setattr(pq.ParquetWriter, "write_table", write_then_interrupt)
    result = CliRunner().invoke(main, ["run", str(MAIN_CONFIG), "--reps", "200", "--batch-size", "50",
                                       "--runs-dir", str(runs_dir), "--quiet"])
    assert result.exit_code == 130, result.output
    (path,) = runs_dir.iterdir()
    manifest = json.loads((path / "manifest.json").read_text())
    outcomes = pd.read_parquet(path / "outcomes.parquet")
    assert manifest["status"] == "interrupted"
    assert len(outcomes) == manifest["counts"]["rows_written"] == 50 * manifest["counts"]["units_done"]
    assert not outcomes.duplicated(["arm", "replication"]).any()
    summary = json.loads((path / "summary.json").read_text())
    assert sum(a["highend_transfer"]["n"] for a in summary["arms"].values()) == len(outcomes)


def test_a_disk_that_fills_while_a_row_group_is_encoded_fails_the_run_and_publishes_nothing_false(runs_dir,
                                                                                                   monkeypatch):
    """Row groups are encoded on a background thread: its error must fail the run, and no outcome file may be
    published without the rows it lost, even if the disk has room again when the run closes its files."""
    monkeypatch.setattr(store.OutcomeWriter, "ROW_GROUP", 100)
    real = pq.ParquetWriter.write_table
    calls = {"n": 0}

    def full_once(self, table, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 2:
            raise OSError(28, "No space left on device")
        real(self, table, *args, **kwargs)

    monkeypatch.setattr(pq.ParquetWriter, "write_table", full_once)
    result = CliRunner().invoke(main, ["run", str(MAIN_CONFIG), "--reps", "200", "--batch-size", "50",
                                       "--runs-dir", str(runs_dir), "--quiet"])
    assert result.exit_code != 0 and "No space left on device" in result.output, result.output
    (path,) = runs_dir.iterdir()
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "No space left" in manifest["error"]
    assert not (path / "outcomes.parquet").exists()
    assert manifest["counts"]["rows_written"] == 0


def test_paired_proportions_at_a_million_replications():
    rng = np.random.default_rng(1)
    a = rng.random(1_000_000) < 0.3
    b = a | (rng.random(1_000_000) < 0.1)
    est = stats.paired_proportions(a, b)
    assert est.low < est.diff < est.high and abs(est.diff - (b.mean() - a.mean())) < 1e-12
    assert est.high - est.low < 0.002


def _fake_run(path, arms: dict[str, int], status: str = "complete"):
    """A run directory holding `arms[arm]` replications per arm of two outcome columns."""
    path.mkdir(parents=True)
    rng = np.random.default_rng(0)
    frames = [pd.DataFrame({"arm": arm, "replication": np.arange(n), "highend_transfer": rng.random(n) < 0.2,
                            "ukr_position_mean": rng.random(n)}) for arm, n in arms.items()]
    pq.write_table(pa.Table.from_pandas(pd.concat(frames), preserve_index=False), path / "outcomes.parquet")
    planned = max(arms.values())
    store.write_json(path / "manifest.json", {
        "status": status, "name": "fake", "seed": 1, "replications": planned, "model_version": "x",
        "arms": list(arms), "horizon_months": 30, "start": "2024-08",
        "counts": {"rows_planned": planned * len(arms), "rows_written": sum(arms.values())}})
    return path


def test_compare_handles_a_million_replications_per_arm(tmp_path):
    run = _fake_run(tmp_path / "big", {"status_quo": 1_000_000, "direct_155": 1_000_000})
    result = invoke("compare", run, "--metric", "highend_transfer", "--metric", "ukr_position_mean",
                    "--format", "json")
    assert result.exit_code == 0, result.output
    rows = json.loads(result.output)["comparisons"]
    assert {r["n_a"] for r in rows} == {1_000_000} and all(r["paired"] for r in rows)


def test_compare_allow_partial_on_a_run_that_never_reached_an_arm(tmp_path):
    run = _fake_run(tmp_path / "partial", {"status_quo": 300, "direct_155": 120, "endogenous": 0},
                    status="interrupted")
    result = invoke("compare", run, "--allow-partial", "--metric", "highend_transfer", "--format", "json")
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert {r["compared"] for r in report["comparisons"]} == {"direct_155"}
    assert "no rows" in report["pairing"]["endogenous vs status_quo"]


@pytest.mark.parametrize("value", ["nan", "inf", "-inf", "{dist: uniform, low: 0, high: .nan}",
                                   "{dist: choice, values: [0.1, .nan]}", "{dist: beta, a: .inf, b: 2}"])
def test_nan_and_inf_are_refused_where_a_number_in_a_range_is_expected(value):
    result = invoke("validate", MAIN_CONFIG, "--set", f"parameters.china.restraint={value}")
    assert result.exit_code == 2 and "finite" in result.output or "must" in result.output


@pytest.mark.parametrize("option", ["replications=1,2", "start=2024-08,2025-01", "horizon_months=12,30", "seed=1,2"])
def test_sweeping_a_key_that_cannot_vary_between_points_is_refused(option, runs_dir):
    result = invoke("sweep", MAIN_CONFIG, "--values", option, "--runs-dir", runs_dir)
    assert result.exit_code == 2 and "cannot vary between points" in result.output
    assert not runs_dir.exists()


def test_sweep_jobs_share_a_model_for_a_bounded_number_of_points(runs_dir):
    from scenarios.config.loader import load_config
    from scenarios.sweep import runner
    from scenarios.sweep.spec import build_spec

    base = load_config(MAIN_CONFIG, ["replications=5"])
    spec = build_spec({}, "test", ["parameters.china.restraint=0:1:200"], arms=["status_quo"])
    path = runner.prepare(base, spec, runs_dir)
    _, sweep, _ = runner.load(path)
    jobs = runner._jobs(path, base, sweep, sweep["points"], list(range(200)), ("status_quo",))
    assert max(len(j.points) for j in jobs) <= runner.MAX_POINTS_PER_JOB and sum(len(j.points) for j in jobs) == 200


def test_binned_series_count_every_replication_however_many_batches_add_up():
    """A worker's bin counts come in the smallest type that holds them (uint16 below 65,536 replications); the
    run's totals must not wrap around when batches add up beyond that."""
    import numpy as np

    from scenarios.analysis.timeseries import SeriesAccumulator, histograms
    from scenarios.model.outcomes import SERIES

    accumulator = SeriesAccumulator(2)
    for n in (40_000, 40_000, 70_000):  # the last is one large batch: a wider type
        series = {s.name: np.full((n, 2), s.low) for s in SERIES}  # all in one bin: the worst case
        binned = histograms(series)
        assert all(c.dtype == (np.uint16 if n < 2**16 else np.int64) for c in binned.counts.values())
        accumulator.add("a", binned)
    for counts in accumulator.counts.values():
        assert (counts.sum(axis=1) == 150_000).all()


def test_json_files_write_nan_as_null_keep_text_that_mentions_it_and_refuse_infinity(tmp_path):
    """write_json encodes first and walks the document only when a NaN or an infinity shows: the result must
    be what walking every value gave (NaN as null), a label that holds the word must survive, inf must fail."""
    import math

    path = tmp_path / "x.json"
    doc = {"a": [1.0, float("nan"), {"b": np.float64("nan")}], "label": "NaN means undefined", "n": np.int64(3)}
    store.write_json(path, doc, compact=True)
    assert json.loads(path.read_text()) == {"a": [1.0, None, {"b": None}], "label": "NaN means undefined", "n": 3}
    store.write_json(path, {"x": [0.5, 2.0], "label": "Infinity"})
    assert json.loads(path.read_text()) == {"x": [0.5, 2.0], "label": "Infinity"}
    with pytest.raises(ValueError):
        store.write_json(path, {"x": math.inf})


@pytest.mark.parametrize("kept_rows", [None, 500])
def test_a_runs_summary_from_memory_equals_the_summary_of_its_file(runs_dir, monkeypatch, kept_rows):
    """The summary's columns are kept in memory as the rows are written (up to KEPT_ROWS; beyond, the file is read
    back): either way summary.json must say exactly what the published outcomes.parquet says."""
    from scenarios.analysis import summary
    from scenarios.config.loader import load_config
    from scenarios.orchestrate import execute

    if kept_rows is not None:
        monkeypatch.setattr(summary, "KEPT_ROWS", kept_rows)
    config = load_config(MAIN_CONFIG, ["replications=300", "execution.batch_size=70"])
    arms = ["status_quo", "direct_155", "endogenous"]
    result = execute(config, runs_dir, arms)
    from_file = summary.summarise(result.path / "outcomes.parquet", arms)
    assert json.loads((result.path / "summary.json").read_text())["arms"] == json.loads(json.dumps(from_file["arms"]))
    kept = summary.SummaryColumns()
    for _ in range(3):
        kept.add(pq.read_table(result.path / "outcomes.parquet"))
    assert (kept.table() is None) == (kept_rows is not None)  # 2,700 rows: over 500, under the default


def test_a_wide_table_is_encoded_in_row_groups_as_it_comes_not_all_at_close(tmp_path, monkeypatch):
    """parameters.parquet (168 columns) reaches ROW_GROUP_BYTES long before ROW_GROUP rows: it is flushed by
    size, so its encoding runs during the run, and the file holds the same rows in order."""
    monkeypatch.setattr(store.OutcomeWriter, "ROW_GROUP_BYTES", 40_000)
    writer = store.OutcomeWriter(tmp_path / "wide.parquet")
    tables = [pa.table({f"c{j}": np.arange(i * 100, (i + 1) * 100, dtype=float) for j in range(20)})
              for i in range(6)]  # 16 kB each: a row group every three
    for table in tables:
        writer.write(table)
    assert writer.buffered < 300  # flushed by size, far below ROW_GROUP rows
    writer.close()
    stored = pq.ParquetFile(tmp_path / "wide.parquet")
    assert stored.num_row_groups == 2
    assert stored.read().equals(pa.concat_tables(tables))
