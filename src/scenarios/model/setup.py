"""What one model instance simulates besides its parameter values: the calendar, Seoul's policy object,
the forcing bounds and the starting state.  Built from a config by the experiment design, so the model
never reads a config file."""

from __future__ import annotations

from dataclasses import dataclass

from .policies import ConditionalAid, EndogenousAid, FixedAid


@dataclass(frozen=True)
class Setup:
    horizon: int  # months simulated
    start: int  # calendar month index of the first simulated month (year * 12 + month - 1)
    inauguration_month: int  # month of the run (0-based) in which the election winner takes office
    policy: FixedAid | ConditionalAid | EndogenousAid
    ladder_bounds: tuple[int, int] = (0, 6)  # forcing: the ladder is held within these rungs
    start_aid: int = 1  # July 2024: indirect supply (A1)

    def date(self, month: int) -> str:
        """'YYYY-MM' of a month of the run (0-based)."""
        index = self.start + month
        return f"{index // 12:04d}-{index % 12 + 1:02d}"
