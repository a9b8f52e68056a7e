"""storage/arrow.py: numpy columns to Arrow and back from their buffers, the same arrays pyarrow's own conversion
makes, so that a run never imports pandas (pyarrow's conversion does: 0.10-0.13 s a process)."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from conftest import ROOT
from scenarios.storage import arrow

NUMBERS = st.sampled_from([np.bool_, np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint32, np.float32,
                           np.float64])


def same(got, expected) -> None:
    assert got.type == expected.type
    assert len(got) == len(expected) and got.null_count == expected.null_count == 0
    np.testing.assert_array_equal(got.to_numpy(zero_copy_only=False), expected.to_numpy(zero_copy_only=False))


@settings(max_examples=150, deadline=None)
@given(values=hnp.arrays(NUMBERS, st.integers(0, 300)), step=st.integers(1, 3))
def test_numbers_and_booleans_are_the_arrays_pyarrow_makes(values, step):
    for view in (values, values[::step], values[1:]):  # strided and offset views too
        same(arrow.array(view), pa.array(view))


# no NUL: pyarrow reads a numpy str up to its first NUL, numpy keeps all but trailing ones (no column of ours has one)
@given(texts=st.lists(st.text(st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00"),
                                      max_size=12), min_size=1, max_size=50),
       repeated=st.booleans())
def test_strings_are_the_arrays_pyarrow_makes(texts, repeated):
    if repeated:
        texts = [texts[0]] * len(texts)  # a unit's arm column
    as_numpy = np.array(texts, dtype=str)
    for values, expected in ((texts, texts), (as_numpy, as_numpy.tolist())):
        got = arrow.array(values)
        assert got.type == pa.string() == pa.array(values).type
        assert got.to_pylist() == expected == pa.array(values).to_pylist()


@settings(max_examples=100, deadline=None)
@given(values=hnp.arrays(NUMBERS, st.integers(1, 200)), cuts=st.lists(st.integers(0, 200), max_size=4))
def test_numpy_reads_chunked_columns_back_as_pyarrow_does(values, cuts):
    whole = pa.array(values)
    bounds = sorted({0, len(values), *(min(c, len(values)) for c in cuts)})
    column = pa.chunked_array([whole.slice(a, b - a) for a, b in zip(bounds, bounds[1:], strict=False)],
                              type=whole.type)  # slices: chunks that start at an offset, booleans mid-byte
    if cuts:  # and an empty chunk among them
        column = pa.chunked_array([*column.chunks, pa.array([], type=whole.type)], type=whole.type)
    got = arrow.numpy(column)
    expected = column.to_numpy()
    assert got.dtype == expected.dtype
    np.testing.assert_array_equal(got, expected)


def test_a_table_keeps_the_names_order_and_types():
    columns = {"arm": np.full(3, "status_quo"), "replication": np.arange(3), "highend": np.array([True, False, True]),
               "tension": np.array([0.5, 0.25, 1.0]), "rung": np.array([4, 5, 6], dtype=np.int8),
               "us_type": ["TRUMP", "BIDEN", "TRUMP"]}
    got = arrow.table(columns)
    assert got.equals(pa.table(columns))
    assert got.column_names == list(columns)
    assert arrow.array([]).equals(pa.array([]))  # pyarrow's: of type null


def test_a_run_never_imports_pandas(tmp_path):
    """A run, serial, from its config to its summary: pyarrow's conversions would each import pandas.  The import
    is recorded, not refused: pyarrow takes an ImportError as 'no pandas' and goes on."""
    code = ("import sys\n"
            "asked = []\n"
            "class Watch:\n"
            "    def find_spec(self, name, path=None, target=None):\n"
            "        if name == 'pandas':\n"
            "            asked.append(name)\n"
            "sys.meta_path.insert(0, Watch())\n"
            "from scenarios.cli import main\n"
            "try:\n"
            "    main(['run', 'configs/lethal_aid.yaml', '--reps', '300', '--workers', '1', '--quiet', '--runs-dir', "
            f"{str(tmp_path)!r}])\n"
            "finally:\n"
            "    if asked:\n"
            "        print('pandas was imported'); sys.exit(3)\n")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
