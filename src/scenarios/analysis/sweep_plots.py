"""Pictures of a sweep: outcome curves (one swept key), heatmaps (two), index bars (Sobol/Morris)."""

from __future__ import annotations

import math
from pathlib import Path

import numpy as np

from . import style
from .metrics import HEADLINE

KEY_METRICS = [m for m in HEADLINE if m.column in style.KEY_OUTCOMES]


def _n(summary: dict) -> int:
    first = summary["points"][0]["arms"]
    return next(iter(next(iter(first.values())).values()))["n"]


def _label(metric) -> str:
    return style.outcome_label(metric.column, invert=metric.invert) if metric.scale == 1 else \
        metric.label + (f" ({metric.unit})" if metric.unit else "")


def _axis(ax, metric) -> None:
    if style.is_share(metric.column):
        ax.set_ylim(0, 1)
    elif metric.scale == 1:
        style.thousands(ax)


def curves(summary: dict, key: str, path: Path, metrics=KEY_METRICS, title: str = "") -> None:
    """Each outcome against the swept key, one line per arm with its 95% band; for listed values that are not
    numbers (an arm's aid rung A0..A4, a switch), a point per value and arm with its interval, in the order given."""
    numeric = all(_number(p["values"][key]) for p in summary["points"])
    points = sorted(summary["points"], key=lambda p: p["values"][key]) if numeric else summary["points"]
    x = np.array([p["values"][key] for p in points], dtype=float) if numeric else np.arange(len(points), dtype=float)
    arms = list(points[0]["arms"])
    cols = min(3, len(metrics))
    rows = math.ceil(len(metrics) / cols)
    fig, axes = style.figure(rows, cols, width=5.6, height=4.4)
    for ax, metric in zip(axes.flat, metrics, strict=False):
        for i, arm in enumerate(arms):
            stats = [p["arms"][arm][metric.column] for p in points]
            est = np.array([s["estimate"] for s in stats], dtype=float)
            low = np.array([s["ci95"][0] for s in stats], dtype=float)
            high = np.array([s["ci95"][1] for s in stats], dtype=float)
            colour = style.arm_colour(arm)
            if numeric:
                ax.fill_between(x, low, high, color=colour, alpha=0.2, lw=0)
                ax.plot(x, est, marker="o", ms=4, lw=2.5, color=colour, label=arm)
            else:  # no line between categories; the arms side by side at each
                ax.errorbar(x + (i - (len(arms) - 1) / 2) * 0.15, est, yerr=[est - low, high - est], fmt="o", ms=6,
                            capsize=4, lw=2, color=colour, label=arm)
        if not numeric:
            ax.set_xticks(x, [str(p["values"][key]) for p in points])
        ax.set_title(style.wrap(_label(metric), 34))
        ax.set_xlabel(style.wrap(style.parameter_label(key), 34))
        _axis(ax, metric)
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)), frameon=False,
               title="line: mean; band: its 95% interval" if numeric else "point: mean; bar: its 95% interval")
    fig.suptitle(style.wrap(f"{title + ': ' if title else ''}outcomes against {style.parameter_label(key)}; "
                            f"n = {_n(summary):,} replications per arm and point, the same worlds at every point", 90))
    style.save(fig, path)


def heatmaps(summary: dict, keys: list[str], path: Path, metric=HEADLINE[0], title: str = "") -> None:
    """One heatmap per arm over two swept keys, and the difference between the first two arms on a
    symmetric scale around zero."""
    points = summary["points"]
    xs, ys = (_levels(points, key) for key in keys)
    arms = list(points[0]["arms"])
    grids = {}
    for arm in arms:
        grid = np.full((len(ys), len(xs)), np.nan)
        for p in points:
            value = p["arms"][arm][metric.column]["estimate"]
            grid[ys.index(p["values"][keys[1]]), xs.index(p["values"][keys[0]])] = value
        grids[arm] = grid
    panels = [(arm, grids[arm], "viridis") for arm in arms]
    if len(arms) >= 2:
        panels.append((f"{arms[1]} minus {arms[0]}", grids[arms[1]] - grids[arms[0]], "RdBu_r"))
    fig, axes = style.figure(1, len(panels), width=5.4, height=5.0)
    share = style.is_share(metric.column)
    levels = np.concatenate([g.ravel() for _, g, c in panels if c == "viridis"])
    low, high = (0.0, 1.0) if share else (np.nanmin(levels), np.nanmax(levels))
    for ax, (name, grid, cmap) in zip(axes.flat, panels, strict=True):
        if cmap == "RdBu_r":
            bound = _nice(np.nanmax(np.abs(grid)))
            image = ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=-bound, vmax=bound)
        else:
            image = ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=low, vmax=high)
        ax.set_xticks(range(len(xs)), [_tick(v) for v in xs], rotation=45)
        ax.set_yticks(range(len(ys)), [_tick(v) for v in ys])
        ax.set_xlabel(style.wrap(style.parameter_label(keys[0]), 30))
        ax.set_ylabel(style.wrap(style.parameter_label(keys[1]), 30))
        ax.set_title(name, color=style.arm_colour(name) if cmap == "viridis" else "black")
        fig.colorbar(image, ax=ax, fraction=0.05)
    fig.suptitle(style.wrap(f"{title + ': ' if title else ''}{_label(metric)}; n = {_n(summary):,} replications "
                            "per arm and cell", 90))
    style.save(fig, path)


def _number(value) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _levels(points: list[dict], key: str) -> list:
    """A swept key's values: numbers in order, listed words (aid rungs, switches) in the order given."""
    values = list(dict.fromkeys(p["values"][key] for p in points))
    return sorted(values) if all(_number(v) for v in values) else values


def _tick(value) -> str:
    return f"{value:.3g}" if _number(value) else str(value)


def _nice(value: float) -> float:
    """A round bound for a symmetric colour scale (0.05, 0.1, 0.2, 0.25, 0.5, 1, ...)."""
    if not np.isfinite(value) or value <= 0:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(value))
    return next(m * magnitude for m in (1, 2, 2.5, 5, 10) if m * magnitude >= value)


def scatter(summary: dict, keys: list[str], path: Path, metric=HEADLINE[0], title: str = "") -> None:
    """For designs that are not a 1-D or 2-D grid: the outcome of each point against each key."""
    points = summary["points"]
    arms = list(points[0]["arms"])
    cols = min(3, len(keys))
    fig, axes = style.figure(math.ceil(len(keys) / cols), cols, width=5.4, height=4.4)
    for ax, key in zip(axes.flat, keys, strict=False):
        for arm in arms:
            ax.scatter([p["values"][key] for p in points], [p["arms"][arm][metric.column]["estimate"] for p in points],
                       s=12, alpha=0.6, color=style.arm_colour(arm), label=arm)
        ax.set_xlabel(style.wrap(style.parameter_label(key), 30))
        ax.set_ylabel(style.wrap(_label(metric), 30))
        _axis(ax, metric)
    for ax in list(axes.flat)[len(keys):]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)), frameon=False)
    fig.suptitle(style.wrap(f"{title + ': ' if title else ''}{len(points)} points, n = {_n(summary):,} "
                            "replications per arm and point", 90))
    style.save(fig, path)


PANELS_PER_ROW = 4  # a sweep of all 7 arms has 13 panels (7 arms, 6 differences): one row was 7,000 pixels wide


def sensitivity_bars(sensitivity: dict, path: Path, column: str = "highend_transfer", title: str = "") -> None:
    """Indices of one outcome (default P(L6)) for each arm and for each arm's difference from the first."""
    keys = [k for k, v in sensitivity["indices"].items() if v and k.endswith(f"/{column}")]
    if not keys:
        return
    # an arm whose outcome does not vary (over the design, or over a Sobol design's base points) has no indices:
    # named under the bars, so that it does not just go missing
    missing = [k.rsplit("/", 1)[0].replace(" vs ", " minus ") for k, v in sensitivity["indices"].items()
               if v is None and k.endswith(f"/{column}")]
    names = sensitivity["parameters"]
    cols = min(len(keys), PANELS_PER_ROW)
    fig, axes = style.figure(-(-len(keys) // cols), cols, width=5.8, height=5.2)
    for ax in axes.flat[len(keys):]:
        ax.set_visible(False)
    pos = np.arange(len(names))
    sobol = sensitivity["method"] == "sobol"
    for ax, key in zip(axes.flat, keys, strict=False):  # the grid may have panels to spare
        # an index the analysis could not estimate is null in the file: no bar (NaN), rather than a failed picture
        v = {n: {k: np.nan if x is None else x for k, x in stats.items()}
             for n, stats in sensitivity["indices"][key].items()}
        if sobol:
            ax.bar(pos - 0.2, [v[n]["S1"] for n in names], 0.4, yerr=[v[n]["S1_conf"] for n in names],
                   label="first order (S1)", color="#56B4E9", capsize=3)
            ax.bar(pos + 0.2, [v[n]["ST"] for n in names], 0.4, yerr=[v[n]["ST_conf"] for n in names],
                   label="total (ST)", color="#0072B2", capsize=3)
            ax.set_ylim(min([0.0] + [v[n]["S1"] for n in names if v[n]["S1"] == v[n]["S1"]]) - 0.05, 1.05)
            ax.axhline(0, color="black", lw=0.8)
        else:
            ax.bar(pos - 0.2, [v[n]["mu_star"] for n in names], 0.4, yerr=[v[n]["mu_star_conf"] for n in names],
                   label="μ* (mean |effect|)", color="#0072B2", capsize=3)
            ax.bar(pos + 0.2, [v[n]["sigma"] for n in names], 0.4, label="σ (interactions)", color="#E69F00")
        ax.set_xticks(pos, [style.wrap(style.parameter_label(n), 12) for n in names], rotation=0, fontsize=10)
        arm = key.split("/")[0]
        ax.set_title(style.wrap(arm.replace(" vs ", " minus "), 30))
    handles, labels = axes.flat[0].get_legend_handles_labels()
    note = (f"\nno indices for {', '.join(missing)}: the outcome does not vary over the design"
            f"{' (or its base points)' if sobol else ''}; see the warnings in sensitivity.json") if missing else ""
    fig.legend(handles, labels, loc="outside lower center", ncols=2, frameon=False, alignment="center",
               title=("bars: index; whiskers: 95% bootstrap interval" if sobol else "") + note)
    fig.suptitle(style.wrap(f"{title + ': ' if title else ''}{sensitivity['method'].title()} indices of "
                            f"{style.outcome_label(column)} from {sensitivity['points']:,} points", 90))
    style.save(fig, path)
