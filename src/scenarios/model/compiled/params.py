"""The parameter table as the kernel reads it: one row of numbers per replication, each parameter at a named
place (``q[P.RUSSIA_W_IRE]`` for ``p.russia.w_ire``; Seoul's seven weights from ``P.ROK_WEIGHTS``).

A flat row rather than a structure of arrays: numba passes one small array between the kernel's functions (a
named tuple of the catalogue's ~160 arrays took 115 s to compile and copied its descriptors into every call).
The places are made from the catalogue at import, as module constants that numba compiles in."""

from __future__ import annotations

import weakref

import numpy as np

from ...config.parameters import ROK_FEATURES, Parameters
from ..params import ParameterTable

WIDTHS = {
    f"{group}.{name}": len(ROK_FEATURES) if (group, name) == ("rok", "weights") else 1
    for group, info in Parameters.model_fields.items()
    for name in info.annotation.model_fields
}
PLACES: dict[str, int] = {}
for _key, _width in WIDTHS.items():
    PLACES[_key] = sum(WIDTHS[k] for k in PLACES)
    globals()[_key.replace(".", "_").upper()] = PLACES[_key]
COUNT = sum(WIDTHS.values())


_last: tuple[weakref.ref, np.ndarray] | None = None


def packed(params: ParameterTable) -> np.ndarray:
    """`pack`, made once per table: a run's arms read the same batch's table one after another (the design draws
    it once for them all), so the last one is kept."""
    global _last
    if _last is None or _last[0]() is not params:
        _last = (weakref.ref(params), pack(params))
    return _last[1]


def pack(params: ParameterTable) -> np.ndarray:
    """(R, COUNT) float64, a replication's values contiguous for the kernel.  Stacked from the columns in one call
    (0.3 us a replication; assigning the ~165 columns one by one into the (R, COUNT) array took 1.0: each is a
    strided write; a (COUNT, R) table, cheap to fill, made the kernel read 165 places 64 KiB apart, which share
    cache sets and evicted each other: 3.5x slower)."""
    columns = []
    for key in PLACES:
        values = params[key]
        columns.extend(values.T if values.ndim == 2 else (values,))
    return np.stack(columns, axis=1)
