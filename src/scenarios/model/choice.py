"""Quantal-response (logit) choice, vectorised over replications.

Option menus are small (2-3 options) and batches large, so row-wise work is written as a short loop
over the option columns: numpy's reductions along a tiny axis are an order of magnitude slower."""

from __future__ import annotations

import numpy as np

TAU_MIN = 1e-9  # at or below this temperature the choice is the argmax (ties: first option)


def logit_probabilities(utility: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """P(option) = softmax(U / tau) row-wise, with a max-shift; -inf marks an infeasible option."""
    k = utility.shape[1]
    best = utility[:, 0].copy()
    for j in range(1, k):
        np.maximum(best, utility[:, j], out=best)
    tau = np.asarray(tau, dtype=float)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        z = np.exp((utility - best[:, None]) / np.maximum(tau, TAU_MIN)[:, None])
    total = z[:, 0].copy()
    for j in range(1, k):
        total += z[:, j]
    probs = z / total[:, None]
    greedy = tau <= TAU_MIN
    if greedy.any():
        onehot = np.zeros_like(probs)
        onehot[np.arange(len(probs)), utility.argmax(axis=1)] = 1.0
        probs[greedy] = onehot[greedy]
    return probs


def sample(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Index of the option whose cumulative-probability interval holds the uniform u (one per row)."""
    index = np.zeros(len(u), dtype=np.int64)
    cumulative = np.zeros(len(u))
    for j in range(probs.shape[1] - 1):
        cumulative += probs[:, j]
        index += cumulative < u
    return index


def choose(utility: np.ndarray, tau: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    probs = logit_probabilities(utility, tau)
    return sample(probs, u), probs
