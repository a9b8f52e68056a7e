"""Seminar pictures of a sweep: outcome curves (one swept key), heatmaps (two), index bars (Sobol/Morris)."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402

from .metrics import HEADLINE  # noqa: E402

def _key_label(key: str) -> str:
    return key.removeprefix("parameters.")


def _metric_label(metric) -> str:
    return metric.label + (f" ({metric.unit})" if metric.unit else "")


def _n(summary: dict) -> int:
    first = summary["points"][0]["arms"]
    return next(iter(next(iter(first.values())).values()))["n"]


def curves(summary: dict, key: str, path: Path, metrics=HEADLINE) -> None:
    """Each outcome against the swept key, one line per arm with its 95% band."""
    points = sorted(summary["points"], key=lambda p: p["values"][key])
    x = np.array([p["values"][key] for p in points], dtype=float)
    arms = list(points[0]["arms"])
    cols = 3
    rows = math.ceil(len(metrics) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(5 * cols, 3.4 * rows), squeeze=False)
    for ax, metric in zip(axes.flat, metrics, strict=False):
        for arm in arms:
            stats = [p["arms"][arm][metric.column] for p in points]
            est = np.array([s["estimate"] for s in stats], dtype=float)
            low = np.array([s["ci95"][0] for s in stats], dtype=float)
            high = np.array([s["ci95"][1] for s in stats], dtype=float)
            line, = ax.plot(x, est, marker="o", ms=3, label=arm)
            ax.fill_between(x, low, high, color=line.get_color(), alpha=0.2)
        ax.set_title(_metric_label(metric), fontsize=9)
        ax.set_xlabel(_key_label(key), fontsize=8)
    for ax in list(axes.flat)[len(metrics):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"Outcomes against {_key_label(key)}: mean and 95% interval, n = {_n(summary):,} replications "
                 "per arm and point (common random numbers across points)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def heatmaps(summary: dict, keys: list[str], path: Path, metric=HEADLINE[0]) -> None:
    """One heatmap per arm over two swept keys, and the difference between the first two arms."""
    points = summary["points"]
    xs = sorted({p["values"][keys[0]] for p in points})
    ys = sorted({p["values"][keys[1]] for p in points})
    arms = list(points[0]["arms"])
    grids = {}
    for arm in arms:
        grid = np.full((len(ys), len(xs)), np.nan)
        for p in points:
            grid[ys.index(p["values"][keys[1]]), xs.index(p["values"][keys[0]])] = p["arms"][arm][metric.column]["estimate"]
        grids[arm] = grid
    panels = [(arm, grids[arm], "viridis") for arm in arms]
    if len(arms) >= 2:
        panels.append((f"{arms[1]} − {arms[0]}", grids[arms[1]] - grids[arms[0]], "RdBu_r"))
    fig, axes = plt.subplots(1, len(panels), figsize=(4.8 * len(panels), 4.2), squeeze=False)
    shared = (np.nanmin([g for _, g, c in panels if c == "viridis"]), np.nanmax([g for _, g, c in panels if c == "viridis"]))
    for ax, (title, grid, cmap) in zip(axes.flat, panels, strict=True):
        if cmap == "RdBu_r":
            bound = np.nanmax(np.abs(grid)) or 1.0
            im = ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=-bound, vmax=bound)
        else:
            im = ax.imshow(grid, origin="lower", aspect="auto", cmap=cmap, vmin=shared[0], vmax=shared[1])
        ax.set_xticks(range(len(xs)), [f"{v:.3g}" for v in xs], rotation=45, fontsize=7)
        ax.set_yticks(range(len(ys)), [f"{v:.3g}" for v in ys], fontsize=7)
        ax.set_xlabel(_key_label(keys[0]), fontsize=8)
        ax.set_ylabel(_key_label(keys[1]), fontsize=8)
        ax.set_title(title, fontsize=9)
        fig.colorbar(im, ax=ax, fraction=0.046)
    fig.suptitle(f"{_metric_label(metric)}; n = {_n(summary):,} replications per arm and cell", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def scatter(summary: dict, keys: list[str], path: Path, metric=HEADLINE[0]) -> None:
    """For designs that are not a 1-D or 2-D grid: the outcome of each point against each key."""
    points = summary["points"]
    arms = list(points[0]["arms"])
    fig, axes = plt.subplots(1, len(keys), figsize=(4.5 * len(keys), 3.6), squeeze=False)
    for ax, key in zip(axes.flat, keys, strict=True):
        for arm in arms:
            ax.scatter([p["values"][key] for p in points], [p["arms"][arm][metric.column]["estimate"] for p in points],
                       s=10, alpha=0.7, label=arm)
        ax.set_xlabel(_key_label(key), fontsize=8)
        ax.set_ylabel(_metric_label(metric), fontsize=8)
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"{len(points)} points, n = {_n(summary):,} replications per arm and point", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)


def sensitivity_bars(sensitivity: dict, path: Path) -> None:
    """Indices per parameter for each arm and headline outcome that varies (arm differences: sensitivity.json)."""
    keys = [k for k, v in sensitivity["indices"].items() if v and " vs " not in k]
    if not keys:
        return
    cols = min(4, len(keys))
    rows = math.ceil(len(keys) / cols)
    fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.2 * rows), squeeze=False)
    names = sensitivity["parameters"]
    pos = np.arange(len(names))
    for ax, key in zip(axes.flat, keys, strict=False):
        v = sensitivity["indices"][key]
        if sensitivity["method"] == "sobol":
            ax.bar(pos - 0.2, [v[n]["S1"] for n in names], 0.4, yerr=[v[n]["S1_conf"] for n in names], label="S1")
            ax.bar(pos + 0.2, [v[n]["ST"] for n in names], 0.4, yerr=[v[n]["ST_conf"] for n in names], label="ST")
            ax.axhline(0, color="black", lw=0.6)
        else:
            ax.bar(pos - 0.2, [v[n]["mu_star"] for n in names], 0.4, yerr=[v[n]["mu_star_conf"] for n in names],
                   label="μ*")
            ax.bar(pos + 0.2, [v[n]["sigma"] for n in names], 0.4, label="σ")
        ax.set_xticks(pos, [_key_label(n).split(".")[-1] for n in names], rotation=30, fontsize=7)
        ax.set_title(key.replace("/", ": "), fontsize=8)
    for ax in list(axes.flat)[len(keys):]:
        ax.axis("off")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle(f"{sensitivity['method'].title()} sensitivity from {sensitivity['points']} points", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
