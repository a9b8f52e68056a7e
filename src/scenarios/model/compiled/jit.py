"""How the kernel's functions are compiled: inlined into the batch loop, numpy's floating-point error model (a
division by zero gives inf or nan as in the Mesa model, not an exception), cached on disk, and without numba's
reference counting, which cost an atomic increment and decrement for every array handed to a function (60% of
the kernel's time when it was on).  Without it nothing compiled here may allocate an array.

Two of LLVM's fast-math liberties, no more (FAST_MATH): a product and a sum may fuse into one FMA (`contract`)
and a division may become a product by the reciprocal (`arcp`), 5-6% of the kernel's time; each rounds once
where the Mesa model rounds twice, so floats move in the last places (measured: 7.3e-12 relative at most over
the main config's 7 arms x 2,000 replications, against 1.2e-15 without; no choice differed).  Not the others:
reassociating sums bought ~1% more, and assuming no NaN or infinity would break the -inf of an infeasible
option.  The uniforms and normals stay bit-identical (their arithmetic has nothing to fuse).

numba's on-disk cache checks only the source of the function it compiled, not of the functions it inlined from
other modules: an edit to rok.py would have kept the old kernel.  The locators below key this package's
cached code on all of its sources together."""

from __future__ import annotations

from pathlib import Path

from numba import njit
from numba.core import caching

from . import HERE, sources_digest


def _package_keyed(locator):
    class PackageKeyed(locator):
        def get_source_stamp(self):
            return sources_digest()

        @classmethod
        def from_function(cls, py_func, py_file):
            if Path(py_file).resolve().parent != HERE:
                return None  # another package's function: numba's own locators
            return super().from_function(py_func, py_file)

    PackageKeyed.__name__ = f"PackageKeyed{locator.__name__}"
    return PackageKeyed


_LOCATORS = [
    getattr(caching, name, None) or getattr(caching, f"_{name}")
    for name in ("InTreeCacheLocator", "UserWideCacheLocator")
]  # beside the sources, else the user's cache
_IMPL = getattr(caching, "CacheImpl", None) or caching._CacheImpl  # numba 0.68 made these names public
_IMPL._locator_classes[:0] = [_package_keyed(locator) for locator in _LOCATORS]

FAST_MATH = {"contract", "arcp"}
kernel_function = njit(cache=True, inline="always", error_model="numpy", _nrt=False, fastmath=FAST_MATH)


def without_aliasing(dispatcher):
    """Compile `dispatcher` with its array arguments marked as never overlapping (LLVM's `noalias`), which numba
    does for its own parallel loops but offers no option for: its callers must pass separate arrays.  Then a
    store to the replication's state cannot change Seoul's table, the parameters or the series as far as LLVM
    knows, so it keeps the month's state values in registers instead of storing and reloading each through
    memory (~5 cycles a hop on the chain): 3-5% of the kernel's time (docs/scaling.md).  A product and a sum
    that meet in registers may then fuse (FAST_MATH's `contract`), so floats move in the last places (1.9e-12
    relative at most, no choice different).  Through numba's private per-dispatcher hook (`_compiler._customize_flags`):
    where a numba version lacks it, the kernel compiles as before, to the same choices."""
    compiler = getattr(dispatcher, "_compiler", None)
    if compiler is not None and hasattr(compiler, "_customize_flags"):
        def customize(flags):
            flags.noalias = True
            return flags

        compiler._customize_flags = customize
    return dispatcher
