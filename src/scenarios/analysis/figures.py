"""Draw a stored run's pictures into RUN_DIR/plots/ (`scenarios plot`, and at the end of a sweep)."""

from __future__ import annotations

import json
from pathlib import Path

from ..storage import run_dir as store


def draw(path: Path) -> list[Path]:
    from ..errors import RunDirError
    from ..storage import verify

    manifest = store.read_manifest(path)
    verify.require(path, manifest)
    out = path / "plots"
    if out.is_symlink() or (out.exists() and not out.is_dir()):
        raise RunDirError(f"{out}: not a directory of this run (a link or a file); remove it and draw again")
    out.mkdir(exist_ok=True)
    from .style import context
    title = context(manifest)
    if manifest.get("kind") != "sweep":
        from .plots import fan_charts
        target = out / "fan_charts.png"
        fan_charts([(path, arm, arm) for arm in manifest["arms"]], target, title=title)
        return [target]
    from . import sweep_plots
    summary_path = path / store.SUMMARY
    if not summary_path.exists():
        return []
    summary = json.loads(summary_path.read_text())
    sweep = json.loads((path / "sweep.json").read_text())
    keys = list(sweep["spec"]["params"]) + list(sweep["spec"]["values"])
    numeric = all(isinstance(p[k], int | float) and not isinstance(p[k], bool)
                  for p in sweep["points"] for k in keys)
    design, drawn = sweep["spec"]["design"], []
    if numeric and len(keys) == 1 and design in ("grid", "lhs"):
        drawn.append(out / "curves.png")
        sweep_plots.curves(summary, keys[0], drawn[-1], title=title)
    elif len(keys) == 2 and design == "grid":  # numbers, or listed words on either axis
        drawn.append(out / "heatmap_highend.png")
        sweep_plots.heatmaps(summary, keys, drawn[-1], title=title)
        from .metrics import HEADLINE
        drawn.append(out / "heatmap_dprk_shells.png")
        sweep_plots.heatmaps(summary, keys, drawn[-1], HEADLINE[1], title=title)
    elif len(keys) == 1 and design == "grid":  # listed values that are not numbers (aid rungs A0..A4, switches)
        drawn.append(out / "curves.png")
        sweep_plots.curves(summary, keys[0], drawn[-1], title=title)
    elif numeric:
        drawn.append(out / "scatter.png")
        sweep_plots.scatter(summary, keys, drawn[-1], title=title)
    sensitivity = path / "sensitivity.json"
    if sensitivity.exists():
        drawn.append(out / "sensitivity.png")
        sweep_plots.sensitivity_bars(json.loads(sensitivity.read_text()), drawn[-1], title=title)
    return [p for p in drawn if p.exists()]
