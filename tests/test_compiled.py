"""The compiled model (model/compiled) against the Mesa model it reimplements: the same outcomes and monthly series
for every arm, policy variant and forcing, replication by replication.

Uniforms and normals are bit-identical; numpy's vectorised exp and pow differ from the C library's in the last
place for a few per cent of arguments, and the kernel fuses products and sums into FMAs, so floats are held to
1e-9 relative (measured: within ~1e-11) and every
discrete outcome (choices, rungs, flags, months, counts) must be equal."""

from __future__ import annotations

import json

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from scenarios.config.loader import load_config
from scenarios.design import draw_parameters, model_setup
from scenarios.model.compiled import simulate
from scenarios.model.lethal_aid import LethalAidModel
from scenarios.randomness import Streams

from click.testing import CliRunner
from conftest import ROOT
from scenarios.cli import main

MAIN, BACKCAST = ROOT / "configs" / "lethal_aid.yaml", ROOT / "configs" / "backcast_2022.yaml"


def both(config, arm: str, replications: np.ndarray):
    params = draw_parameters(config, Streams(config.seed, replications))
    setup = model_setup(config, arm)
    mesa = LethalAidModel(setup, params, Streams(config.seed, replications)).run()
    return mesa, simulate(setup, params, Streams(config.seed, replications))


def assert_same(mesa, compiled, where: str) -> None:
    (o1, s1), (o2, s2) = mesa, compiled
    assert list(o1) == list(o2)
    for name in o1:
        a, b = o1[name], o2[name]
        assert a.dtype == b.dtype, f"{where}: {name} is {b.dtype}, the Mesa model's {a.dtype}"
        if a.dtype.kind == "f":
            np.testing.assert_allclose(b, a, rtol=1e-9, atol=1e-12, equal_nan=True, err_msg=f"{where}: {name}")
        else:
            np.testing.assert_array_equal(b, a, err_msg=f"{where}: {name}")
    assert list(s1) == list(s2)
    for name in s1:
        np.testing.assert_allclose(s2[name], s1[name], rtol=1e-6, atol=1e-7, err_msg=f"{where}: series {name}")


@pytest.mark.parametrize("path", [MAIN, BACKCAST], ids=["lethal_aid", "backcast_2022"])
def test_every_arm_gives_the_mesa_models_outcomes(path):
    config = load_config(path, [])
    replications = np.arange(400, dtype=np.uint64)
    for arm in config.arms:
        assert_same(*both(config, arm, replications), f"{path.name} {arm}")


VARIANTS = {  # the branches the shipped configs do not take: each policy's options, the NATO hold, the argmax
    "ambiguous threat": ["arms.conditional.rok_policy.disclosure=ambiguous"],
    "no atrocity trigger, Seoul's threat undeclared": ["arms.conditional.rok_policy.atrocity=false",
                                                       "arms.endogenous.rok_policy.declared=none"],
    "each replication's theta": ['arms.conditional.rok_policy={"mode": "conditional", "base_aid": "A2"}'],
    "endogenous, ambiguous, NATO held": ['arms.endogenous.rok_policy={"mode": "endogenous", "declared": "ambiguous", '
                                         '"nato": "hold"}'],
    "Trump certain, hot China": ["parameters.us.p_trump=1", "parameters.china.restraint=0.95"],
    "forced high-end help": ["forcing.ladder_floor=6"],
    # Moscow's logit so sharp that Seoul's escalation odds leave 1e+-150 in half its months: the softmax path
    "Moscow near its argmax": ["parameters.russia.tau=0.001"],
}


@pytest.mark.parametrize("variant", list(VARIANTS))
def test_policy_variants_give_the_mesa_models_outcomes(variant):
    config = load_config(MAIN, ["replications=300", *VARIANTS[variant]])
    replications = np.arange(1000, 1300, dtype=np.uint64)  # not from 0: keys depend on the replication id
    for arm in ("conditional", "endogenous", "status_quo"):
        assert_same(*both(config, arm, replications), f"{variant}: {arm}")


def test_a_replication_is_the_same_alone_and_in_any_batch():
    config = load_config(MAIN, [])
    setup = model_setup(config, "endogenous")
    whole = np.arange(64, dtype=np.uint64)
    outcomes, series = simulate(setup, draw_parameters(config, Streams(config.seed, whole)),
                                Streams(config.seed, whole))
    for i in (0, 17, 63):
        one = whole[i:i + 1]
        alone, alone_series = simulate(setup, draw_parameters(config, Streams(config.seed, one)),
                                       Streams(config.seed, one))
        for name, values in alone.items():
            np.testing.assert_array_equal(values, outcomes[name][i:i + 1], err_msg=name)
        for name, values in alone_series.items():
            np.testing.assert_array_equal(values, series[name][i:i + 1], err_msg=name)


def test_the_batch_loop_is_compiled_with_its_arrays_never_overlapping():
    """jit.without_aliasing reaches the batch loop's compile flags through numba's private hook; where a numba
    release drops the hook the kernel still runs (slower), and this says so rather than letting it pass."""
    from numba.core.compiler import Flags

    from scenarios.model.compiled import kernel

    compiler = kernel.simulate_batch._compiler
    assert compiler._customize_flags(Flags()).noalias, "numba's flag hook moved: the kernel lost its noalias marks"
    assert not kernel.rng.uniform._compiler._customize_flags(Flags()).noalias  # only the batch loop promises it


def test_the_kernel_setting_is_resolved_recorded_and_changes_no_estimate(tmp_path):
    runs = {}
    for kernel in ("numpy", "compiled"):
        result = CliRunner().invoke(main, ["run", str(MAIN), "--reps", "300", "--arm", "status_quo", "--arm",
                                           "direct_155", "--set", f"execution.kernel={kernel}", "--quiet",
                                           "--runs-dir", str(tmp_path / kernel)], catch_exceptions=False)
        assert result.exit_code == 0, result.output
        (path,) = (tmp_path / kernel).iterdir()
        manifest = json.loads((path / "manifest.json").read_text())
        assert manifest["kernel"] == kernel
        assert f"kernel: {kernel}" in (path / "config.resolved.yaml").read_text()
        runs[kernel] = json.loads((path / "summary.json").read_text())
    numpy_arms, compiled_arms = runs["numpy"]["arms"], runs["compiled"]["arms"]
    assert list(numpy_arms) == list(compiled_arms)
    for arm in numpy_arms:
        assert list(numpy_arms[arm]) == list(compiled_arms[arm])
        for metric, estimate in numpy_arms[arm].items():
            other = compiled_arms[arm][metric]
            assert other["n"] == estimate["n"]
            assert other["estimate"] == pytest.approx(estimate["estimate"], rel=1e-9, abs=1e-12), (arm, metric)


def test_auto_is_the_compiled_model_where_numba_is_installed(monkeypatch):
    import importlib.util

    from scenarios.execution import executors

    assert executors.resolve_kernel("auto") == "compiled"  # numba is a dependency
    assert executors.resolve_kernel("numpy") == "numpy" and executors.resolve_kernel("compiled") == "compiled"
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "numba" else real(name, *a))
    assert executors.resolve_kernel("auto") == "numpy"


def test_the_kernel_needs_compiling_for_other_sources_or_another_numba_not_for_newer_file_times(monkeypatch,
                                                                                                tmp_path):
    """needs_compiling reads the cache index's stamp (the sources' digest) and numba version, not file times."""
    import importlib.metadata
    import os

    from scenarios.model import compiled
    from scenarios.model.compiled import run  # noqa: F401  (the cache is there for these sources)

    assert not compiled.needs_compiling()
    source = compiled.HERE / "rok.py"
    stat = source.stat()
    os.utime(source, (stat.st_atime, stat.st_mtime + 3600))  # newer than every index, the same text
    try:
        assert not compiled.needs_compiling()
    finally:
        os.utime(source, (stat.st_atime, stat.st_mtime))
    monkeypatch.setattr(compiled, "sources_digest", lambda: b"\0" * 32)  # an edited source
    assert compiled.needs_compiling()
    monkeypatch.undo()
    real = importlib.metadata.version
    monkeypatch.setattr(importlib.metadata, "version", lambda name: "0.0" if name == "numba" else real(name))
    assert compiled.needs_compiling()


def test_a_run_that_will_compile_the_kernel_says_so_first(monkeypatch, tmp_path):
    from scenarios.model import compiled
    from scenarios.model.compiled import run  # noqa: F401  (importing it compiles or loads the kernel)

    assert not compiled.needs_compiling()  # the cache beside the sources was written for them
    monkeypatch.setattr(compiled, "needs_compiling", lambda: True)
    for kernel, said in (("compiled", True), ("numpy", False)):
        result = CliRunner().invoke(main, ["run", str(MAIN), "--reps", "50", "--arm", "status_quo", "--quiet",
                                           "--set", f"execution.kernel={kernel}", "--runs-dir", str(tmp_path)],
                                    catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert ("compiling the model's kernel" in result.output) is said


@pytest.mark.parametrize("layout", ["the model's block", "separate arrays"])
@pytest.mark.parametrize("replications", [1, 200, 8192, 70_000])
def test_compiled_binning_gives_numpys_histograms_to_the_bit(replications, layout):
    from scenarios.analysis.timeseries import _block_of, histograms
    from scenarios.model.outcomes import SERIES

    rng = np.random.default_rng(replications)
    block = np.empty((replications, len(SERIES), 30), dtype=np.float32)  # the compiled model's layout
    for i, spec in enumerate(SERIES):  # values across the declared range and beyond it
        width = spec.high - spec.low
        block[:, i] = rng.uniform(spec.low - 0.1 * width, spec.high + 0.1 * width, (replications, 30))
    block[0, 0, :4] = [np.nan, np.inf, -np.inf, SERIES[0].high]  # bins 0, 0, 0 and the last
    series = {spec.name: block[:, i] for i, spec in enumerate(SERIES)}
    if layout == "separate arrays":  # anything but views of one block in order: binned from a stacked copy
        series = {name: series[name].copy() for name in reversed(series)}
    assert (_block_of(series) is block) == (layout == "the model's block")
    with np.errstate(invalid="ignore"):  # numpy casting NaN and infinities to int64 (to bin 0, as documented)
        expected = histograms(series)
    got = histograms(series, compiled=True)
    assert got.n == expected.n == replications
    for name in expected.counts:
        assert got.counts[name].dtype == expected.counts[name].dtype, name
        np.testing.assert_array_equal(got.counts[name], expected.counts[name], err_msg=name)
        np.testing.assert_array_equal(got.sums[name], expected.sums[name], err_msg=name)


def _scalar_parameters():
    from scenarios.config.parameters import fields

    return sorted((key, tuple(info.json_schema_extra["plausible"])) for key, info in fields().items()
                  if key != "rok.weights")  # a Dirichlet over Seoul's seven features, not one number


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data())
def test_random_parameter_values_give_the_mesa_models_outcomes(data):
    """Corners no config takes: a handful of parameters at random values within their plausible ranges (the
    same for every replication), logit temperatures sometimes exactly 0 (the argmax), any arm."""
    from scenarios.errors import ConfigError

    scalars = _scalar_parameters()
    temperature = data.draw(st.sampled_from([(key, bounds) for key, bounds in scalars if key.endswith(".tau")]))
    others = data.draw(st.lists(st.sampled_from(scalars), max_size=7, unique=True))
    overrides = []
    for i, (key, (low, high)) in enumerate(dict([temperature, *others]).items()):
        zero = i == 0 and data.draw(st.booleans())  # every example sets one temperature, half of them to 0
        value = 0.0 if zero else data.draw(st.floats(low, high, allow_nan=False, allow_infinity=False))
        overrides.append(f"parameters.{key}={value!r}")
    try:
        config = load_config(MAIN, ["replications=60", *overrides])
    except ConfigError:  # a combination the catalogue refuses (e.g. a bound that depends on another value)
        assume(False)
    arm = data.draw(st.sampled_from(list(config.arms)))
    first = data.draw(st.integers(0, 10**6))
    assert_same(*both(config, arm, np.arange(first, first + 60, dtype=np.uint64)), f"{arm} with {overrides}")


def test_a_sweep_stores_its_kernel_resolved_so_a_resume_keeps_it(tmp_path):
    result = CliRunner().invoke(main, ["sweep", str(MAIN), "--param", "parameters.china.restraint=0:1:2", "--reps",
                                       "20", "--arm", "status_quo", "--no-plots", "--quiet", "--runs-dir",
                                       str(tmp_path)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    (path,) = tmp_path.iterdir()
    assert json.loads((path / "manifest.json").read_text())["kernel"] == "compiled"
    assert json.loads((path / "sweep.json").read_text())["base"]["execution"]["kernel"] == "compiled"
