"""The compiled kernel's per-replication state: one float64 vector, its slots named here.

Integers (rungs, counts) and flags are held as floats: every value is a small integer or 0/1, exact in float64,
and the arithmetic on them (ladder + move, ladder / 6) gives the same numbers as numpy's int64 arrays."""

from __future__ import annotations

(  # the world (model/state.py World)
    WAR, WAR_MONTHS, UKR, LADDER, LADDER_PREV, HIGHEND, HIGHEND_MONTH, HIGHEND_DELIBERATE, AID, AID_INTENDED,
    NATO, NATO_PREV, BILL_TABLED, NA_LAW, DIRECT_VOTE, IRE, NEED, DPRK_SUPPLY, CHINA_SUPPLY, CAPABILITY,
    TENSION, TENSION_PREV, ROK_RU, GOODWILL, EXPORTS_BN, APPROVAL, MOBILIZATION, TRUMP_WON, US_TRUMP, US_ROK,
    ABANDON, CN_ROK, BELIEF, ATROCITY_NOW, ATROCITY_OCCURRED, PROVOCATION_NOW, WESTERN, ROK_INDIRECT, ROK_DIRECT,
    # the agents' committed choices (last month's until the month's decisions are committed)
    ROK_TARGET, ROK_ACCEPT_NATO, ROK_TRIGGERED, OPP_ACTION, US_PRESS, US_REASSURE, US_PUSH_WAR_END,
    US_COST_SHARING, RU_MOVE, RU_BEST_MOVE, RU_LIKE_RET, RU_LIKE_RES, RU_RETALIATORY, DPRK_PRESS,
    CN_RESTRAIN, CN_PUSHBACK, CN_ENABLE, NATO_REQUEST, NATO_OFFER,
    # the recorder's running values (model/observe.py Recorder)
    CAPABILITY0, ROK_RU0, LADDER_MAX, LADDER_CHANGES, AID_MAX, INTENDED_MAX, MOBILIZATION_MAX, FIRST_DIRECT,
    SHOWDOWNS, TOTAL_DPRK, TOTAL_ROK_INDIRECT, TOTAL_ROK_DIRECT, TOTAL_EXPORTS_BN, TOTAL_UKR,
    # constant over a replication: P(a DPRK provocation in a month), 1 - exp(-rate), computed once
    PROVOCATION_P,
    SIZE,
) = range(74)  # fmt: skip

# Seoul's per-replication table (agents/rok.py): a (TABLE_ROWS, 6) array.  The feature rows hold each feature's
# term in Seoul's utility if rung A0..A4 were held (columns 0-4): its weight times its long-run value
# (long_run_by_rung) over its swing unit, in the order of FEATURE_LABELS with the US split by administration;
# NATO_STEP holds nato_step_values' terms alike (europe, industry, russia, china: columns 1-4) and UNIT each
# feature's swing unit (us, europe, industry, russia, china, domestic: columns 0-5).  The two IRE_ODDS rows hold, for
# each rung A0..A4 Seoul might hold, by how much the ire it provokes shrinks the odds of each technology rung Moscow
# might step up to, as Seoul reckons a retaliatory or a restrained Russia (rok.escalation_risk).
(US_BIDEN, US_TRUMP_ROW, EUROPE, INDUSTRY, RUSSIA, CHINA, DOMESTIC, NATO_STEP, UNIT, IRE_ODDS_RETALIATORY,
 IRE_ODDS_RESTRAINED, TABLE_ROWS) = range(12)
