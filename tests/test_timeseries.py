"""The monthly summaries: a key's quantiles are the same whether its bins are kept and ranked (up to BINS
replications) or counted in a histogram (more, or a worker's batches), to the bit, and equal a plain reading of
the histogram's definition."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from scenarios.analysis.timeseries import BINS, QUANTILES, SeriesAccumulator, histograms
from scenarios.model.outcomes import SERIES_BY_NAME

NAMES = ["ladder", "war_active", "dprk_shells"]  # ranges 0-6, 0-1, 0-300,000
LABELS = [f"m{t}" for t in range(4)]


def _series(rng, n: int, horizon: int = 4) -> dict[str, np.ndarray]:
    """Values spread over and beyond each range, many of them tied (the model's series often sit still)."""
    out = {}
    for name in NAMES:
        low, high = SERIES_BY_NAME[name].low, SERIES_BY_NAME[name].high
        values = rng.uniform(low - 0.1 * (high - low), high + 0.1 * (high - low), (n, horizon))
        ties = rng.random((n, horizon)) < 0.5
        values[ties] = np.round(values[ties] * 3 / (high - low)) * (high - low) / 3
        out[name] = values.astype(np.float32).T.copy().T  # month-major, as the model hands them over
    return out


def _reference(batches: list[dict], arm: str, name: str) -> np.ndarray:
    """(QUANTILES, horizon) by the definition: the first bin whose cumulative count reaches q x n, interpolated
    linearly within it."""
    low, high = SERIES_BY_NAME[name].low, SERIES_BY_NAME[name].high
    values = np.concatenate([b[name] for b in batches])
    bins = np.clip(((values - low) / (high - low) * BINS).astype(np.int64), 0, BINS - 1)
    out = np.empty((len(QUANTILES), values.shape[1]))
    for t in range(values.shape[1]):
        counts = np.bincount(bins[:, t], minlength=BINS)
        cum = np.cumsum(counts)
        for i, q in enumerate(QUANTILES):
            target = q * len(values)
            idx = int(np.argmax(cum >= target))
            below = cum[idx - 1] if idx else 0
            out[i, t] = low + (idx + min(max((target - below) / counts[idx], 0), 1)) * (high - low) / BINS
    return out


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), sizes=st.lists(st.integers(1, 700), min_size=1, max_size=4))
def test_quantiles_are_the_same_from_kept_bins_and_from_histograms(seed, sizes):
    rng = np.random.default_rng(seed)
    batches = [_series(rng, n) for n in sizes]
    kept, counted = SeriesAccumulator(4), SeriesAccumulator(4)
    for batch in batches:
        kept.add("a", batch)  # bins kept while the arm has at most BINS replications, then counted
        counted.add("a", histograms(batch))
    assert bool(kept.bins) == (sum(sizes) <= BINS) and not counted.bins
    one, other = kept.table(LABELS), counted.table(LABELS)
    assert one.equals(other)
    for name in NAMES:
        rows = one.filter(np.array(one["variable"].to_pylist()) == name)
        got = np.array([rows[c].to_numpy() for c in ("q05", "q50", "q95")])
        np.testing.assert_allclose(got, _reference(batches, "a", name), rtol=0, atol=1e-9 * SERIES_BY_NAME[name].high)
        assert rows["n"].to_pylist() == [sum(sizes)] * 4


def test_kept_bins_become_counts_when_a_histogram_joins_them_and_survive_a_checkpoint(tmp_path):
    rng = np.random.default_rng(7)
    small, binned = _series(rng, 300), histograms(_series(rng, 500))
    mixed, counted = SeriesAccumulator(4), SeriesAccumulator(4)
    mixed.add("a", small)
    mixed.add("b", small)
    assert set(mixed.bins) == {(arm, name) for arm in "ab" for name in NAMES}
    mixed.save(tmp_path / "state.npz", rows=600)  # kept bins are checkpointed as their histogram
    restored = SeriesAccumulator.restore(tmp_path / "state.npz", rows=600)
    assert restored.table(LABELS).equals(mixed.table(LABELS)) and mixed.arms == restored.arms == ["a", "b"]
    mixed.add("a", binned)
    counted.add("a", histograms(small))
    counted.add("b", histograms(small))
    counted.add("a", binned)
    assert not any(arm == "a" for arm, _ in mixed.bins)
    assert mixed.table(LABELS).equals(counted.table(LABELS))


def test_a_sweep_jobs_points_binned_together_give_each_point_its_own_table():
    """A sweep job bins all its points' rows at once (KeptBins) and hands each point its slice: each point's
    table must be the one its own rows give."""
    from scenarios.analysis.timeseries import KeptBins, bins_of

    rng = np.random.default_rng(3)
    job = _series(rng, 3 * 200)
    bins = {name: bins_of(name, values) for name, values in job.items()}
    for j in range(3):
        part = slice(j * 200, (j + 1) * 200)
        alone, together = SeriesAccumulator(4), SeriesAccumulator(4)
        alone.add("a", {name: values[part] for name, values in job.items()})
        together.add("a", KeptBins({name: b[part] for name, b in bins.items()},
                                   {name: values[part].sum(axis=0, dtype=np.float64) for name, values in job.items()},
                                   200))
        assert together.table(LABELS).equals(alone.table(LABELS))
