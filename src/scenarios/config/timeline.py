"""Dated events in a config: from a month (until a month) an actor's rung is set, floored or capped, the US
administration is held, the war is held on, or Putin's ire takes a shock.  A backcast replays the record
with them; any config can use them.

    timeline:
      - {from: 2022-03, until: 2023-08, ladder: {cap: 1}, note: no munitions trade before the summit}
      - {from: 2023-09, ladder: {set: 2}, note: "Vostochny summit [000]"}
      - {from: 2023-04, ire: 0.1, note: "Zakharova's reply to Yoon's interview [003]"}
"""

from __future__ import annotations

import math
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

AID = {"A0": 0, "A1": 1, "A2": 2, "A3": 3, "A4": 4}
KINDS = ("ladder", "aid", "nato", "us", "war", "ire")


class _Bound(BaseModel):
    """Exactly one of set (held at the value over the event's months; one month if no `until`), floor, cap."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    @model_validator(mode="after")
    def _one(self):
        given = [k for k in ("set", "floor", "cap") if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"give exactly one of set, floor, cap (got {', '.join(given) or 'none'})")
        return self

    def value(self) -> tuple[str, int]:
        kind = next(k for k in ("set", "floor", "cap") if getattr(self, k) is not None)
        raw = getattr(self, kind)
        return kind, AID[raw] if isinstance(raw, str) else int(raw)


class LadderBound(_Bound):
    set: int | None = Field(default=None, ge=0, le=6)
    floor: int | None = Field(default=None, ge=0, le=6)
    cap: int | None = Field(default=None, ge=0, le=6)


class NatoBound(_Bound):
    set: int | None = Field(default=None, ge=0, le=5)
    floor: int | None = Field(default=None, ge=0, le=5)
    cap: int | None = Field(default=None, ge=0, le=5)


class AidBound(_Bound):
    set: Literal["A0", "A1", "A2", "A3", "A4"] | None = None
    floor: Literal["A0", "A1", "A2", "A3", "A4"] | None = None
    cap: Literal["A0", "A1", "A2", "A3", "A4"] | None = None


class TimelineEvent(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)

    from_: str = Field(alias="from", description="first month the event acts (YYYY-MM)")
    until: str | None = Field(default=None, description="last month it acts (default: one month for `set`, `ire`; "
                                                        "the horizon's end otherwise)")
    note: str = Field(default="", description="what happened and the source")
    ladder: LadderBound | None = Field(default=None, description="the Russia-DPRK rung (0-6)")
    aid: AidBound | None = Field(default=None, description="Seoul's aid rung (A0-A4), before the Assembly")
    nato: NatoBound | None = Field(default=None, description="the NATO track rung (0-5)")
    us: Literal["BIDEN", "TRUMP"] | None = Field(default=None, description="the US administration, held")
    war: Literal["on"] | None = Field(default=None, description="the war held on (it cannot end)")
    ire: float | None = Field(default=None, ge=0, le=2, description="a shock added to Putin's ire")

    @field_validator("from_", "until", mode="before")
    @classmethod
    def _month(cls, value):
        from .schema import _check_month

        return None if value is None else _check_month(value)

    @field_validator("ire")
    @classmethod
    def _finite(cls, value):
        if value is not None and not math.isfinite(value):
            raise ValueError(f"must be a finite number, got {value}")
        return value

    @model_validator(mode="after")
    def _one_kind(self):
        given = [k for k in KINDS if getattr(self, k) is not None]
        if len(given) != 1:
            raise ValueError(f"an event acts on exactly one of {', '.join(KINDS)} (got {', '.join(given) or 'none'})")
        if self.until is not None and self.until < self.from_:
            raise ValueError(f"until ({self.until}) is before from ({self.from_})")
        return self

    @property
    def kind(self) -> str:
        return next(k for k in KINDS if getattr(self, k) is not None)
