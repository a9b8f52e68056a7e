"""The behaviour figures of the Model v2 issue, measured on the current model (a script, not a test):
P(L6) per arm and at the ends of Russia's temperature, how often the step into L6 was Russia's best
option, how often the ladder moves, whether the war's end follows supply, how Seoul's endogenous choice
depends on its security weight, what the declared threat and the veto do.

    python benchmarks/model_diagnostics.py [--reps 4000]
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from scenarios.config.loader import load_config
from scenarios.design import WorkUnit
from scenarios.execution.simulate import simulate_unit

CONFIG = Path(__file__).resolve().parents[1] / "configs" / "lethal_aid.yaml"


def run(arm: str, n: int, *overrides: str) -> dict[str, np.ndarray]:
    result = simulate_unit(load_config(CONFIG, list(overrides)), WorkUnit(arm, 0, n, with_parameters=True))
    return result.columns | result.parameters  # outcomes and the draws


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--reps", type=int, default=4000)
    n = parser.parse_args().reps
    out: dict = {"replications": n}
    arms = ("nonlethal_only", "status_quo", "gradual", "direct_155", "direct_105", "conditional", "endogenous")
    cols = {arm: run(arm, n) for arm in arms}
    for arm, c in cols.items():
        hi = c["highend_transfer"]
        war_on = ~c["war_ended"]
        out[arm] = {"P(L6)": hi.mean(), "P(war on)": war_on.mean(), "Ukraine mean": c["ukr_position_mean"].mean(),
                    "L6 steps that were Russia's best option": c["highend_deliberate"][hi].mean(),
                    "ladder changes per run": c["ladder_changes"].mean(),
                    "P(below L4 at the horizon while the war goes on)": ((c["ladder_end"] < 4) & war_on).mean(),
                    "P(L5 or higher)": (c["ladder_max"] >= 5).mean(),
                    "China-ROK relation": c["cn_rok_rel_end"].mean(), "NATO rung": c["nato_level_end"].mean(),
                    "P(bill tabled)": c["na_bill_tabled"].mean(), "P(law)": c["na_law_enacted"].mean(),
                    "P(Seoul intends A3+)": (c["aid_intended_max"] >= 3).mean()}
    for arm in ("nonlethal_only", "status_quo", "gradual", "direct_105"):
        same = np.array_equal(cols[arm]["war_ended"], cols["direct_155"]["war_ended"])
        out[arm]["war end identical to direct_155 replication by replication"] = same
    endo = cols["endogenous"]
    direct = endo["aid_intended_max"] >= 3
    w = endo["param.rok.weights.security"]
    quartile = np.digitize(w, np.quantile(w, [0.25, 0.5, 0.75]))
    out["endogenous"]["P(A3+) by security-weight quartile"] = [direct[quartile == q].mean() for q in range(4)]
    untriggered = ~endo["atrocity_occurred"] & (endo["ladder_max"] < 5)
    out["endogenous"]["P(A3+) without a trigger"] = (direct & untriggered).mean()
    out["endogenous"]["median month of first direct aid"] = float(np.nanmedian(endo["first_direct_month"]))
    for tau in (0.001, 0.3):
        out[f"russia.tau={tau}"] = {arm: run(arm, n, f"parameters.russia.tau={tau}")["highend_transfer"].mean()
                                    for arm in ("status_quo", "direct_155", "direct_105")}
    for key, low, high in (("russia.need_elasticity", 0.1, 1.0), ("russia.ire_kappa_direct", 0.1, 0.6),
                           ("china.restraint", 0.05, 0.95), ("russia.reservation", 0.05, 0.95),
                           ("dprk.growth", 0.0, 0.02)):
        out[f"P(L6 | direct_155) at {key} = {low} / {high}"] = [
            run("direct_155", n, f"parameters.{key}={v}")["highend_transfer"].mean() for v in (low, high)]
    for credibility in (0.0, 1.0):
        o = f"parameters.russia.credibility={credibility}"
        out[f"P(L6) conditional vs status_quo at credibility {credibility}"] = [
            run(a, n, o)["highend_transfer"].mean() for a in ("conditional", "status_quo")]
    print(json.dumps(out, indent=1, default=lambda v: round(float(v), 4)))


if __name__ == "__main__":
    main()
