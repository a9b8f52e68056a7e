"""The two pictures of a discovery: PRIM's trade-off curve, and the chosen box against each input's range."""

from __future__ import annotations

from pathlib import Path

from . import style


def draw(report: dict, folder: Path) -> list[Path]:
    return [tradeoff(report, folder / "tradeoff.png"), box(report, folder / "box.png")]


def tradeoff(report: dict, path: Path) -> Path:
    steps = report["trajectory"]
    fig, axes = style.figure(width=7.2, height=5.2)
    ax = axes[0][0]
    dims = [s["res_dim"] for s in steps]
    points = ax.scatter([s["coverage"] for s in steps], [s["density"] for s in steps], c=dims, cmap="viridis",
                        s=28, zorder=2)
    chosen = steps[report["chosen"]]
    ax.scatter([chosen["coverage"]], [chosen["density"]], s=220, facecolors="none", edgecolors="#D55E00",
               linewidths=2.5, zorder=3, label="the box reported")
    ax.axhline(report["base_rate"], color="#7f7f7f", linestyle=":", label=f"base rate {report['base_rate']:.2f}")
    ax.set(xlim=(0, 1.02), ylim=(0, 1.02), xlabel="coverage: share of all cases inside the box",
           ylabel="density: share of the box that are cases")
    ax.set_title(style.wrap(f"PRIM peeling trajectory — {report['what']}", 58), loc="left")
    fig.colorbar(points, ax=ax, label="restricted inputs")
    ax.legend(loc="lower left", frameon=False)
    style.save(fig, path)
    return path


def box(report: dict, path: Path) -> Path:
    """Each restricted input on its own 0-1 scale: the grey bar is the range the run drew, the coloured bar
    the box; quasi-p and the resampling reproduction printed beside it."""
    restrictions = report["box"]["restrictions"]
    scores = report["feature_scores"]
    fig, axes = style.figure(width=8.6, height=1.2 + 0.75 * max(1, len(restrictions)))
    ax = axes[0][0]
    if not restrictions:
        ax.text(0.5, 0.5, "no restriction is significant (quasi-p < 0.05)", ha="center", va="center")
        ax.set_axis_off()
    for row, r in enumerate(restrictions):
        y = len(restrictions) - 1 - row
        low, high = r.get("range_low", 0.0), r.get("range_high", 1.0)
        span = (high - low) or 1.0
        left = 0.0 if r["low"] is None else (r["low"] - low) / span
        right = 1.0 if r["high"] is None else (r["high"] - low) / span
        ax.barh(y, 1.0, color="#dddddd", height=0.5)
        ax.barh(y, right - left, left=left, color="#0072B2", height=0.5)
        ax.text(1.03, y, f"qp {r['qp']:.1g}; in {r['reproduced']:.0%} of resamples", va="center", fontsize=11)
        for value, x in ((r["low"], left), (r["high"], right)):
            if value is not None:
                ax.text(x, y + 0.32, f"{value:.3g}", ha="center", fontsize=10)
    ax.set_yticks(range(len(restrictions)),
                  [style.wrap(r["label"], 34) for r in reversed(restrictions)] if restrictions else [])
    ax.set_xlim(0, 1)
    ax.set_ylim(-0.6, max(1, len(restrictions)) - 0.1)  # room for the value above the top bar
    ax.set_xticks([0, 1], ["lowest drawn", "highest drawn"])
    box_ = report["box"]
    ax.set_title(style.wrap(f"The box: coverage {box_['coverage']:.0%}, density {box_['density']:.0%}, "
                            f"mass {box_['mass']:.0%} (base rate {report['base_rate']:.0%}); top score: "
                            f"{next(iter(scores))}", 70), loc="left", fontsize=13)
    style.save(fig, path)
    return path
