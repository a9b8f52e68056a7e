"""choice.py's logits for one replication, compiled: scalars instead of batches, the same formulas."""

from __future__ import annotations

import math

from .jit import kernel_function

TAU_MIN = 1e-9  # choice.TAU_MIN


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
