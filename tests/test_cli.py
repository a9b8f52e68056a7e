"""The command line as a user meets it: exit codes, messages, the run directory contract."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from conftest import MAIN_CONFIG, ROOT
from scenarios.cli import main
from scenarios import orchestrate as run_module

REQUIRED = """arm replication highend_transfer months_to_highend ladder_max ladder_end dprk_shells_total
rok_shells_indirect_total rok_shells_direct_total war_ended war_duration_months ukr_position_mean ukr_position_end
dprk_capability_gain tension_end eu_goodwill_end rok_exports_eu_total_bn rok_ru_rel_end rok_econ_loss approval_end
opposition_mobilization_max na_law_enacted us_type us_rok_rel_end abandon_fear_end cn_rok_rel_end nato_level_end
aid_level_max first_direct_month atrocity_occurred rok_belief_retaliatory_end""".split()


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


def run_dir_of(result) -> Path:
    return Path(json.loads(result.output)["run_dir"])


@pytest.mark.parametrize("config", sorted((ROOT / "configs").glob("*.yaml")), ids=lambda p: p.name)
def test_every_shipped_config_validates_and_runs(config, runs_dir):
    assert invoke("validate", config).exit_code == 0
    result = invoke("run", config, "--reps", 20, "--runs-dir", runs_dir, "--json", "--quiet")
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["status"] == "complete"


def test_run_directory_contract(runs_dir):
    result = invoke("run", MAIN_CONFIG, "--reps", 50, "--runs-dir", runs_dir, "--json", "--quiet",
                    "--set", "parameters.china.restraint=0.8")
    path = run_dir_of(result)
    assert path.parent == runs_dir and path.name.split("_", 1)[1].startswith("lethal_aid_")
    assert {p.name for p in path.iterdir()} == {"config.resolved.yaml", "manifest.json", "outcomes.parquet",
                                                 "parameters.parquet", "timeseries.parquet", "summary.json"}
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["status"] == "complete" and manifest["counts"]["rows_written"] == 7 * 50
    for key in ("versions", "seed", "config_hash", "arms", "batch_size", "workers", "started_utc", "finished_utc",
                "wall_seconds", "git_commit", "model_version"):
        assert key in manifest
    assert "restraint: 0.8" in (path / "config.resolved.yaml").read_text()
    outcomes = pd.read_parquet(path / "outcomes.parquet")
    assert set(REQUIRED) <= set(outcomes.columns)
    # each replication's draws are stored once (parameters.parquet), not on every arm's row
    assert not any(c.startswith("param.") for c in outcomes.columns)
    parameters = pd.read_parquet(path / "parameters.parquet")
    assert parameters["replication"].tolist() == list(range(50))
    assert (parameters["param.china.restraint"] == 0.8).all() and parameters["param.russia.reservation"].nunique() == 50
    from scenarios.storage.tables import read_outcomes

    joined = read_outcomes(path).to_pandas()
    assert len(joined) == 350 and (joined["param.china.restraint"] == 0.8).all()
    direct = joined[joined["arm"] == "direct_155"].set_index("replication")["param.russia.reservation"]
    assert direct.to_dict() == parameters.set_index("replication")["param.russia.reservation"].to_dict()
    assert list(outcomes["arm"].unique()) == manifest["arms"]
    ts = pd.read_parquet(path / "timeseries.parquet")
    assert {"arm", "month", "variable", "mean", "q05", "q50", "q95"} <= set(ts.columns)
    assert (ts["q05"] <= ts["q50"] + 1e-9).all() and (ts["q50"] <= ts["q95"] + 1e-9).all()
    shown = invoke("show", path)
    assert shown.exit_code == 0 and "status_quo" in shown.output


def test_replications_are_identical_for_any_batch_size_and_worker_count(runs_dir):
    """The randomness contract end to end (the full 1,000-replication version is marked slow)."""
    frames = []
    for extra in (["--batch-size", 300], ["--batch-size", 64], ["--batch-size", 1, "--arm", "endogenous"],
                  ["--batch-size", 64, "--workers", 2],
                  ["--batch-size", 16, "--workers", 2]):  # 19 batches: a pool task takes a batch of every arm
        result = invoke("run", MAIN_CONFIG, "--reps", 300, "--runs-dir", runs_dir, "--json", "--quiet", *extra)
        frames.append(pd.read_parquet(run_dir_of(result) / "outcomes.parquet"))
    reference = _arm_major(frames[0])
    for frame in frames[1:]:
        expected = reference[reference["arm"].isin(frame["arm"].unique())].reset_index(drop=True)
        pd.testing.assert_frame_equal(_arm_major(frame), expected)
    pd.testing.assert_frame_equal(frames[3], frames[1])  # the worker count does not even change the row order


def _arm_major(frame: pd.DataFrame) -> pd.DataFrame:
    """Rows by arm (in the config's order), then replication: the file's order is batch by batch, so it
    depends on the batch size; the rows themselves must not."""
    order = {arm: i for i, arm in enumerate(frame["arm"].unique())}
    key = frame["arm"].map(order) * 10**9 + frame["replication"]
    return frame.iloc[key.argsort(kind="stable")].reset_index(drop=True)


@pytest.mark.slow
def test_thousand_replications_identical_in_batches_of_1000_64_1_and_two_workers(runs_dir):
    frames = []
    for extra in (["--batch-size", 1000], ["--batch-size", 64], ["--batch-size", 1], ["--workers", 2]):
        result = invoke("run", MAIN_CONFIG, "--reps", 1000, "--runs-dir", runs_dir, "--json", "--quiet", *extra)
        frames.append(pd.read_parquet(run_dir_of(result) / "outcomes.parquet"))
    for frame in frames[1:]:
        pd.testing.assert_frame_equal(_arm_major(frame), _arm_major(frames[0]))


BAD = {
    "unknown key": ("parameters.china.restrant=0.5", "unknown key 'restrant'", "Did you mean 'restraint'"),
    "wrong type": ("replications=many", "replications", "valid integer"),
    "probability out of range": ("parameters.us.p_trump=1.3", "parameters.us.p_trump", "within [0, 1]"),
    "low above high": ("parameters.china.restraint={dist: uniform, low: 0.9, high: 0.1}", "low (0.9)", "below high"),
    "unknown distribution": ("parameters.china.restraint={dist: gaussian, mean: 0.5}", "unknown distribution",
                             "truncnormal"),
    "a name no directory can take": ("name=a/b", "'a/b' cannot be part of a run directory's name",
                                     "letters, digits, '_', '.' and '-'"),
}


@pytest.mark.parametrize("case", BAD, ids=list(BAD))
def test_bad_values_exit_2_with_a_message_naming_the_problem(case, runs_dir):
    override, *expected = BAD[case]
    result = invoke("run", MAIN_CONFIG, "--set", override, "--runs-dir", runs_dir)
    assert result.exit_code == 2
    for text in expected:
        assert text in result.output
    assert "Traceback" not in result.output and len(result.output.splitlines()) < 25
    assert not runs_dir.exists()  # nothing ran


def test_malformed_yaml_names_line_and_column(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: x\nseed: 1\narms:\n  a: {rok_policy: {mode: fixed, aid: A1}\n")
    result = invoke("validate", bad)
    assert result.exit_code == 2 and f"{bad}:5:1" in result.output and "YAML syntax error" in result.output


def test_missing_file_and_every_problem_at_once(tmp_path):
    result = invoke("validate", tmp_path / "nope.yaml")
    assert result.exit_code == 2 and "no such file" in result.output
    cfg = tmp_path / "two.yaml"
    cfg.write_text("name: two\nseed: -1\nreplicatons: 5\narms:\n  a: {rok_policy: {mode: fixed, aid: A9}}\n")
    result = invoke("validate", cfg)
    assert result.exit_code == 2 and "3 problems" in result.output
    assert f"{cfg}:2:1: seed" in result.output and "Did you mean 'replications'" in result.output


def test_unknown_arm_and_bad_run_dir_exit_2(tmp_path, runs_dir):
    assert invoke("run", MAIN_CONFIG, "--arm", "nope", "--runs-dir", runs_dir).exit_code == 2
    result = invoke("show", tmp_path)
    assert result.exit_code == 2 and "not a run directory" in result.output


def test_interrupted_run_says_so_and_keeps_finished_batches(runs_dir, monkeypatch):
    real = run_module.simulate_to_arrow
    calls = {"n": 0}

    def interrupt_third(config, unit):
        calls["n"] += 1
        if calls["n"] == 3:
            raise KeyboardInterrupt
        return real(config, unit)

    monkeypatch.setattr(run_module, "simulate_to_arrow", interrupt_third)
    result = CliRunner().invoke(main, ["run", str(MAIN_CONFIG), "--reps", "40", "--batch-size", "20",
                                       "--runs-dir", str(runs_dir), "--quiet"])
    assert result.exit_code == 130
    (path,) = runs_dir.iterdir()
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["status"] == "interrupted" and manifest["counts"]["rows_written"] == 40
    assert pq.read_table(path / "outcomes.parquet").num_rows == 40
    assert not list(path.glob("*.tmp"))


def test_failed_run_records_the_error_and_exits_1(runs_dir, monkeypatch):
    def boom(config, unit):
        raise RuntimeError("simulated bug")

    monkeypatch.setattr(run_module, "simulate_to_arrow", boom)
    result = CliRunner().invoke(main, ["run", str(MAIN_CONFIG), "--reps", "10", "--runs-dir", str(runs_dir),
                                       "--quiet"])
    assert result.exit_code == 1
    (path,) = runs_dir.iterdir()
    manifest = json.loads((path / "manifest.json").read_text())
    assert manifest["status"] == "failed" and "simulated bug" in manifest["error"]
    assert not (path / "outcomes.parquet").exists()


def test_names_overrides_and_narrow_tables(runs_dir, tmp_path):
    result = invoke("run", MAIN_CONFIG, "--reps", 30, "--runs-dir", runs_dir, "--quiet", "--name", "seminar_a",
                    "--set", "parameters.china.restraint=0.3")
    assert result.exit_code == 0
    (path,) = runs_dir.iterdir()
    manifest = json.loads((path / "manifest.json").read_text())
    assert "_seminar_a_" in path.name and manifest["name"] == "seminar_a"
    assert manifest["overrides"] == ["parameters.china.restraint=0.3"]
    assert "seminar_a (parameters.china.restraint=0.3)" in result.output
    assert max(len(line) for line in result.output.splitlines()) <= 100  # fits a 100-column page
    shown = invoke("show", path, "--metric", "ladder_max", "--metric", "highend_transfer")
    assert shown.exit_code == 0 and "ladder_max" in shown.output and "P(L6)" in shown.output
    bad = invoke("show", path, "--metric", "nope")
    assert bad.exit_code == 2 and "unknown metric 'nope'" in bad.output
    assert invoke("run", MAIN_CONFIG, "--name", "bad name!", "--runs-dir", runs_dir).exit_code == 2


def test_execution_settings_do_not_change_the_config_hash():
    from scenarios.config.loader import config_hash, load_config

    base = config_hash(load_config(MAIN_CONFIG))
    assert config_hash(load_config(MAIN_CONFIG, ["execution.workers=2", "execution.batch_size=100"])) == base
    assert config_hash(load_config(MAIN_CONFIG, ["seed=2"])) != base
