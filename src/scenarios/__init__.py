"""scenarios: strategic scenario simulation of Seoul's lethal-aid choice (see README.md).

The Python API (docs/python-api.md):

    import scenarios
    result = scenarios.run("configs/lethal_aid.yaml", replications=500)
    result.compare("status_quo")

Names are imported on first use, so `import scenarios` (and the command line) stays fast.
"""

from __future__ import annotations

__all__ = ["load", "run", "open_run", "Results", "ScenarioError", "ConfigError"]

_LAZY = {"load": ".api", "run": ".api", "open_run": ".api", "Results": ".api",
         "ScenarioError": ".errors", "ConfigError": ".errors"}


def __getattr__(name: str):
    if name in _LAZY:
        import importlib

        value = getattr(importlib.import_module(_LAZY[name], __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'scenarios' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
