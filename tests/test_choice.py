"""Choice-rule properties (model-brief §6.7)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from scenarios.model.choice import logit_probabilities, sample

utilities = arrays(np.float64, st.tuples(st.integers(1, 20), st.integers(2, 5)), elements=st.floats(-5, 5))


@given(utilities, st.floats(0.01, 10))
@settings(max_examples=100, deadline=None)
def test_probabilities_sum_to_one_and_ignore_a_common_shift(u, tau):
    taus = np.full(len(u), tau)
    p = logit_probabilities(u, taus)
    assert np.allclose(p.sum(axis=1), 1) and (p >= 0).all()
    assert np.allclose(p, logit_probabilities(u + 3.7, taus))


@given(utilities)
@settings(max_examples=50, deadline=None)
def test_zero_temperature_is_argmax_with_ties_to_the_first(u):
    p = logit_probabilities(u, np.zeros(len(u)))
    assert (p.argmax(axis=1) == u.argmax(axis=1)).all() and np.allclose(p.max(axis=1), 1)


def test_high_temperature_is_uniform_and_infeasible_options_are_never_chosen():
    u = np.array([[0.0, 1.0, -np.inf]])
    p = logit_probabilities(u, np.array([1e9]))
    assert np.allclose(p, [[0.5, 0.5, 0.0]])
    draws = sample(np.repeat(p, 10_000, axis=0), np.linspace(0.0001, 0.9999, 10_000))
    assert set(np.unique(draws)) == {0, 1} and abs(draws.mean() - 0.5) < 0.01
