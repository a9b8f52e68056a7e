"""The Python API gives the command line's numbers, in memory or stored, and works where scripts live."""

from __future__ import annotations

import json
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

import scenarios
from scenarios import orchestrate
from scenarios.analysis.compare import compare as cli_compare

from conftest import MAIN_CONFIG

SMALL = {"replications": 300, "horizon_months": 12}


def test_in_memory_run_equals_the_stored_run(runs_dir):
    config = scenarios.load(MAIN_CONFIG, SMALL)
    memory = scenarios.run(config, arms=["status_quo", "direct_155"])
    stored = scenarios.run(config, arms=["status_quo", "direct_155"], runs_dir=runs_dir)
    assert stored.path.parent == runs_dir and memory.path is None
    a, b = memory.outcomes(), stored.outcomes()
    assert len(a) == 600 and a.columns.tolist() == b.columns.tolist()
    pd.testing.assert_frame_equal(a, b)
    assert memory.summary["arms"] == stored.summary["arms"]
    pd.testing.assert_frame_equal(memory.timeseries(), stored.timeseries())
    # the same comparison as `scenarios compare RUN`
    cli = cli_compare([str(stored.path)])["comparisons"]
    frame = memory.compare("status_quo")
    assert frame["diff"].tolist() == pytest.approx([c.estimate.diff for c in cli])
    assert frame["paired"].all()


def test_overrides_from_a_dict_a_list_or_keywords():
    by_dict = scenarios.load(MAIN_CONFIG, {"parameters.china.restraint": 0.8, "replications": 50})
    by_list = scenarios.load(MAIN_CONFIG, ["parameters.china.restraint=0.8", "replications=50"])
    assert by_dict == by_list and by_dict.replications == 50
    from_dict = scenarios.load({**json.loads(by_dict.model_dump_json(by_alias=True)), "seed": 7})
    assert from_dict.seed == 7
    result = scenarios.run(MAIN_CONFIG, arms=["status_quo"], replications=40, seed=3)
    assert result.config.seed == 3 and len(result.outcomes(["highend_transfer"])) == 40
    assert result.outcomes(["highend_transfer"]).columns.tolist() == ["arm", "replication", "highend_transfer"]


def test_user_mistakes_are_scenario_errors_not_tracebacks():
    with pytest.raises(scenarios.ConfigError, match="restraint"):
        scenarios.load(MAIN_CONFIG, {"parameters.china.restraint": "lots"})
    with pytest.raises(scenarios.ScenarioError, match="unknown arm"):
        scenarios.run(MAIN_CONFIG, arms=["no_such_arm"], replications=10)
    result = scenarios.run(MAIN_CONFIG, arms=["status_quo"], replications=10)
    with pytest.raises(scenarios.ScenarioError, match="baseline"):
        result.compare("direct_155")


def test_a_failed_run_leaves_no_directory(runs_dir, monkeypatch):
    def boom(config, unit):
        raise ValueError("model bug")

    monkeypatch.setattr(orchestrate, "simulate_to_arrow", boom)
    runs_dir.mkdir()
    with pytest.raises(RuntimeError, match="model bug"):
        scenarios.run(MAIN_CONFIG, replications=20, runs_dir=runs_dir)
    assert list(runs_dir.iterdir()) == []


def test_open_run_reads_a_stored_run(runs_dir):
    stored = scenarios.run(MAIN_CONFIG, arms=["status_quo"], replications=30, runs_dir=runs_dir)
    again = scenarios.open_run(stored.path)
    assert again.arms == ["status_quo"] and again.config == stored.config
    table = again.summary_table()
    assert set(table.columns) >= {"arm", "outcome", "estimate", "low", "high"}
    assert (table["low"] <= table["estimate"] + 1e-12).all()
    with pytest.raises(scenarios.ScenarioError, match="no such run directory"):
        scenarios.open_run(runs_dir / "nope")


SCRIPT = f"""
import scenarios
r = scenarios.run({str(MAIN_CONFIG)!r}, arms=["status_quo"], replications=200, workers=2,
                  **{{"seed": 11}})
print(round(float(r.outcomes()["highend_transfer"].mean()), 6))
"""


@pytest.mark.parametrize("how", ["file", "stdin"])
def test_two_workers_work_in_a_script_without_a_main_guard(how, tmp_path):
    """Before: the workers re-ran the unguarded script, the pool broke twice and the run failed."""
    expected = scenarios.run(MAIN_CONFIG, arms=["status_quo"], replications=200, seed=11)
    if how == "file":
        script = tmp_path / "analysis.py"
        script.write_text(SCRIPT)
        proc = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)
    else:
        proc = subprocess.run([sys.executable, "-"], input=SCRIPT, capture_output=True, text=True, timeout=120,
                              cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr[-2000:]
    value = float(proc.stdout.strip().splitlines()[-1])
    assert value == pytest.approx(round(float(np.mean(expected.outcomes()["highend_transfer"])), 6))
