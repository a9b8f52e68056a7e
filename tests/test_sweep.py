"""`scenarios sweep`: validation before running, common random numbers, resume, failures, sensitivity."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from click.testing import CliRunner

from conftest import MAIN_CONFIG, ROOT
from scenarios.cli import main
from scenarios.sweep import point as point_module
from scenarios.sweep import runner


def invoke(*args, catch=False):
    return CliRunner().invoke(main, [str(a) for a in args], catch_exceptions=catch)


def sweep(runs_dir, *args):
    result = invoke("sweep", MAIN_CONFIG, "--runs-dir", runs_dir, "--json", "--quiet", *args)
    assert result.exit_code in (0, 3), result.output
    return json.loads(result.stdout), result.exit_code


@pytest.mark.parametrize("args, message", [
    (["--param", "parameters.china.restraint=1:0:5"], "LOW (1) must be below HIGH (0)"),
    (["--param", "parameters.china.restraint=0:1:1"], "greater than or equal to 2"),
    (["--param", "parameters.china.restrant=0:1:3"], "Did you mean 'restraint'"),
    (["--param", "parameters.china.restraint=0:2:3"], "within [0, 1]"),
    (["--param", "parameters.china.restraint=zero:1:3"], "must be numbers"),
    (["--values", "arms.status_quo.rok_policy.aid=A1,A9"], "A9"),
    (["--design", "sobol", "--param", "parameters.china.restraint=0:1"], "at least two"),
    (["--design", "morris", "--samples", "1", "--param", "parameters.china.restraint=0:1", "--param",
      "parameters.russia.reservation=0:1"], "at least 2 trajectories"),
    (["--design", "sobol", "--samples", "1", "--param", "parameters.china.restraint=0:1", "--param",
      "parameters.russia.reservation=0:1"], "at least 2 base samples"),
    ([], "nothing to sweep"),
])
def test_bad_sweeps_exit_2_before_anything_runs(tmp_path, args, message):
    result = invoke("sweep", MAIN_CONFIG, "--runs-dir", tmp_path / "runs", *args)
    assert result.exit_code == 2 and message in result.output, result.output
    assert not (tmp_path / "runs").exists()


def test_grid_outputs_and_common_random_numbers_make_smooth_curves(tmp_path):
    manifest, _ = sweep(tmp_path, "--param", "parameters.china.restraint=0:0.5:6", "--arm", "direct_155",
                        "--reps", 600)
    path = Path(manifest["run_dir"])
    design = pd.read_parquet(path / "design.parquet")
    outcomes = pd.read_parquet(path / "outcomes.parquet")
    assert list(design["point"]) == list(range(6)) and "point" in outcomes
    assert len(outcomes) == 6 * 600 and (path / "plots" / "curves.png").exists()
    curve = outcomes.groupby("point")["highend_transfer"].mean().to_numpy()
    # CRN: the same 600 random worlds at every point, so more restraint can only remove high-end transfers
    assert (np.diff(curve) <= 0.01).all() and curve[0] > curve[-1] + 0.1
    # without CRN (a fresh seed per point) the same curve wiggles more
    independent = []
    for i, value in enumerate(design["parameters.china.restraint"]):
        run = invoke("run", MAIN_CONFIG, "--arm", "direct_155", "--reps", 600, "--seed", 1000 + i, "--json",
                     "--quiet", "--runs-dir", tmp_path / "ind", "--set", f"parameters.china.restraint={value}")
        independent.append(json.loads(run.output)["arms"]["direct_155"]["highend_transfer"]["estimate"])
    roughness = lambda c: np.abs(np.diff(c, 2)).sum()  # noqa: E731
    assert roughness(curve) < roughness(np.array(independent))
    summary = json.loads((path / "summary.json").read_text())
    assert len(summary["points"]) == 6 and "direct_155" in summary["points"][0]["arms"]
    shown = invoke("show", path)
    assert shown.exit_code == 0 and "china.restraint" in shown.output
    refused = invoke("compare", path)
    assert refused.exit_code == 2 and "a sweep" in refused.output


def test_an_interrupted_sweep_resumes_to_the_identical_result(tmp_path, monkeypatch):
    args = ["--param", "parameters.russia.reservation=0:1:4", "--arm", "status_quo", "--reps", 60,
            "--batch-size", 30]
    full, _ = sweep(tmp_path / "full", *args)
    real, calls = point_module.simulate_unit, {"n": 0}

    def interrupt(config, unit, *args):
        calls["n"] += 1
        if calls["n"] == 5:  # during point 2 (two batches per point)
            raise KeyboardInterrupt
        return real(config, unit, *args)

    monkeypatch.setattr(point_module, "simulate_unit", interrupt)
    result = invoke("sweep", MAIN_CONFIG, "--runs-dir", tmp_path / "cut", "--quiet", *args)
    assert result.exit_code == 130
    (cut,) = (tmp_path / "cut").iterdir()
    assert json.loads((cut / "manifest.json").read_text())["status"] == "interrupted"
    assert len(list((cut / "points").glob("*.outcomes.arrow"))) == 2 and not (cut / "outcomes.parquet").exists()
    monkeypatch.setattr(point_module, "simulate_unit", real)
    resumed = invoke("sweep", "--resume", cut, "--json", "--quiet")
    assert resumed.exit_code == 0, resumed.output
    assert json.loads(resumed.output)["status"] == "complete"
    pd.testing.assert_frame_equal(pd.read_parquet(cut / "outcomes.parquet"),
                                  pd.read_parquet(Path(full["run_dir"]) / "outcomes.parquet"))
    # resuming a complete sweep runs nothing (its job files are gone) and leaves its files as they are
    monkeypatch.setattr(point_module, "simulate_unit", interrupt)
    before = {p.name: p.stat().st_mtime_ns for p in cut.iterdir()}
    again = invoke("sweep", "--resume", cut, "--json", "--quiet", "--no-plots")
    assert again.exit_code == 0 and json.loads(again.output)["status"] == "complete", again.output
    assert {p.name: p.stat().st_mtime_ns for p in cut.iterdir()} == before and calls["n"] == 5
    assert "nothing to resume" in invoke("sweep", "--resume", cut, "--quiet", "--no-plots").output


def test_a_failing_point_is_recorded_and_the_sweep_goes_on(tmp_path, monkeypatch):
    real = point_module.simulate_unit

    def fail_point_1(config, unit, replications=None, parameter_rows=None):
        rows = (parameter_rows or {}).get("us.p_trump")
        if dict(unit.overrides).get("parameters.us.p_trump") == 0.5 or (rows is not None and (rows == 0.5).any()):
            raise ValueError("numerical trouble")  # points share one model: the failure is traced to point 1
        return real(config, unit, replications, parameter_rows)

    monkeypatch.setattr(point_module, "simulate_unit", fail_point_1)
    manifest, code = sweep(tmp_path, "--param", "parameters.us.p_trump=0:1:3", "--arm", "status_quo", "--reps", 40)
    path = Path(manifest["run_dir"])
    assert code == 3 and manifest["status"] == "partial" and manifest["counts"]["points_failed"] == 1
    (failure,) = [json.loads(line) for line in (path / "failures.jsonl").read_text().splitlines()]
    assert failure["point"] == 1 and failure["values"] == {"parameters.us.p_trump": 0.5}
    assert "numerical trouble" in failure["error"]
    assert set(pd.read_parquet(path / "outcomes.parquet")["point"]) == {0, 2}
    assert list((path / "points").glob("*.outcomes.arrow"))  # kept: a resume re-merges them with the re-run point


def test_sobol_small_example_writes_indices_and_warns_when_too_small(tmp_path):
    result = invoke("sweep", MAIN_CONFIG, "--design", "sobol", "--samples", 8, "--param",
                    "parameters.china.restraint=0:1", "--param", "parameters.russia.reservation=0:1",
                    "--arm", "status_quo", "--reps", 40, "--runs-dir", tmp_path, "--quiet")
    assert result.exit_code == 0, result.output
    path = Path(result.output.strip().splitlines()[-1].split(": ", 1)[1])
    sens = json.loads((path / "sensitivity.json").read_text())
    assert sens["points"] == 8 * 4 and sens["method"] == "sobol"
    indices = sens["indices"]["status_quo/highend_transfer"]
    assert set(indices) == {"parameters.china.restraint", "parameters.russia.reservation"}
    assert {"S1", "S1_conf", "ST", "ST_conf"} <= set(indices["parameters.china.restraint"])
    assert sens["warnings"] and "too few for Sobol" in result.output
    assert (path / "plots" / "sensitivity.png").exists()


def test_an_outcome_constant_at_the_base_points_has_no_sobol_indices_and_says_why():
    """Seen with few samples and replications: P(L6) 0 at every base point (Saltelli's A and B rows) and not
    at a few points where one assumption moved alone.  SALib then warned on stderr and called every index 0,
    which reads as 'no assumption matters'; now the indices are null with the sweep's own warning."""
    import warnings

    from scenarios.analysis.metrics import HEADLINE
    from scenarios.sweep import designs, sensitivity
    from scenarios.sweep.spec import build_spec

    spec = build_spec({}, "test", ("parameters.china.restraint=0:1", "parameters.russia.reservation=0:1"), (),
                      design="sobol", samples=8)
    points = designs.points(spec, 5)
    step = len(spec.params) + 2  # each base sample's points: A, one per parameter moved alone, B
    rng = np.random.default_rng(0)
    rare = np.zeros(len(points))
    rare[1::step][:3] = 0.05  # only where the first assumption moved alone, three times
    summary = {"points": [{"point": i, "arms": {"status_quo": {
        m.column: {"estimate": float(rare[i] if m.column == "highend_transfer" else rng.random())}
        for m in HEADLINE}}} for i in range(len(points))]}
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # no library warning reaches the user
        out = sensitivity.analyse(spec, points, summary, seed=5)
    assert out["indices"]["status_quo/highend_transfer"] is None
    assert any(w.startswith("status_quo/highend_transfer: the same at every base point") and "3 of 32 points" in w
               for w in out["warnings"])
    assert out["indices"]["status_quo/war_ended"]["parameters.china.restraint"]["ST"] > 0  # the others as before


def test_sensitivity_bars_of_every_arm_wrap_into_rows_and_leave_out_what_could_not_be_estimated(tmp_path):
    """A sweep of all 7 arms has 13 panels (one row was 7,000 pixels wide); an index stored as null (a Morris sigma
    of one trajectory, before such designs were refused) stopped the picture with a TypeError."""
    from PIL import Image

    from scenarios.analysis.sweep_plots import sensitivity_bars

    names = ["parameters.china.restraint", "parameters.russia.reservation"]
    keys = [f"arm{i}/highend_transfer" for i in range(7)] + [f"arm{i} vs arm0/highend_transfer" for i in range(1, 7)]
    indices = {k: {n: {"mu_star": 0.5, "mu_star_conf": 0.1, "sigma": None} for n in names} for k in keys}
    sensitivity_bars({"method": "morris", "parameters": names, "points": 9, "indices": indices}, tmp_path / "s.png")
    width, height = Image.open(tmp_path / "s.png").size
    assert width < 2.5 * height  # four panels a row, four rows


def test_a_sweep_over_listed_words_draws_a_point_per_value(tmp_path):
    """--values arms.direct_155.rok_policy.aid=A0,...,A4 (the aid ladder, a natural seminar question) drew no
    picture at all: only numeric keys had curves."""
    manifest, _ = sweep(tmp_path, "--values", "arms.direct_155.rok_policy.aid=A0,A2,A4", "--arm", "direct_155",
                        "--reps", 20)
    assert (Path(manifest["run_dir"]) / "plots" / "curves.png").stat().st_size > 10_000
    # and against a number, on a grid: heatmaps, the words in the order given (they drew nothing either)
    manifest, _ = sweep(tmp_path, "--values", "arms.direct_155.rok_policy.aid=A4,A0", "--param",
                        "parameters.china.restraint=0:1:3", "--arm", "status_quo", "--arm", "direct_155", "--reps", 20)
    assert (Path(manifest["run_dir"]) / "plots" / "heatmap_highend.png").stat().st_size > 10_000


def test_morris_and_plot_redraw(tmp_path):
    manifest, _ = sweep(tmp_path, "--design", "morris", "--samples", 4, "--param", "parameters.china.restraint=0:1",
                        "--param", "parameters.russia.ire_kappa_direct=0.1:0.6", "--arm", "direct_155", "--reps", 30)
    path = Path(manifest["run_dir"])
    sens = json.loads((path / "sensitivity.json").read_text())
    assert "mu_star" in sens["indices"]["direct_155/highend_transfer"]["parameters.china.restraint"]
    for png in (path / "plots").iterdir():
        png.unlink()
    redraw = invoke("plot", path)
    assert redraw.exit_code == 0 and (path / "plots" / "sensitivity.png").exists()


@pytest.mark.parametrize("sweep_file", sorted((ROOT / "configs" / "sweeps").glob("*.yaml")), ids=lambda p: p.name)
def test_shipped_sweeps_run(sweep_file, tmp_path):
    extra = ["--samples", 4] if "sensitivity" in sweep_file.name else []
    result = invoke("sweep", sweep_file, "--reps", 10, "--runs-dir", tmp_path, "--quiet", "--json", "--no-plots",
                    *extra)
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["status"] == "complete"


@pytest.mark.parametrize("sweep_file", sorted((ROOT / "configs" / "sweeps").glob("*.yaml")), ids=lambda p: p.name)
def test_validate_checks_a_sweep_file_as_a_sweep(sweep_file):
    """It checked a sweep file as a plain config: 'extends: unknown key ... Did you mean events?' and 4 more."""
    result = invoke("validate", sweep_file)
    assert result.exit_code == 0 and "a valid sweep of lethal_aid.yaml" in result.output, result.output


@pytest.mark.parametrize("command", [["run"], ["calibrate"], ["serve"], ["run", "--set", "seed=3"]])
def test_a_sweep_file_given_where_a_config_belongs_is_named_as_one(command):
    sweep_file = ROOT / "configs" / "sweeps" / "trump.yaml"
    result = invoke(command[0], sweep_file, *command[1:])
    assert result.exit_code == 2 and "a sweep file (it varies ../lethal_aid.yaml)" in result.output, result.output
    assert "unknown key" not in result.output


def test_validate_lists_a_sweep_files_problems_as_the_sweep_would(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(f"extends: {MAIN_CONFIG}\nsweep:\n  params:\n    parameters.china.restrant: {{low: 0, high: 1}}\n")
    result = invoke("validate", bad)
    assert result.exit_code == 2 and "Did you mean 'restraint'?" in result.output, result.output


def test_a_sweep_point_is_exactly_the_run_with_that_value_set(tmp_path):
    manifest, _ = sweep(tmp_path, "--param", "parameters.russia.reservation=0.2:0.8:3", "--arm", "status_quo",
                        "--reps", 50)
    from scenarios.storage.tables import read_outcomes

    # the draws are stored once for the sweep and the swept value per point; joined, the rows are the run's
    assert (Path(manifest["run_dir"]) / "parameters.parquet").exists()
    outcomes = read_outcomes(Path(manifest["run_dir"])).to_pandas()
    point = outcomes[outcomes["point"] == 1].drop(columns="point").reset_index(drop=True)
    assert (point["param.russia.reservation"] == 0.5).all()
    run = invoke("run", MAIN_CONFIG, "--arm", "status_quo", "--reps", 50, "--json", "--quiet", "--runs-dir",
                 tmp_path / "run", "--set", "parameters.russia.reservation=0.5")
    single = read_outcomes(Path(json.loads(run.output)["run_dir"])).to_pandas()
    pd.testing.assert_frame_equal(point, single)


def test_points_sharing_a_lockstep_model_give_the_same_files_as_one_model_per_point(tmp_path):
    frames = []
    for batch in (8192, 50):  # 8192: the 4 points share one model per arm; 50: one model per point and batch
        manifest, _ = sweep(tmp_path / str(batch), "--param", "parameters.china.restraint=0:1:4", "--arm",
                            "status_quo", "--arm", "direct_155", "--reps", 100, "--batch-size", batch)
        frames.append(pd.read_parquet(Path(manifest["run_dir"]) / "outcomes.parquet"))
    pd.testing.assert_frame_equal(frames[0], frames[1])


def test_a_point_config_is_never_another_configs_cached_one():
    """The cache of point configs once keyed on id(config): a new config could get a freed one's point."""
    from scenarios.config.loader import load_config
    from scenarios.execution.simulate import point_config

    overrides = (("parameters.china.restraint", 0.5),)
    for seed in range(1000, 1030):
        config = load_config(MAIN_CONFIG, [f"seed={seed}"])
        assert point_config(config, overrides).seed == seed
        del config


def test_a_sweep_run_from_python_leaves_what_the_command_leaves(tmp_path):
    """The sweep owns its last step: sensitivity.json is written by the runner, not by the command line."""
    from scenarios.config.loader import load_config
    from scenarios.sweep import runner
    from scenarios.sweep.spec import build_spec

    base = load_config(MAIN_CONFIG, ["replications=20", "execution.workers=1"])
    spec = build_spec({}, "test", ("parameters.china.restraint=0:1", "parameters.russia.reservation=0:1"), (),
                      design="morris", samples=4, arms=["status_quo"], replications=20)
    result = runner.run(runner.prepare(base, spec, tmp_path / "runs"))
    assert result.manifest["status"] == "complete"
    doc = json.loads((result.path / "sensitivity.json").read_text())
    assert doc["method"] == "morris" and result.warnings == doc["warnings"] and result.warnings


def _interrupt_after(monkeypatch, calls_before_interrupt: int):
    real, calls = point_module.simulate_unit, {"n": 0}

    def interrupt(config, unit, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] > calls_before_interrupt:
            raise KeyboardInterrupt
        return real(config, unit, *args, **kwargs)

    monkeypatch.setattr(point_module, "simulate_unit", interrupt)
    return real


def test_points_sharing_a_model_share_their_files_and_an_interrupted_sweep_of_them_resumes_identically(
        tmp_path, monkeypatch):
    """Jobs of 3 points (batch 60 / 20 replications): one set of files per job, named by its first and last
    point; a Ctrl-C in the second job keeps the first, and the resumed sweep equals an uninterrupted one."""
    args = ["--param", "parameters.russia.reservation=0:1:8", "--arm", "status_quo", "--arm", "direct_155",
            "--reps", 20, "--batch-size", 60]
    full, _ = sweep(tmp_path / "full", *args)
    real = _interrupt_after(monkeypatch, 3)  # a job runs one shared model per arm: 2 calls per job
    assert invoke("sweep", MAIN_CONFIG, "--runs-dir", tmp_path / "cut", "--quiet", *args).exit_code == 130
    (cut,) = (tmp_path / "cut").iterdir()
    assert sorted(p.name for p in (cut / "points").iterdir()) == [
        "points-00000-00002.outcomes.arrow", "points-00000-00002.summary.json", "points-00000-00002.timeseries.arrow"]
    monkeypatch.setattr(point_module, "simulate_unit", real)
    merged = []
    found = runner.Merger.found
    monkeypatch.setattr(runner.Merger, "found", lambda self, files: (merged.extend(files), found(self, files)))
    resumed = invoke("sweep", "--resume", cut, "--json", "--quiet")
    assert resumed.exit_code == 0 and json.loads(resumed.output)["status"] == "complete", resumed.output
    assert [f.stem.name for f in merged] == ["points-00003-00005", "points-00006-00007"]
    assert not (cut / "points").exists()  # merged into the run's files: the job files are gone
    for name in ("outcomes.parquet", "timeseries.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(cut / name), pd.read_parquet(Path(full["run_dir"]) / name))
    assert json.loads((cut / "summary.json").read_text())["points"] == json.loads(
        (Path(full["run_dir"]) / "summary.json").read_text())["points"]


def test_a_resumed_sweeps_jobs_never_span_a_finished_point(tmp_path):
    from scenarios.config.loader import load_config
    from scenarios.sweep import runner
    from scenarios.sweep.spec import build_spec

    base = load_config(MAIN_CONFIG, ["replications=5"])
    spec = build_spec({}, "test", ["parameters.china.restraint=0:1:20"], arms=["status_quo"])
    path = runner.prepare(base, spec, tmp_path)
    _, sweep_doc, _ = runner.load(path)
    todo = [0, 1, 2, 7, 8, 12, 13, 14, 15, 19]
    jobs = runner._jobs(path, base, sweep_doc, sweep_doc["points"], todo, ("status_quo",))
    assert [[i for i, _ in job.points] for job in jobs] == [[0, 1, 2], [7, 8], [12, 13, 14, 15], [19]]


def test_with_many_workers_a_sweeps_jobs_shrink_towards_the_end_and_cover_every_point_once(tmp_path):
    """Guided self-scheduling: full jobs first, then smaller ones (down to a quarter), so that 16 workers finish
    together; one worker keeps full jobs.  A resumed sweep's gaps still split them."""
    from scenarios.config.loader import load_config
    from scenarios.sweep import runner
    from scenarios.sweep.spec import build_spec

    base = load_config(MAIN_CONFIG, ["replications=200"])
    spec = build_spec({}, "test", ["parameters.china.restraint=0:1:2000"], arms=["status_quo"])
    path = runner.prepare(base, spec, tmp_path)
    base, sweep_doc, _ = runner.load(path)
    full = runner.MAX_POINTS_PER_JOB
    todo = [i for i in range(2000) if not 400 <= i < 410]
    for workers in (1, 16):
        jobs = [[i for i, _ in job.points] for job in runner._jobs(path, base, sweep_doc, sweep_doc["points"], todo,
                                                                   ("status_quo",), workers)]
        assert [i for job in jobs for i in job] == todo
        assert all(job == list(range(job[0], job[-1] + 1)) for job in jobs)  # contiguous
        sizes = [len(job) for job in jobs]
        assert max(sizes) == full and sizes[0] == full
        if workers == 1:
            assert set(sizes[:-1]) <= {full} | {len(j) for j in jobs if j[-1] == 399}
        else:
            tail = sizes[-10:]
            assert max(tail) < full and min(sizes[:-1]) >= full // 4
            assert len(jobs) > len(runner._jobs(path, base, sweep_doc, sweep_doc["points"], todo, ("status_quo",)))


def test_a_sweep_begun_with_one_parquet_file_per_point_resumes_with_them(tmp_path, monkeypatch):
    """Points finished by a version that wrote point-NNNNN.{outcomes,timeseries}.parquet are kept and merged."""
    import pyarrow.parquet as pq

    from scenarios.storage import point_files

    args = ["--param", "parameters.us.p_trump=0:1:4", "--arm", "status_quo", "--reps", 30, "--batch-size", 30]
    full, _ = sweep(tmp_path / "full", *args)
    real = _interrupt_after(monkeypatch, 2)
    assert invoke("sweep", MAIN_CONFIG, "--runs-dir", tmp_path / "cut", "--quiet", *args).exit_code == 130
    (cut,) = (tmp_path / "cut").iterdir()
    for i in (0, 1):  # rewrite the two finished points as the older version wrote them
        stem = cut / "points" / f"points-{i:05d}-{i:05d}"
        for kind in ("timeseries", "outcomes"):
            arrow = stem.with_name(f"{stem.name}.{kind}.arrow")
            pq.write_table(point_files.read_table(arrow), cut / "points" / f"point-{i:05d}.{kind}.parquet")
            arrow.unlink()
        (point,) = json.loads(stem.with_name(stem.name + ".summary.json").read_text())["points"]
        (cut / "points" / f"point-{i:05d}.summary.json").write_text(json.dumps(point))
        stem.with_name(stem.name + ".summary.json").unlink()
    monkeypatch.setattr(point_module, "simulate_unit", real)
    ran = []
    found = runner.Merger.found
    monkeypatch.setattr(runner.Merger, "found", lambda self, files: (ran.extend(files), found(self, files)))
    resumed = invoke("sweep", "--resume", cut, "--json", "--quiet")
    assert resumed.exit_code == 0 and json.loads(resumed.output)["counts"]["points_done"] == 4, resumed.output
    assert [(f.first, f.last) for f in ran] == [(2, 2), (3, 3)]  # only points 2 and 3 were run
    for name in ("outcomes.parquet", "timeseries.parquet"):
        pd.testing.assert_frame_equal(pd.read_parquet(cut / name), pd.read_parquet(Path(full["run_dir"]) / name))


@pytest.mark.parametrize("point", [
    {"parameters.china.restraint": 0.25, "parameters.russia.reservation": 0.75},
    {"arms.status_quo.rok_policy.aid": "A2"},
    {"parameters.us.p_trump.a": 2.0},  # a distribution's field
    {"parameters.new_group.new_key": 1.0},  # not in the config: made, and left for validation to name
    {"name.sub": 1.0},  # through a string: apply_overrides's own error
])
def test_a_points_config_is_the_base_with_its_keys_set_as_set_would(point):
    from scenarios.config.loader import apply_overrides, load_config, resolved_dict
    from scenarios.errors import ConfigError
    from scenarios.sweep.runner import _with_point

    data = resolved_dict(load_config(MAIN_CONFIG))
    before = json.dumps(data, sort_keys=True)
    try:
        expected = apply_overrides(data, [f"{k}={json.dumps(v)}" for k, v in point.items()])[0]
    except ConfigError as exc:
        with pytest.raises(ConfigError, match=str(exc.problems[0].message)[:20]):
            _with_point(data, point)
    else:
        assert _with_point(data, point) == expected
    assert json.dumps(data, sort_keys=True) == before  # the base is never changed


def test_a_sweeps_table_is_split_by_arms_to_fit_the_page_without_cutting_a_header():
    import io

    from rich.console import Console

    from scenarios.analysis.metrics import HEADLINE
    from scenarios.analysis.render import print_sweep_summary

    arms = ["nonlethal_only", "status_quo", "direct_155", "direct_105"]
    stats = {m.column: {"estimate": 0.5} for m in HEADLINE}
    summary = {"points": [{"point": i, "values": {"parameters.china.restraint": i / 4},
                           "arms": {arm: stats for arm in arms}} for i in range(5)]}
    out = io.StringIO()
    print_sweep_summary(summary, "a sweep", Console(file=out, width=100))
    text = out.getvalue()
    assert max(len(line) for line in text.splitlines()) <= 100 and "…" not in text, text
    assert text.count("a sweep (") > 1 and all(arm in text for arm in arms)
