"""Pictures of one run or a comparison: a forest plot of differences, fan charts of the monthly state."""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq
from matplotlib.ticker import MaxNLocator

from . import style

FAN_VARIABLES = ("ladder", "ukr_position", "dprk_shells", "war_active", "rok_ru_rel", "cn_rok_rel")
MAX_BANDS = 3  # more shaded bands than this turn a fan chart into mud: beyond it, medians only


def forest(report: dict, path: Path, metrics: list[str] | None = None, title: str = "") -> None:
    """One panel per metric (by default the key outcomes compared): difference and 95% interval per
    comparison, zero marked, clear effects in the compared arm's colour."""
    by_metric: dict[str, list] = {}
    for c in report["comparisons"]:
        by_metric.setdefault(c.metric, []).append(c)
    chosen = metrics or [m for m in style.KEY_OUTCOMES if m in by_metric] or list(by_metric)
    chosen = [m for m in chosen if m in by_metric]
    runs = {Path(r).name: f"run {i + 1}" for i, r in enumerate(report["runs"])}
    cols = min(2, len(chosen))
    rows = math.ceil(len(chosen) / cols)
    longest = max(len(by_metric[m]) for m in chosen)
    fig, axes = style.figure(rows, cols, width=7.2, height=max(2.6, 0.55 * longest + 1.6))
    for ax, metric in zip(axes.flat, chosen, strict=False):
        comps = by_metric[metric]
        y = np.arange(len(comps))[::-1]
        for yi, c in zip(y, comps, strict=True):
            e = c.estimate
            clear = e.low > 0 or e.high < 0
            colour = style.arm_colour(c.compared)
            ax.errorbar(e.diff, yi, xerr=[[e.diff - e.low], [e.high - e.diff]], fmt="o", ms=9, capsize=5, lw=2,
                        color=colour, markerfacecolor=colour if clear else "white", markeredgewidth=2)
            if e.low != e.low:  # no interval: too few replications where the outcome is defined (said, not blank)
                ax.annotate(f"  no interval (n = {e.n_a:,})", (e.diff if e.diff == e.diff else 0.0, yi),
                            va="center", fontsize=10, color="dimgray")
        ax.axvline(0, color="black", lw=1)
        ax.margins(y=0.12)  # room for a note beside the top and bottom rows
        ax.set_yticks(y, [_short(c.compared, runs) for c in comps])
        ax.xaxis.set_major_locator(MaxNLocator(5))
        first = comps[0]
        ax.set_title(style.wrap(style.outcome_label(metric, invert=True), 40))
        kind = "difference in probability" if first.kind == "binary" else "difference of means"
        references = {c.reference for c in comps}
        versus = _short(first.reference, runs) if len(references) == 1 else "the same arm in run 1"
        ax.set_xlabel(f"{kind} vs {versus}")
        if first.kind != "binary":
            style.thousands(ax, "x")
    for ax in list(axes.flat)[len(chosen):]:
        ax.axis("off")
    design = "paired (same worlds)" if all(c.paired for c in report["comparisons"]) else "unpaired or mixed"
    # n of what is drawn: the first comparison's was 0 where it was a month of an event that never came
    sizes = sorted({c.estimate.n_a for m in chosen for c in by_metric[m]})
    n = f"{sizes[-1]:,}" if len(sizes) == 1 else f"{sizes[0]:,}-{sizes[-1]:,}" if sizes else "0"
    legend = "; ".join(f"{label} = {name}" for name, label in runs.items()) if len(runs) > 1 else ""
    text = (f"{title + ': ' if title else ''}differences with 95% intervals, {design}, n = {n} per arm; "
            "hollow = the interval includes 0")
    fig.suptitle(style.wrap(text, 90) + (f"\n{style.wrap(legend, 90)}" if legend else ""))
    style.save(fig, path)


def _short(label: str, runs: dict[str, str]) -> str:
    """'20261122T..._lethal_aid_ab12cd34:direct_155' -> 'run 2: direct_155'."""
    if ":" in label:
        run, arm = label.rsplit(":", 1)
        return f"{runs.get(run, run[-8:])}: {arm}"
    return label


def fan_charts(samples: list[tuple[Path, str, str]], path: Path, variables: tuple[str, ...] = FAN_VARIABLES,
               title: str = "") -> None:
    """Mean per month of the key state variables for each sample (run, arm, label); with at most three
    samples also the 5-95% band of the replications.  Dates on the time axis."""
    frames = []
    for run, arm, label in samples:
        table = pq.read_table(run / "timeseries.parquet")
        frames.append((table.filter(pc.equal(table.column("arm"), arm)).to_pandas(), label))
    style.save(fan_figure(frames, variables, title), path)


def fan_figure(frames: list[tuple[object, str]], variables: tuple[str, ...] = FAN_VARIABLES, title: str = ""):
    """The fan charts of (one arm's time-series rows as a DataFrame, label) pairs, as a figure."""
    return fan_chart(frames, variables, title).fig


@dataclass
class FanChart:
    """A fan figure with the artists that show numbers, so that `refill` can draw new numbers into it."""

    fig: object
    layout: tuple  # fan_layout(): the labels shown with their months, the variables, the title
    artists: dict  # (label, variable) -> (line, band or None)
    heading: object  # the suptitle's Text: its wording changes with the replications shown, its place does not
    laid_out: tuple | None = None  # the y tick labels the figure's current layout was made for


def chart_png(chart: FanChart) -> bytes:
    """The chart as PNG at its figure's dpi.  Constrained layout (a third of a draw) runs again only when some
    axis's tick labels changed since it last ran: the rest of the figure is the same from one answer to the
    next, and so, then, is the layout."""
    ticks = tuple(tuple(ax.yaxis.get_major_formatter().format_ticks(ax.yaxis.get_major_locator()()))
                  for ax in chart.fig.axes)
    if ticks == chart.laid_out:
        engine = chart.fig.get_layout_engine()
        chart.fig.set_layout_engine("none")
        try:
            return style.png(chart.fig)
        finally:
            chart.fig.set_layout_engine(engine)
    png = style.png(chart.fig)
    chart.laid_out = ticks
    return png


def _monthly(table, variable: str):
    rows = table[table["variable"] == variable].sort_values("month")
    return list(rows["date"]), rows["q05"].to_numpy(), rows["q95"].to_numpy(), rows["mean"].to_numpy()


def fan_layout(frames, variables: tuple[str, ...] = FAN_VARIABLES, title: str = "") -> tuple:
    """What a fan chart's layout depends on: the labels shown with their months, the variables, the title.
    Frames with the same layout can be drawn into one chart (`refill`)."""
    shown = [(label, tuple(_monthly(table, variables[0])[0])) for table, label in frames if not table.empty]
    return tuple(shown), tuple(variables), title


def _suptitle(frames, title: str) -> str:
    what = ("mean (line) and 5–95% of replications (band)" if len(frames) <= MAX_BANDS
            else "mean per month (bands shown for ≤ 3 arms)")
    n = ", ".join(f"{s:,}" for s in sorted({int(t["n"].iloc[0]) for t, _ in frames if not t.empty}))
    return style.wrap(f"{title + ': ' if title else ''}{what}; n = {n} replications per arm", 100)


def fan_chart(frames: list[tuple[object, str]], variables: tuple[str, ...] = FAN_VARIABLES,
              title: str = "") -> FanChart:
    """`fan_figure`, keeping what `refill` needs."""
    from ..model.outcomes import SERIES_BY_NAME

    bands = len(frames) <= MAX_BANDS
    cols = 3 if len(variables) > 4 else 2
    rows = math.ceil(len(variables) / cols)
    fig, axes = style.figure(rows, cols, width=6.0, height=4.2)
    artists = {}
    for table, label in frames:
        if table.empty:
            continue
        colour = style.arm_colour(label)
        for ax, variable in zip(axes.flat, variables, strict=False):
            dates, q05, q95, mean = _monthly(table, variable)
            x = np.arange(len(dates))
            band = None
            if bands and variable != "war_active":  # a share of replications at war has no spread to show
                band = ax.fill_between(x, q05, q95, color=colour, alpha=0.18, lw=0)
            # a horizon of a few months: a line through one point is invisible, so the months get markers
            (line,) = ax.plot(x, mean, color=colour, lw=2.5, label=label, marker="o" if len(x) <= 3 else None)
            artists[label, variable] = line, band
            series = SERIES_BY_NAME[variable]
            ax.set_title(style.wrap(series.label + ("" if series.unit in ("0-1", "share") else f" ({series.unit})"),
                                    34))
            ticks = [i for i in range(len(dates)) if dates[i].endswith(("-01", "-07"))] or list(range(len(dates)))
            ax.set_xticks(ticks, [dates[i] for i in ticks], rotation=30)
            if series.unit in ("0-1", "share"):
                ax.set_ylim(0, 1)
            elif series.high >= 1000:
                style.thousands(ax)
    for ax in list(axes.flat)[len(variables):]:
        ax.axis("off")
    handles, labels = axes.flat[0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="outside lower center", ncols=min(4, len(labels)), frameon=False)
    heading = fig.suptitle(_suptitle(frames, title))
    return FanChart(fig, fan_layout(frames, variables, title), artists, heading)


def refill(chart: FanChart, frames: list[tuple[object, str]]) -> bool:
    """Draw new numbers for the same labels and months into `chart`, each axis rescaled as a new figure's would
    be; False (nothing changed) when the frames need another layout.  The seminar page draws a chart per slider
    move: a new one took 0.37-0.43 s, one drawn into takes 0.18-0.28 s (docs/seminar-page.md)."""
    variables, title = chart.layout[1], chart.layout[2]
    if fan_layout(frames, variables, title) != chart.layout:
        return False
    rescaled = {ax for ax in chart.fig.axes if ax.get_autoscaley_on()}  # limits as a new figure's: from its points
    for ax in rescaled:
        ax.ignore_existing_data_limits = True
    for table, label in frames:
        if table.empty:
            continue
        for variable in variables:
            _, q05, q95, mean = _monthly(table, variable)
            line, band = chart.artists[label, variable]
            line.set_ydata(mean)
            if band is not None:
                band.set_data(np.arange(len(mean)), q05, q95)
            if line.axes in rescaled:
                line.axes.update_datalim(line.get_xydata())
                for path in band.get_paths() if band is not None else ():  # one polygon per run of numbers
                    line.axes.update_datalim(path.vertices)
    for ax in rescaled:
        ax.autoscale_view()
    chart.heading.set_text(_suptitle(frames, title))  # fig.suptitle() would put it back where layout moved it from
    return True
