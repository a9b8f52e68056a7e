"""What one model instance simulates besides its parameter values: the calendar, Seoul's policy object,
the forcings and the starting state.  Built from a config by the experiment design, so the model never
reads a config file."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .mechanics import TOP_LADDER, TOP_NATO
from .policies import ConditionalAid, EndogenousAid, FixedAid


@dataclass(frozen=True)
class Forcings:
    """Month by month (arrays over the horizon): bounds on the three rungs, holds on the US administration and
    the war, shocks to ire.  From a config's `forcing` and `timeline`; no forcing is the full range."""

    ladder_lo: np.ndarray
    ladder_hi: np.ndarray
    aid_lo: np.ndarray
    aid_hi: np.ndarray
    nato_lo: np.ndarray
    nato_hi: np.ndarray
    us_hold: np.ndarray  # -1: free; 0: Biden held; 1: Trump held
    war_hold: np.ndarray  # the war cannot end this month
    ire_shock: np.ndarray

    @classmethod
    def free(cls, horizon: int) -> Forcings:
        def full(value, dtype=np.int64):
            return np.full(horizon, value, dtype=dtype)
        return cls(full(0), full(TOP_LADDER), full(0), full(4), full(0), full(TOP_NATO), full(-1),
                   full(False, bool), full(0.0, float))


@dataclass(frozen=True)
class Setup:
    horizon: int  # months simulated
    start: int  # calendar month index of the first simulated month (year * 12 + month - 1)
    inauguration_month: int  # month of the run (0-based) in which the election winner takes office
    policy: FixedAid | ConditionalAid | EndogenousAid
    forcings: Forcings | None = None  # None: free
    start_aid: int = 1  # July 2024: indirect supply (A1)

    def __post_init__(self):
        if self.forcings is None:
            object.__setattr__(self, "forcings", Forcings.free(self.horizon))

    def ladder_bounds(self, month: int) -> tuple[int, int]:
        f = self.forcings
        return int(f.ladder_lo[month]), int(f.ladder_hi[month])

    def date(self, month: int) -> str:
        """'YYYY-MM' of a month of the run (0-based)."""
        index = self.start + month
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
