from __future__ import annotations

from functools import cache
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from scenarios.config.loader import load_config
from scenarios.design import WorkUnit, draw_parameters, model_setup
from scenarios.execution.simulate import simulate_unit
from scenarios.model.lethal_aid import LethalAidModel
from scenarios.randomness import Streams

ROOT = Path(__file__).resolve().parents[1]
MAIN_CONFIG = ROOT / "configs" / "lethal_aid.yaml"


@cache
def simulate(arm: str, n: int, overrides: tuple[str, ...] = (), seed: int = 20240721) -> pd.DataFrame:
    """Outcomes of n replications of one arm of the main config (cached: tests share runs)."""
    config = load_config(MAIN_CONFIG, [*overrides, f"seed={seed}"])
    result = simulate_unit(config, WorkUnit(arm, 0, n, with_parameters=True))
    return pd.DataFrame(result.columns | result.parameters)


def make_model(arm: str = "status_quo", n: int = 2000, overrides: tuple[str, ...] = (), trace: bool = False,
               first: int = 0, **options) -> LethalAidModel:
    """A model of n replications of one arm of the main config (not run yet)."""
    config = load_config(MAIN_CONFIG, list(overrides))
    streams = Streams(config.seed, np.arange(first, first + n, dtype=np.uint64))
    return LethalAidModel(model_setup(config, arm), draw_parameters(config, streams), streams, trace=trace, **options)


def paired(a, b) -> tuple[float, float]:
    """Mean of a - b over matched replications, and its standard error."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    return d.mean(), d.std(ddof=1) / np.sqrt(len(d))


def assert_greater(a, b, what: str, z: float = 1.96) -> None:
    """One-sided paired test: the lower 97.5% bound of mean(a - b) is above 0."""
    mean, se = paired(a, b)
    assert mean - z * se > 0, f"{what}: paired difference {mean:.4f} (se {se:.4f}) is not clearly > 0"


def assert_not_less(a, b, what: str, z: float = 1.96) -> None:
    """One-sided paired test of a >= b: the upper 97.5% bound of mean(a - b) is not below 0."""
    mean, se = paired(a, b)
    assert mean + z * se >= 0, f"{what}: paired difference {mean:.4f} (se {se:.4f}) is clearly < 0"


@pytest.fixture
def runs_dir(tmp_path):
    return tmp_path / "runs"


@pytest.fixture(scope="session")
def two_arm_run(tmp_path_factory) -> Path:
    """A stored run, 40 replications of status_quo and direct_155, for tests that only read it (copy it first to
    damage it); alone in its runs folder."""
    from click.testing import CliRunner

    from scenarios.cli import main

    runs = tmp_path_factory.mktemp("runs")
    result = CliRunner().invoke(main, ["run", str(MAIN_CONFIG), "--reps", "40", "--arm", "status_quo", "--arm",
                                       "direct_155", "--runs-dir", str(runs), "--quiet"])
    assert result.exit_code == 0, result.output
    (path,) = runs.iterdir()
    return path
