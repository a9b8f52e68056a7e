"""The model compiled with numba: a second implementation of LethalAidModel, kept equal to it by tests.

The Mesa model (lethal_aid.py, agents/, dynamics.py) is the reference and what `explain`, history and the seminar
page's stories trace; this kernel runs the same month for one replication at a time as scalar code, with the
same streams, formulas and order of operations (but for Seoul's escalation risk, the same probability written
with fewer exponentials: rok.escalation_risk), so it makes the same outcomes without numpy's one pass over the
batch per operation (docs/scaling.md).

The data flow: kernel.py's batch loop runs each month's choices -- russia.py, rok.py and others.py, as the agents
in agents/ make them, on choice.py's logits and mechanics.py's formulas -- then transitions.py's transitions
(dynamics.py), on one replication's state vector (state.py) and parameter row (params.py, `q`), with its stream
keys (rng.py, `k`).  Each choice reads the frozen state `s` and the committed choices in it and returns its own;
kernel.decide stages them all before committing any (simultaneous activation, as the Mesa agents do).

Uniforms and normals are bit-identical; numpy's vectorised exp and pow round differently from the C library's
in the last place for a few per cent of arguments, and the kernel fuses products and sums (jit.FAST_MATH), so
continuous outcomes agree to ~1e-11 rather than to the bit, and choices agree unless a uniform falls within
that of a threshold (tests/test_compiled.py measures both).

Importing this package is cheap; the first `simulate` imports numba and the kernel (0.4-0.5 s), and the first in
an installation compiles the kernel (20-40 s; cached on disk beside the sources, or in numba's user cache where
that is read-only; `needs_compiling` says whether it will)."""

from __future__ import annotations

import hashlib
import pickle
from functools import cache
from pathlib import Path

HERE = Path(__file__).resolve().parent


def simulate(setup, params, streams):
    """What LethalAidModel(setup, params, streams).run() returns: (outcomes, monthly series (R, horizon))."""
    from .run import simulate as run  # numba and the kernel, at the first call

    return run(setup, params, streams)


@cache
def sources_digest() -> bytes:
    """Every module of this package, names and texts together: what its compiled code is keyed on (jit.py)."""
    digest = hashlib.sha256()
    for path in sorted(HERE.glob("*.py")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.digest()


def needs_compiling() -> bool:
    """Whether the next process to simulate will compile the kernel: whether no cache index beside the sources was
    written by this numba (the version each index starts with) for these sources (their digest, which numba keeps
    in the index as its stamp: jit.py).  Read without importing numba.  (It guessed from file times before, and
    said "compiling" after a `git checkout` of sources whose compiled code was still cached.)  Where the package
    is read-only numba keeps its cache elsewhere, and this says yes."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        numba_version = version("numba")
    except PackageNotFoundError:
        return False  # no numba: the numpy model runs, nothing compiles
    stamp = sources_digest()
    for index in (HERE / "__pycache__").glob("kernel.simulate_batch-*.nbi"):
        try:
            with index.open("rb") as f:
                if pickle.load(f) == numba_version and stamp in f.read():
                    return False
        except (OSError, EOFError, pickle.UnpicklingError):  # unreadable or half written: not this one
            continue
    return True
