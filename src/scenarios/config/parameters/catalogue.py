"""How a catalogue entry is written: a default, an admissible range, and two separate provenance notes.

`claim` names the causal claim the parameter encodes (C# / Q# of the project's claim list, docs/sources.md,
with the article tag [000]-[004]) or says it is structural.  `value` says where the *number* comes from,
starting with one of VALUE_KINDS:

- ``article``: an article's quantity, or arithmetic on one (the note says which);
- ``calibrated``: set so that a documented pattern holds (e.g. July 2024 is a stalemate);
- ``background``: a fact the articles do not give (e.g. the inauguration month);
- ``assumption``: the modellers' choice, to be swept.

`plausible` is the range a screening, a sweep or a seminar slider uses; for a distribution it defaults to
the distribution's support.
"""

from __future__ import annotations

import functools
import math
from typing import Annotated, Any

from pydantic import AfterValidator, Field

from ..distributions import Spec, support

VALUE_KINDS = ("article", "calibrated", "background", "assumption")
LN = math.log


class Bounds:
    """The admissible range of a scalar parameter (a distribution's whole support must lie inside)."""

    def __init__(self, low: float, high: float, meaning: str):
        self.low, self.high, self.meaning = low, high, meaning

    def __call__(self, spec):
        lo, hi = support(spec)
        if isinstance(spec, (int, float)) and not math.isfinite(spec):
            raise ValueError(f"{self.meaning}: must be a finite number, got {spec}")
        if lo < self.low or hi > self.high:
            span = f"{lo:g}" if lo == hi else f"[{lo:g}, {hi:g}]"
            raise ValueError(f"{self.meaning}: must lie within [{self.low:g}, {self.high:g}], got {span}")
        return spec


def bounded(low: float, high: float, meaning: str):
    b = Bounds(low, high, meaning)
    return Annotated[Spec, AfterValidator(b), b]


Prob = bounded(0, 1, "a probability or share")
Pos = bounded(0, math.inf, "a non-negative quantity")
Signed = bounded(-1, 1, "a signed view in [-1, 1]")
Mult = bounded(1, math.inf, "a multiplier of at least 1")
Rung = bounded(0, 6, "a rung of the Russia-DPRK ladder L0..L6")
Grung = bounded(0, 5, "a rung of the NATO track G0..G5")
Switch = bounded(0, 1, "a switch: 0 off, 1 on (or a probability of on)")


def p(default: Any, claim: str, value: str, doc: str, unit: str = "",
      plausible: tuple[float, float] | None = None, screen_with: dict[str, float] | None = None,
      label: str = "") -> Any:
    """A catalogue entry.  `screen_with` names the other parameters' values under which this one can act at
    all (e.g. a strength that matters only when its switch is on); the screening sets them.  `label` is a
    short name for pictures and sliders (default: the doc's first clause)."""
    kind = value.split(":", 1)[0].strip()
    if kind not in VALUE_KINDS:
        raise ValueError(f"value source must start with one of {VALUE_KINDS}: {value!r}")
    if plausible is None:
        if isinstance(default, (int, float)):
            raise ValueError(f"a fixed default needs a plausible range: {doc!r}")
        plausible = tuple(float(x) for x in support_of(default))
    return Field(default=default, description=doc, validate_default=True,
                 json_schema_extra={"claim": claim, "value": value, "unit": unit, "plausible": list(plausible),
                                    "screen_with": screen_with or {}, "label": label})


def support_of(default: dict) -> tuple[float, float]:
    lo, hi = _distribution_adapter().validate_python(default).support()
    if not (math.isfinite(lo) and math.isfinite(hi)):
        raise ValueError(f"a distribution with unbounded support needs a plausible range: {default}")
    return lo, hi


@functools.cache
def _distribution_adapter():
    """One validator for every catalogue default (building one per entry cost ~0.6 ms each, 56 times)."""
    from pydantic import TypeAdapter

    from ..distributions import Distribution
    return TypeAdapter(Distribution)


def tau(actor: str, median: float, plausible: tuple[float, float]) -> Any:
    return p({"dist": "lognormal", "mean_log": LN(median), "sd_log": 0.5}, "structural (quantal response)",
             "assumption: bounded rationality (McKelvey-Palfrey); median chosen so choices are mostly deliberate",
             f"Logit temperature of {actor}'s choices (median {median:g}): near 0 = best response, large = noise.",
             plausible=plausible, label=f"Logit temperature of {actor}")
