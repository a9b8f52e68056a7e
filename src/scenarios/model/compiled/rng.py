"""The named counter-based streams of `scenarios.randomness`, one number at a time inside the kernel.

The same SplitMix64 arithmetic in uint64 (numba wraps it as numpy's arrays do), so a compiled uniform equals
`Streams.uniform` to the bit; normals invert with the same cephes `ndtri` scipy's ufunc calls."""

from __future__ import annotations

import llvmlite.binding
import numpy as np
from numba import types
from numba.extending import get_cython_function_address

from ...randomness import _name_key
from .jit import kernel_function

GOLDEN = np.uint64(0x9E3779B97F4A7C15)
M1 = np.uint64(0xBF58476D1CE4E5B9)
M2 = np.uint64(0x94D049BB133111EB)
SLOTS_PER_STEP = np.uint64(64)
S11, S27, S30, S31 = np.uint64(11), np.uint64(27), np.uint64(30), np.uint64(31)
ONE = np.uint64(1)
TO_UNIT = 2.0**-53

# Every stream the model reads, in one order: the kernel indexes keys[stream] with these constants.
STREAMS = (
    "events.election",
    "russia.type",
    "domestic.pass",
    "domestic.veto",
    "domestic.override",
    "domestic.vote",
    "events.atrocity",
    "events.provocation",
    "battlefield",
    "war_end",
    "ladder_decay",
    "approval",
    "choice.rok.nato",
    "choice.rok.aid",
    "choice.opposition.stance",
    "choice.us.stance",
    "choice.russia",
    "choice.dprk.press",
    "choice.china.restrain",
    "choice.china.pushback",
    "choice.china.enable",
    "choice.nato.request",
    "choice.nato.offer",
)
(
    ELECTION,
    RUSSIA_TYPE,
    PASS,
    VETO,
    OVERRIDE,
    VOTE,
    ATROCITY,
    PROVOCATION,
    BATTLEFIELD,
    WAR_END,
    LADDER_DECAY,
    APPROVAL,
    ROK_NATO,
    ROK_AID,
    OPPOSITION,
    US,
    RUSSIA,
    DPRK_PRESS,
    CHINA_RESTRAIN,
    CHINA_PUSHBACK,
    CHINA_ENABLE,
    NATO_REQUEST,
    NATO_OFFER,
) = range(len(STREAMS))

# scipy's cephes ndtri, linked by symbol name rather than held as a pointer, so compiled code can be cached on disk
llvmlite.binding.add_symbol("scenarios_ndtri", get_cython_function_address("scipy.special.cython_special", "ndtri"))
_ndtri = types.ExternalFunction("scenarios_ndtri", types.float64(types.float64))


def name_keys(seed: int) -> np.ndarray:
    """Each stream's name key for a seed (blake2b, as Streams hashes them)."""
    return np.array([_name_key(seed, name) for name in STREAMS], dtype=np.uint64)


@kernel_function
def mix(z):
    z ^= z >> S30
    z *= M1
    z ^= z >> S27
    z *= M2
    z ^= z >> S31
    return z


@kernel_function
def replication_keys(keys, replication, out):
    """The per-(stream, replication) keys of one replication (Streams._key)."""
    base = mix(np.uint64(replication) * GOLDEN + GOLDEN)
    for s in range(len(keys)):
        out[s] = mix(keys[s] ^ base)


@kernel_function
def uniform(key, step, slot=0):
    """Streams.uniform's number `slot` of `step` for a replication's stream key: in (0, 1)."""
    z = mix(key + (np.uint64(step) * SLOTS_PER_STEP + np.uint64(slot) + ONE) * GOLDEN)
    return (np.float64(z >> S11) + 0.5) * TO_UNIT


@kernel_function
def normal(key, step):
    return _ndtri(uniform(key, step))


@kernel_function
def normals(keys, out):
    """A replication's battlefield and approval normals for every month (out[0, t], out[1, t]), before its first
    month.  They depend on the keys alone: computed here, side by side, the calls to ndtri overlap, where in the
    month each sat on the chain of steps that wait for one another (4-5% of the kernel's time; ndtri with the
    logarithms it calls is ~19% of it)."""
    for t in range(out.shape[1]):
        out[0, t], out[1, t] = normal(keys[BATTLEFIELD], t), normal(keys[APPROVAL], t)
