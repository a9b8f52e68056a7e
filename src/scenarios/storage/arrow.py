"""numpy columns to Arrow and back, without pyarrow's import of pandas.

pyarrow's own conversions (`pa.table`, `pa.array`, `pa.scalar`, `.to_numpy()`) first ask whether the object is a
pandas one, and asking imports pandas: 0.10-0.13 s in every process that converts -- a serial run's (a tenth of
the default run), and a pooled run's fork server, which preloaded it for the workers, on the critical path of
the run's start.  Numbers, booleans and strings are built here from their buffers instead, and numbers and
booleans read back so: the same arrays pyarrow makes (tests/test_arrow_columns.py); anything else goes to
pyarrow."""

from __future__ import annotations

import numpy as np
import pyarrow as pa


def is_text(data_type: pa.DataType) -> bool:
    """An Arrow column type that holds words (the arm, us_type): asked of the type, not of pandas' dtype, which
    names text differently by version ('object' before pandas 3, 'str' since)."""
    return pa.types.is_string(data_type) or pa.types.is_large_string(data_type)


def table(columns: dict | pa.Table) -> pa.Table:
    """pa.table(columns) for a dict of numpy arrays, lists or Arrow arrays; a table as it is."""
    if isinstance(columns, pa.Table):
        return columns
    return pa.Table.from_arrays([array(values) for values in columns.values()], names=list(columns))


def array(values) -> pa.Array | pa.ChunkedArray:
    """pa.array(values) for a 1-d numpy array (numbers, booleans, str) or a list of str or numbers."""
    if isinstance(values, pa.Array | pa.ChunkedArray):
        return values
    if isinstance(values, list) and values and all(isinstance(v, str) for v in values):
        return _strings(values)  # not through numpy, whose str arrays drop trailing NULs
    given, values = values, np.asarray(values)
    kind = values.dtype.kind
    if values.ndim != 1 or not values.size or not values.dtype.isnative or kind not in "biufU":
        return pa.array(given)  # pyarrow's own types for the rest (an empty list is of type null there)
    if kind == "U":
        return _strings(values.tolist())
    if kind == "b":  # Arrow's booleans are bits, least significant first
        bits = np.packbits(values, bitorder="little")
        return pa.Array.from_buffers(pa.bool_(), len(values), [None, pa.py_buffer(bits)])
    values = np.ascontiguousarray(values)
    return pa.Array.from_buffers(pa.from_numpy_dtype(values.dtype), len(values), [None, pa.py_buffer(values)])


def _strings(texts: list[str]) -> pa.Array:
    if texts.count(texts[0]) == len(texts):  # a unit's arm column: one string, repeated
        one = texts[0].encode()
        offsets = np.arange(len(texts) + 1, dtype=np.int64) * len(one)
        data = one * len(texts)
    else:
        encoded = [text.encode() for text in texts]
        offsets = np.zeros(len(encoded) + 1, dtype=np.int64)
        np.cumsum([len(b) for b in encoded], out=offsets[1:])
        data = b"".join(encoded)
    if offsets[-1] >= 2**31:  # beyond pa.array's string type (32-bit offsets)
        return pa.array(texts)
    return pa.Array.from_buffers(pa.string(), len(texts), [None, pa.py_buffer(offsets.astype(np.int32)),
                                                           pa.py_buffer(data)])


def numpy(column: pa.Array | pa.ChunkedArray) -> np.ndarray:
    """column.to_numpy(zero_copy_only=False) for numbers and booleans without nulls (a copy, one array)."""
    chunks = column.chunks if isinstance(column, pa.ChunkedArray) else [column]
    kind = column.type
    if not (pa.types.is_integer(kind) or pa.types.is_floating(kind) or pa.types.is_boolean(kind)) or column.null_count:
        return column.to_numpy(zero_copy_only=False)
    dtype = np.dtype(kind.to_pandas_dtype())  # for these types a numpy dtype (bool for booleans), no pandas
    return np.concatenate([np.empty(0, dtype), *(_chunk(chunk, dtype) for chunk in chunks)])


def _chunk(chunk: pa.Array, dtype: np.dtype) -> np.ndarray:
    data = chunk.buffers()[1]
    if not len(chunk) or data is None:  # an empty chunk may have no data buffer at all
        return np.empty(0, dtype)
    if dtype.kind == "b":  # bits, least significant first, from bit `offset` on
        bits = np.unpackbits(np.frombuffer(data, dtype=np.uint8), bitorder="little")
        return bits[chunk.offset:chunk.offset + len(chunk)].astype(bool)
    return np.frombuffer(data, dtype=dtype, count=len(chunk), offset=chunk.offset * dtype.itemsize)
