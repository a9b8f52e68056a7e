"""Settings on the page -> a config -> the same in-memory run the Python API makes -> what the page shows.

A slider the user has not moved leaves its parameter as the config says (usually drawn from a
distribution), so the untouched page reproduces `scenarios run` with the same seed and replications; a
moved slider fixes the parameter at the chosen value in every replication.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from ..config.schema import ScenarioConfig
from ..errors import ScenarioError

# the contested assumptions a seminar argues about (docs/model.md): the gate, the reciprocity, the White House
SLIDER_KEYS = ("china.restraint", "russia.reservation", "us.p_trump", "russia.need_elasticity",
               "russia.ire_kappa_direct", "dprk.capacity_per_month")
MAX_REPLICATIONS = 50_000  # a page answer; larger runs belong to `scenarios run`


@dataclass(frozen=True)
class Slider:
    key: str
    label: str
    unit: str
    low: float
    high: float
    start: float  # the config's value, or its distribution's median
    drawn: str  # what the config does with it when the slider is untouched, e.g. 'Beta(a=2, b=3)'
    source: str  # the claim it encodes and where its value comes from, for the hover text


def sliders(config: ScenarioConfig, keys=SLIDER_KEYS) -> list[Slider]:
    from ..config.distributions import describe
    from ..config.parameters import fields, flatten

    specs, infos = flatten(config.parameters), fields()
    out = []
    for key in keys:
        info, spec = infos[key], specs[key]
        extra = info.json_schema_extra or {}
        low, high = (float(v) for v in extra["plausible"])
        if isinstance(spec, (int, float)):
            start, drawn = float(spec), f"fixed at {spec:g}"
        else:
            start, drawn = float(np.asarray(spec.ppf(np.array([0.5]))).ravel()[0]), describe(spec)
        out.append(Slider(key, extra.get("label") or key, extra.get("unit", ""), low, high, start, drawn,
                          f"{info.description} Claim: {extra.get('claim')}. Value: {extra.get('value')}."))
    return out


@dataclass(frozen=True)
class Settings:
    arms: tuple[str, ...]
    replications: int
    values: tuple[tuple[str, float], ...] = ()  # the moved sliders: (key, value)
    seed: int | None = None


@dataclass
class Answer:
    config: ScenarioConfig
    summary: object  # DataFrame: arm, outcome, label, estimate, low, high, n
    difference: object  # DataFrame: the second arm against the first, paired, per headline outcome
    timeseries: object  # DataFrame of the monthly series of the chosen arms
    seconds: float


def settings_config(base: ScenarioConfig, settings: Settings) -> ScenarioConfig:
    """The config the settings describe; a bad value is a ScenarioError with what to do."""
    from ..api import load

    if not settings.arms:
        raise ScenarioError("pick at least one arm")
    unknown = [a for a in settings.arms if a not in base.arms]
    if unknown:
        raise ScenarioError(f"unknown arm(s) {', '.join(unknown)}; this config has: {', '.join(base.arms)}")
    reps = settings.replications
    if not isinstance(reps, int) or not 1 <= reps <= MAX_REPLICATIONS:
        raise ScenarioError(f"replications must be a whole number from 1 to {MAX_REPLICATIONS:,} (got {reps!r}); "
                            "for more, save the scenario and use scenarios run")
    changes = {f"parameters.{k}": v for k, v in settings.values} | {"replications": reps}
    if settings.seed is not None:
        changes["seed"] = settings.seed
    return load(base, changes)


def estimate(base: ScenarioConfig, settings: Settings) -> Answer:
    from ..api import run

    config = settings_config(base, settings)
    t0 = time.perf_counter()
    result = run(config, arms=list(settings.arms))
    summary = result.summary_table()
    difference = None
    if len(settings.arms) >= 2:
        difference = result.compare(settings.arms[0], arms=[settings.arms[1]])
    return Answer(config, summary, difference, result.timeseries(), time.perf_counter() - t0)


def story(base: ScenarioConfig, settings: Settings, arm: str, replication: int) -> str:
    """`scenarios explain`'s narrative of one replication under the page's settings."""
    from ..analysis import story as tell
    from ..analysis import story_render

    config = settings_config(base, settings)
    if arm not in settings.arms:
        raise ScenarioError(f"pick an arm that is on the page ({', '.join(settings.arms)})")
    if not 0 <= replication < config.replications:
        raise ScenarioError(f"replication must be from 0 to {config.replications - 1}")
    replay = tell.replay_config(config, arm, replication)
    return story_render.as_text(replay, tell.tell(replay))


def save(base: ScenarioConfig, settings: Settings, folder: Path, name: str) -> Path:
    """Write the settings as a YAML config under `folder` (a new file; never overwrites)."""
    import re

    from ..config.loader import dump_yaml
    from ..storage import run_dir as store

    config = settings_config(base, settings)
    slug = re.sub(r"[^A-Za-z0-9_-]+", "_", name).strip("_") or "seminar"
    arms = {arm: spec for arm, spec in config.arms.items() if arm in settings.arms}
    config = config.model_copy(update={"name": slug, "arms": arms})
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{slug}.yaml"
    stamp = 1
    while path.exists():
        stamp += 1
        path = folder / f"{slug}-{stamp}.yaml"
    moved = ", ".join(f"{k}={v:g}" for k, v in settings.values) or "none"
    store.write_text(path, f"# saved from the seminar page; sliders moved: {moved}\n" + dump_yaml(config))
    return path
