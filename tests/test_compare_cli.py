"""`scenarios compare` on runs made by `scenarios run`."""

from __future__ import annotations

import json
from contextlib import contextmanager
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import MAIN_CONFIG
from scenarios.cli import main


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    base = tmp_path_factory.mktemp("runs")

    def make(*extra):
        result = invoke("run", MAIN_CONFIG, "--reps", 400, "--runs-dir", base, "--json", "--quiet", *extra)
        return Path(json.loads(result.output)["run_dir"])

    return {"main": make(), "restrained": make("--set", "parameters.china.restraint=0.9"),
            "other_seed": make("--seed", 99, "--arm", "status_quo", "--arm", "direct_155")}


def report(*args):
    result = invoke("compare", *args, "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.output)


def test_one_run_every_arm_against_the_baseline_paired(runs):
    doc = report(runs["main"])
    pairs = {(c["compared"], c["reference"]) for c in doc["comparisons"]}
    assert ("direct_155", "status_quo") in pairs and all(ref == "status_quo" for _, ref in pairs)
    assert all(c["paired"] for c in doc["comparisons"]) and doc["n_comparisons"] == 6 * 11
    highend = next(c for c in doc["comparisons"] if c["compared"] == "direct_155" and c["metric"] == "highend_transfer")
    assert highend["low"] > 0 and highend["diff"] > 0 and highend["n_a"] == 400
    assert any("direct_1" in h and "paired over 400 replications" in h for h in doc["headlines"])


def test_a_run_directory_with_a_trailing_slash_is_the_same_run(runs):
    """Shells complete directories with a '/': that used to end in an internal KeyError."""
    slashed = f"{runs['main']}/"
    assert report(slashed)["n_comparisons"] == report(runs["main"])["n_comparisons"]
    # recognised as the same run: given twice, refused (each arm against itself was 0 everywhere, p = 1)
    twice = CliRunner().invoke(main, ["compare", slashed, str(runs["main"])])
    assert twice.exit_code == 2 and "given twice" in twice.output, twice.output
    assert len(report(f"{slashed}:status_quo", f"{runs['main']}:direct_155")["comparisons"]) == 11


def test_two_runs_same_seed_are_paired_and_a_changed_assumption_shows(runs):
    doc = report(runs["main"], runs["restrained"], "--metric", "highend_transfer")
    assert all(c["paired"] for c in doc["comparisons"]) and len(doc["comparisons"]) == 7
    assert all(c["diff"] <= 0 for c in doc["comparisons"])  # more Chinese restraint, less high-end help
    assert "same seed" in " ".join(doc["pairing"].values())


def test_different_seeds_are_compared_unpaired_and_say_so(runs):
    doc = report(runs["main"], runs["other_seed"])
    assert {c["compared"].split(":")[1] for c in doc["comparisons"]} == {"status_quo", "direct_155"}
    assert not any(c["paired"] for c in doc["comparisons"])
    assert "unpaired: runs differ in seed" in " ".join(doc["pairing"].values())
    assert any(c["method"].startswith("Welch") for c in doc["comparisons"])


def test_a_run_of_one_replication_is_compared_unpaired_and_the_note_says_so(tmp_path):
    """One pair has no spread to estimate a paired interval from: the rows, the note and the design column agree."""
    result = invoke("run", MAIN_CONFIG, "--reps", 1, "--arm", "status_quo", "--arm", "direct_155",
                    "--runs-dir", tmp_path, "--json", "--quiet")
    doc = report(json.loads(result.output)["run_dir"], "--metric", "highend_transfer")
    assert not any(c["paired"] for c in doc["comparisons"])
    assert doc["pairing"] == {"direct_155 vs status_quo": "unpaired: same run, but 1 replication in common"}


def test_paired_intervals_are_tighter_than_unpaired_under_common_random_numbers(runs):
    ref = [f"{runs['main']}:status_quo", f"{runs['main']}:direct_155"]
    paired = report(*ref, "--metric", "ukr_position_mean")["comparisons"][0]
    unpaired = report(f"{runs['other_seed']}:status_quo", f"{runs['main']}:direct_155",
                      "--metric", "ukr_position_mean")["comparisons"][0]
    assert paired["paired"] and not unpaired["paired"]
    assert (paired["high"] - paired["low"]) < 0.5 * (unpaired["high"] - unpaired["low"])


def test_formats_files_and_plots(runs, tmp_path):
    for fmt in ("markdown", "csv"):
        out = tmp_path / f"report.{fmt}"
        assert invoke("compare", runs["main"], "--format", fmt, "--out", out, "--adjust", "holm").exit_code == 0
        assert "direct_155" in out.read_text()
    table = invoke("compare", runs["main"], "--metric", "highend_transfer", "--plot", tmp_path / "f.png",
                   "--plot-timeseries", tmp_path / "fan.png")
    assert table.exit_code == 0 and "paired" in table.output and "comparisons" in table.output
    for png in ("f.png", "fan.png"):
        assert (tmp_path / png).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_holm_adjusted_p_values_are_reported(runs):
    doc = report(runs["main"], "--adjust", "holm")
    assert doc["adjust"] == "holm" and all(c["p_adjusted"] >= c["p_value"] for c in doc["comparisons"])


@pytest.mark.parametrize("args, message", [
    (["--baseline", "nope"], "no baseline arm 'nope'"),
    (["--metric", "nope"], "unknown metric 'nope'"),
])
def test_user_mistakes_exit_2(runs, args, message):
    result = invoke("compare", runs["main"], *args)
    assert result.exit_code == 2 and message in result.output


@contextmanager
def edited_manifest(run: Path, **changes):
    path = run / "manifest.json"
    original = path.read_text()
    path.write_text(json.dumps(json.loads(original) | changes))
    try:
        yield
    finally:
        path.write_text(original)


def test_not_a_run_and_partial_runs(runs, tmp_path):
    result = invoke("compare", tmp_path)
    assert result.exit_code == 2 and "not a run directory" in result.output
    with edited_manifest(runs["restrained"], status="interrupted"):
        result = invoke("compare", runs["restrained"])
        assert result.exit_code == 2 and "--allow-partial" in result.output
        doc = report(runs["restrained"], "--allow-partial")
        assert any("interrupted" in w for w in doc["warnings"])


def test_model_version_difference_is_a_warning(runs):
    with edited_manifest(runs["other_seed"], model_version="0.0.1"):
        doc = report(runs["main"], runs["other_seed"])
        assert any("model_version differs" in w for w in doc["warnings"])


def test_an_outcome_undefined_in_some_replications_is_compared_where_it_is_defined(runs):
    """months_to_highend is NaN where L6 never came: every statistic was NaN, p = 1 ('no difference')."""
    doc = report(runs["main"], "--metric", "months_to_highend")
    import pyarrow.parquet as pq

    table = pq.read_table(runs["main"] / "outcomes.parquet", columns=["arm", "replication", "months_to_highend"])
    wide = table.to_pandas().pivot(index="replication", columns="arm", values="months_to_highend")
    c = next(c for c in doc["comparisons"] if c["compared"] == "direct_155")
    both = wide[["status_quo", "direct_155"]].dropna()
    assert c["n_a"] == len(both) > 1 and abs(c["diff"] - (both.direct_155 - both.status_quo).mean()) < 1e-9
    assert doc["pairing"]["direct_155 vs status_quo: months_to_highend"] == (
        f"over the {len(both):,} replications where both have a value ({len(wide) - len(both):,} undefined)")


def test_the_summary_of_a_month_of_an_event_is_over_the_runs_where_it_came(runs):
    import pyarrow.parquet as pq

    from scenarios.analysis.summary import summarise_columns

    stats = summarise_columns(runs["main"], ["direct_155"], ["months_to_highend", "highend_transfer"])["arms"]
    stats = stats["direct_155"]
    shown = invoke("show", runs["main"], "--metric", "highend_transfer", "--metric", "months_to_highend").output
    assert f"n = {stats['months_to_highend']['n']}" in shown
    table = pq.read_table(runs["main"] / "outcomes.parquet", columns=["arm", "months_to_highend"]).to_pandas()
    came = table[table.arm == "direct_155"].months_to_highend.dropna()
    assert stats["months_to_highend"]["n"] == len(came) > 1 and stats["highend_transfer"]["n"] == 400
    assert abs(stats["months_to_highend"]["estimate"] - came.mean()) < 1e-12  # was NaN


def test_the_forest_plot_draws_every_outcome_asked_for(runs, tmp_path):
    """--metric months_to_highend --metric highend_transfer drew only P(L6) (the key outcomes' filter), under a
    title that said n = 0 per arm (the first comparison's, where no replication had a value)."""
    from PIL import Image

    result = invoke("compare", runs["main"], "--metric", "months_to_highend", "--metric", "highend_transfer",
                    "--plot", tmp_path / "forest.png")
    assert result.exit_code == 0, result.output
    width, height = Image.open(tmp_path / "forest.png").size
    assert width > 2 * height  # two panels side by side


def test_fan_charts_of_a_horizon_of_one_month_show_their_month(tmp_path):
    """A one-month run drew six empty panels: a line through one point is invisible."""
    import pyarrow.parquet as pq

    from scenarios.analysis import plots

    made = invoke("run", MAIN_CONFIG, "--reps", 20, "--arm", "status_quo", "--set", "horizon_months=1",
                  "--runs-dir", tmp_path, "--json", "--quiet")
    run = Path(json.loads(made.output)["run_dir"])
    table = pq.read_table(run / "timeseries.parquet").to_pandas()
    chart = plots.fan_chart([(table[table.arm == "status_quo"], "status_quo")])
    line, _ = chart.artists["status_quo", plots.FAN_VARIABLES[0]]
    assert line.get_marker() == "o" and len(line.get_xdata()) == 1
    assert [t.get_text() for t in line.axes.get_xticklabels()] == ["2024-08"]


def test_csv_leaves_an_undefined_number_empty(runs):
    """As JSON has null: the text 'nan' stays text in a spreadsheet's column of numbers."""
    import csv
    import io

    result = invoke("compare", runs["main"], "--metric", "months_to_highend", "--metric", "highend_transfer",
                    "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(result.output)))
    assert rows and not any(value == "nan" for row in rows for value in row.values())
    assert any(row["ratio"] == "" for row in rows if row["metric"] == "months_to_highend")
