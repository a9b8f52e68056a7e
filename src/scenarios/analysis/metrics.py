"""The headline outcomes a summary, a comparison and a sweep report, taken from the model's outcome
declarations (model/outcomes.py; light: no scipy or Mesa import)."""

from __future__ import annotations

from dataclasses import dataclass

from ..model.outcomes import HEADLINE as HEADLINE_OUTCOMES


@dataclass(frozen=True)
class Metric:
    column: str
    label: str
    short: str
    kind: str  # "binary" (a probability) or "continuous"
    scale: float = 1.0
    unit: str = ""
    invert: bool = False  # report 1 - column (e.g. war still on = not war_ended)
    defined_only: bool = False  # NaN means 'never happened' (a month of a first event): described where defined


def _metric(o) -> Metric:
    unit = "million" if o.scale == 1e-6 else (o.unit if o.unit in ("USD bn",) else "")
    label = "P(war still on at the horizon)" if o.invert else o.label
    return Metric(o.name, label, o.short, "binary" if o.kind == "binary" else "continuous", o.scale, unit, o.invert)


HEADLINE = tuple(_metric(o) for o in HEADLINE_OUTCOMES)


def not_a_number(name: str) -> str:
    """What to say when a summary, comparison or story is asked for an outcome held as text (us_type)."""
    return (f"{name!r} is a category (its values are words: BIDEN or TRUMP), not a number or a yes/no outcome, so "
            "it has no mean or difference to report; pick a numeric or yes/no outcome column (docs/outputs.md), "
            "or count its values in the table that scenarios export writes")


def number(value: float | None, signed: bool = False) -> str:
    """Readable number for tables and headlines: 3 decimals below 10, 1 below 1,000, then thousands."""
    if value is None or value != value:
        return "n/a"
    size = abs(value)
    text = f"{value:+.3f}" if size < 10 else f"{value:+,.1f}" if size < 1000 else f"{value:+,.0f}"
    return text if signed else text.lstrip("+")
