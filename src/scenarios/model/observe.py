"""What is observed, declared outside the model's dynamics: monthly series and end-of-run outcomes."""

from __future__ import annotations

import numpy as np

from .agents.domestic import CONTEST, LEGISLATE

# Monthly state series: name -> (reader, (low, high) range for the quantile histograms).
SERIES = {
    "ladder": (lambda m: m.world.ladder, (0, 6)),
    "aid_level": (lambda m: m.world.aid, (0, 4)),
    "war_active": (lambda m: m.world.war_active, (0, 1)),
    "ukr_position": (lambda m: m.world.ukr, (0, 1)),
    "russia_need": (lambda m: m.world.need, (0, 1)),
    "ire": (lambda m: m.world.ire, (0, 2)),
    "dprk_shells": (lambda m: m.world.dprk_supply, (0, 300000)),
    "dprk_capability": (lambda m: m.world.capability, (0, 3)),
    "tension": (lambda m: m.world.tension, (0, 4)),
    "eu_goodwill": (lambda m: m.world.goodwill, (0, 2)),
    "rok_ru_rel": (lambda m: m.world.rok_ru, (0, 1)),
    "approval": (lambda m: m.world.approval, (0, 1)),
    "opposition_mobilization": (lambda m: m.world.mobilization, (0, 1)),
    "us_rok_rel": (lambda m: m.world.us_rok, (0, 1)),
    "abandon_fear": (lambda m: m.world.abandon, (0, 1)),
    "cn_rok_rel": (lambda m: m.world.cn_rok, (0, 1)),
    "rok_belief_retaliatory": (lambda m: m.world.belief, (0, 1)),
}


class Recorder:
    """Accumulates run-level outcomes month by month (first passages, maxima, totals)."""

    def __init__(self, model, horizon: int):
        w, n = model.world, model.n
        self.series = {name: np.empty((n, horizon), dtype=np.float32) for name in SERIES}
        self.capability0 = w.capability.copy()
        self.rok_ru0 = w.rok_ru.copy()
        self.ladder_max = w.ladder.copy()
        self.aid_max = w.aid.copy()
        self.mobilization_max = w.mobilization.copy()
        self.first_direct = np.full(n, np.nan)
        self.showdowns = np.zeros(n, dtype=np.int64)
        self.totals = {k: np.zeros(n) for k in ("dprk", "rok_indirect", "rok_direct", "exports_bn", "ukr")}

    def collect(self, m, exports_bn: np.ndarray) -> None:
        w, t = m.world, m.month
        for name, (read, _) in SERIES.items():
            self.series[name][:, t] = read(m)
        self.ladder_max = np.maximum(self.ladder_max, w.ladder)
        self.aid_max = np.maximum(self.aid_max, w.aid)
        self.mobilization_max = np.maximum(self.mobilization_max, w.mobilization)
        self.first_direct = np.where(np.isnan(self.first_direct) & (w.aid >= 3), t, self.first_direct)
        self.showdowns += np.isin(m.opposition.action, (CONTEST, LEGISLATE))
        for key, value in (("dprk", w.dprk_supply), ("rok_indirect", w.rok_indirect), ("rok_direct", w.rok_direct),
                           ("exports_bn", exports_bn), ("ukr", w.ukr)):
            self.totals[key] += value

    def outcomes(self, m) -> dict[str, np.ndarray]:
        w, p, horizon = m.world, m.p, m.horizon
        return {
            "highend_transfer": w.highend.copy(),
            "months_to_highend": w.highend_month.copy(),
            "ladder_max": self.ladder_max.astype(np.int8),
            "ladder_end": w.ladder.astype(np.int8),
            "dprk_shells_total": self.totals["dprk"],
            "rok_shells_indirect_total": self.totals["rok_indirect"],
            "rok_shells_direct_total": self.totals["rok_direct"],
            "war_ended": ~w.war_active,
            "war_duration_months": w.war_months.astype(np.int16),
            "ukr_position_mean": self.totals["ukr"] / horizon,
            "ukr_position_end": w.ukr.copy(),
            "dprk_capability_gain": w.capability - self.capability0,
            "tension_end": w.tension.copy(),
            "eu_goodwill_end": w.goodwill.copy(),
            "rok_exports_eu_total_bn": self.totals["exports_bn"],
            "rok_ru_rel_end": w.rok_ru.copy(),
            # firm-equivalents of the ~160 Korean firms in Russia lost with the relation since July 2024 (C17)
            "rok_econ_loss": p["relations.firms_in_russia"] * np.clip((self.rok_ru0 - w.rok_ru) / self.rok_ru0, 0, 1),
            "approval_end": w.approval.copy(),
            "opposition_mobilization_max": self.mobilization_max,
            "na_law_enacted": w.na_law.copy(),
            "showdowns": self.showdowns.astype(np.int16),
            "us_type": np.where(w.trump_won, "TRUMP", "BIDEN"),
            "us_rok_rel_end": w.us_rok.copy(),
            "abandon_fear_end": w.abandon.copy(),
            "cn_rok_rel_end": w.cn_rok.copy(),
            "nato_level_end": w.nato.astype(np.int8),
            "aid_level_max": self.aid_max.astype(np.int8),
            "aid_level_end": w.aid.astype(np.int8),
            "first_direct_month": self.first_direct,
            "atrocity_occurred": w.atrocity_occurred.copy(),
            "russia_retaliatory": m.russia.retaliatory.copy(),
            "rok_belief_retaliatory_end": w.belief.copy(),
        }
