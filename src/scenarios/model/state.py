"""World state of a batch: every slow variable is an array over the R replications of the batch."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class World:
    war_active: np.ndarray
    war_months: np.ndarray
    ukr: np.ndarray
    ladder: np.ndarray
    ladder_prev: np.ndarray
    highend: np.ndarray
    highend_month: np.ndarray
    aid: np.ndarray
    nato: np.ndarray
    nato_prev: np.ndarray
    na_law: np.ndarray
    direct_vote: np.ndarray  # 0 no vote yet, 1 approved, -1 rejected (final within the horizon)
    ire: np.ndarray
    need: np.ndarray
    dprk_supply: np.ndarray
    capability: np.ndarray
    tension: np.ndarray
    tension_prev: np.ndarray
    rok_ru: np.ndarray
    goodwill: np.ndarray
    approval: np.ndarray
    mobilization: np.ndarray
    trump_won: np.ndarray
    us_trump: np.ndarray
    us_rok: np.ndarray
    abandon: np.ndarray
    cn_rok: np.ndarray
    belief: np.ndarray
    atrocity_now: np.ndarray
    atrocity_occurred: np.ndarray
    provocation_now: np.ndarray
    rok_indirect: np.ndarray
    rok_direct: np.ndarray

    @classmethod
    def initial(cls, p: dict[str, np.ndarray], ladder_bounds: tuple[int, int], trump_won: np.ndarray,
                start_aid: np.ndarray) -> World:
        """The July 2024 state (model-brief §ODD 5, preset forecast_2024_07)."""
        r = len(trump_won)
        zeros, false = np.zeros(r), np.zeros(r, dtype=bool)
        ladder = np.clip(np.rint(p["russia.ladder_init"]).astype(np.int64), *ladder_bounds)
        nato = np.rint(p["rok.nato_init"]).astype(np.int64)
        ire0 = p["russia.ire_kappa_direct"] * p["russia.ire_indirect_ratio"]  # steady state under A1
        return cls(
            war_active=~false, war_months=np.zeros(r, dtype=np.int64), ukr=p["war.ukr_init"].copy(),
            ladder=ladder, ladder_prev=ladder.copy(), highend=ladder >= 6,
            highend_month=np.where(ladder >= 6, 0.0, np.nan),
            aid=start_aid.copy(), nato=nato, nato_prev=nato.copy(),
            na_law=false.copy(), direct_vote=np.zeros(r, dtype=np.int64),
            ire=ire0, need=p["russia.need_base"].copy(), dprk_supply=zeros.copy(),
            capability=p["dprk.capability_init"].copy(), tension=p["tension.init"].copy(),
            tension_prev=p["tension.init"].copy(), rok_ru=p["relations.rok_ru_init"].copy(),
            goodwill=p["europe.goodwill_init"].copy(), approval=p["public.approval_init"].copy(),
            mobilization=p["opposition.mobilization_init"].copy(), trump_won=trump_won, us_trump=false.copy(),
            us_rok=p["us.relation_init"].copy(), abandon=p["us.abandon_init"].copy(),
            cn_rok=p["china.relation_init"].copy(), belief=p["rok.belief_prior"].copy(),
            atrocity_now=false.copy(), atrocity_occurred=false.copy(), provocation_now=false.copy(),
            rok_indirect=zeros.copy(), rok_direct=zeros.copy(),
        )
