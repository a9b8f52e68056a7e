"""Compare arms of stored runs: which arm changes what, by how much, with honest uncertainty.

Samples that share the seed, replication count and model version saw the same random world in
replication i (common random numbers), so they are compared paired; anything else unpaired, and the
output says which.  Only the needed columns of outcomes.parquet are read.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..errors import ScenarioError
from ..model.outcomes import BY_NAME
from ..storage import arrow
from ..storage import run_dir as store
from . import stats
from .metrics import HEADLINE, Metric, not_a_number, number

PAIRING_KEYS = ("seed", "replications", "model_version")
COMPAT_KEYS = ("model_version", "horizon_months", "start")


@dataclass(frozen=True)
class Ref:
    run: Path
    arm: str

    @property
    def label(self) -> str:
        return self.arm


@dataclass
class Comparison:
    reference: str
    compared: str
    metric: str
    label: str
    kind: str
    unit: str
    paired: bool
    estimate: stats.Estimate
    skewed: bool = False
    p_adjusted: float | None = None

    def record(self) -> dict:
        out = {k: v for k, v in asdict(self).items() if k != "estimate"}
        out.update({f"{k}": v for k, v in asdict(self.estimate).items()})
        return out


class RunData:
    """A run directory's manifest and, on demand, columns of its outcomes."""

    def __init__(self, path: Path, allow_partial: bool):
        from ..storage import verify

        self.path = Path(path)
        self.manifest = store.read_manifest(self.path)
        if self.manifest.get("kind") == "sweep":
            raise ScenarioError(f"{self.path}: a sweep (its replications repeat at every point); compare works on "
                                "`scenarios run` directories — see `scenarios show` or the sweep's plots")
        status = verify.status(self.manifest)
        if status != "complete" and not allow_partial:
            raise ScenarioError(f"{self.path}: the run is {status!r}, not complete "
                                f"({self.manifest['counts']['rows_written']:,} of "
                                f"{self.manifest['counts']['rows_planned']:,} rows); pass --allow-partial to "
                                "compare what it holds")
        self.partial = status != "complete"
        verify.require(self.path, self.manifest)
        outcomes = self.path / store.OUTCOMES
        if not outcomes.exists():
            raise ScenarioError(f"{self.path}: the run has no {store.OUTCOMES} yet ({status}); finish it with "
                                f"scenarios run --resume {self.path}")
        self.file = pq.ParquetFile(outcomes)
        self.schema = self.file.schema_arrow
        self.columns = set(self.schema.names)
        self._table = None

    @classmethod
    def in_memory(cls, table, manifest: dict, name: str) -> RunData:
        """A run made in memory (the Python API): the same comparisons, no directory."""
        run = cls.__new__(cls)
        run.path, run.manifest, run.partial, run.file = Path(name), manifest, False, None
        run._source, run.schema, run.columns, run._table = table, table.schema, set(table.column_names), None
        return run

    @property
    def arms(self) -> list[str]:
        return list(self.manifest["arms"])

    def load(self, columns: list[str]) -> None:
        missing = [c for c in columns if c not in self.columns]
        if missing:
            raise ScenarioError(f"{self.path}: no outcome column(s) {', '.join(missing)}; see docs/outputs.md "
                                f"for the columns a run writes")
        wanted = ["arm", "replication", *dict.fromkeys(columns)]
        self._table = self.file.read(columns=wanted) if self.file is not None else self._source.select(wanted)
        self._rows: dict[str, tuple[np.ndarray, np.ndarray]] = {}

    def replications(self, arm: str) -> np.ndarray:
        return self._arm_rows(arm)[0]

    def _arm_rows(self, arm: str) -> tuple[np.ndarray, np.ndarray]:
        """(sorted replication ids, row indices in that order) of one arm, computed once."""
        if arm not in self._rows:
            rows = np.flatnonzero(pc.equal(self._table.column("arm"), arm).to_numpy(zero_copy_only=False))
            reps = self._table.column("replication").to_numpy()[rows]
            order = np.argsort(reps, kind="stable")
            self._rows[arm] = (reps[order], rows[order])
        return self._rows[arm]

    def sample(self, arm: str, column: str) -> np.ndarray:
        """Values of one arm, ordered by replication id."""
        return self._table.column(column).to_numpy(zero_copy_only=False)[self._arm_rows(arm)[1]]


def _parse(refs: list[str], runs: dict[str, RunData], allow_partial: bool) -> list[Ref]:
    out = []
    for ref in refs:
        text, arm = (ref, None) if Path(ref).is_dir() or ":" not in ref else ref.rsplit(":", 1)
        path = Path(text)
        key = str(path)  # as callers look it up: 'runs/x/' and 'runs/x' are one run
        if key not in runs:
            runs[key] = RunData(path, allow_partial)
        if arm is not None and arm not in runs[key].arms:
            raise ScenarioError(f"{ref}: no arm {arm!r} in that run; it has: {', '.join(runs[key].arms)}")
        out.append(Ref(path, arm or ""))
    return out


def plan(refs: list[str], baseline: str | None, allow_partial: bool) -> tuple[list[tuple[Ref, Ref]], dict]:
    """Which (reference, compared) pairs the arguments ask for."""
    runs: dict[str, RunData] = {}
    parsed = _parse(refs, runs, allow_partial)
    explicit = [r.arm != "" for r in parsed]
    if any(explicit) and not all(explicit):
        raise ScenarioError("give either run directories, or RUN:ARM references, not a mix")
    if all(explicit):
        if len(parsed) != 2:
            raise ScenarioError("with RUN:ARM references, give exactly two: the reference, then the compared")
        return [(parsed[0], parsed[1])], runs
    if len(parsed) == 1:
        run = runs[str(parsed[0].run)]
        base = baseline or "status_quo"
        if base not in run.arms:
            raise ScenarioError(f"{run.path}: no baseline arm {base!r}; it has: {', '.join(run.arms)} "
                                "(choose one with --baseline)")
        return [(Ref(run.path, base), Ref(run.path, arm)) for arm in run.arms if arm != base], runs
    if len(parsed) == 2:
        a, b = (runs[str(r.run)] for r in parsed)
        if a is b:  # each arm against itself: every difference 0, every p 1
            raise ScenarioError(f"{a.path} given twice: give one run to compare its arms, or two different runs")
        arms = [arm for arm in a.arms if arm in b.arms]
        if baseline:
            arms = [baseline] if baseline in arms else []
        if not arms:
            raise ScenarioError(f"the two runs share no arm (first: {', '.join(a.arms)}; second: "
                                f"{', '.join(b.arms)}); compare RUN:ARM references instead")
        return [(Ref(a.path, arm), Ref(b.path, arm)) for arm in arms], runs
    raise ScenarioError("give one run directory, two run directories, or two RUN:ARM references")


def resolve_metrics(names: list[str], runs: dict[str, RunData]) -> list[Metric]:
    if not names:
        return list(HEADLINE)
    by_column = {m.column: m for m in HEADLINE} | {m.short: m for m in HEADLINE}
    metrics = []
    for name in names:
        if name in by_column:
            metrics.append(by_column[name])
            continue
        run = next(iter(runs.values()))
        if name not in run.columns or name in ("arm", "replication"):
            raise ScenarioError(f"unknown metric {name!r}; use an outcome column (docs/outputs.md), e.g. "
                                f"{', '.join(m.column for m in HEADLINE[:4])}")
        data_type = run.schema.field(name).type
        if arrow.is_text(data_type):
            raise ScenarioError(not_a_number(name))
        kind = "binary" if str(data_type) == "bool" else "continuous"
        # a month of an event is NaN where it never came: compared where defined, as a summary describes it
        metrics.append(Metric(name, name, name, kind, defined_only=name in BY_NAME and BY_NAME[name].nan_if_never))
    return metrics


def pairing(a: RunData, b: RunData) -> tuple[bool, str]:
    if a is b:
        return True, "same run"
    differ = [k for k in PAIRING_KEYS if a.manifest.get(k) != b.manifest.get(k)]
    if differ:
        return False, "runs differ in " + ", ".join(f"{k} ({a.manifest.get(k)} vs {b.manifest.get(k)})" for k in differ)
    return True, "same seed, replications and model version"


def compatibility_warnings(runs: dict[str, RunData]) -> list[str]:
    warnings = []
    items = list(runs.values())
    for other in items[1:]:
        for key in COMPAT_KEYS:
            if items[0].manifest.get(key) != other.manifest.get(key):
                warnings.append(f"{key} differs: {items[0].manifest.get(key)} ({items[0].path.name}) vs "
                                f"{other.manifest.get(key)} ({other.path.name})")
    for run in items:
        if run.partial:
            warnings.append(f"{run.path.name} is {run.manifest['status']}: compared on the "
                            f"{run.manifest['counts']['rows_written']:,} rows it holds")
    return warnings


def _values(values: np.ndarray, metric: Metric) -> np.ndarray:
    values = values.astype(bool) if metric.kind == "binary" else values.astype(float) * metric.scale
    return ~values if metric.invert else values


def _where_defined(a: np.ndarray, b: np.ndarray, paired: bool) -> tuple[np.ndarray, np.ndarray, str]:
    """The values that are numbers (paired: the replications where both are), and what was left out, if anything.
    A NaN left in made every statistic NaN and the p-value 1: 'no difference' where nothing had been measured."""
    if paired:
        keep = ~(np.isnan(a) | np.isnan(b))
        left = int((~keep).sum())
        a, b = a[keep], b[keep]
        return a, b, f"over the {len(a):,} replications where both have a value ({left:,} undefined)" if left else ""
    left_a, left_b = int(np.isnan(a).sum()), int(np.isnan(b).sum())
    if not left_a and not left_b:
        return a, b, ""
    a, b = a[~np.isnan(a)], b[~np.isnan(b)]
    return a, b, f"over the values defined: {len(a):,} and {len(b):,} ({left_a + left_b:,} undefined)"


def compare(refs: list[str], baseline: str | None = None, metric_names: list[str] = (),
            adjust: str = "none", allow_partial: bool = False) -> dict:
    pairs, runs = plan(list(refs), baseline, allow_partial)
    return compare_runs(pairs, runs, metric_names, adjust)


def compare_runs(pairs: list[tuple[Ref, Ref]], runs: dict[str, RunData], metric_names: list[str] = (),
                 adjust: str = "none") -> dict:
    """The comparisons of planned (reference, compared) pairs of loaded runs (keyed by str(path))."""
    metrics = resolve_metrics(list(metric_names), runs)
    for run in runs.values():
        run.load([m.column for m in metrics])
    two_runs = len(runs) > 1
    results: list[Comparison] = []
    notes = {}
    for ref_a, ref_b in pairs:
        run_a, run_b = runs[str(ref_a.run)], runs[str(ref_b.run)]
        is_paired, why = pairing(run_a, run_b)
        name_a = f"{ref_a.run.name}:{ref_a.arm}" if two_runs else ref_a.arm
        name_b = f"{ref_b.run.name}:{ref_b.arm}" if two_runs else ref_b.arm
        match = None
        if is_paired:  # the same replication ids for every metric of this pair
            common, ia, ib = np.intersect1d(run_a.replications(ref_a.arm), run_b.replications(ref_b.arm),
                                            assume_unique=True, return_indices=True)
            match = (ia, ib) if len(common) > 1 else None
            if match is None:  # one pair has no spread to estimate from: the rows stand as two samples
                plural = "" if len(common) == 1 else "s"
                is_paired, why = False, f"{why}, but {len(common)} replication{plural} in common"
        empty = [f"{r.run.name}:{r.arm}" for r, run in ((ref_a, run_a), (ref_b, run_b))
                 if not len(run.replications(r.arm))]
        if empty:  # an interrupted run that never reached an arm: nothing to compare, say so
            notes[f"{name_b} vs {name_a}"] = f"not compared: no rows for {' and '.join(empty)}"
            continue
        for metric in metrics:
            a = _values(run_a.sample(ref_a.arm, metric.column), metric)
            b = _values(run_b.sample(ref_b.arm, metric.column), metric)
            paired_here = match is not None
            if paired_here:
                a, b = a[match[0]], b[match[1]]
            if metric.defined_only:
                a, b, undefined = _where_defined(a, b, paired_here)
                if undefined:  # e.g. months_to_highend, NaN where L6 never came: a mean over the others, said so
                    notes[f"{name_b} vs {name_a}: {metric.column}"] = undefined
            if metric.kind == "binary":
                est = stats.paired_proportions(a, b) if paired_here else stats.unpaired_proportions(a, b)
            else:
                est = stats.paired_means(a, b) if paired_here else stats.welch_means(a, b)
            skew = metric.kind == "continuous" and (stats.skewed(a) or stats.skewed(b))
            results.append(Comparison(name_a, name_b, metric.column, metric.label, metric.kind, metric.unit,
                                      paired_here, est, skew))
        notes[f"{name_b} vs {name_a}"] = ("paired: " if is_paired else "unpaired: ") + why
    if adjust == "holm":
        for comparison, p in zip(results, stats.holm([c.estimate.p_value for c in results]), strict=True):
            comparison.p_adjusted = p
    return {"comparisons": results, "n_comparisons": len(results), "adjust": adjust, "pairing": notes,
            "warnings": compatibility_warnings(runs), "headlines": headlines(results),
            "runs": [str(r.path) for r in runs.values()]}


def _effect_size(c: Comparison) -> float:
    """Relative change |b - a| / max(|a|, |b|), in [0, 1]: how much of the larger value the policy moves.
    (Standardised sizes rank tiny-but-certain shifts of nearly constant outcomes first.)"""
    e = c.estimate
    larger = max(abs(e.a), abs(e.b))
    return abs(e.diff) / larger if larger > 0 else 0.0


def headline(c: Comparison) -> str:
    e = c.estimate
    how = f"paired over {e.n_a:,} replications" if c.paired else f"unpaired, n = {e.n_a:,} and {e.n_b:,}"
    unit = f" {c.unit}" if c.unit else ""
    return (f"{c.compared} vs {c.reference}: {c.label} {number(e.a)} → {number(e.b)}{unit}, {number(e.diff, True)} "
            f"({number(e.low, True)} to {number(e.high, True)}), {how}")


def headlines(results: list[Comparison], count: int = 3) -> list[str]:
    """The largest clear effects (interval excludes 0), at most one per metric."""
    clear = [c for c in results if c.estimate.low > 0 or c.estimate.high < 0]
    chosen, seen = [], set()
    for c in sorted(clear, key=_effect_size, reverse=True):
        if c.metric not in seen:
            seen.add(c.metric)
            chosen.append(headline(c))
    return chosen[:count]
