"""Moscow's monthly choice (agents/russia.py) for one replication, compiled: its rung values and its logit over
the moves down, hold and up, under each of its two types."""

from __future__ import annotations

import math

from . import params as P
from .choice import flag, logit3, sample3
from .jit import kernel_function
from .mechanics import supply_share
from .state import AID, CN_RESTRAIN, DPRK_PRESS, IRE, LADDER, NEED, ROK_RU, RU_RETALIATORY, WAR

NO_THREAT, SPECIFIC, AMBIGUOUS = 0, 1, 2  # policies.Disclosure


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
