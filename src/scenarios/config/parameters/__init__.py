"""The parameter catalogue: every coefficient of the model with its claim, the source of its value, its
admissible and plausible ranges.  A parameter is addressed as ``parameters.<group>.<name>``; its value is a
fixed number or a distribution (``distributions.py``), drawn once per replication.  docs/config-reference.md
is generated from these classes (``catalogue.py`` says how an entry is written)."""

from __future__ import annotations

from typing import Any

from pydantic.fields import FieldInfo

from .adversaries import DPRK, China, Russia
from .catalogue import VALUE_KINDS, Bounds
from .partners import US, Europe
from .seoul import ROK_FEATURES, Group, Opposition, Public, Rok
from .world import Events, Relations, Tension, War

__all__ = ["Parameters", "flatten", "fields", "value_kind", "ROK_FEATURES", "Bounds", "VALUE_KINDS"]


class Parameters(Group):
    rok: Rok = Rok()
    opposition: Opposition = Opposition()
    public: Public = Public()
    us: US = US()
    europe: Europe = Europe()
    russia: Russia = Russia()
    dprk: DPRK = DPRK()
    china: China = China()
    war: War = War()
    relations: Relations = Relations()
    tension: Tension = Tension()
    events: Events = Events()


def flatten(parameters: Parameters) -> dict[str, Any]:
    """{'china.restraint': spec, ...} in catalogue order."""
    return {f"{group}.{name}": getattr(getattr(parameters, group), name)
            for group in type(parameters).model_fields
            for name in type(getattr(parameters, group)).model_fields}


def fields() -> dict[str, FieldInfo]:
    """{'china.restraint': its pydantic field (description, claim, value, unit, plausible)}."""
    return {f"{group}.{name}": info
            for group, group_field in Parameters.model_fields.items()
            for name, info in group_field.annotation.model_fields.items()}


def value_kind(info: FieldInfo) -> str:
    """article | calibrated | background | assumption: where the parameter's number comes from."""
    return info.json_schema_extra["value"].split(":", 1)[0].strip()
