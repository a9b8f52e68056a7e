"""Seoul's monthly choices (agents/rok.py) for one replication, compiled: its per-replication table, its
forecast of Moscow's answer (escalation_risk), its endogenous aid choice and its answer to NATO's offer."""

from __future__ import annotations

import math

from ...config.parameters import ROK_FEATURES
from . import params as P
from .choice import TAU_MIN, binary, flag, logit3, sample3
from .jit import kernel_function
from .mechanics import direct_volume, goodwill_gain, ire_target
from .russia import NO_THREAT, rung_values, with_ire
from .state import (AID, ATROCITY_OCCURRED, BELIEF, CHINA, DIRECT_VOTE, DOMESTIC, EUROPE, INDUSTRY, IRE_ODDS_RESTRAINED,
                    IRE_ODDS_RETALIATORY, LADDER, NATO, NATO_REQUEST, NATO_STEP, RUSSIA, UNIT, US_BIDEN, US_PRESS,
                    US_TRUMP, US_TRUMP_ROW, WAR)

W_SECURITY, W_US, W_EUROPE, W_INDUSTRY, W_RUSSIA, W_CHINA, W_DOMESTIC = (
    ROK_FEATURES.index(f) for f in ("security", "us", "europe", "industry", "russia", "china", "domestic")
)


@kernel_function
def escalation_risk(q, s, candidate, table, odds, values, threat_terms, tech, feasible):
    """ROKGovernment.escalation_risk for one candidate rung (`values`... hold the rung values around L4-L6; `odds`
    what relative_odds gives for them, with the threat kept or spent as the candidate does).

    The logit's P(step up) is written as 1 / (1 + the odds of each other move against it): the ire-free part of
    those odds is shared by every candidate (relative_odds, once a month) and the ire's part, a power of a
    per-replication factor (seoul_table's IRE_ODDS rows), by every month, so a month takes two to four
    exponentials here instead of twelve.  Equal to the Mesa model's max-shifted softmax but for rounding (the
    discrete choices, and so the outcomes, are the same: tests/test_compiled.py); the argmax (tau at its floor),
    an infeasible move, or odds or a factor beyond 1e+-150 (where their products could overflow or underflow)
    take the softmax itself."""
    if s[LADDER] >= 6 or s[WAR] == 0:
        return 0.0  # what the product at the end gives there: the risk is finite and not negative
    tau = q[P.RUSSIA_TAU]
    p_up = 0.0
    fast = tau > TAU_MIN and feasible[0] and feasible[1] and feasible[2] and moderate(odds[0]) and moderate(odds[1])
    if fast:
        shrink0, shrink1 = tech[2] - tech[0], tech[2] - tech[1]  # technology rungs the step up adds over each
        for weight, row in ((s[BELIEF], IRE_ODDS_RETALIATORY), (1 - s[BELIEF], IRE_ODDS_RESTRAINED)):
            factor = table[row, candidate]
            fast = fast and moderate(factor)
            p_up = p_up + weight * (1.0 / (1.0 + odds[0] * power(factor, shrink0) + odds[1] * power(factor, shrink1)))
    if not fast:
        ire = ire_target(q, candidate) * s[WAR]
        spent = flag(candidate >= 3)  # going direct spends the threat
        p_up = 0.0
        for weight, factor in ((s[BELIEF], 1.0), (1 - s[BELIEF], q[P.RUSSIA_RESTRAINED_IRE_FACTOR])):
            u0 = with_ire(q, values[0] - threat_terms[0] * spent, feasible[0], tech[0], ire, factor)
            u1 = with_ire(q, values[1] - threat_terms[1] * spent, feasible[1], tech[1], ire, factor)
            u2 = with_ire(q, values[2] - threat_terms[2] * spent, feasible[2], tech[2], ire, factor)
            p_up = p_up + weight * logit3(u0, u1, u2, tau)[2]
    risk = 1.0 - survival(p_up, q[P.ROK_FORESIGHT_MONTHS])
    return risk * flag(s[LADDER] < 6) * s[WAR]


@kernel_function
def survival(p, months):
    """(1 - p) ** months: by squaring where months is a whole number up to 64 (the default 12 takes six
    multiplications, not a call to pow, three times a month; the same to a few units in the last place)."""
    x = 1.0 - p
    if not (months == math.floor(months) and 0 <= months <= 64):
        return x**months
    n, result = int(months), 1.0
    while n > 0:
        if n & 1:
            result *= x
        x *= x
        n >>= 1
    return result


@kernel_function
def moderate(x):
    """x within 1e+-150: the odds and a factor squared then multiply to within the float range, or past it only where
    the probability is beyond the float range too, never 0 * inf."""
    return 1e-150 < x < 1e150


@kernel_function
def relative_odds(q, values, threat_terms, spent):
    """exp((v_j - v_up) / tau) for Moscow's step down (j = 0) and hold (j = 1) against its step up, by the ire-free
    rung values with Seoul's threat kept (spent 0) or spent (1): the odds every candidate's ire then shrinks."""
    tau = q[P.RUSSIA_TAU]
    up = values[2] - threat_terms[2] * spent
    return (math.exp((values[0] - threat_terms[0] * spent - up) / tau),
            math.exp((values[1] - threat_terms[1] * spent - up) / tau))


@kernel_function
def power(factor, rungs):
    """factor ** rungs for the 0, 1 or 2 technology rungs one move adds over another, without a call to pow."""
    if rungs == 0:
        return 1.0
    if rungs == 1:
        return factor
    return factor * factor if rungs == 2 else factor**rungs


@kernel_function
def ire_odds(q, table):
    """seoul_table's IRE_ODDS rows: exp(-w_ire * ire * factor / tau) for the ire each rung A0..A4 would provoke (the
    war on: escalation_risk is zero after it), by which one technology rung more shrinks a move's odds."""
    tau = q[P.RUSSIA_TAU]
    for a in range(5):
        ire = ire_target(q, a)
        table[IRE_ODDS_RETALIATORY, a] = math.exp(-(q[P.RUSSIA_W_IRE] * ire * 1.0) / tau)
        table[IRE_ODDS_RESTRAINED, a] = math.exp(-(q[P.RUSSIA_W_IRE] * ire * q[P.RUSSIA_RESTRAINED_IRE_FACTOR]) / tau)


@kernel_function
def aid_option(q, s, move, bonus, us_row, table, odds_kept, odds_spent, values, threat_terms, tech, feasible):
    """One of Seoul's three options (step down, hold, step up): (its rung, its utility; -inf if infeasible)."""
    moved = int(s[AID]) + move
    candidate = min(max(moved, 0), 4)
    if not (0 <= moved <= 4 and not (candidate >= 3 and s[DIRECT_VOTE] < 0) and (s[WAR] > 0 or move == 0)):
        return candidate, -math.inf
    odds = odds_spent if candidate >= 3 else odds_kept  # going direct spends the threat
    total = 0.0
    total = total + -q[P.ROK_WEIGHTS + W_SECURITY] * q[P.ROK_THREAT_PER_RUNG] * escalation_risk(
        q, s, candidate, table, odds, values, threat_terms, tech, feasible
    )
    total = total + table[us_row, candidate]  # each: weight * long-run value / swing unit (seoul_table)
    total = total + table[EUROPE, candidate]
    total = total + table[INDUSTRY, candidate]
    total = total + table[RUSSIA, candidate]
    total = total + table[CHINA, candidate]
    total = total + table[DOMESTIC, candidate]
    total = total + bonus * flag(candidate >= 3)
    total = total + -q[P.ROK_SWITCH_COST] * abs(move)
    return candidate, total


@kernel_function
def endogenous_target(q, s, u, table, disclosure, theta, values, threat_terms, tech, feasible):
    """ROKGovernment.endogenous_target: a logit over -1/0/+1 rungs of aid by Seoul's utility; and whether the
    rung values it left in `values`... are those around the current rung, for russia_move."""
    odds_kept = odds_spent = (1.0, 1.0)
    valued = False
    if s[LADDER] < 6 and s[WAR] > 0:  # Moscow's values around L4-L6, for escalation_risk (else it needs none)
        around = min(max(s[LADDER], 4.0), 6.0)
        rung_values(q, s, around, 0, 6, disclosure, theta, values, threat_terms, tech, feasible)
        valued = around == s[LADDER]
        if q[P.RUSSIA_TAU] > TAU_MIN:  # the odds the candidates will need: below A3 the threat is kept, from A3 spent
            if s[AID] <= 3:
                odds_kept = relative_odds(q, values, threat_terms, 0.0)
            if s[AID] >= 2:
                no_threat = disclosure == NO_THREAT and s[AID] <= 3  # no threat terms: spending changes nothing
                odds_spent = odds_kept if no_threat else relative_odds(q, values, threat_terms, 1.0)
    us_row = US_TRUMP_ROW if s[US_TRUMP] > 0 else US_BIDEN
    bonus = (
        q[P.ROK_BETA_ATROCITY] * s[ATROCITY_OCCURRED]
        + q[P.ROK_BETA_LADDER] * flag(s[LADDER] >= theta)
        + q[P.ROK_US_PRESS_BONUS] * s[US_PRESS]
        + q[P.ROK_NATO_REQUEST_BONUS] * s[NATO_REQUEST]
    )
    down, u0 = aid_option(q, s, -1, bonus, us_row, table, odds_kept, odds_spent, values, threat_terms, tech, feasible)
    hold, u1 = aid_option(q, s, 0, bonus, us_row, table, odds_kept, odds_spent, values, threat_terms, tech, feasible)
    up, u2 = aid_option(q, s, 1, bonus, us_row, table, odds_kept, odds_spent, values, threat_terms, tech, feasible)
    p0, p1, _ = logit3(u0, u1, u2, q[P.ROK_TAU])
    index = sample3(p0, p1, u)
    return (down if index == 0 else (hold if index == 1 else up)), valued


@kernel_function
def accept_nato(q, s, u, table):
    """ROKGovernment.nato_choice: accept NATO's next rung if offered."""
    total = 0.0
    total = total + q[P.ROK_WEIGHTS + W_SECURITY] * q[P.ROK_NATO_SECURITY_VALUE] * s[LADDER] / 6
    for column in range(1, 5):  # europe, industry, russia, china: weight * value / swing unit (seoul_table)
        total = total + table[NATO_STEP, column]
    return binary(total, q[P.ROK_TAU], u) and s[NATO] < 5


@kernel_function
def seoul_table(q, table):
    """rok.long_run_by_rung, nato_step_values and the swing units, for one replication (see state.py)."""
    for a in range(5):
        volume = direct_volume(q, a)
        direct = flag(a >= 3)
        europe = goodwill_gain(q, a) / q[P.EUROPE_GOODWILL_DECAY]
        table[US_BIDEN, a] = q[P.US_BIDEN_GAIN] * a / 4
        table[US_TRUMP_ROW, a] = (q[P.US_TRUMP_GAIN] * q[P.US_TRUMP_VIEW] - q[P.US_PROLONG_PENALTY]) * direct
        table[EUROPE, a] = europe
        table[INDUSTRY, a] = (1 + q[P.EUROPE_GOODWILL_ELASTICITY] * europe) * (
            1 + q[P.EUROPE_SURGE_UPLIFT] * flag(a >= 2)
        ) - 1
        table[RUSSIA, a] = (
            -(q[P.RELATIONS_ROK_RU_IRE] * ire_target(q, a) + q[P.RELATIONS_ROK_RU_DIRECT] * direct)
            / q[P.RELATIONS_ROK_RU_RECOVERY]
        )
        table[CHINA, a] = -q[P.CHINA_AID_EFFECT] * volume
        table[DOMESTIC, a] = (
            -(
                q[P.PUBLIC_DIRECT_BACKLASH] * q[P.PUBLIC_SKEPTICISM] / q[P.PUBLIC_REVERSION]
                + q[P.OPPOSITION_MU_DIRECT] / q[P.OPPOSITION_MOBILIZATION_DECAY]
            )
            * volume
        )
    europe = q[P.EUROPE_GAIN_PER_NATO_RUNG] / q[P.EUROPE_GOODWILL_DECAY]
    table[NATO_STEP, 1] = europe
    table[NATO_STEP, 2] = (1 + q[P.EUROPE_GOODWILL_ELASTICITY] * europe) * (1 + q[P.EUROPE_NATO_UPLIFT] / 5) - 1
    table[NATO_STEP, 3] = -q[P.RELATIONS_ROK_RU_IRE] * q[P.RUSSIA_IRE_NATO] / (1 - q[P.RUSSIA_IRE_DECAY])
    table[NATO_STEP, 4] = -q[P.CHINA_NATO_EFFECT]
    floor = 1e-9
    table[UNIT, 0] = max(max(swing(table, US_BIDEN), swing(table, US_TRUMP_ROW)), floor)
    for column, row in ((1, EUROPE), (2, INDUSTRY), (3, RUSSIA), (4, CHINA)):
        table[UNIT, column] = max(max(swing(table, row), abs(table[NATO_STEP, column])), floor)
    table[UNIT, 5] = max(swing(table, DOMESTIC), floor)
    # each value as its term in Seoul's utility, weight * value / unit, once a replication rather than every month
    # (the same operations in the same order as the Mesa model's, so the same bits)
    for row, column, weight in ((US_BIDEN, 0, W_US), (US_TRUMP_ROW, 0, W_US), (EUROPE, 1, W_EUROPE),
                                (INDUSTRY, 2, W_INDUSTRY), (RUSSIA, 3, W_RUSSIA), (CHINA, 4, W_CHINA),
                                (DOMESTIC, 5, W_DOMESTIC)):
        for a in range(5):
            table[row, a] = q[P.ROK_WEIGHTS + weight] * table[row, a] / table[UNIT, column]
    for column, weight in ((1, W_EUROPE), (2, W_INDUSTRY), (3, W_RUSSIA), (4, W_CHINA)):
        table[NATO_STEP, column] = q[P.ROK_WEIGHTS + weight] * table[NATO_STEP, column] / table[UNIT, column]
    ire_odds(q, table)


@kernel_function
def swing(table, row):
    high = low = table[row, 0]
    for a in range(1, 5):
        high, low = max(high, table[row, a]), min(low, table[row, a])
    return high - low
