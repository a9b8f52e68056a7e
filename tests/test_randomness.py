"""The randomness contract: replication i's numbers depend only on (seed, stream, i, step)."""

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import stats

from scenarios.randomness import Streams


@given(st.integers(0, 2**63 - 1), st.lists(st.integers(0, 10**9), min_size=1, max_size=40, unique=True),
       st.integers(0, 500), st.text(min_size=1, max_size=20))
@settings(max_examples=60, deadline=None)
def test_a_replication_draws_the_same_numbers_in_any_batch(seed, reps, step, name):
    batch = Streams(seed, np.array(reps)).uniform(name, step, 3)
    for i, rep in enumerate(reps):
        alone = Streams(seed, np.array([rep])).uniform(name, step, 3)
        assert np.array_equal(alone[0], batch[i])


def test_uniforms_are_in_the_open_unit_interval_and_uniform():
    u = Streams(7, np.arange(200_000)).uniform("x", 3)
    assert 0 < u.min() and u.max() < 1
    assert stats.kstest(u, "uniform").pvalue > 0.001


def test_streams_steps_and_seeds_are_independent():
    s = Streams(1, np.arange(50_000))
    a, b, c = s.uniform("a", 0), s.uniform("b", 0), s.uniform("a", 1)
    d = Streams(2, np.arange(50_000)).uniform("a", 0)
    for other in (b, c, d):
        assert abs(np.corrcoef(a, other)[0, 1]) < 0.02
        assert not np.array_equal(a, other)


def test_normals_are_standard_normal():
    z = Streams(3, np.arange(100_000)).normal("n", 5)
    assert stats.kstest(z, "norm").pvalue > 0.001


def _splitmix64_reference(seed: int, name: str, replication: int, step: int, slot: int) -> float:
    """The stream's definition (module docstring) in Python integers, mod 2**64 written out."""
    import hashlib

    golden, mask = 0x9E3779B97F4A7C15, 2**64 - 1

    def mix(z: int) -> int:
        z ^= z >> 30
        z = (z * 0xBF58476D1CE4E5B9) & mask
        z ^= z >> 27
        z = (z * 0x94D049BB133111EB) & mask
        return z ^ (z >> 31)

    name_key = int.from_bytes(hashlib.blake2b(f"{seed}\x00{name}".encode(), digest_size=8).digest(), "little")
    key = mix(name_key ^ mix((replication * golden + golden) & mask))
    z = mix((key + (step * 64 + slot + 1) * golden) & mask)
    return ((z >> 11) + 0.5) * 2.0**-53


@given(st.integers(0, 2**63 - 1), st.integers(0, 2**40), st.integers(0, 10_000), st.integers(1, 64),
       st.text(min_size=1, max_size=12))
@settings(max_examples=80, deadline=None)
def test_uniforms_are_splitmix64_of_the_counter_to_the_bit_and_never_warn(seed, replication, step, width, name):
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # the counters wrap around 2**64 by design: that must stay silent
        streams = Streams(seed, np.array([replication]))
        one, several = streams.uniform(name, step)[0], streams.uniform(name, step, width)[0]
    assert one == _splitmix64_reference(seed, name, replication, step, 0)
    assert several.tolist() == [_splitmix64_reference(seed, name, replication, step, s) for s in range(width)]
