"""Generate docs/config-reference.md from the schema, so the reference cannot drift from the code.

    python -m scenarios.config.reference > docs/config-reference.md
"""

from __future__ import annotations

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .distributions import describe
from .parameters import Bounds, Parameters, value_kind
from .schema import Arm, Conditional, Endogenous, Events, Execution, Fixed, Forcing, ScenarioConfig

HEADER = """# Config reference

Generated from the schema by `python -m scenarios.config.reference` (`make docs`); a test fails when this
file and the code disagree. Every key can be set in the YAML file or with `--set dotted.key=value`.

A scalar parameter is a fixed number or a distribution, drawn once per replication from its own random
stream:

| form | example | notes |
|---|---|---|
| fixed | `0.3` | |
| uniform | `{dist: uniform, low: 0.0, high: 1.0}` | low < high |
| triangular | `{dist: triangular, low: 60000, mode: 150000, high: 250000}` | low <= mode <= high |
| truncnormal | `{dist: truncnormal, mean: 1.0, sd: 0.3, low: 0.2, high: 2.0}` | bounds in natural units |
| beta | `{dist: beta, a: 2, b: 2, low: 0.0, high: 1.0}` | scaled to [low, high] |
| lognormal | `{dist: lognormal, mean_log: -1.9, sd_log: 0.5}` | |
| choice | `{dist: choice, values: [5, 6], probs: [0.5, 0.5]}` | probs default to equal |
| bernoulli | `{dist: bernoulli, p: 0.5}` | draws 0 or 1 |
| dirichlet | `{dist: dirichlet, alpha: {security: 4, us: 3, ...}}` | weight vectors only |

A distribution's whole support must lie inside the parameter's admissible range (the `range` column).
"""


def _default(field: FieldInfo) -> str:
    value = field.get_default(call_default_factory=True)
    if isinstance(value, BaseModel):
        return "(section)"
    return "required" if field.is_required() else f"`{value}`"


def _model_table(model: type[BaseModel], prefix: str) -> list[str]:
    lines = ["| key | default | meaning |", "|---|---|---|"]
    for name, field in model.model_fields.items():
        key = field.alias or name
        lines.append(f"| `{prefix}{key}` | {_default(field)} | {field.description or ''} |")
    return lines


def _bounds(field: FieldInfo) -> str:
    for meta in field.metadata:
        if isinstance(meta, Bounds):
            return f"[{meta.low:g}, {meta.high:g}]"
    return "weights" if "weights" in str(field.annotation) or field.annotation is not float else ""


def parameter_tables() -> list[str]:
    lines = []
    defaults = Parameters()
    for group, group_field in Parameters.model_fields.items():
        model = group_field.annotation
        lines += ["", f"### `parameters.{group}`", "", model.__doc__.strip() if model.__doc__ and
                  "Group" not in model.__doc__ else "", "",
                  "| key | default | range | plausible | unit | claim it encodes | where its value comes from "
                  "| meaning |",
                  "|---|---|---|---|---|---|---|---|"]
        for name, field in model.model_fields.items():
            extra = field.json_schema_extra or {}
            value = getattr(getattr(defaults, group), name)
            low, high = extra.get("plausible", ("", ""))
            lines.append(f"| `{name}` | {describe(value)} | {_bounds(field) or 'weights'} | {low:g} to {high:g} | "
                         f"{extra.get('unit', '')} | {extra.get('claim', '')} | {extra.get('value', '')} | "
                         f"{field.description} |")
    return lines


def value_counts() -> list[str]:
    """How many parameters take their number from each kind of source."""
    from .parameters import fields

    kinds = [value_kind(info) for info in fields().values()]
    total = len(kinds)
    return [f"- `{k}`: {kinds.count(k)} of {total} ({kinds.count(k) / total:.0%})" for k in
            ("article", "calibrated", "background", "assumption")]


def render() -> str:
    lines = [HEADER, "## Top level", ""] + _model_table(ScenarioConfig, "")
    lines += ["", "## `arms.<name>`", ""] + _model_table(Arm, "")
    for title, model in (("fixed", Fixed), ("conditional", Conditional), ("endogenous", Endogenous)):
        lines += ["", f"### `rok_policy` with `mode: {title}`", "", (model.__doc__ or "").strip(), ""]
        lines += _model_table(model, "rok_policy.")
    lines += ["", "## `forcing` (top level or per arm)", ""] + _model_table(Forcing, "forcing.")
    lines += ["", "## `events`", ""] + _model_table(Events, "events.")
    lines += ["", "## `execution`", ""] + _model_table(Execution, "execution.")
    lines += ["", "## `parameters`", "",
              "Each parameter says separately which claim it encodes (`C#` a causal claim, `Q#` a quantity, `D#` a "
              "declared policy, numbered as in [sources.md](sources.md); `[000]`-`[004]` the article) and where its "
              "*value* comes from: `article` (an article's quantity or arithmetic on one), `calibrated` (set so a "
              "documented pattern holds), `background` (a fact the articles do not give) or `assumption` (the "
              "modellers' choice). `range` is what validation admits; `plausible` is what screenings, sweeps and "
              "sliders use.", "", "Value sources:", ""] + value_counts()
    lines += parameter_tables()
    return "\n".join(line for line in lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
