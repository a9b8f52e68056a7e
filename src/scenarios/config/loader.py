"""Load a scenario YAML, apply --set overrides, validate once, and report every problem at once."""

from __future__ import annotations

import copy
import difflib
import hashlib
import json
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from ..errors import ConfigError, Problem
from . import safe_yaml
from .distributions import DISTRIBUTION_NAMES
from .schema import ScenarioConfig


def _key_positions(node: yaml.Node, prefix: tuple = ()) -> dict[tuple, tuple[int, int]]:
    """Map each key path to the (line, column) where its value starts, 1-based."""
    out: dict[tuple, tuple[int, int]] = {}
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            path = prefix + (key_node.value,)
            out[path] = (key_node.start_mark.line + 1, key_node.start_mark.column + 1)
            out.update(_key_positions(value_node, path))
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            out[prefix + (i,)] = (item.start_mark.line + 1, item.start_mark.column + 1)
            out.update(_key_positions(item, prefix + (i,)))
    return out


def _where(source: str, exc) -> str:
    line, column = getattr(exc, "line", None), getattr(exc, "column", None)
    mark = getattr(exc, "problem_mark", None)
    if mark is not None:
        line, column = mark.line + 1, mark.column + 1
    return f"{source}:{line}:{column}" if line and column else (f"{source}:{line}" if line else source)


def read_yaml(path: Path) -> tuple[dict, dict]:
    """Parse a YAML mapping through the safe gate; return it and its key positions.  Every refusal names the
    file (and line and column) and says what to do."""
    try:
        text = safe_yaml.read_text(path)
    except safe_yaml.UnsafeYaml as exc:
        hint = "Check the path; shipped configs live in configs/." if str(exc) == "no such file" else ""
        raise ConfigError([Problem(_where(str(path), exc), "", str(exc), hint)]) from None
    try:
        node = safe_yaml.compose(text)
        data = None if node is None else yaml.SafeLoader(text).construct_document(node)
    except safe_yaml.UnsafeYaml as exc:
        raise ConfigError([Problem(_where(str(path), exc), "", str(exc))]) from None
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or str(exc)
        raise ConfigError([Problem(_where(str(path), exc), "", f"YAML syntax error: {reason}",
                                   "Check indentation, colons and brackets on that line.")]) from None
    if not isinstance(data, dict):
        raise ConfigError([Problem(str(path), "", f"the file must hold a mapping of keys, got {type(data).__name__}")])
    return data, _key_positions(node) if node is not None else {}


def parse_value(option: str, text: str, value: str):
    """A command-line value through the safe gate; a YAML error is a usage error naming the option."""
    try:
        return safe_yaml.load(value) if value.strip() else None
    except safe_yaml.UnsafeYaml as exc:
        raise ConfigError([Problem(option, text, f"the value {str(exc)}")]) from None
    except yaml.YAMLError as exc:
        reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise ConfigError([Problem(option, text, f"the value is not valid YAML: {reason}",
                                   "Quote it, or write a list as [a, b] and a mapping as {k: v}.")]) from None


def parse_override(text: str) -> tuple[list[str], Any]:
    key, sep, value = text.partition("=")
    if not sep or not key.strip():
        raise ConfigError([Problem("--set", text, "expected KEY=VALUE, e.g. parameters.china.restraint=0.8")])
    return key.strip().split("."), parse_value("--set", text, value)


def apply_overrides(data: dict, overrides: list[str]) -> tuple[dict, dict[tuple, str]]:
    """Set dotted keys in a copy of data; remember which paths came from the command line."""
    data = copy.deepcopy(data)
    origin: dict[tuple, str] = {}
    for text in overrides:
        keys, value = parse_override(text)
        node = data
        for depth, k in enumerate(keys[:-1]):
            child = node.get(k)
            if not isinstance(child, dict):
                if child is not None and not (isinstance(child, (int, float)) and depth >= 2):
                    raise ConfigError([Problem("--set", ".".join(keys),
                                               f"'{'.'.join(keys[:depth + 1])}' is not a mapping")])
                child = {}  # e.g. replace a fixed number by a distribution field by field
                node[k] = child
            node = child
        node[keys[-1]] = value
        origin[tuple(keys)] = f"--set {text}"
    return data, origin


def _fields_at(model: type[BaseModel], path: tuple) -> list[str]:
    """Field names allowed at path (for 'did you mean'), following nested models and dict values."""
    current: Any = model
    for part in path:
        if isinstance(part, int):  # an index into a list, which the previous part unwrapped
            continue
        if isinstance(current, type) and issubclass(current, BaseModel):
            field = current.model_fields.get(str(part)) or next(
                (f for f in current.model_fields.values() if f.alias == part), None)
            if field is None:
                return []
            current = field.annotation
        origin = getattr(current, "__origin__", None)
        if origin is dict:
            current = current.__args__[1]
            continue
        if origin is list:  # the next part is an index into the list
            current = current.__args__[0]
            continue
        args = [a for a in getattr(current, "__args__", ()) if isinstance(a, type) and issubclass(a, BaseModel)]
        if len(args) == 1:
            current = args[0]
    if isinstance(current, type) and issubclass(current, BaseModel):
        return [f.alias or n for n, f in current.model_fields.items()]
    return []


_BRANCH_LABELS = set(DISTRIBUTION_NAMES) | {"float", "int", "fixed", "conditional", "endogenous", "dict[str,float]"}


def _is_branch_label(part) -> bool:
    """pydantic names union branches in error paths ('uniform', 'tagged-union[...]'); users never wrote them."""
    return isinstance(part, str) and (part in _BRANCH_LABELS or "[" in part or part.startswith("function-"))


def _problem(err: dict, file: str, positions: dict, origin: dict) -> Problem:
    loc = tuple(p for p in err["loc"] if not _is_branch_label(p))
    key = ".".join(str(p) for p in loc)
    where = next((o for path, o in origin.items() if loc[:len(path)] == path or path[:len(loc)] == loc), None)
    if where is None:
        pos = positions.get(loc) or positions.get(loc[:-1])
        where = f"{file}:{pos[0]}:{pos[1]}" if pos else file
    kind, msg, hint = err["type"], err["msg"], ""
    if kind == "extra_forbidden":
        allowed = _fields_at(ScenarioConfig, loc[:-1])
        close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
        msg = f"unknown key '{loc[-1]}'"
        hint = f"Did you mean '{close[0]}'?" if close else (f"Allowed here: {', '.join(allowed)}." if allowed else "")
    elif kind == "missing":
        msg = "required key is missing"
    elif kind == "union_tag_invalid":
        given = err['input'].get('dist', err['input'].get('mode'))
        msg = f"unknown {'distribution' if 'dist' in msg else 'tag'}: {given!r}"
        names = DISTRIBUTION_NAMES if "dist" in err["msg"] else ("fixed", "conditional", "endogenous")
        close = difflib.get_close_matches(str(err["input"].get("dist", err["input"].get("mode"))), names, n=1)
        hint = (f"Did you mean '{close[0]}'? " if close else "") + f"Expected one of: {', '.join(names)}."
    else:
        msg = msg.removeprefix("Value error, ")
        shown = err.get("input")
        if not isinstance(shown, (dict, list)) and "got" not in msg and repr(shown) not in msg:  # named once
            msg = f"{msg} (got {shown!r})"
        if err["loc"] and err["loc"][-1] == "float":  # a parameter: number or distribution
            hint = ("A parameter is a number or a distribution, e.g. {dist: uniform, low: 0.1, high: 0.3} "
                    "(see docs/config-reference.md).")
    return Problem(where, key, msg, hint)


def _dedupe_union_errors(errors: list[dict]) -> list[dict]:
    """A scalar parameter is 'a number or a distribution': for a mapping report the distribution
    branch's complaint, for anything else the number branch's, not both."""
    def number_branch(e):
        return bool(e["loc"]) and e["loc"][-1] == "float"

    def has_number_sibling(e):
        return any(number_branch(x) and x["loc"][:-1] == e["loc"][:-1] for x in errors)

    def weights_given_as_distribution(e):  # {dist: dirichlet, ...} also fails the fixed-weights branch
        loc = e["loc"]
        return "dict[str,float]" in loc and loc[loc.index("dict[str,float]") + 1:][:1] in (("dist",), ("alpha",))

    out = []
    for e in errors:
        if weights_given_as_distribution(e):
            continue
        given_mapping = isinstance(e.get("input"), dict)
        if number_branch(e) and given_mapping:
            continue
        if e["type"] == "model_attributes_type" or (e["type"] == "dict_type" and not given_mapping
                                                     and has_number_sibling(e)):
            continue
        out.append(e)
    return out


def validate(data: dict, file: str = "<config>", positions: dict | None = None,
             origin: dict | None = None) -> ScenarioConfig:
    try:
        return ScenarioConfig.model_validate(data)
    except ValidationError as exc:
        errors = _dedupe_union_errors(exc.errors()) or exc.errors()  # never 'invalid (0 problems)'
        problems = [_problem(e, file, positions or {}, origin or {}) for e in errors]
        unique = list(dict.fromkeys(problems))
        raise ConfigError(unique) from None


def load_config(path: str | Path, overrides: list[str] = ()) -> ScenarioConfig:
    path = Path(path)
    data, positions = read_yaml(path)
    if isinstance(data, dict) and "sweep" in data and "extends" in data:  # checked as a config, a sweep file gave
        # five problems that were none ('extends: unknown key ... Did you mean events?')
        raise ConfigError([Problem(str(path), "", f"a sweep file (it varies {data['extends']}), not a scenario config",
                                   f"run it with: scenarios sweep {path}  (check it: scenarios validate {path}); "
                                   f"or give the config it extends")])
    data, origin = apply_overrides(data, list(overrides))
    return validate(data, str(path), positions, origin)


def load_stored(path: Path) -> ScenarioConfig:
    """A run directory's config.resolved.yaml; a damaged one makes the run unreadable, not the program crash."""
    from ..errors import RunDirError

    try:
        data, positions = read_yaml(Path(path))
        return validate(data, str(path), positions)
    except ConfigError as exc:
        raise RunDirError(f"{path} is damaged, so the run cannot be replayed: {exc}") from None


def resolved_dict(config: ScenarioConfig) -> dict:
    """The fully resolved config (defaults filled in) as plain data."""
    return json.loads(config.model_dump_json(by_alias=True))


def config_hash(config: ScenarioConfig) -> str:
    """What was simulated, not how: workers and batch size leave the results unchanged, so they stay out."""
    data = resolved_dict(config)
    data.pop("execution", None)
    blob = json.dumps(data, sort_keys=True).encode()
    return hashlib.sha256(blob).hexdigest()[:8]


def dump_yaml(config: ScenarioConfig) -> str:
    return yaml.safe_dump(resolved_dict(config), sort_keys=False, allow_unicode=True)
