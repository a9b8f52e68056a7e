"""`scenarios discover`: scenario discovery on a stored run or sweep, written to RUN/discovery/<name>/.

What a case is:
- one arm: the outcome happened (binary), or value > --threshold (others; default its 90th percentile);
- --paired A B: the arm made the difference in the same world, replication by replication (common random
  numbers): B has the outcome and A has not (binary), or B - A > --threshold (others; default the 90th
  percentile of the differences).
"""

from __future__ import annotations

from dataclasses import asdict
from pathlib import Path

import numpy as np

from ..errors import ScenarioError
from ..model.outcomes import BY_NAME
from ..storage import arrow
from ..storage import run_dir as store
from . import discover as dsc
from .metrics import not_a_number

PARAM = "param."


def load_cases(path: Path, outcome: str, arm: str | None, paired: tuple[str, str] | None,
               threshold: float | None) -> tuple[object, np.ndarray, dict]:
    """(inputs, case indicator, what) from a run directory's outcomes, for one arm or a pair of arms."""
    import pyarrow.parquet as pq

    from ..storage import verify

    manifest = store.read_manifest(path)
    verify.require(path, manifest)
    file = path / store.OUTCOMES
    if not file.exists():
        raise ScenarioError(f"{path}: no {store.OUTCOMES} yet ({verify.status(manifest)}); finish it with "
                            f"scenarios run --resume {path}")
    types = pq.ParquetFile(file).schema_arrow
    schema = types.names
    from ..storage.tables import parameter_names, read_outcomes

    if outcome not in schema or outcome in ("arm", "replication", "point") or outcome.startswith(PARAM):
        known = [o.name for o in BY_NAME.values() if o.kind != "category" and o.name in schema]
        raise ScenarioError(f"unknown outcome {outcome!r}; this run has e.g. {', '.join(known[:6])} "
                            "(all: docs/outputs.md)")
    inputs = parameter_names(path)
    if not inputs:
        raise ScenarioError(f"{path}: no parameter columns (param.*: parameters.parquet is missing), so there "
                            f"are no assumptions to discover over; rerun it: scenarios run {path / store.RESOLVED}")
    arms = list(manifest["arms"])
    wanted = paired or (arm or ("status_quo" if "status_quo" in arms else arms[0]),)
    unknown = [a for a in wanted if a not in arms]
    if unknown:
        raise ScenarioError(f"{path}: no arm {', '.join(unknown)}; it has: {', '.join(arms)}")
    if paired and paired[0] == paired[1]:
        raise ScenarioError(f"--paired {paired[0]} {paired[1]}: the same arm twice; give two arms to set apart")
    keys = [k for k in ("point", "replication") if k in schema]
    if arrow.is_text(types.field(outcome).type):
        raise ScenarioError(not_a_number(outcome))
    table = read_outcomes(path, ["arm", *keys, outcome, *inputs]).to_pandas()
    rows = {a: table[table["arm"] == a].sort_values(keys).reset_index(drop=True) for a in wanted}
    binary = table[outcome].dtype == bool
    if binary and threshold is not None:  # it read as a probability ('P(L6) exceeds 0.5') and meant 'L6 happened'
        raise ScenarioError(f"--threshold is for numeric outcomes; {outcome!r} is yes/no, so a case is a run where "
                            "it happened: leave --threshold out")
    label = BY_NAME[outcome].label if outcome in BY_NAME else outcome
    # a month of an event is NaN where it never came: as 'not above the threshold' those runs counted among the
    # earliest, so the runs searched are those where it came
    month = outcome in BY_NAME and BY_NAME[outcome].nan_if_never
    happens = label[2:-1] if label.startswith("P(") and label.endswith(")") else label  # 'P(x)' -> 'x'
    if paired:
        a, b = (rows[x] for x in paired)
        if len(a) != len(b) or not (a[keys].to_numpy() == b[keys].to_numpy()).all():
            raise ScenarioError(f"arms {paired[0]} and {paired[1]} do not hold the same replications; "
                                "--paired needs a complete run")
        x = b
        if binary:
            y = b[outcome].to_numpy(bool) & ~a[outcome].to_numpy(bool)
            what = f"{happens} under {paired[1]} but not under {paired[0]}"
        else:
            diff = b[outcome].to_numpy(float) - a[outcome].to_numpy(float)
            everywhere = len(diff)
            if month:  # as for one arm: the worlds where the event came under both
                defined = ~np.isnan(diff)
                x, diff = b[defined].reset_index(drop=True), diff[defined]
                if len(diff) < 2:
                    raise ScenarioError(f"{outcome!r} is defined under both arms in {len(diff)} runs: too few")
            threshold = float(np.nanpercentile(diff, 90)) if threshold is None else threshold
            y = diff > threshold
            what = f"{paired[1]} raises {label} by more than {threshold:.3g} over {paired[0]}"
            if len(diff) < everywhere:
                what += f" (of the {len(diff):,} runs where both are defined)"
    else:
        x = rows[wanted[0]]
        if month:
            x = x[x[outcome].notna()].reset_index(drop=True)
            if len(x) < 2:
                raise ScenarioError(f"{outcome!r} is defined (the event came) in {len(x)} of the runs of "
                                    f"{wanted[0]}: too few to search; more replications, or another arm")
        values = x[outcome]
        if binary:
            y = values.to_numpy(bool)
            what = f"{happens} under {wanted[0]}"
        else:
            values = values.to_numpy(float)
            threshold = float(np.nanpercentile(values, 90)) if threshold is None else threshold
            y = values > threshold
            what = f"{label} exceeds {threshold:.3g} under {wanted[0]}"
            if len(x) < len(rows[wanted[0]]):
                what += f" (of the {len(x):,} runs where it is defined)"
    inputs_frame = x[inputs].astype(float)
    inputs_frame.columns = [c.removeprefix(PARAM) for c in inputs]
    info = {"run": str(path), "outcome": outcome, "arms": list(wanted), "paired": bool(paired),
            "threshold": threshold, "what": what}
    return inputs_frame, y, info


def run_discovery(path: Path, outcome: str, arm: str | None = None, paired: tuple[str, str] | None = None,
                  threshold: float | None = None, dims: int = 12, resamples: int = 10) -> tuple[dict, Path]:
    """Discover, write discovery.json and the two pictures; return the report and its folder."""
    from . import discover_plots

    x, y, info = load_cases(Path(path), outcome, arm, paired, threshold)
    seed = int(store.read_manifest(Path(path)).get("seed", 0))
    found = dsc.discover(x, y, seed=seed, dims=dims, resamples=resamples)
    label = _parameter_label
    restricted = {r.name for r in found.significant}
    report = {**info, "rows": found.rows, "cases": found.cases, "base_rate": found.base_rate,
              "sentence": dsc.sentence(found, _phrase(info), label),
              "box": {"coverage": found.coverage, "density": found.density, "mass": found.mass,
                      "restrictions": [asdict(r) | {"label": label(r.name)} for r in found.restrictions]},
              "trajectory": found.trajectory, "chosen": found.chosen,
              "feature_scores": found.scores, "cart": {"inputs": found.cart_inputs, **found.cart_leaf},
              # the tree splits on every input the box restricts, and first on one of them
              "cart_agrees": restricted <= set(found.cart_inputs) and bool(restricted & set(found.cart_inputs[:2]))}
    name = outcome + (f"_{paired[0]}_vs_{paired[1]}" if paired else f"_{info['arms'][0]}")
    folder = Path(path) / "discovery" / name
    folder.mkdir(parents=True, exist_ok=True)
    report["pictures"] = [str(p) for p in discover_plots.draw(report, folder)]
    store.write_json(folder / "discovery.json", report)
    return report, folder


def _phrase(info: dict) -> str:
    return f"{info['what'][0].upper()}{info['what'][1:]}"


def _parameter_label(name: str) -> str:
    from .style import parameter_label

    label = parameter_label(name)
    return label if label == name else f"{label.split(' (')[0]} ({name})"


def describe(report: dict, top: int = 8) -> str:
    """The report as text for a terminal."""
    box = report["box"]
    lines = [report["sentence"], "",
             f"{report['cases']:,} cases in {report['rows']:,} rows; box {report['chosen']} of the peeling "
             f"trajectory: coverage {box['coverage']:.2f}, density {box['density']:.2f}, mass {box['mass']:.2f}"]
    if box["restrictions"]:
        lines.append(f"  {'restriction':<52} {'quasi-p':>9} {'resampled':>10}")
        for r in box["restrictions"]:
            bounds = (f"{'' if r['low'] is None else format(r['low'], '.3g')} .. "
                      f"{'' if r['high'] is None else format(r['high'], '.3g')}")
            lines.append(f"  {r['name'] + ' ' + bounds:<52} {r['qp']:>9.2g} {r['reproduced']:>10.0%}")
    scores = list(report["feature_scores"].items())[:top]
    lines += ["", "inputs that best tell the cases apart (extra-trees feature scores):"]
    lines += [f"  {score:6.3f}  {name}" for name, score in scores]
    cart = report["cart"]
    lines += ["", f"CART cross-check: splits on {', '.join(cart['inputs'][:4])}; densest leaf "
              f"({' and '.join(cart['rules'])}) density {cart['density']:.2f}, mass {cart['mass']:.2f} — "
              + ("agrees with the box" if report["cart_agrees"] else "differs from the box: read both")]
    return "\n".join(lines)
