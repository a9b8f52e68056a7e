"""What a sweep varies: from `--param`/`--values` options or a YAML file with a `sweep:` block."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, model_validator

from ..config.distributions import low_below_high
from ..errors import ConfigError, Problem

Design = Literal["grid", "lhs", "sobol", "morris"]
# Keys that vary what a point simulates; the rest shape the whole sweep's files (the replications every point
# shares, the calendar its series are dated by, how it is executed) and cannot differ between points.
VARIABLE_ROOTS = ("parameters", "arms", "forcing", "events")
MAX_POINTS = 100_000  # a design larger than this is refused before anything is built
DEFAULT_SAMPLES = {"lhs": 20, "sobol": 64, "morris": 10}


class Range(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    low: float
    high: float
    n: int = Field(default=5, ge=2, le=MAX_POINTS, description="grid points (grid design only)")

    _order = model_validator(mode="after")(lambda self: low_below_high(self, ("LOW", "HIGH")))


class SweepSpec(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    design: Design = "grid"
    params: dict[str, Range] = Field(default_factory=dict, description="dotted config key -> range")
    values: dict[str, list[float | int | str | bool]] = Field(default_factory=dict,
                                                              description="dotted config key -> listed values (grid)")
    samples: int | None = Field(default=None, ge=1, le=MAX_POINTS,
                                description="lhs: points; sobol: base samples N; morris: trajectories")
    arms: list[str] = Field(default_factory=list, description="arms to run at every point (default: all)")
    replications: int | None = Field(default=None, ge=1, le=10**8, description="replications per arm and point")

    @model_validator(mode="after")
    def _consistent(self):
        if not self.params and not self.values:
            raise ValueError("nothing to sweep: give --param KEY=LOW:HIGH:N or --values KEY=a,b,c")
        overlap = set(self.params) & set(self.values)
        if overlap:
            raise ValueError(f"{', '.join(sorted(overlap))} given both as a range and as values")
        if self.design != "grid" and self.values:
            raise ValueError(f"--values works with the grid design only, not {self.design}")
        if self.design in ("sobol", "morris") and len(self.params) < 2:
            raise ValueError(f"the {self.design} design needs at least two --param ranges")
        if self.design in ("sobol", "morris") and self.samples is not None and self.samples < 2:
            # one gave a Morris sigma of NaN (a standard deviation of one effect) and Sobol intervals from one sample
            what = "base samples (N)" if self.design == "sobol" else "trajectories (σ is their standard deviation)"
            raise ValueError(f"the {self.design} design needs --samples of at least 2 {what}; "
                             f"{'512-1,024' if self.design == 'sobol' else '10-20'} are usual")
        if self.size > MAX_POINTS:
            raise ValueError(f"the design has {self.size:,} points; at most {MAX_POINTS:,} (fewer values, a smaller n "
                             "or fewer samples)")
        return self

    @property
    def size(self) -> int:
        """Number of points the design makes (without making them)."""
        if self.design == "grid":
            count = 1
            for r in self.params.values():
                count *= r.n
            for v in self.values.values():
                count *= len(v)
            return count
        n = self.samples or DEFAULT_SAMPLES[self.design]
        d = len(self.params)
        return {"lhs": n, "sobol": n * (d + 2), "morris": n * (d + 1)}[self.design]

    @model_validator(mode="after")
    def _variable_keys(self):
        fixed = [k for k in self.params | self.values if k.split(".", 1)[0] not in VARIABLE_ROOTS]
        if fixed:
            raise ValueError(f"{', '.join(fixed)} cannot vary between points: a sweep varies keys under "
                             f"{', '.join(VARIABLE_ROOTS)}. For replications use --reps; for another start, "
                             "horizon or seed run one sweep per value")
        return self

    @property
    def keys(self) -> list[str]:
        return list(self.params) + list(self.values)


def parse_param(text: str) -> tuple[str, dict]:
    key, sep, spec = text.partition("=")
    parts = spec.split(":")
    if not sep or len(parts) not in (2, 3):
        raise ConfigError([Problem("--param", text, "expected KEY=LOW:HIGH:N (or KEY=LOW:HIGH for lhs/sobol/morris)",
                                   "e.g. --param parameters.china.restraint=0:1:11")])
    try:
        numbers = [float(p) for p in parts[:2]] + ([int(parts[2])] if len(parts) == 3 else [])
    except ValueError:
        raise ConfigError([Problem("--param", text, "LOW and HIGH must be numbers and N a whole number")]) from None
    out = {"low": numbers[0], "high": numbers[1]}
    if len(numbers) == 3:
        out["n"] = numbers[2]
    return key.strip(), out


def parse_values(text: str) -> tuple[str, list]:
    key, sep, spec = text.partition("=")
    if not sep or not spec.strip():
        raise ConfigError([Problem("--values", text, "expected KEY=a,b,c", "e.g. --values parameters.us.p_trump=0,1")])
    from ..config.loader import parse_value

    values = [parse_value("--values", text, v) for v in spec.split(",")]
    if len(values) > MAX_POINTS:
        raise ConfigError([Problem("--values", text, f"{len(values):,} values; a sweep has at most {MAX_POINTS:,} "
                                                     "points")])
    return key.strip(), values


def build_spec(base: dict, where: str, params=(), values=(), **options) -> SweepSpec:
    """Merge a file's sweep block (base) with command-line options; validate."""
    data = dict(base)
    data["params"] = dict(data.get("params") or {}) | dict(parse_param(p) for p in params)
    data["values"] = dict(data.get("values") or {}) | dict(parse_values(v) for v in values)
    data.update({k: v for k, v in options.items() if v not in (None, (), [])})
    try:
        return SweepSpec.model_validate(data)
    except ValidationError as exc:
        problems = []
        for err in exc.errors():
            key = ".".join(str(p) for p in err["loc"])
            problems.append(Problem(where, key, err["msg"].removeprefix("Value error, ")))
        raise ConfigError(problems) from None


def read_sweep_file(path: Path) -> tuple[Path, list[str], dict] | None:
    """(config it extends, its --set overrides, its sweep block), or None if the file is a plain config."""
    from ..config.loader import read_yaml

    data, _ = read_yaml(path)
    if "sweep" not in data:
        return None
    unknown = set(data) - {"extends", "set", "sweep", "description"}
    if unknown or "extends" not in data:
        raise ConfigError([Problem(str(path), ", ".join(sorted(unknown)) or "extends",
                                   "a sweep file holds extends (the config it varies), set, sweep and description",
                                   "e.g. extends: ../lethal_aid.yaml")])
    sets = data.get("set") or []
    if isinstance(sets, dict):
        sets = [f"{k}={yaml.safe_dump(v, default_flow_style=True).strip()}" for k, v in sets.items()]
    return (path.parent / data["extends"]).resolve(), list(sets), dict(data["sweep"] or {})
