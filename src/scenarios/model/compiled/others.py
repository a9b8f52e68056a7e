"""The other actors' monthly choices (agents/domestic.py, us.py, dprk.py, china.py, nato.py) for one
replication, compiled."""

from __future__ import annotations

import math

from . import params as P
from . import rng
from .choice import binary, flag, logit3, sample3
from .jit import kernel_function
from .state import (ABANDON, AID, AID_INTENDED, APPROVAL, BILL_TABLED, GOODWILL, LADDER, MOBILIZATION, NATO, NEED, UKR,
                    US_TRUMP, WAR)


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
