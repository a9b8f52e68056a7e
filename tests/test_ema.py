"""The EMA Workbench runs this model unchanged through scenarios.ema."""

from __future__ import annotations

import warnings

import numpy as np
import pytest

from conftest import MAIN_CONFIG

ema = pytest.importorskip("ema_workbench", reason="the EMA bridge is an extra: pip install 'scenarios[ema]'")


def test_a_small_ema_experiment_runs_and_matches_the_api():
    import scenarios
    from scenarios.ema import build_model

    model = build_model(MAIN_CONFIG, uncertainties={"china.restraint": (0.0, 1.0), "russia.reservation": (0.0, 1.0)},
                        replications=60, outcomes=["highend_transfer", "ukr_position_mean"])
    assert [u.name for u in model.uncertainties] == ["china__restraint", "russia__reservation"]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        # seeded samplers: which arms and points are drawn must not vary from run to run of the suite
        experiments, outcomes = ema.perform_experiments(model, scenarios=5, policies=2,
                                                        evaluator=ema.SequentialEvaluator(model),
                                                        uncertainty_sampling_kwargs={"rng": 7},
                                                        lever_sampling_kwargs={"rng": 7})
    assert len(experiments) == 10 and outcomes["highend_transfer"].shape == (10,)
    assert np.ptp(outcomes["highend_transfer"]) > 0  # the uncertainties move the outcome
    row = experiments.iloc[3]
    direct = scenarios.run(MAIN_CONFIG, arms=[row["arm"]], replications=60,
                           ).config  # the same experiment through the API
    again = scenarios.run(scenarios.load(direct, {"parameters.china.restraint": float(row["china__restraint"]),
                                                  "parameters.russia.reservation": float(row["russia__reservation"])}),
                          arms=[row["arm"]])
    assert outcomes["highend_transfer"][3] == pytest.approx(again.outcomes()["highend_transfer"].mean())


def test_default_uncertainties_are_the_scalar_distributions_with_catalogue_ranges():
    from scenarios.ema import build_model

    model = build_model(MAIN_CONFIG, replications=10)
    names = [u.name for u in model.uncertainties]
    assert "china__restraint" in names and "rok__weights" not in names
    assert model.levers[0].name == "arm"
    with pytest.raises(Exception, match="unknown parameter"):
        build_model(MAIN_CONFIG, uncertainties=["china.nope"])
