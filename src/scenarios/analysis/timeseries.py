"""Monthly state summaries per arm (mean and 5/50/95% quantiles) accumulated batch by batch.

Quantiles come from fixed-bin histograms over each series' declared range (model/outcomes.py), so
memory does not grow with replications; they are exact to 1/1000 of the range.  Up to BINS replications
the bins are kept as they are and ranked instead: the same quantiles, far cheaper for a sweep point's few.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from ..model.outcomes import SERIES_BY_NAME
from ..storage import arrow

BINS = 1000
QUANTILES = (0.05, 0.5, 0.95)


@dataclass
class Histograms:
    """A batch's monthly series, binned where they were simulated (a worker), so the parent only adds
    arrays: (horizon, BINS) counts and per-month sums per variable, for `n` replications."""

    counts: dict[str, np.ndarray]
    sums: dict[str, np.ndarray]
    n: int


@dataclass
class KeptBins:
    """A batch's monthly series binned but not counted: each value's bin (int16, (n, horizon)) and per-month
    sums, per variable, for `n` replications.  A sweep job bins all its points' rows at once and hands each
    point its slice (the bins of a slice are the slice of the bins)."""

    bins: dict[str, np.ndarray]
    sums: dict[str, np.ndarray]
    n: int


def kept_bins(series: dict[str, np.ndarray]) -> KeptBins:
    return KeptBins({name: bins_of(name, values) for name, values in series.items()},
                    {name: values.sum(axis=0, dtype=np.float64) for name, values in series.items()},
                    next(iter(series.values())).shape[0] if series else 0)


def bins_of(name: str, values: np.ndarray) -> np.ndarray:
    """The values' bins, as int16 (they are 0..BINS-1): a quarter of the bytes to keep."""
    return _bins(name, values).astype(np.int16)


def histograms(series: dict[str, np.ndarray], compiled: bool = False) -> Histograms:
    """Each series' (horizon, BINS) counts and per-month sums; `compiled`: in one numba pass (analysis/binning.py,
    the same numbers), for the compiled model's runs, which have numba loaded already."""
    if compiled:
        return _compiled_histograms(series)
    counts, sums, n = {}, {}, 0
    for name, values in series.items():
        # the smallest type that holds a bin's count (at most the batch's replications): half the bytes a worker
        # sends its parent, where reading them is the busiest thread's work
        bins = _bins(name, values)  # held while counted (freed sooner: 13x the page faults, 2.5x the time)
        counts[name] = _count(bins).astype(np.uint16 if values.shape[0] < 2**16 else np.int64)
        sums[name] = values.sum(axis=0, dtype=np.float64)
        n = values.shape[0]
    return Histograms(counts, sums, n)


def _compiled_histograms(series: dict[str, np.ndarray]) -> Histograms:
    from .binning import count_block

    if not series:
        return Histograms({}, {}, 0)
    names, block = list(series), _block_of(series)
    n, _, horizon = block.shape
    specs = [SERIES_BY_NAME[name] for name in names]
    # numpy's weak Python scalars: `values - low` and `/ (high - low)` are float32 operations
    lows = np.array([spec.low for spec in specs], dtype=np.float32)
    widths = np.array([np.float32(spec.high - spec.low) for spec in specs], dtype=np.float32)
    counted = np.zeros((len(names), horizon, BINS), dtype=np.uint16 if n < 2**16 else np.int64)
    summed = np.zeros((len(names), horizon))
    count_block(block, lows, widths, BINS, counted, summed)
    return Histograms(dict(zip(names, counted, strict=True)), dict(zip(names, summed, strict=True)), n)


def _block_of(series: dict[str, np.ndarray]) -> np.ndarray:
    """The (replications, series, horizon) float32 array whose columns the series are, in their order: the compiled
    model returns its series as views of one such block; anything else is stacked into one (a copy)."""
    values = list(series.values())
    block = values[0].base
    if (isinstance(block, np.ndarray) and block.ndim == 3 and block.dtype == np.float32
            and block.shape[1] == len(values) and all(
                v.dtype == np.float32 and v.shape == (block.shape[0], block.shape[2])
                and v.strides == (block.strides[0], block.strides[2])
                and v.ctypes.data == block.ctypes.data + i * block.strides[1] for i, v in enumerate(values))):
        return block
    return np.stack([np.asarray(v, dtype=np.float32) for v in values], axis=1)


def _bins(name: str, values: np.ndarray) -> np.ndarray:
    """Each value's bin (0..BINS-1) over its series' declared range: (replications, horizon) int64."""
    low, high = SERIES_BY_NAME[name].low, SERIES_BY_NAME[name].high
    return np.clip(((values - low) / (high - low) * BINS).astype(np.int64), 0, BINS - 1)


def _count(bins: np.ndarray) -> np.ndarray:
    """The (horizon, BINS) histogram of (replications, horizon) bins (any integer type): each month's counts."""
    horizon = bins.shape[1]
    places = np.arange(horizon)[None, :] * BINS + bins
    return np.bincount(places.ravel(order="K"), minlength=horizon * BINS).reshape(horizon, BINS)  # any order


class SeriesAccumulator:
    """An arm's monthly series, batch by batch: per (arm, variable), per-month sums and either the values' bins
    themselves, while there are at most BINS replications (a sweep point's 200: sorting 200 bins a month is
    ~20 times cheaper than a 1,000-bin histogram's cumulative sums), or their histogram.  Both give the same
    quantiles, to the bit (tests/test_timeseries.py)."""

    def __init__(self, horizon: int):
        self.horizon = horizon
        self.counts: dict[tuple[str, str], np.ndarray] = {}  # (horizon, BINS) int64
        self.bins: dict[tuple[str, str], np.ndarray] = {}  # (replications, horizon) int16, while few
        self.sums: dict[tuple[str, str], np.ndarray] = {}
        self.n: dict[str, int] = {}

    @property
    def arms(self) -> list[str]:
        return list(self.n)

    def add(self, arm: str, series: dict[str, np.ndarray] | Histograms | KeptBins) -> None:
        """Add a batch: its raw (replications, horizon) series, their Histograms, or their KeptBins."""
        if isinstance(series, Histograms):
            for name, counts in series.counts.items():
                self._add_counts((arm, name), counts)
                self._add_sums((arm, name), series.sums[name])
            self.n[arm] = self.n.get(arm, 0) + series.n
            return
        binned = series if isinstance(series, KeptBins) else kept_bins(series)
        for name, bins in binned.bins.items():
            key = (arm, name)
            if key not in self.counts and 0 < len(self.bins.get(key, ())) + len(bins) <= BINS:  # (none: counted)
                self.bins[key] = np.concatenate([self.bins[key], bins]) if key in self.bins else bins
            else:
                self._add_counts(key, _count(bins))
            self._add_sums(key, binned.sums[name])
        self.n[arm] = self.n.get(arm, 0) + binned.n

    def _add_counts(self, key, counts: np.ndarray) -> None:
        if key in self.bins:  # more replications than bins now: count those kept first
            self.counts[key] = _count(self.bins.pop(key))
        if key in self.counts:
            np.add(self.counts[key], counts, out=self.counts[key])  # batches' counts add up, in int64
        else:
            self.counts[key] = counts.astype(np.int64)

    def _add_sums(self, key, sums: np.ndarray) -> None:
        self.sums[key] = self.sums[key] + sums if key in self.sums else sums

    def table(self, start_labels: list[str]) -> pa.Table:
        keys, h = list(self.sums), self.horizon
        quantiles = self._quantiles(keys)  # (keys, QUANTILES, horizon)
        return arrow.table({  # not pa.table: its conversion of lists imports pandas (storage/arrow.py)
            "arm": [arm for arm, _ in keys for _ in range(h)],
            "month": np.tile(np.arange(1, h + 1), len(keys)),
            "date": list(start_labels[:h]) * len(keys),
            "variable": [name for _, name in keys for _ in range(h)],
            "n": np.repeat(np.array([self.n[arm] for arm, _ in keys], dtype=np.int64), h),
            "mean": np.array([self.sums[key] / self.n[key[0]] for key in keys], dtype=np.float64).reshape(-1),
            **{label: quantiles[:, i].reshape(-1) for i, label in enumerate(("q05", "q50", "q95"))},
        })

    def _quantiles(self, keys: list) -> np.ndarray:
        """Each key's monthly QUANTILES, interpolated within the bin where the cumulative count reaches q x n:
        from its histogram, or by ranking its bins (all keys of the same n at once)."""
        out = np.empty((len(keys), len(QUANTILES), self.horizon))
        same_n: dict[int, list[int]] = {}
        for i, key in enumerate(keys):
            if key in self.bins:
                same_n.setdefault(self.bins[key].shape[0], []).append(i)
            else:
                out[i] = self._from_counts(key)
        for n, rows in same_n.items():
            # (keys, horizon, replications), each month's bins ascending; raised by BINS per (key, month) they
            # make one ascending row, so one search finds every month's count below and at a bin
            places = np.int32 if len(rows) * self.horizon * BINS < 2**31 else np.int64  # half the bytes to sort
            ranked = np.sort(np.stack([self.bins[keys[i]].T for i in rows]).astype(places), axis=2)
            rise = (np.arange(len(rows) * self.horizon, dtype=places) * BINS).reshape(len(rows), 1, self.horizon)
            ranked += rise.reshape(len(rows), self.horizon, 1)
            target = np.array(QUANTILES)[None, :, None] * n
            # the first bin whose cumulative count reaches the target holds the ceil(target)-th value
            idx = ranked[:, :, np.ceil(target[0, :, 0]).astype(np.int64) - 1].transpose(0, 2, 1)  # (keys, Q, horizon)
            flat, start = ranked.ravel(), rise // BINS * n
            below = np.searchsorted(flat, idx, side="left")
            inside = np.searchsorted(flat, idx, side="right") - below
            ranges = np.array([_range(keys[i][1]) for i in rows])[:, :, None, None]
            out[rows] = _interpolate(ranges[:, 0], ranges[:, 1], target, idx - rise, below - start, inside)
        return out

    def _from_counts(self, key) -> np.ndarray:
        counts = self.counts[key]
        cum = counts.cumsum(axis=1)
        total = cum[:, -1]
        # every month's cumulative counts, raised by month x (n + 1), make one ascending row: one search for all
        # months; counts are integers, so "below the target" is "below its ceiling", compared exactly
        months = np.arange(self.horizon)
        rise = months * (int(total.max()) + 1)
        target = np.array(QUANTILES)[:, None] * total
        idx = np.searchsorted((cum + rise[:, None]).ravel(), np.ceil(target).astype(np.int64) + rise) - months * BINS
        below = np.where(idx > 0, cum[months, np.maximum(idx - 1, 0)], 0)
        return _interpolate(*_range(key[1]), target, idx, below, counts[months, idx])

    def save(self, path, rows: int) -> None:
        """Checkpoint the histograms of an unfinished run (for --resume), tagged with the rows they cover."""
        import os

        arrays = {"rows": np.array(rows), "horizon": np.array(self.horizon)}
        for i, (arm, name) in enumerate(self.sums):
            counts = self.counts.get((arm, name))
            arrays[f"c{i}"] = _count(self.bins[(arm, name)]) if counts is None else counts
            arrays[f"s{i}"], arrays[f"k{i}"] = self.sums[(arm, name)], np.array([arm, name])
        arrays["arms"] = np.array(list(self.n))
        arrays["n"] = np.array(list(self.n.values()))
        tmp = path.with_name(path.name + ".tmp.npz")
        np.savez_compressed(tmp, **arrays)
        os.replace(tmp, path)

    @classmethod
    def restore(cls, path, rows: int):
        """The checkpointed histograms, if they cover exactly `rows` rows; otherwise None."""
        if not path.exists() or path.is_symlink():
            return None
        try:
            data = np.load(path, allow_pickle=False)
            if int(data["rows"]) != rows:
                return None
            out = cls(int(data["horizon"]))
            i = 0
            while f"c{i}" in data:
                arm, name = (str(x) for x in data[f"k{i}"])
                out.counts[(arm, name)], out.sums[(arm, name)] = data[f"c{i}"], data[f"s{i}"]
                i += 1
            out.n = {str(a): int(n) for a, n in zip(data["arms"], data["n"], strict=True)}
            return out
        except (OSError, ValueError, KeyError):
            return None


def _range(name: str) -> tuple[float, float]:
    return SERIES_BY_NAME[name].low, SERIES_BY_NAME[name].high


def _interpolate(low, high, target, idx, below, inside) -> np.ndarray:
    frac = np.where(inside > 0, (target - below) / np.maximum(inside, 1), 0.0)
    return low + (idx + np.clip(frac, 0, 1)) * (high - low) / BINS
