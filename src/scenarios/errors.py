"""User-facing errors: each says where, what is wrong, and what to do. The CLI maps them to exit codes."""

from __future__ import annotations

from dataclasses import dataclass


class ScenarioError(Exception):
    """A mistake the user can fix (exit code 2)."""


@dataclass(frozen=True)
class Problem:
    where: str  # file (and line:column) or "--set"
    key: str  # dotted key path, "" for the whole file
    message: str
    hint: str = ""

    def render(self) -> str:
        head = f"{self.where}: {self.key}" if self.key else self.where
        text = f"{head}: {self.message}"
        return f"{text}\n    {self.hint}" if self.hint else text


class ConfigError(ScenarioError):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = f"{len(problems)} problem{'s' if len(problems) != 1 else ''}"
        super().__init__(f"invalid scenario config ({count}):\n" + "\n".join("  " + p.render() for p in problems))


class RunDirError(ScenarioError):
    """A path that is not a usable run directory."""
