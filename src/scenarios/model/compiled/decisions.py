"""The agents' monthly decisions for one replication, compiled: the same utilities, terms and logits as
model/agents/*.py, term by term in the same order (so the sums round alike, but for jit.FAST_MATH's fused
products), on scalars instead of batches.  One exception: Seoul's escalation risk is the same probability by
fewer exponentials (escalation_risk says how).

Each function reads the frozen state vector `s` (state.py) and the agents' committed choices in it, and returns
its choice; kernel.py stages them all before committing any (simultaneous activation, as the Mesa agents do).
`q` holds the replication's parameter values (params.py names their places), `k` its stream keys."""

from __future__ import annotations

import math

from ...config.parameters import ROK_FEATURES
from . import params as P
from . import rng
from .state import (ABANDON, AID, AID_INTENDED, APPROVAL, ATROCITY_OCCURRED, BELIEF, BILL_TABLED, CHINA, CN_RESTRAIN,
                    DIRECT_VOTE, DOMESTIC, DPRK_PRESS, EUROPE, GOODWILL, INDUSTRY, IRE, IRE_ODDS_RESTRAINED,
                    IRE_ODDS_RETALIATORY, LADDER, MOBILIZATION, NATO, NATO_REQUEST, NATO_STEP, NEED, ROK_RU, RUSSIA,
                    RU_RETALIATORY, UKR, UNIT, US_BIDEN, US_PRESS, US_TRUMP, US_TRUMP_ROW, WAR)
from .jit import kernel_function

TAU_MIN = 1e-9  # choice.TAU_MIN
NO_THREAT, SPECIFIC, AMBIGUOUS = 0, 1, 2  # policies.Disclosure
W_SECURITY, W_US, W_EUROPE, W_INDUSTRY, W_RUSSIA, W_CHINA, W_DOMESTIC = (
    ROK_FEATURES.index(f) for f in ("security", "us", "europe", "industry", "russia", "china", "domestic")
)


# --- choice.py ----------------------------------------------------------------------------------------------------


@kernel_function
def logit3(u0, u1, u2, tau):
    """choice.logit_probabilities for one row of three options (-inf: infeasible)."""
    if tau <= TAU_MIN:  # the argmax, ties to the first option
        if u0 >= u1 and u0 >= u2:
            return 1.0, 0.0, 0.0
        return (0.0, 1.0, 0.0) if u1 >= u2 else (0.0, 0.0, 1.0)
    best = max(max(u0, u1), u2)
    t = max(tau, TAU_MIN)
    z0, z1, z2 = shifted_exp(u0, best, t), shifted_exp(u1, best, t), shifted_exp(u2, best, t)
    total = z0 + z1 + z2
    return z0 / total, z1 / total, z2 / total


@kernel_function
def shifted_exp(u, best, t):
    """exp((u - best) / t); the best option's is exp(0) = 1 exactly, so it is not computed (a fifth of the month's
    exponentials)."""
    return 1.0 if u == best else math.exp((u - best) / t)


@kernel_function
def sample3(p0, p1, u):
    """choice.sample: the option whose cumulative-probability interval holds u."""
    cumulative = p0
    index = 1 if cumulative < u else 0
    cumulative += p1
    return index + 1 if cumulative < u else index


@kernel_function
def binary(utility, tau, u):
    """choice.binary_probability, then act when the uniform falls under it."""
    return u < 1.0 / (1.0 + math.exp(-utility / max(tau, TAU_MIN)))


@kernel_function
def flag(condition):
    return 1.0 if condition else 0.0


# --- mechanics.py -------------------------------------------------------------------------------------------------


@kernel_function
def direct_volume(q, aid):
    return flag(aid >= 3) * (1.0 + q[P.ROK_DIRECT105_MULTIPLIER] * flag(aid == 4))


@kernel_function
def indirect_volume(q, aid):
    surge = q[P.ROK_SURGE_PER_MONTH] / q[P.ROK_INDIRECT_PER_MONTH]
    return flag(aid >= 1) * (1.0 + surge * flag(aid >= 2))


@kernel_function
def ire_target(q, aid):
    open_aid = flag(aid >= 3) * (1.0 + (q[P.RUSSIA_IRE_A4_MULTIPLIER] - 1.0) * flag(aid == 4))
    return q[P.RUSSIA_IRE_KAPPA_DIRECT] * (q[P.RUSSIA_IRE_INDIRECT_RATIO] * indirect_volume(q, aid) + open_aid)


@kernel_function
def goodwill_gain(q, aid):
    gain = 0.0  # the cumulative sums of mechanics.goodwill_gain, added in the same order
    if aid >= 1:
        gain = gain + q[P.EUROPE_GAIN_A1]
    if aid >= 2:
        gain = gain + q[P.EUROPE_GAIN_A2]
    if aid >= 3:
        gain = gain + q[P.EUROPE_GAIN_A3]
    if aid >= 4:
        gain = gain + q[P.EUROPE_GAIN_A4]
    return gain


@kernel_function
def supply_share(q, rung):
    if rung < 2:
        return 0.0
    return min(max(q[P.DPRK_SUPPLY_SHARE_L2] + q[P.DPRK_SUPPLY_SHARE_PER_RUNG] * (rung - 2), 0.0), 1.0)


# --- Russia (agents/russia.py) --------------------------------------------------------------------------------------


@kernel_function
def threat(disclosure, theta, rung):
    """policies.threat_of: P(Seoul goes direct if Russia stands at a rung), as Moscow reads the declaration."""
    if disclosure == SPECIFIC:
        return flag(rung >= theta)
    return 0.5 * flag(rung >= 5) + 0.5 * flag(rung >= 6)


@kernel_function
def rung_value(q, s, rung, move, disclosure, theta):
    """Russia.rung_values for one move to a rung: (the ire-free value, its Seoul's-threat term)."""
    total = 0.0
    total = total + q[P.RUSSIA_W_NEED] * s[NEED] * supply_share(q, rung)
    total = total + q[P.RUSSIA_W_PRESS] * s[NEED] * s[DPRK_PRESS] * max(rung - 2, 0)
    total = total + -q[P.RUSSIA_RESERVATION] * (
        q[P.RUSSIA_COST_L5] * flag(rung >= 5) + q[P.RUSSIA_COST_L6] * flag(rung >= 6)
    )
    brake = q[P.RUSSIA_CHINA_COST] * q[P.CHINA_RESTRAINT] * (1.0 + q[P.CHINA_RESTRAIN_BOOST] * s[CN_RESTRAIN])
    total = total + -brake * flag(rung >= 6)
    total = total + -(q[P.RUSSIA_W_MARKET] * s[ROK_RU]) * max(rung - 1, 0)
    limits = (
        q[P.RUSSIA_LIMITS_MECHANISM] * q[P.RUSSIA_LIMITS_STRENGTH] * flag(s[AID] >= 3) * (1.0 + q[P.CHINA_RESTRAINT])
    )
    total = total + -limits * flag(rung >= 5)
    total = total + -q[P.RUSSIA_SWITCH_COST] * abs(move)
    total = total + -(q[P.RUSSIA_STEP_DOWN_COST] * s[WAR]) * flag(move < 0)
    threat_term = 0.0
    if disclosure != NO_THREAT:  # only while Seoul has not gone direct yet: after that the threat is spent
        threat_term = -(q[P.RUSSIA_CREDIBILITY] * q[P.RUSSIA_W_ROK_DIRECT] * flag(s[AID] < 3) * s[WAR]) * threat(
            disclosure, theta, rung
        )
        total = total + threat_term
    return total, threat_term


@kernel_function
def rung_values(q, s, around, lo, hi, disclosure, theta, values, threat_terms, tech, feasible):
    """Russia.targets and rung_values for the three moves (-1, 0, +1) from a rung, into the four arrays."""
    for j in range(3):
        move = j - 1
        rung = min(max(around + move, 0), 6)
        values[j], threat_terms[j] = rung_value(q, s, rung, move, disclosure, theta)
        tech[j] = max(rung - 4, 0)
    feasible_moves(s, around, lo, hi, feasible)


@kernel_function
def feasible_moves(s, around, lo, hi, feasible):
    """Russia.targets: which of the three moves from a rung the forcing's bounds [lo, hi] and the war allow."""
    any_feasible = False
    for j in range(3):
        move = j - 1
        target = around + move
        feasible[j] = target >= lo and target <= hi and (s[WAR] > 0 or move == 0)
        any_feasible = any_feasible or feasible[j]
    if not any_feasible:  # a forced jump beyond one rung: hold, the forcing then sets it
        feasible[1] = True


@kernel_function
def with_ire(q, base, feasible, tech, ire, factor):
    """Russia.with_ire for one move: its value plus the punishment term (C5, C14); -inf where infeasible."""
    if not feasible:
        return -math.inf
    return base + q[P.RUSSIA_W_IRE] * ire * factor * tech


@kernel_function
def russia_move(q, s, u, lo, hi, disclosure, theta, values, threat_terms, tech, feasible, valued):
    """Russia.step: (move, the highest-value move, P(move | retaliatory), P(move | restrained)).  `valued`: the
    arrays already hold the rung values around the current rung (Seoul's endogenous choice reckoned them on the
    same frozen state), so only the moves' feasibility under the forcing is left."""
    if valued:
        feasible_moves(s, s[LADDER], lo, hi, feasible)
    else:
        rung_values(q, s, s[LADDER], lo, hi, disclosure, theta, values, threat_terms, tech, feasible)
    tau, restrained = q[P.RUSSIA_TAU], q[P.RUSSIA_RESTRAINED_IRE_FACTOR]
    ret0 = with_ire(q, values[0], feasible[0], tech[0], s[IRE], 1.0)
    ret1 = with_ire(q, values[1], feasible[1], tech[1], s[IRE], 1.0)
    ret2 = with_ire(q, values[2], feasible[2], tech[2], s[IRE], 1.0)
    res0 = with_ire(q, values[0], feasible[0], tech[0], s[IRE], restrained)
    res1 = with_ire(q, values[1], feasible[1], tech[1], s[IRE], restrained)
    res2 = with_ire(q, values[2], feasible[2], tech[2], s[IRE], restrained)
    p_ret = logit3(ret0, ret1, ret2, tau)
    p_res = logit3(res0, res1, res2, tau)
    if s[RU_RETALIATORY] > 0:
        index = sample3(p_ret[0], p_ret[1], u)
        own0, own1, own2 = ret0, ret1, ret2
    else:
        index = sample3(p_res[0], p_res[1], u)
        own0, own1, own2 = res0, res1, res2
    best = 0 if own0 >= own1 and own0 >= own2 else (1 if own1 >= own2 else 2)
    return index - 1, best - 1, p_ret[index], p_res[index]


# --- Seoul (agents/rok.py) ----------------------------------------------------------------------------------------


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


# --- the other actors ------------------------------------------------------------------------------------------------


@kernel_function
def opposition_action(q, s, u):
    """ROKOpposition.step: acquiesce, contest or table the approval bill."""
    shift = flag(s[AID_INTENDED] >= 3)
    contest = q[P.OPPOSITION_CONTEST_WEIGHT] * (s[MOBILIZATION] + shift) + -q[P.OPPOSITION_CONTEST_COST]
    legislate = (
        q[P.OPPOSITION_LEGISLATE_WEIGHT] * (s[MOBILIZATION] * (1.0 - s[APPROVAL]) + shift)
        + -q[P.OPPOSITION_LEGISLATE_COST]
    )
    p0, p1, _ = logit3(0.0, contest, legislate if s[BILL_TABLED] == 0 else -math.inf, q[P.OPPOSITION_TAU])
    return sample3(p0, p1, u)


@kernel_function
def us_stance(q, s, u):
    """USGovernment.step: 0 press Seoul (Biden) or push to end the war (Trump), 1 reassure or cost sharing, 2 hold."""
    trump = s[US_TRUMP]
    favour = max(q[P.US_TRUMP_VIEW], 0.0) * flag(s[AID] >= 3)
    first = (
        q[P.US_PRESS_WEIGHT] * (1.0 - s[UKR]) * flag(s[AID] < 3) * s[WAR] * (1 - trump)
        + q[P.US_WAR_END_WEIGHT] * s[WAR] * trump
    )
    second = q[P.US_REASSURE_WEIGHT] * s[ABANDON] * (1 - trump) + q[P.US_COST_SHARING_WEIGHT] * (1.0 - favour) * trump
    p0, p1, _ = logit3(first, second, q[P.US_HOLD_VALUE], q[P.US_TAU])
    return sample3(p0, p1, u)


@kernel_function
def dprk_press(q, s, u):
    utility = (
        q[P.DPRK_LEVERAGE_WEIGHT] * s[NEED] * s[WAR] + q[P.DPRK_FRONT_WEIGHT] * s[NATO] / 5 + -q[P.DPRK_PRESS_COST]
    )
    return binary(utility, q[P.DPRK_TAU], u)


@kernel_function
def china_choices(q, s, k, t):
    """China.step: (restrain Moscow, push back on Seoul, support Russia's war economy)."""
    alarm = max(s[LADDER] - q[P.CHINA_ALARM_RUNG] + 1, 0)
    restrain = q[P.CHINA_STABILITY_WEIGHT] * q[P.CHINA_RESTRAINT] * alarm + -q[P.CHINA_PARTNERSHIP_COST]
    pushback = q[P.CHINA_PUSHBACK_WEIGHT] * s[NATO] / 5 + -q[P.CHINA_PUSHBACK_COST]
    enable = q[P.CHINA_ENABLE_WEIGHT] * s[NEED] * s[WAR] + -q[P.CHINA_REPUTATION_COST]
    return (
        binary(restrain, q[P.CHINA_TAU], rng.uniform(k[rng.CHINA_RESTRAIN], t)),
        binary(pushback, q[P.CHINA_TAU], rng.uniform(k[rng.CHINA_PUSHBACK], t)),
        binary(enable, q[P.CHINA_TAU], rng.uniform(k[rng.CHINA_ENABLE], t)),
    )


@kernel_function
def nato_choices(q, s, k, t):
    """NATOEurope.step: (ask Seoul for more, offer the next NATO rung)."""
    request = q[P.EUROPE_REQUEST_WEIGHT] * (1.0 - s[UKR]) * flag(s[AID] < 3) * s[WAR] + -q[P.EUROPE_REQUEST_COST]
    offer = q[P.EUROPE_OFFER_WEIGHT] * s[GOODWILL] * flag(s[NATO] < 5) + -q[P.EUROPE_OFFER_COST]
    return (
        binary(request, q[P.EUROPE_TAU], rng.uniform(k[rng.NATO_REQUEST], t)),
        binary(offer, q[P.EUROPE_TAU], rng.uniform(k[rng.NATO_OFFER], t)) and s[NATO] < 5,
    )
