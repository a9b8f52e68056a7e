"""The parameter table as the kernel reads it: one row of numbers per replication, each parameter at a named
place (``q[P.RUSSIA_W_IRE]`` for ``p.russia.w_ire``; Seoul's seven weights from ``P.ROK_WEIGHTS``).

A flat row rather than a structure of arrays: numba passes one small array between the kernel's functions (a
named tuple of the catalogue's ~160 arrays took 115 s to compile and copied its descriptors into every call).
The places are made from the catalogue at import, as module constants that numba compiles in."""

from __future__ import annotations

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


def pack(params: ParameterTable) -> np.ndarray:
    """(R, COUNT) float64, a replication's values contiguous."""
    out = np.empty((params.n, COUNT))
    for key, place in PLACES.items():
        values = params[key]
        out[:, place : place + WIDTHS[key]] = values if values.ndim == 2 else values[:, None]
    return out
