"""Which policy holds up across the assumptions?  Regret and satisficing per arm, world by world.

Every arm of a run sees the same worlds (replication i, and point p of a sweep, draw the same assumptions:
common random numbers), so each world can be scored for every arm.  For each outcome with a declared
direction (model/outcomes.py: lower or higher is better from Seoul's stated interests):

- regret of an arm in a world = how far it falls short of the best arm in that same world;
  reported as the mean and the 90th percentile over worlds, in the outcome's units;
- satisficing = the share of worlds in which the arm does at least as well as a threshold: by default the
  baseline arm's median (binary outcomes: the good side, e.g. no L6).

Regrets of outcomes in different units are not added up; 'normalised regret' divides each by the outcome's
standard deviation over all rows, so arms can be ranked on one number if one wants to.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from ..errors import ScenarioError
from ..model.outcomes import BY_NAME, HEADLINE
from ..storage import run_dir as store

DEFAULT = tuple(o.name for o in HEADLINE if o.direction)


def robustness(path: Path, outcomes: list[str] = (), baseline: str | None = None,
               thresholds: dict[str, float] | None = None) -> dict:
    """Regret and satisficing per arm; `baseline` (default status_quo, else the first arm) gives each outcome's
    satisficing threshold where `thresholds` does not."""
    import pyarrow.parquet as pq

    from ..storage import verify

    manifest = store.read_manifest(path)
    verify.require(path, manifest)
    outcomes = list(outcomes) or list(DEFAULT)
    schema = pq.ParquetFile(path / store.OUTCOMES).schema_arrow.names
    unjudged = sorted(set(thresholds or {}) - set(outcomes))
    for name in [*outcomes, *unjudged]:
        if name not in BY_NAME or name not in schema:
            raise ScenarioError(f"unknown outcome {name!r}; e.g. {', '.join(DEFAULT[:4])} (docs/outputs.md)")
        if not BY_NAME[name].direction:
            raise ScenarioError(f"{name!r} has no declared direction (better higher or lower); "
                                f"outcomes with one: {', '.join(o.name for o in BY_NAME.values() if o.direction)}")
    if unjudged:  # it would be ignored: a threshold only counts for an outcome the table judges
        raise ScenarioError(f"--threshold {', '.join(unjudged)}: not among the outcomes judged "
                            f"({', '.join(outcomes)}); add --outcome {unjudged[0]} (with the others you want)")
    arms = list(manifest["arms"])
    if len(arms) < 2:
        raise ScenarioError(f"{path}: one arm only; robustness compares arms")
    if baseline is not None and baseline not in arms:
        raise ScenarioError(f"{path}: no arm {baseline!r} for --baseline; it has: {', '.join(arms)}")
    baseline = baseline or ("status_quo" if "status_quo" in arms else arms[0])
    keys = [k for k in ("point", "replication") if k in schema]
    table = pq.read_table(path / store.OUTCOMES, columns=["arm", *keys, *outcomes]).to_pandas()
    never = {}
    for name in outcomes:  # a month of an event is NaN where it never came: the best case, counted as the month
        if BY_NAME[name].nan_if_never:  # after the horizon (else the worlds without it dropped out, below)
            never[name] = int(manifest.get("horizon_months") or np.nanmax(table[name], initial=0)) + 1
            table[name] = table[name].fillna(never[name])
    wide = {name: table.pivot_table(index=keys, columns="arm", values=name, aggfunc="first", dropna=False)
            .reindex(columns=arms) for name in outcomes}
    # the worlds every arm was run in (an unfinished run may lack some); not the rows whose values are all numbers,
    # which, for an outcome NaN where an event never came, kept 9 of 2,000 worlds for every outcome
    present = table.groupby(keys)["arm"].nunique()
    worlds = present.index[present.to_numpy() == len(arms)]
    result = {"run": str(path), "arms": arms, "baseline": baseline, "worlds": len(worlds), "outcomes": {}}
    for name in outcomes:
        lower = BY_NAME[name].direction == "lower"
        values = wide[name].loc[worlds].to_numpy(float)
        good = -values if lower else values  # higher is better from here on
        regret = good.max(axis=1, keepdims=True) - good
        base = good[:, arms.index(baseline)]
        if thresholds and name in thresholds:
            bar = -thresholds[name] if lower else thresholds[name]
        elif table[name].dtype == bool:
            bar = 0.0 if lower else 1.0  # the good side of a yes/no outcome
        else:
            bar = float(np.median(base))
        spread = float(np.std(values)) or 1.0
        result["outcomes"][name] = {
            "direction": BY_NAME[name].direction, "threshold": (-bar if lower else bar) + 0.0,
            **({"never_counted_as": never[name]} if name in never else {}),
            "arms": {arm: {"mean_regret": float(regret[:, j].mean()),
                           "p90_regret": float(np.percentile(regret[:, j], 90)),
                           "normalised_regret": float(regret[:, j].mean() / spread),
                           "satisficing": float((good[:, j] >= bar).mean())}
                     for j, arm in enumerate(arms)}}
    result["mean_normalised_regret"] = {
        arm: float(np.mean([o["arms"][arm]["normalised_regret"] for o in result["outcomes"].values()]))
        for arm in arms}
    return result


def describe(result: dict) -> str:
    arms = result["arms"]
    width = max(len(a) for a in arms) + 2
    worlds = "1 world" if result["worlds"] == 1 else f"{result['worlds']:,} worlds"
    lines = [f"{worlds} (replications; of a sweep, replication x point), every arm "
             f"scored in each; satisficing threshold: {result['baseline']}'s median unless given", ""]
    for name, o in result["outcomes"].items():
        better = "lower" if o["direction"] == "lower" else "higher"
        never = f"; never counted as month {o['never_counted_as']}" if "never_counted_as" in o else ""
        lines.append(f"{BY_NAME[name].label} ({better} is better; threshold {o['threshold']:.3g}{never})")
        lines.append(f"  {'arm':<{width}} {'mean regret':>12} {'p90 regret':>11} {'satisficing':>12}")
        for arm in arms:
            s = o["arms"][arm]
            lines.append(f"  {arm:<{width}} {s['mean_regret']:>12.4g} {s['p90_regret']:>11.4g} "
                         f"{s['satisficing']:>12.1%}")
        lines.append("")
    ranked = sorted(arms, key=lambda a: result["mean_normalised_regret"][a])
    lines.append("mean normalised regret over these outcomes (lower holds up better): " +
                 ", ".join(f"{a} {result['mean_normalised_regret'][a]:.3f}" for a in ranked))
    return "\n".join(lines)
