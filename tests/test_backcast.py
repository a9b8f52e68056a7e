"""The backcast 2022-03 -> 2024-07 against the record (SF19), the timeline, and history matching."""

from __future__ import annotations

import json
from functools import cache

import numpy as np
import pytest
from click.testing import CliRunner

from conftest import ROOT
from scenarios.analysis import calibrate
from scenarios.analysis.history import observe
from scenarios.cli import main
from scenarios.config.loader import load_config

BACKCAST = ROOT / "configs" / "backcast_2022.yaml"


def invoke(*args):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=False)


@cache
def record(arm: str = "record", n: int = 1000) -> dict:
    return observe(load_config(BACKCAST), arm, np.arange(n))


def test_sf19a_seoul_does_not_go_direct_by_july_2024_in_the_large_majority():
    assert record()["direct_by_2024_07"].mean() < 0.2


def test_sf19b_median_indirect_155mm_by_december_2023_is_at_least_300000():
    assert np.median(record()["indirect_by_2023_12"]) >= 300_000


def test_sf19c_dprk_shells_in_2023_at_most_a_million_and_none_before_the_summit():
    o = record()
    assert (o["dprk_shells_2023"] <= 1_000_000).all() and (o["dprk_shells_2023"] > 0).mean() > 0.9
    assert (o["dprk_before_summit"] == 0).all()


def test_sf19d_the_treaty_rung_by_june_2024_in_most_runs_when_not_forced():
    assert (record()["treaty_month"] <= 27).mean() > 0.5  # run month 27 = 2024-06


def test_sf19e_seoul_at_a1_or_a2_in_july_2024():
    aid = record()["end.aid"]
    assert np.isin(aid, (1, 2)).mean() > 0.8


def test_the_backcast_ends_near_the_state_the_forecast_starts_from():
    o = record("record_treaty")
    assert (o["end.nato"] == 3).all() and (o["end.ladder"] >= 4).all()
    assert abs(np.median(o["end.ukr"]) - 0.5) < 0.15  # the forecast starts at a stalemate


@pytest.mark.parametrize("event, message", [
    ("{from: 2021-01, ladder: {set: 2}}", "from 2021-01 is outside the run, 2022-03 to 2024-07"),
    ("{from: 2023-01, rubble: {set: 2}}", "unknown key 'rubble'"),
    ("{from: 2023-01, ladder: {set: 9}}", "less than or equal to 6"),
    ("{from: 2023-01, aid: {set: A7}}", "'A0', 'A1', 'A2', 'A3' or 'A4'"),
    ("{from: 2023-05, until: 2023-01, war: 'on'}", "until (2023-01) is before from (2023-05)"),
])
def test_timeline_errors_name_the_event_key_and_date(event, message, tmp_path):
    config = tmp_path / "bad.yaml"
    config.write_text(BACKCAST.read_text().replace("\ntimeline:\n", f"\ntimeline:\n  - {event}\n", 1))
    result = invoke("validate", config)
    assert result.exit_code == 2 and message in result.output and "timeline" in result.output, result.output


def test_a_timeline_sets_floors_and_holds_month_by_month():
    from scenarios.design import forcings

    f = forcings(load_config(BACKCAST), "record_treaty")
    assert f.ladder_hi[17] == 1 and f.ladder_lo[18] == f.ladder_hi[18] == 2 and f.ladder_hi[19] == 6  # 2023-08/09/10
    assert f.ladder_lo[27] == 4 and f.aid_hi[9] == 0 and f.aid_lo[10] == 1 and f.war_hold.all()
    assert (f.us_hold == 0).all() and f.ire_shock[13] == pytest.approx(0.1) and f.ire_shock.sum() == pytest.approx(0.1)


def test_history_matching_finds_a_region_and_reports_the_forecast_under_it(tmp_path):
    result = invoke("calibrate", BACKCAST, "--points", 64, "--reps", 20, "--runs-dir", tmp_path, "--json")
    assert result.exit_code == 0, result.output
    summary = json.loads(result.output)
    assert 0 < summary["non_implausible_share"] < 1
    for arm in ("status_quo", "direct_155"):
        f = summary["forecast"][arm]
        assert 0 <= f["non_implausible"] <= 1 and len(f["split_halves"]) == 2
    assert summary["forecast"]["direct_155"]["non_implausible"] > summary["forecast"]["status_quo"]["non_implausible"]


def test_a_forecast_without_the_arms_it_reports_is_refused_before_anything_runs(tmp_path):
    """--forecast the backcast itself: every point ran, then an internal KeyError ('status_quo')."""
    result = invoke("calibrate", BACKCAST, "--forecast", BACKCAST, "--points", 8, "--reps", 10, "--runs-dir",
                    tmp_path / "runs")
    assert result.exit_code == 2 and "no arm status_quo, direct_155" in result.output, result.output
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("config, sets", [(ROOT / "configs" / "lethal_aid.yaml", []),
                                         (BACKCAST, ["horizon_months=35"])])
def test_a_config_that_is_not_dated_as_the_record_is_refused(config, sets, tmp_path):
    """The forecast config (from August 2024) was matched against 2023's record and 'ruled out' by it."""
    from scenarios.config.loader import load_config
    from scenarios.analysis.history import not_a_backcast

    assert "the record is matched month by month over 29 months from 2022-03" in not_a_backcast(
        load_config(config, sets))
    if not sets:
        result = invoke("calibrate", config, "--arm", "status_quo", "--points", 8, "--reps", 10, "--runs-dir",
                        tmp_path)
        assert result.exit_code == 2 and "not a backcast" in result.output, result.output
    assert not_a_backcast(load_config(BACKCAST)) is None


def test_implausibility_is_zero_at_the_record_and_grows_with_the_distance():
    stats = {t.name: np.array([t.value, t.value + 4 * (t.obs_sd + t.discrepancy_sd)])
             for t in calibrate.history.TARGETS}
    mc = {t.name: np.zeros(2) for t in calibrate.history.TARGETS}
    for values in calibrate.implausibility(stats, mc).values():
        assert values[0] == 0 and values[1] > 3


def test_calibrating_a_config_without_the_record_arm_says_which_config_has_one(tmp_path):
    result = CliRunner().invoke(main, ["calibrate", str(ROOT / "configs" / "lethal_aid.yaml"), "--runs-dir",
                                       str(tmp_path)])
    assert result.exit_code == 2 and "no arm 'record'" in result.output
    assert "configs/backcast_2022.yaml" in result.output and "--arm" in result.output
    assert not any(tmp_path.iterdir())
