"""Monthly state summaries per arm (mean and 5/50/95% quantiles) accumulated batch by batch.

Quantiles come from fixed-bin histograms over each series' declared range (model/outcomes.py), so
memory does not grow with replications; they are exact to 1/1000 of the range.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pyarrow as pa

from ..model.outcomes import SERIES_BY_NAME

BINS = 1000
QUANTILES = (0.05, 0.5, 0.95)


@dataclass
class Histograms:
    """A batch's monthly series, binned where they were simulated (a worker), so the parent only adds
    arrays: (horizon, BINS) counts and per-month sums per variable, for `n` replications."""

    counts: dict[str, np.ndarray]
    sums: dict[str, np.ndarray]
    n: int


def histograms(series: dict[str, np.ndarray]) -> Histograms:
    counts, sums, n = {}, {}, 0
    for name, values in series.items():
        horizon = values.shape[1]
        months = np.arange(horizon)[None, :]
        low, high = SERIES_BY_NAME[name].low, SERIES_BY_NAME[name].high
        bins = np.clip(((values - low) / (high - low) * BINS).astype(np.int64), 0, BINS - 1)
        flat = np.bincount((months * BINS + bins).ravel(order="K"), minlength=horizon * BINS)  # any order: counts
        # the smallest type that holds a bin's count (at most the batch's replications): half the bytes a worker
        # sends its parent, where reading them is the busiest thread's work
        counts[name] = flat.reshape(horizon, BINS).astype(np.uint16 if values.shape[0] < 2**16 else np.int64)
        sums[name] = values.sum(axis=0, dtype=np.float64)
        n = values.shape[0]
    return Histograms(counts, sums, n)


class SeriesAccumulator:
    def __init__(self, horizon: int):
        self.horizon = horizon
        self.counts: dict[tuple[str, str], np.ndarray] = {}
        self.sums: dict[tuple[str, str], np.ndarray] = {}
        self.n: dict[str, int] = {}

    def add(self, arm: str, series: dict[str, np.ndarray] | Histograms) -> None:
        """Add a batch: its raw (replications, horizon) series, or their Histograms."""
        binned = series if isinstance(series, Histograms) else histograms(series)
        for name, counts in binned.counts.items():
            key = (arm, name)
            self.counts[key] = self.counts.get(key, 0) + counts.astype(np.int64)  # batches' counts add up
            self.sums[key] = self.sums.get(key, 0) + binned.sums[name]
        self.n[arm] = self.n.get(arm, 0) + binned.n

    def table(self, start_labels: list[str]) -> pa.Table:
        rows: dict[str, list] = {k: [] for k in ("arm", "month", "date", "variable", "n", "mean", "q05", "q50", "q95")}
        for (arm, name), counts in self.counts.items():
            low, high = SERIES_BY_NAME[name].low, SERIES_BY_NAME[name].high
            cum = counts.cumsum(axis=1)
            total = cum[:, -1:]
            qs = []
            for q in QUANTILES:
                target = q * total
                idx = (cum < target).sum(axis=1)
                below = np.take_along_axis(cum, np.maximum(idx - 1, 0)[:, None], 1)[:, 0] * (idx > 0)
                inside = np.take_along_axis(counts, idx[:, None], 1)[:, 0]
                frac = np.where(inside > 0, (target[:, 0] - below) / np.maximum(inside, 1), 0.0)
                qs.append(low + (idx + np.clip(frac, 0, 1)) * (high - low) / BINS)
            for t in range(self.horizon):
                rows["arm"].append(arm)
                rows["month"].append(t + 1)
                rows["date"].append(start_labels[t])
                rows["variable"].append(name)
                rows["n"].append(self.n[arm])
                rows["mean"].append(float(self.sums[(arm, name)][t] / self.n[arm]))
                for key, q in zip(("q05", "q50", "q95"), qs, strict=True):
                    rows[key].append(float(q[t]))
        return pa.table(rows)

    def save(self, path, rows: int) -> None:
        """Checkpoint the histograms of an unfinished run (for --resume), tagged with the rows they cover."""
        import os

        arrays = {"rows": np.array(rows), "horizon": np.array(self.horizon)}
        for i, ((arm, name), counts) in enumerate(self.counts.items()):
            arrays[f"c{i}"], arrays[f"s{i}"] = counts, self.sums[(arm, name)]
            arrays[f"k{i}"] = np.array([arm, name])
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
