"""scenarios explain: the story of one replication, replayed exactly from the run."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from conftest import MAIN_CONFIG
from scenarios.analysis import story
from scenarios.cli import main
from scenarios.storage import run_dir as store


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    runs = tmp_path_factory.mktemp("runs")
    result = invoke("run", MAIN_CONFIG, "--reps", 200, "--batch-size", 64, "--runs-dir", runs, "--json", "--quiet",
                    "--arm", "status_quo", "--arm", "direct_155")
    return json.loads(result.output)["run_dir"]


def test_the_replayed_replication_equals_its_stored_row(run):
    import pandas as pd

    stored = pd.read_parquet(f"{run}/outcomes.parquet")
    for arm, i in (("status_quo", 0), ("direct_155", 137), ("direct_155", 199)):
        told = story.replay(__import__("pathlib").Path(run), arm, i)
        assert told.matches_stored is True
        row = stored[(stored["arm"] == arm) & (stored["replication"] == i)].iloc[0]
        assert told.outcomes["ladder_max"] == row["ladder_max"]
        assert told.outcomes["dprk_shells_total"] == pytest.approx(row["dprk_shells_total"], rel=1e-12)


def test_a_story_tells_choices_with_their_claims_and_the_state_that_followed(run):
    result = invoke("explain", run, "--arm", "direct_155", "--pick", "typical", "--metric", "highend_transfer")
    assert result.exit_code == 0, result.output
    text = result.output
    assert "Picked because highend_transfer happened" in text and "did not happen" in text
    assert "the replay equals the stored row" in " ".join(text.split())
    assert "Seoul's aid in effect becomes A3 open direct 155 mm" in text
    assert "[C" in text and "Russia" in text


def test_picking_by_a_month_of_an_event_that_never_came_is_refused_clearly(run):
    """status_quo never sends direct aid: first_direct_month is NaN in every replication (argmax of nothing was an
    internal error)."""
    result = invoke("explain", run, "--arm", "status_quo", "--pick", "typical", "--metric", "first_direct_month")
    assert result.exit_code == 2 and "has no value in any replication of 'status_quo'" in result.output, result.output


def test_json_and_markdown(run):
    data = json.loads(invoke("explain", run, "--arm", "status_quo", "--replication", 5, "--format", "json").output)
    assert data["replication"] == 5 and len(data["months"]) == 30 and data["matches_stored_row"] is True
    assert all({"text", "claims", "kind"} <= set(s) for m in data["months"] for s in m["sentences"])
    markdown = invoke("explain", run, "--arm", "status_quo", "--replication", 5, "--format", "markdown").output
    assert markdown.startswith("### status_quo, replication 5")


def test_vs_marks_where_the_worlds_diverge(run):
    result = invoke("explain", run, "--arm", "direct_155", "--replication", 3, "--vs", "status_quo")
    assert "Against the other arm:" in result.output
    # in the story's words (it said 'aid becomes 3 under direct_155, 1 under status_quo')
    assert ("2024-09: The worlds first diverge: Seoul's aid in effect becomes A3 open direct 155 mm under direct_155, "
            "A1 indirect supply under status_quo") in " ".join(result.output.split())
    same = invoke("explain", run, "--arm", "direct_155", "--replication", 3, "--vs", "direct_155")
    assert same.exit_code == 2 and "is the arm being told" in same.output  # it told no divergence, silently


@pytest.mark.parametrize("args, message", [
    (["--arm", "nope", "--replication", 1], "no arm 'nope'; the run has: status_quo, direct_155"),
    (["--arm", "status_quo", "--replication", 200], "no replication 200; the run has 0..199"),
    (["--arm", "status_quo"], "give --replication I"),
])
def test_bad_requests_exit_2_with_what_exists(run, args, message):
    result = invoke("explain", run, *args)
    assert result.exit_code == 2 and message in result.output


def test_a_run_of_another_model_version_is_refused(run, tmp_path):
    import shutil

    copy = tmp_path / "old"
    shutil.copytree(run, copy)
    manifest = json.loads((copy / "manifest.json").read_text())
    manifest["model_version"] = "0.1.0"
    store.write_json(copy / "manifest.json", manifest)
    result = invoke("explain", copy, "--arm", "status_quo", "--replication", 1)
    assert result.exit_code == 2 and "made by scenarios 0.1.0" in result.output


def test_report_is_one_self_contained_html_file(run, tmp_path):
    out = tmp_path / "handout.html"
    result = invoke("report", run, "-o", out)
    assert result.exit_code == 0, result.output
    text = out.read_text()
    assert text.startswith("<!doctype html>") and "data:image/png;base64," in text
    assert "http://" not in text and "https://" not in text and "<script" not in text  # opens offline
    for needle in ("What was run", "Results", "Two stories from direct_155", "Picked because", "[000]",
                   "Russia&#x27;s War and China&#x27;s Rise", "China&#x27;s restraint"):
        assert needle in text, needle


def test_report_of_a_sweep(tmp_path):
    runs = tmp_path / "runs"
    result = invoke("sweep", MAIN_CONFIG, "--param", "parameters.china.restraint=0:1:3", "--reps", 20, "--arm",
                    "status_quo", "--runs-dir", runs, "--quiet", "--json")
    path = json.loads(result.output)["run_dir"]
    assert "lethal_aid-sweep" in path
    assert invoke("report", path, "-o", tmp_path / "s.html").exit_code == 0
    assert "data:image/png;base64," in (tmp_path / "s.html").read_text()
