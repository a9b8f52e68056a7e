"""Pictures for a seminar: a forest plot of differences, fan charts of the monthly state."""

from __future__ import annotations

import math
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # files only; no display needed
import matplotlib.pyplot as plt  # noqa: E402
import pyarrow.compute as pc  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402

FAN_VARIABLES = {
    "ladder": "Russia–DPRK ladder (L0–L6)",
    "ukr_position": "Ukraine's position (0.5 = stalemate)",
    "dprk_shells": "DPRK shells to Russia per month",
    "eu_goodwill": "European goodwill",
    "rok_ru_rel": "ROK–Russia relation (0–1)",
    "opposition_mobilization": "Opposition mobilisation (0–1)",
}


def forest(report: dict, path: Path) -> None:
    """One panel per metric: difference and 95% interval per comparison, zero marked."""
    by_metric: dict[str, list] = {}
    for c in report["comparisons"]:
        by_metric.setdefault(c.metric, []).append(c)
    n_panels = len(by_metric)
    cols = min(3, n_panels)
    nrows = math.ceil(n_panels / cols)
    height = max(2.2, 0.45 * max(len(v) for v in by_metric.values()) + 1.2)
    fig, axes = plt.subplots(nrows, cols, figsize=(5.2 * cols, height * nrows), squeeze=False)
    for ax, comps in zip(axes.flat, by_metric.values(), strict=False):
        labels = [c.compared for c in comps]
        y = list(range(len(comps)))[::-1]
        for yi, c in zip(y, comps, strict=True):
            e = c.estimate
            ax.errorbar(e.diff, yi, xerr=[[e.diff - e.low], [e.high - e.diff]], fmt="o", color="tab:blue"
                        if (e.low > 0 or e.high < 0) else "tab:gray", capsize=3)
        ax.axvline(0, color="black", lw=0.8)
        ax.set_yticks(y, labels, fontsize=8)
        first = comps[0]
        unit = f" ({first.unit})" if first.unit else ""
        kind = "risk difference" if first.kind == "binary" else "mean difference"
        ax.set_title(first.label + unit, fontsize=9)
        ax.set_xlabel(f"{kind} vs {first.reference}", fontsize=8)
    for ax in list(axes.flat)[n_panels:]:
        ax.axis("off")
    design = "paired (common random numbers)" if all(c.paired for c in report["comparisons"]) else "unpaired/mixed"
    n = report["comparisons"][0].estimate.n_a if report["comparisons"] else 0
    fig.suptitle(f"Differences with 95% intervals, {design}, n = {n:,} per arm (grey: interval includes 0)",
                 fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=130)
    plt.close(fig)


def fan_charts(samples: list[tuple[Path, str, str]], path: Path) -> None:
    """Median and 5–95% band per month of the main state variables; samples are (run, arm, label)."""
    fig, axes = plt.subplots(2, 3, figsize=(15, 8), squeeze=False)
    colours = plt.rcParams["axes.prop_cycle"].by_key()["color"]
    n_text = []
    for i, (run, arm, label) in enumerate(samples):
        table = pq.read_table(run / "timeseries.parquet")
        table = table.filter(pc.equal(table.column("arm"), arm)).to_pandas()
        if table.empty:
            continue
        n_text.append(f"{label} n={int(table['n'].iloc[0]):,}")
        for ax, (variable, title) in zip(axes.flat, FAN_VARIABLES.items(), strict=True):
            rows = table[table["variable"] == variable].sort_values("month")
            colour = colours[i % len(colours)]
            ax.fill_between(rows["month"], rows["q05"], rows["q95"], color=colour, alpha=0.15)
            ax.plot(rows["month"], rows["q50"], color=colour, label=label)
            ax.set_title(title, fontsize=10)
            ax.set_xlabel("month of the run")
    axes.flat[0].legend(fontsize=8)
    fig.suptitle("Median (line) and 5–95% band per month; " + ", ".join(n_text), fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
