"""World state of a batch: every variable is an array over the R replications of the batch."""

from __future__ import annotations

from dataclasses import dataclass, fields

import numpy as np

from .params import ParameterTable


@dataclass
class World:
    war_active: np.ndarray
    war_months: np.ndarray
    ukr: np.ndarray  # Ukraine's battlefield position, 0.5 = stalemate
    ladder: np.ndarray  # Russia-DPRK rung L0..L6
    ladder_prev: np.ndarray
    highend: np.ndarray  # L6 reached at some point
    highend_month: np.ndarray
    highend_deliberate: np.ndarray  # the move into L6 was Russia's highest-value option
    aid: np.ndarray  # Seoul's aid rung in effect (ratified; A0 once the war is over: nothing to send)
    aid_intended: np.ndarray  # the rung Seoul's government chose
    nato: np.ndarray  # NATO track G0..G5
    nato_prev: np.ndarray
    bill_tabled: np.ndarray  # the opposition has tabled its one approval bill
    na_law: np.ndarray  # direct aid needs an Assembly vote
    direct_vote: np.ndarray  # 0 no vote yet, 1 approved, -1 rejected (final within the horizon)
    ire: np.ndarray
    need: np.ndarray
    dprk_supply: np.ndarray
    china_supply: np.ndarray
    capability: np.ndarray
    tension: np.ndarray
    tension_prev: np.ndarray
    rok_ru: np.ndarray
    goodwill: np.ndarray
    exports_bn: np.ndarray  # this month's ROK arms exports to Europe, USD bn
    approval: np.ndarray
    mobilization: np.ndarray
    trump_won: np.ndarray
    us_trump: np.ndarray
    us_rok: np.ndarray
    abandon: np.ndarray
    cn_rok: np.ndarray
    belief: np.ndarray  # Seoul's P(Russia is the retaliatory type)
    atrocity_now: np.ndarray
    atrocity_occurred: np.ndarray
    provocation_now: np.ndarray
    western: np.ndarray
    rok_indirect: np.ndarray
    rok_direct: np.ndarray

    @classmethod
    def initial(cls, p: ParameterTable, ladder_bounds: tuple[int, int], trump_won: np.ndarray, start_aid: int) -> World:
        """The July 2024 state (docs/model.md §5, preset forecast_2024_07)."""
        r = len(trump_won)
        zeros, false = np.zeros(r), np.zeros(r, dtype=bool)
        ladder = np.clip(np.rint(p.russia.ladder_init).astype(np.int64), *ladder_bounds)
        nato = np.rint(p.rok.nato_init).astype(np.int64)
        aid = np.full(r, start_aid, dtype=np.int64)
        ire0 = p.russia.ire_kappa_direct * p.russia.ire_indirect_ratio * (aid >= 1)  # steady state under A1
        return cls(
            war_active=~false, war_months=np.zeros(r, dtype=np.int64), ukr=p.war.ukr_init.copy(),
            ladder=ladder, ladder_prev=ladder.copy(), highend=ladder >= 6,
            highend_month=np.where(ladder >= 6, 0.0, np.nan), highend_deliberate=false.copy(),
            aid=aid, aid_intended=aid.copy(), nato=nato, nato_prev=nato.copy(), bill_tabled=false.copy(),
            na_law=false.copy(), direct_vote=np.zeros(r, dtype=np.int64), ire=ire0,
            need=p.russia.need_base.copy(), dprk_supply=zeros.copy(), china_supply=zeros.copy(),
            capability=p.dprk.capability_init.copy(), tension=p.tension.init.copy(),
            tension_prev=p.tension.init.copy(), rok_ru=p.relations.rok_ru_init.copy(),
            goodwill=p.europe.goodwill_init.copy(), exports_bn=zeros.copy(), approval=p.public.approval_init.copy(),
            mobilization=p.opposition.mobilization_init.copy(), trump_won=trump_won, us_trump=false.copy(),
            us_rok=p.us.relation_init.copy(), abandon=p.us.abandon_init.copy(), cn_rok=p.china.relation_init.copy(),
            belief=p.rok.belief_prior.copy(), atrocity_now=false.copy(), atrocity_occurred=false.copy(),
            provocation_now=false.copy(), western=p.us.western_supply_per_month.copy(),
            rok_indirect=zeros.copy(), rok_direct=zeros.copy(),
        )

    def snapshot(self, rows=slice(None)) -> dict[str, np.ndarray]:
        """A copy of every variable (for traces)."""
        return {f.name: np.array(getattr(self, f.name)[rows]) for f in fields(self)}
