"""Named, counter-based random streams: the randomness contract.

Every number is a pure function of (seed, stream name, replication id, step, slot), computed
vectorised over a batch of replications.  Hence replication *i* sees the same numbers whatever the
batch size, worker count or executor, and the same numbers for the same purpose in every arm and
sweep point (common random numbers): a branch taken in one arm can never shift another stream.

The generator is SplitMix64 (Steele, Lea & Flood 2014) used in counter mode: a per-(stream,
replication) key, a Weyl counter and the SplitMix64 output mix.  numpy's own bit generators cannot
be keyed per replication without building one object per replication (measured ~25 µs each), which
would cost more than the whole simulation of a replication.
"""

from __future__ import annotations

import hashlib
from functools import lru_cache

import numpy as np

_GOLDEN_INT = 0x9E3779B97F4A7C15
_GOLDEN = np.uint64(_GOLDEN_INT)
_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_SLOTS_PER_STEP = 64  # a stream may take up to 64 numbers per replication and step
_TO_UNIT = 2.0**-53
_S11, _S27, _S30, _S31 = (np.uint64(n) for n in (11, 27, 30, 31))


def _mix(z: np.ndarray) -> np.ndarray:
    """SplitMix64 output function on a uint64 array (wrapping arithmetic), in place: the model makes ~500
    draws a batch, and the temporaries of the out-of-place form cost a fifth of each."""
    t = z >> _S30
    z ^= t
    z *= _M1
    np.right_shift(z, _S27, out=t)
    z ^= t
    z *= _M2
    np.right_shift(z, _S31, out=t)
    z ^= t
    return z


@lru_cache(maxsize=4096)
def _offset(step: int, slot: int) -> np.uint64:
    """The Weyl counter's increment for (step, slot): (step * slots + slot + 1) * golden, mod 2**64."""
    return np.uint64((step * _SLOTS_PER_STEP + slot + 1) * _GOLDEN_INT % 2**64)


@lru_cache(maxsize=1024)
def _offsets(step: int, width: int) -> np.ndarray:
    offsets = np.array([_offset(step, slot) for slot in range(width)], dtype=np.uint64)
    offsets.setflags(write=False)
    return offsets


@lru_cache(maxsize=4096)
def _name_key(seed: int, name: str) -> np.uint64:
    digest = hashlib.blake2b(f"{seed}\x00{name}".encode(), digest_size=8).digest()
    return np.uint64(int.from_bytes(digest, "little"))


class Streams:
    """Uniform and normal draws for a batch of replications, one named stream per purpose."""

    def __init__(self, seed: int, replications: np.ndarray):
        self.seed = int(seed)
        self.replications = np.asarray(replications, dtype=np.uint64)
        with np.errstate(over="ignore"):
            self._replication_mix = _mix(self.replications * _GOLDEN + _GOLDEN)  # a new array: mixed in place
        self._keys: dict[str, np.ndarray] = {}

    def _key(self, name: str) -> np.ndarray:
        key = self._keys.get(name)
        if key is None:
            key = _mix(_name_key(self.seed, name) ^ self._replication_mix)  # XOR: a new array, mixed in place
            self._keys[name] = key
        return key

    def uniform(self, name: str, step: int = 0, k: int | None = None) -> np.ndarray:
        """Uniforms in the open interval (0, 1): shape (R,) or (R, k)."""
        width = 1 if k is None else k
        if not 0 < width <= _SLOTS_PER_STEP:
            raise ValueError(f"a stream takes 1..{_SLOTS_PER_STEP} numbers per step, not {width}")
        # The counters' offsets are reduced mod 2**64 in Python integers: numpy's uint64 *scalar* arithmetic warns
        # on the wrap-around (array arithmetic wraps silently), and np.errstate cost ~1.5 us of the ~13 a call
        # takes at small batches (the seminar page, stories).
        if k is None:
            z = self._key(name) + _offset(step, 0)  # a new array, so the key survives the in-place mix
        else:
            z = self._key(name)[:, None] + _offsets(step, width)[None, :]
        _mix(z)
        z >>= _S11
        u = z.astype(np.float64)
        u += 0.5
        u *= _TO_UNIT
        return u

    def normal(self, name: str, step: int = 0, k: int | None = None) -> np.ndarray:
        """Standard normals by inversion, so a draw moves monotonically with its uniform."""
        from scipy.special import ndtri  # here: a pooled run's parent imports this module but never draws

        return ndtri(self.uniform(name, step, k))
