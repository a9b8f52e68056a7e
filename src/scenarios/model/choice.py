"""Quantal-response (logit) choice, vectorised over replications."""

from __future__ import annotations

import numpy as np

TAU_MIN = 1e-9  # at or below this temperature the choice is the argmax (ties: first option)


def logit_probabilities(utility: np.ndarray, tau: np.ndarray) -> np.ndarray:
    """P(option) = softmax(U / tau) row-wise, with a max-shift; -inf marks an infeasible option."""
    tau = np.asarray(tau, dtype=float)[:, None]
    best = utility.max(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", over="ignore", divide="ignore"):
        z = np.exp((utility - best) / np.maximum(tau, TAU_MIN))
    probs = z / z.sum(axis=1, keepdims=True)
    greedy = tau[:, 0] <= TAU_MIN
    if greedy.any():
        onehot = np.zeros_like(probs)
        onehot[np.arange(len(probs)), utility.argmax(axis=1)] = 1.0
        probs[greedy] = onehot[greedy]
    return probs


def sample(probs: np.ndarray, u: np.ndarray) -> np.ndarray:
    """Index of the option whose cumulative-probability interval holds the uniform u (one per row)."""
    cum = np.cumsum(probs, axis=1)
    return np.minimum((cum < u[:, None]).sum(axis=1), probs.shape[1] - 1)


def choose(utility: np.ndarray, tau: np.ndarray, u: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    probs = logit_probabilities(utility, tau)
    return sample(probs, u), probs
