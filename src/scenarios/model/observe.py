"""The recorder: computes the declared outcomes (outcomes.py) month by month, outside the dynamics."""

from __future__ import annotations

import numpy as np

from .mechanics import A3, CONTEST, LEGISLATE
from .outcomes import OUTCOMES, SERIES

READERS = {  # monthly series: name -> the world variable it reads
    "ladder": "ladder", "aid_level": "aid", "nato_level": "nato", "war_active": "war_active", "ukr_position": "ukr",
    "russia_need": "need", "ire": "ire", "dprk_shells": "dprk_supply", "dprk_capability": "capability",
    "tension": "tension", "eu_goodwill": "goodwill", "rok_ru_rel": "rok_ru", "approval": "approval",
    "opposition_mobilization": "mobilization", "us_rok_rel": "us_rok", "abandon_fear": "abandon",
    "cn_rok_rel": "cn_rok", "rok_belief_retaliatory": "belief",
}
assert set(READERS) == {s.name for s in SERIES}


class Recorder:
    """Accumulates run-level outcomes month by month (first passages, maxima, totals)."""

    def __init__(self, model, horizon: int):
        w, n = model.world, model.n
        self._months = {s.name: np.empty((horizon, n), dtype=np.float32) for s in SERIES}  # month-major: fast writes
        self.capability0 = w.capability.copy()
        self.rok_ru0 = w.rok_ru.copy()
        self.ladder_max = w.ladder.copy()
        self.ladder_changes = np.zeros(n, dtype=np.int64)
        self.aid_max = w.aid.copy()
        self.intended_max = w.aid_intended.copy()
        self.mobilization_max = w.mobilization.copy()
        self.first_direct = np.full(n, np.nan)
        self.showdowns = np.zeros(n, dtype=np.int64)
        self.totals = {k: np.zeros(n) for k in ("dprk", "rok_indirect", "rok_direct", "exports_bn", "ukr")}

    def collect(self, m) -> None:
        w, t = m.world, m.month
        for name, variable in READERS.items():
            self._months[name][t] = getattr(w, variable)
        self.ladder_max = np.maximum(self.ladder_max, w.ladder)
        self.ladder_changes += w.ladder != w.ladder_prev
        self.aid_max = np.maximum(self.aid_max, w.aid)
        self.intended_max = np.maximum(self.intended_max, w.aid_intended)
        self.mobilization_max = np.maximum(self.mobilization_max, w.mobilization)
        self.first_direct = np.where(np.isnan(self.first_direct) & (w.aid >= A3), t, self.first_direct)
        self.showdowns += (m.opposition.action == CONTEST) | (m.opposition.action == LEGISLATE)
        for key, value in (("dprk", w.dprk_supply), ("rok_indirect", w.rok_indirect), ("rok_direct", w.rok_direct),
                           ("exports_bn", w.exports_bn), ("ukr", w.ukr)):
            self.totals[key] += value

    @property
    def series(self) -> dict[str, np.ndarray]:
        """Monthly series, (replications, months) each: transposed views of the month-major store, not copies
        (copying them was ~6% of a run, and the histograms do not care about memory order)."""
        return {name: values.T for name, values in self._months.items()}

    def outcomes(self, m) -> dict[str, np.ndarray]:
        w, p, horizon = m.world, m.p, m.setup.horizon
        out = {
            "highend_transfer": w.highend.copy(),
            "highend_deliberate": w.highend_deliberate.copy(),
            "months_to_highend": w.highend_month.copy(),
            "ladder_max": self.ladder_max.astype(np.int8),
            "ladder_end": w.ladder.astype(np.int8),
            "ladder_changes": self.ladder_changes.astype(np.int16),
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
            "rok_econ_loss": p.relations.firms_in_russia * np.clip((self.rok_ru0 - w.rok_ru) / self.rok_ru0, 0, 1),
            "approval_end": w.approval.copy(),
            "opposition_mobilization_max": self.mobilization_max,
            "na_bill_tabled": w.bill_tabled.copy(),
            "na_law_enacted": w.na_law.copy(),
            "showdowns": self.showdowns.astype(np.int16),
            "us_type": np.where(w.trump_won, "TRUMP", "BIDEN"),
            "us_rok_rel_end": w.us_rok.copy(),
            "abandon_fear_end": w.abandon.copy(),
            "cn_rok_rel_end": w.cn_rok.copy(),
            "nato_level_end": w.nato.astype(np.int8),
            "aid_intended_max": self.intended_max.astype(np.int8),
            "aid_level_max": self.aid_max.astype(np.int8),
            "aid_level_end": w.aid.astype(np.int8),
            "first_direct_month": self.first_direct,
            "atrocity_occurred": w.atrocity_occurred.copy(),
            "russia_retaliatory": m.russia.retaliatory.copy(),
            "rok_belief_retaliatory_end": w.belief.copy(),
        }
        assert list(out) == [o.name for o in OUTCOMES], "observe.py and outcomes.py disagree"
        return out
