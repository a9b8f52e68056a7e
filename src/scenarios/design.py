"""The experiment design: which (arm, replications) work units make a run, each replication's parameter
draws, and the model setup of an arm.  Data only: nothing here simulates, writes files or starts processes."""

from __future__ import annotations

import hashlib
from collections import OrderedDict
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np

from .config import distributions as dist
from .config.parameters import ROK_FEATURES, flatten
from .config.schema import Conditional, Endogenous, Fixed, ScenarioConfig, month_index
from .model.params import ParameterTable
from .model.policies import ConditionalAid, EndogenousAid, FixedAid
from .model.setup import Forcings, Setup
from .randomness import Streams


@dataclass(frozen=True)
class WorkUnit:
    """Picklable: a batch of consecutive replications of one arm (at one sweep point, if any)."""

    arm: str
    first: int
    count: int
    point: int = -1  # sweep point id; -1 outside sweeps
    overrides: tuple[tuple[str, object], ...] = ()  # (dotted key, value) that make this point's config
    with_parameters: bool = False  # return the draws too (the first arm's units: parameters.parquet, stored once)

    @property
    def replications(self) -> np.ndarray:
        return np.arange(self.first, self.first + self.count, dtype=np.uint64)


BATCH_MAJOR = "batch-major"  # the row order of outcomes.parquet (manifest `row_order`); runs older than it: arm-major


def work_units(config: ScenarioConfig, arms: list[str], batch_size: int, order: str = BATCH_MAJOR
               ) -> Iterator[WorkUnit]:
    """The plan, in the row order of outcomes.parquet: batch by batch of replications, every arm within a batch,
    so that one worker can draw a batch's parameters once for all arms (`arm-major`: the order of runs made
    before; a resumed one keeps it).  Made as needed: a run of a billion replications holds no list of units."""
    n = config.replications
    firsts = range(0, n, batch_size)
    pairs = ((a, f) for a in arms for f in firsts) if order == "arm-major" else ((a, f) for f in firsts for a in arms)
    return (WorkUnit(arm, first, min(batch_size, n - first), with_parameters=arm == arms[0]) for arm, first in pairs)


def unit_count(config: ScenarioConfig, arms: list[str], batch_size: int) -> int:
    return len(arms) * -(-config.replications // batch_size)


BYTES_PER_REPLICATION = 8_000  # measured order of a batch's arrays per replication (parameters, state, series)


def check_memory(config: ScenarioConfig, workers: int, points_per_job: int = 1) -> None:
    """Refuse a batch size that cannot fit in memory before anything runs (Linux: the available memory)."""
    import os

    from .errors import ScenarioError

    need = BYTES_PER_REPLICATION * config.execution.batch_size * points_per_job * max(1, workers)
    try:
        available = os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return
    if need > available // 2:
        raise ScenarioError(f"a batch of {config.execution.batch_size:,} replications x {max(1, workers)} worker(s) "
                            f"needs about {need / 2**30:.1f} GiB; {available / 2**30:.1f} GiB are free. Use a smaller "
                            "--batch-size (8192 is the default) or fewer --workers")


_drawn: OrderedDict[tuple, ParameterTable] = OrderedDict()  # the last few batches' draws, shared by the arms


def draw_parameters(config: ScenarioConfig, streams: Streams) -> ParameterTable:
    """Per-replication draws; stream 'param.<key>' per parameter, so adding one never shifts another.

    The draws depend only on (parameters, seed, replications), not on the arm, so a batch's table is kept
    and reused by the next arms of the same replications (inverse CDFs of beta and gamma are costly)."""
    key = (config.seed, hashlib.blake2b(config.parameters.model_dump_json().encode(), digest_size=16).digest(),
           hashlib.blake2b(streams.replications.tobytes(), digest_size=16).digest())
    if key in _drawn:
        _drawn.move_to_end(key)
        return _drawn[key]
    draws = {}
    for name, spec in flatten(config.parameters).items():
        if dist.fixed(spec):  # no uniforms to draw (~0.75 us a replication saved)
            u = np.empty(len(streams.replications))
        else:
            k = dist.width(spec)
            u = streams.uniform(f"param.{name}", 0, k) if k else streams.uniform(f"param.{name}")
        value = dist.sample(spec, u)
        if name == "rok.weights":
            names = list(spec.alpha if hasattr(spec, "alpha") else spec)
            value = value[:, [names.index(f) for f in ROK_FEATURES]]
        draws[name] = value
    table = _drawn[key] = ParameterTable(draws)
    if len(_drawn) > 4:
        _drawn.popitem(last=False)
    return table


def param_columns(table: ParameterTable) -> dict[str, np.ndarray]:
    """Flatten draws into 'param.<key>' columns (weight vectors: one column per feature)."""
    cols = {}
    for key, value in table.items():
        if value.ndim == 2:
            for j, feature in enumerate(ROK_FEATURES):
                cols[f"param.{key}.{feature}"] = value[:, j]
        else:
            cols[f"param.{key}"] = value
    return cols


def parameter_rows(config: ScenarioConfig, first: int, count: int) -> dict[str, np.ndarray]:
    """The rows of parameters.parquet for replications first..first+count-1: the same numbers the model
    draws for them (the same streams)."""
    reps = np.arange(first, first + count, dtype=np.uint64)
    return {"replication": reps.astype(np.int64), **param_columns(draw_parameters(config, Streams(config.seed, reps)))}


def policy_of(config: ScenarioConfig, arm: str):
    """Seoul's policy object for an arm (model/policies.py)."""
    policy = config.arms[arm].rok_policy
    rung = {f"A{i}": i for i in range(5)}
    if isinstance(policy, Fixed):
        from_month = month_index(policy.from_) - month_index(config.start) if policy.from_ else 0
        return FixedAid(rung[policy.aid], from_month, policy.nato)
    if isinstance(policy, Conditional):
        return ConditionalAid(policy.theta_ladder, policy.atrocity, rung[policy.base_aid], policy.disclosure,
                              policy.nato)
    assert isinstance(policy, Endogenous)
    return EndogenousAid(policy.declared, policy.nato)


START_AID = {"forecast_2024_07": 1, "backcast_2022_03": 0}  # July 2024: indirect supply; March 2022: none


def forcings(config: ScenarioConfig, arm: str) -> Forcings:
    """The arm's forcing (constant ladder bounds) and the config's timeline, month by month."""
    f = Forcings.free(config.horizon_months)
    forcing = config.forcing_for(arm)
    if forcing.ladder_floor is not None:
        f.ladder_lo[:] = forcing.ladder_floor
    if forcing.ladder_cap is not None:
        f.ladder_hi[:] = forcing.ladder_cap
    start = month_index(config.start)
    for event in config.timeline_for(arm):
        first = month_index(event.from_) - start
        kind = event.kind
        if kind in ("us", "war", "ire"):
            last = month_index(event.until) - start if event.until else (first if kind == "ire" else None)
            months = slice(first, None if last is None else last + 1)
            if kind == "us":
                f.us_hold[months] = event.us == "TRUMP"
            elif kind == "war":
                f.war_hold[months] = True
            else:
                f.ire_shock[months] += event.ire
            continue
        how, value = getattr(event, kind).value()
        last = month_index(event.until) - start if event.until else (first if how == "set" else None)
        months = slice(first, None if last is None else last + 1)
        lo, hi = {"ladder": (f.ladder_lo, f.ladder_hi), "aid": (f.aid_lo, f.aid_hi),
                  "nato": (f.nato_lo, f.nato_hi)}[kind]
        if how in ("set", "floor"):
            lo[months] = value
        if how in ("set", "cap"):
            hi[months] = value
        np.maximum(hi, lo, out=hi)  # a later floor above an earlier cap wins
    return f


def model_setup(config: ScenarioConfig, arm: str) -> Setup:
    start = month_index(config.start)
    return Setup(horizon=config.horizon_months, start=start,
                 inauguration_month=month_index(config.events.us_election) + config.events.inauguration_lag - start,
                 policy=policy_of(config, arm), forcings=forcings(config, arm), start_aid=START_AID[config.init])
