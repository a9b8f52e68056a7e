"""Scenario discovery: under which assumptions does an outcome happen, and where does an arm change that?

Every replication of a run is one world, drawn from the assumptions' distributions, and its `param.*`
columns say which.  So the run is already an exploratory-modelling data set: inputs X (the parameters that
vary), a case indicator y (the outcome happened; or, with two arms, the arm made the difference in that
same world under common random numbers).  The steps are the field's (Bryant & Lempert 2010; Kwakkel 2017):

1. feature scores: extra-trees importances, which inputs tell cases apart (scikit-learn);
2. PRIM (the EMA Workbench's implementation) on the highest-scoring inputs: the peeling trajectory
   (coverage, density, mass, restricted dimensions), a chosen box, each restriction's quasi-p value;
3. a resampling check: PRIM again on random halves, how often each restriction reappears;
4. a CART tree as a cross-check of which inputs split the cases;
5. one sentence in plain language.

PRIM runs on the top-scored inputs only because its cost grows with the number of inputs it peels:
the EMA Workbench's PRIM on all 160-odd parameters of a 200,000-row run takes minutes
(benchmarks/discover_speed.py), and inputs that carry no signal cannot hold a significant restriction.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field

import numpy as np

from ..errors import ScenarioError

SCORE_ROWS = 20_000  # rows the feature scores and CART are fitted on (a random subset, seeded)
SIGNIFICANT = 0.05
# A restriction that PRIM finds again in fewer than this share of its runs on random halves of the rows is not yet
# a finding, however small its quasi-p: the quasi-p tests the box on the rows it was peeled from, after the inputs
# were chosen on them too.  A real driver reappears in 80-100% (china.restraint and russia.reservation on 2,000
# replications); with 2 cases in 20 rows PRIM still finds a box at quasi-p 0.01, which reappears in 0%.
STABLE = 0.5


@dataclass
class Restriction:
    name: str
    low: float | None  # None: not restricted from below
    high: float | None
    qp: float  # quasi-p value (binomial test of the box with vs without this restriction; the smaller side)
    range_low: float = float("nan")  # the range the rows cover, for pictures
    range_high: float = float("nan")
    reproduced: float = float("nan")  # share of resampled PRIM runs that restrict it too


@dataclass
class Discovery:
    cases: int
    rows: int
    scores: dict[str, float]  # input -> extra-trees importance, all inputs, highest first
    trajectory: list[dict]  # coverage, density, mass, res_dim per peeling step
    chosen: int
    coverage: float
    density: float
    mass: float
    restrictions: list[Restriction]
    cart_inputs: list[str]  # inputs the CART tree splits on, in order of first use
    cart_leaf: dict = field(default_factory=dict)  # the CART leaf densest in cases: rules, density, mass

    @property
    def base_rate(self) -> float:
        return self.cases / self.rows

    @property
    def significant(self) -> list[Restriction]:
        return [r for r in self.restrictions if r.qp < SIGNIFICANT]

    @property
    def unstable(self) -> list[Restriction]:
        """Significant restrictions the resampling check did not find again (none if it was not run)."""
        return [r for r in self.significant if r.reproduced < STABLE]


def discover(x, y: np.ndarray, seed: int = 0, dims: int = 12, resamples: int = 10) -> Discovery:
    """Discover where y (bool per row) is concentrated in the inputs x (a pandas DataFrame of floats)."""
    y = np.asarray(y, dtype=bool)
    if len(y) != len(x):
        raise ValueError("x and y differ in length")
    cases = int(y.sum())
    if cases == 0 or cases == len(y):
        raise ScenarioError(f"the outcome is {'never' if cases == 0 else 'always'} the case in these {len(y):,} "
                            "rows, so there is nothing to tell apart; pick another outcome, arm or --threshold")
    x = x.loc[:, x.nunique() > 1]
    if x.shape[1] == 0:
        raise ScenarioError("no input varies across the rows: the run fixed every parameter; discovery needs "
                            "parameters drawn from distributions (or a sweep)")
    rng = np.random.default_rng(seed)
    subset = rng.choice(len(y), size=min(SCORE_ROWS, len(y)), replace=False)
    scores = _feature_scores(x.iloc[subset], y[subset], seed)
    top = list(scores)[:dims]
    box, trajectory, chosen = _prim(x[top], y)
    chosen, restrictions = _significant_box(box, chosen)
    trajectory = _trajectory(box)
    _resample(box, chosen, restrictions, resamples, seed)
    cart_inputs, leaf = _cart(x.iloc[subset], y[subset], seed)
    step = trajectory[chosen]
    return Discovery(cases, len(y), scores, trajectory, chosen, step["coverage"], step["density"], step["mass"],
                     restrictions, cart_inputs, leaf)


def _feature_scores(x, y, seed: int) -> dict[str, float]:
    from sklearn.ensemble import ExtraTreesClassifier

    forest = ExtraTreesClassifier(n_estimators=100, max_features=0.6, min_samples_leaf=max(1, len(y) // 1000),
                                  random_state=seed, n_jobs=1).fit(x.to_numpy(), y)
    order = np.argsort(-forest.feature_importances_, kind="stable")
    return {x.columns[i]: float(forest.feature_importances_[i]) for i in order}


def _prim(x, y):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the Workbench warns about optional parallel back ends on import
        try:
            from ema_workbench.analysis import prim
        except ImportError:
            raise ScenarioError("scenario discovery uses the EMA Workbench's PRIM: pip install "
                                "'scenarios[ema]' (make run installs it)") from None

        box = prim.Prim(x.reset_index(drop=True), y, peel_alpha=0.05, mass_min=0.05).find_box()
    trajectory = _trajectory(box)
    # the box that best balances finding the cases (coverage) against holding few others (density)
    chosen = max(range(len(trajectory)), key=lambda i: (trajectory[i]["coverage"] * trajectory[i]["density"], -i))
    return box, trajectory, chosen


def _trajectory(box) -> list[dict]:
    return box.peeling_trajectory[["coverage", "density", "mass", "res_dim"]].to_dict("records")


def _significant_box(box, i: int) -> tuple[int, list[Restriction]]:
    """Drop the chosen box's restrictions that are not significant (quasi-p >= 0.05), the least significant
    first, so the box reported, and its coverage and density, rest on significant restrictions only."""
    while True:
        restrictions = _restrictions(box, i)
        weak = [r for r in restrictions if not r.qp < SIGNIFICANT]
        if not weak:
            return i, restrictions
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            box.drop_restriction(max(weak, key=lambda r: r.qp).name, i)
        i = len(box.peeling_trajectory) - 1


def _restrictions(box, i: int) -> list[Restriction]:
    if box.peeling_trajectory["res_dim"].iloc[i] == 0:
        return []
    _, table = box.inspect(i, style="data")[0]
    limits = box.box_lims[i]
    initial = box.prim.box_init
    out = []
    for name in table.index:
        low, high = float(limits.loc[0, name]), float(limits.loc[1, name])
        qps = [float(v) for v in table.loc[name].iloc[2:] if v == v]
        first, last = float(initial.loc[0, name]), float(initial.loc[1, name])
        out.append(Restriction(name, low if low > first else None, high if high < last else None,
                               min(qps) if qps else float("nan"), first, last))
    return out


def _resample(box, i: int, restrictions: list[Restriction], iterations: int, seed: int) -> None:
    if not restrictions or iterations <= 0:
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        again = box.resample(i, iterations=iterations, p=0.5, rng=seed)
    for r in restrictions:
        r.reproduced = float(again.loc[r.name, "reproduce coverage"]) / 100.0 if r.name in again.index else 0.0


def _cart(x, y, seed: int) -> tuple[list[str], dict]:
    from sklearn.tree import DecisionTreeClassifier

    tree = DecisionTreeClassifier(max_depth=3, min_samples_leaf=max(1, int(0.05 * len(y))), random_state=seed)
    tree.fit(x.to_numpy(), y)
    t = tree.tree_
    used = list(dict.fromkeys(x.columns[f] for f in t.feature if f >= 0))
    leaves = [n for n in range(t.node_count) if t.children_left[n] < 0]
    density = {n: t.value[n][0][1] / t.value[n][0].sum() for n in leaves}  # sklearn >= 1.4 stores fractions
    best = max(leaves, key=lambda n: density[n])
    rules = _path_rules(t, best, list(x.columns))
    return used, {"rules": rules, "density": float(density[best]), "mass": float(t.n_node_samples[best] / len(y))}


def _path_rules(t, target: int, names: list[str]) -> list[str]:
    parent = {}
    for n in range(t.node_count):
        for child, side in ((t.children_left[n], "<="), (t.children_right[n], ">")):
            if child >= 0:
                parent[child] = (n, side)
    rules = []
    while target in parent:
        n, side = parent[target]
        rules.append(f"{names[t.feature[n]]} {side} {t.threshold[n]:.3g}")
        target = n
    return rules[::-1]


def describe_restriction(r: Restriction, label) -> str:
    name = label(r.name)
    if r.low is not None and r.high is not None:
        return f"{name} is between {r.low:.3g} and {r.high:.3g}"
    return f"{name} is below {r.high:.3g}" if r.high is not None else f"{name} is above {r.low:.3g}"


def sentence(d: Discovery, what: str, label=str) -> str:
    """'L6 happens in 15% of runs; 52% of them sit in the 9% of assumption space where ...; there it
    happens 78% of the time.'"""
    head = f"{what} in {d.base_rate:.0%} of runs"
    shown = d.significant
    if not shown:
        return f"{head}; no region of the assumptions holds them clearly (no restriction has quasi-p < 0.05)."
    where = " and ".join(describe_restriction(r, label) for r in shown)
    found = (f"{head}; {d.coverage:.0%} of them sit in the {d.mass:.0%} of assumption space where {where}; "
             f"there it happens {d.density:.0%} of the time.")
    if not d.unstable:
        return found
    return (f"{found} Not yet a finding: {' and '.join(label(r.name) for r in d.unstable)} came back in under "
            f"{STABLE:.0%} of PRIM's runs on random halves of the {d.rows:,} rows ({d.cases:,} cases); more "
            "replications would tell.")
