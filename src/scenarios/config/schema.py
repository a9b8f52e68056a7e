"""The scenario file: what is simulated (arms, calendar, forcing) and how much (replications, seed)."""

from __future__ import annotations

import re
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from .parameters import Parameters
from .timeline import TimelineEvent

AID_RUNGS = ("A0", "A1", "A2", "A3", "A4")
_MONTH = re.compile(r"^(\d{4})-(\d{2})$")


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


def month_index(text: str) -> int:
    """'2024-08' -> months since year 0 (for calendar arithmetic)."""
    year, month = _MONTH.match(text).groups()
    return int(year) * 12 + int(month) - 1


def month_label(index: int) -> str:
    return f"{index // 12:04d}-{index % 12 + 1:02d}"


def _check_month(value: object) -> str:
    text = str(value)
    m = _MONTH.match(text)
    if not m or not 1 <= int(m.group(2)) <= 12:
        raise ValueError(f"a month is written YYYY-MM (e.g. 2024-09), got {value!r}")
    return text


Month = Annotated[str, Field(description="YYYY-MM")]
NATO_DOC = ("NATO track: `respond` (Seoul weighs NATO's offers of the next rung, C21, C46, C61) or `hold` "
            "(Seoul stays at its rung)")
NatoMode = Literal["respond", "hold"]


class Fixed(Strict):
    """Seoul holds one aid rung from a month on (an intervention arm)."""

    mode: Literal["fixed"]
    aid: Literal["A0", "A1", "A2", "A3", "A4"] = Field(description="A0 non-lethal, A1 indirect (US loans, Poland), "
                                                       "A2 + production surge, A3 direct 155 mm, "
                                                       "A4 large direct 105 mm")
    from_: Month | None = Field(default=None, alias="from",
                                description="first month at `aid` (default: start); before it Seoul holds A1")
    nato: NatoMode = Field(default="respond", description=NATO_DOC)

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    _month = field_validator("from_", mode="before")(lambda v: None if v is None else _check_month(v))


class Conditional(Strict):
    """Declared policy as a rule: go direct (A3) when the ladder reaches theta or after an atrocity (D1, D2)."""

    mode: Literal["conditional"]
    theta_ladder: int | None = Field(default=None, ge=0, le=6,
                                     description="override parameters.rok.theta_ladder")
    atrocity: bool = Field(default=True, description="an atrocity also triggers direct aid (D2)")
    base_aid: Literal["A1", "A2"] = Field(default="A1", description="rung held until a trigger")
    disclosure: Literal["specific", "ambiguous"] = Field(
        default="specific", description="what Moscow is told: the trigger rung (D1), or only that there is one (D3)")
    nato: NatoMode = Field(default="respond", description=NATO_DOC)


class Endogenous(Strict):
    """Seoul chooses its rung each month by logit over expected utility, with trigger bonuses."""

    mode: Literal["endogenous"]
    declared: Literal["none", "specific", "ambiguous"] = Field(
        default="specific", description="the conditional threat Moscow reads: D1 with its rung (July 2024), "
                                        "D3 ambiguity, or none")
    nato: NatoMode = Field(default="respond", description=NATO_DOC)


RokPolicy = Annotated[Fixed | Conditional | Endogenous, Field(discriminator="mode")]


class Forcing(Strict):
    """Exogenous pushes on the Russia-DPRK ladder (for experiments such as SF12 and SF14)."""

    ladder_floor: int | None = Field(default=None, ge=0, le=6, description="ladder held at or above this rung")
    ladder_cap: int | None = Field(default=None, ge=0, le=6, description="ladder held at or below this rung")

    @model_validator(mode="after")
    def _order(self):
        if self.ladder_floor is not None and self.ladder_cap is not None and self.ladder_floor > self.ladder_cap:
            raise ValueError(f"ladder_floor ({self.ladder_floor}) is above ladder_cap ({self.ladder_cap})")
        return self


class Arm(Strict):
    description: str = Field(default="", description="shown in docs and reports")
    rok_policy: RokPolicy = Field(description="Seoul's aid policy in this arm; `mode` is fixed, conditional or "
                                              "endogenous")
    forcing: Forcing | None = Field(default=None, description="replaces the top-level forcing for this arm")
    timeline: list[TimelineEvent] = Field(default_factory=list, description="dated events for this arm only, after "
                                          "the config's")


class Events(Strict):
    us_election: Month = Field(default="2024-11", description="month of the US election ([000], Q43)")
    inauguration_lag: int = Field(default=2, ge=0, le=12, description="months from election to inauguration")
    _month = field_validator("us_election", mode="before")(_check_month)


class Execution(Strict):
    batch_size: int = Field(default=8192, ge=1, le=1_000_000,
                            description="replications simulated in lockstep per model (memory grows with it)")
    workers: Annotated[int, Field(ge=1, le=256)] | Literal["auto"] = Field(
        default="auto", description="worker processes; auto: every core this process may use, or 1 for a run too "
                                    "small for a second worker to pay for its start")
    executor: Literal["local", "dask"] = Field(
        default="local", description="local: this machine's processes; dask: a Dask cluster (pip install "
                                     "'scenarios[dask]'), identical results")
    scheduler: str | None = Field(default=None, description="dask: the scheduler's address (tcp://host:8786); "
                                                            "none: a local cluster of `workers` processes")
    kernel: Literal["auto", "compiled", "numpy"] = Field(
        default="auto", description="how the model is computed: numpy, the Mesa agents over the batch; compiled, "
                                    "the same model compiled with numba (2.4-4.1x faster; floats equal to ~1e-11, "
                                    "the rest exactly); auto: compiled where numba is installed (the run's "
                                    "manifest says which ran)")


class ScenarioConfig(Strict):
    name: str = Field(max_length=80, description="used in the run directory name: letters, digits, _, . and -")
    description: str = Field(default="", description="free text")
    seed: int = Field(ge=0, lt=2**63, description="the run seed: every random number derives from it")
    replications: int = Field(default=2000, ge=1, le=1_000_000_000, description="replications per arm")
    start: Month = Field(default="2024-08", description="first simulated month")
    horizon_months: int = Field(default=30, ge=1, le=240, description="months simulated (30: to 2027-01)")
    init: Literal["forecast_2024_07", "backcast_2022_03"] = Field(
        default="forecast_2024_07", description="initial state preset: July 2024 (aid A1; the ladder and NATO rungs "
        "from parameters.russia.ladder_init and rok.nato_init) or March 2022 (aid A0)")
    arms: dict[str, Arm] = Field(min_length=1, description="policy arms, compared under common random numbers")
    parameters: Parameters = Field(default=Parameters(), description="the parameter catalogue (below)")
    events: Events = Field(default=Events(), description="the calendar of scheduled events")
    forcing: Forcing = Field(default=Forcing(), description="exogenous bounds on the Russia-DPRK ladder")
    timeline: list[TimelineEvent] = Field(default_factory=list, description="dated events: rungs set, floored or "
                                          "capped from a month, the US administration or the war held, ire shocks")
    execution: Execution = Field(default=Execution(), description="how the run is executed (not what)")

    _month = field_validator("start", mode="before")(_check_month)

    @field_validator("name")
    @classmethod
    def _run_name(cls, name):
        if not re.fullmatch(r"[A-Za-z0-9_.-]+", name):
            raise ValueError(f"{name!r} cannot be part of a run directory's name: use letters, digits, '_', '.' "
                             "and '-' only")
        return name

    @field_validator("arms")
    @classmethod
    def _arm_names(cls, arms):
        bad = [a for a in arms if not re.fullmatch(r"[A-Za-z0-9_-]{1,60}", a)]
        if bad:
            raise ValueError(f"arm names use letters, digits, _ and - only (at most 60): {bad}")
        return arms

    @model_validator(mode="after")
    def _timeline_in_horizon(self):
        first, last = month_index(self.start), month_index(self.start) + self.horizon_months - 1
        events = [(f"timeline[{i}]", e) for i, e in enumerate(self.timeline)]
        events += [(f"arms.{a}.timeline[{i}]", e) for a, arm in self.arms.items() for i, e in enumerate(arm.timeline)]
        bad = [f"{where} ({e.note or e.kind}): {key} {getattr(e, attr)} is outside the run, "
               f"{self.start} to {month_label(last)}"
               for where, e in events for key, attr in (("from", "from_"), ("until", "until"))
               if getattr(e, attr) is not None and not first <= month_index(getattr(e, attr)) <= last]
        if bad:
            raise ValueError("; ".join(bad))
        return self

    def forcing_for(self, arm: str) -> Forcing:
        return self.arms[arm].forcing or self.forcing

    def timeline_for(self, arm: str) -> list[TimelineEvent]:
        return [*self.timeline, *self.arms[arm].timeline]
