"""The model's input: per-replication parameter values as a read-only table, drawn outside the model.

The experiment design draws the values (`scenarios.design.draw_parameters`); the model only reads them,
as ``p.russia.w_ire`` (an array over the batch's replications) or ``p["russia.w_ire"]``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import numpy as np


class _Group:
    """One catalogue group's arrays as attributes (e.g. ``p.china.restraint``)."""

    __slots__ = ("_name", "_values")

    def __init__(self, name: str, values: dict[str, np.ndarray]):
        object.__setattr__(self, "_name", name)
        object.__setattr__(self, "_values", values)

    def __getattr__(self, key: str) -> np.ndarray:
        try:
            return self._values[key]
        except KeyError:
            raise AttributeError(f"no parameter {self._name}.{key}") from None

    def __setattr__(self, key, value):
        raise AttributeError("parameter tables are read-only; build a new one with ParameterTable.replace")


class ParameterTable(Mapping):
    """{'group.name': array of shape (R,) or (R, k)}; every array has the batch's R rows."""

    def __init__(self, values: dict[str, np.ndarray]):
        rows = {len(v) for v in values.values()}
        if len(rows) > 1:
            raise ValueError(f"parameter arrays disagree on the number of replications: {sorted(rows)}")
        self._values = dict(values)
        self.n = rows.pop() if rows else 0
        grouped: dict[str, dict[str, np.ndarray]] = {}
        for key, value in self._values.items():
            value.setflags(write=False)
            group, name = key.split(".", 1)
            grouped.setdefault(group, {})[name] = value
        self._groups = {g: _Group(g, v) for g, v in grouped.items()}

    def __getattr__(self, group: str) -> _Group:
        try:
            return self.__dict__["_groups"][group]
        except KeyError:
            raise AttributeError(f"no parameter group {group!r}") from None

    def __getitem__(self, key: str) -> np.ndarray:
        return self._values[key]

    def __iter__(self) -> Iterator[str]:
        return iter(self._values)

    def __len__(self) -> int:
        return len(self._values)

    def replace(self, values: dict[str, np.ndarray]) -> ParameterTable:
        """A new table with some keys' values replaced (e.g. a swept parameter set per row)."""
        unknown = set(values) - set(self._values)
        if unknown:
            raise KeyError(f"not parameters: {', '.join(sorted(unknown))}")
        return ParameterTable({**self._values, **{k: np.asarray(v, dtype=float) for k, v in values.items()}})

    def rows(self, index) -> ParameterTable:
        """The table restricted to some replications (e.g. one, to replay its story)."""
        return ParameterTable({k: v[index] for k, v in self._values.items()})
