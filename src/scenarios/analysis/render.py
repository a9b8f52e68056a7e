"""Human-readable rendering of a run summary: arms down, headline outcomes across, a legend below."""

from __future__ import annotations

from rich.console import Console
from rich.table import Table
from rich.text import Text

from .metrics import HEADLINE, number

NARROW = 100  # when output is not a terminal, fit a 100-column page


def _fmt_bound(value: float) -> str:
    return "n/a" if value is None or value != value else f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"

COLUMN = 12  # the width a metric column takes


def _metrics(summary: dict) -> list[dict]:
    """The summary's metrics (older summaries lack `short`: take it from the headline declarations)."""
    shorts = {m.column: m.short for m in HEADLINE}
    return [m | {"short": m.get("short") or shorts.get(m["column"], m["column"])} for m in summary["metrics"]]


def summary_table(summary: dict, title: str, metrics: list[dict]) -> Table:
    table = Table(title=title, show_lines=True, title_justify="left")
    table.add_column("arm", style="bold", no_wrap=True)
    table.add_column("n", justify="right")
    for metric in metrics:
        table.add_column(metric["short"] + (f"\n{metric['unit']}" if metric["unit"] else ""), justify="right")
    for arm, stats in summary["arms"].items():
        cells = []
        rows = max(s["n"] for s in stats.values())
        for metric in metrics:
            s = stats[metric["column"]]
            fewer = f"\n[dim]n = {s['n']:,}[/]" if s["n"] < rows else ""  # a month of an event: where it came
            cells.append(f"{number(s['estimate'])}\n[dim]{_fmt_bound(s['ci95'][0])}–{_fmt_bound(s['ci95'][1])}[/]"
                         + fewer)
        table.add_row(arm, f"{rows:,}", *cells)
    return table


def print_summary(summary: dict, title: str, console: Console | None = None) -> None:
    """Arms down, metrics across; as many tables as it takes to fit the terminal (or 100 columns)."""
    console = console or Console()
    width = console.width if console.is_terminal else NARROW
    console.width = width
    metrics = _metrics(summary)
    arm_width = max(len(a) for a in summary["arms"]) + 4
    per_table = max(1, (width - arm_width - 10) // COLUMN)
    for start in range(0, len(metrics), per_table):
        chunk = metrics[start:start + per_table]
        part = f" ({start // per_table + 1} of {-(-len(metrics) // per_table)})" if len(metrics) > per_table else ""
        console.print(summary_table(summary, title + part, chunk))
    legend = Text("Each cell: estimate, then its 95% interval (Wilson for probabilities; for means Student's t, the "
                  "normal above 1,000 replications).\n",
                  style="dim")
    for metric in metrics:
        legend.append(f"{metric['short']}: {metric['label']}" + (f" ({metric['unit']})" if metric["unit"] else "")
                      + "\n", style="dim")
    console.print(legend)


def print_sweep_summary(summary: dict, title: str, console: Console | None = None, columns=HEADLINE[:3]) -> None:
    """One row per point: the swept values, then the first headline outcomes per arm; as many tables (a few arms
    each) as it takes to fit the terminal (or 100 columns), as for a run."""
    console = console or Console()
    width = console.width if console.is_terminal else NARROW
    console.width = width
    points = summary["points"]
    keys = list(points[0]["values"]) if points else []
    arms = list(points[0]["arms"]) if points else []
    names = [key.removeprefix("parameters.") for key in keys]
    fixed = 9 + sum(max(len(name), 6) + 3 for name in names)  # the point and swept-value columns, with borders
    groups: list[list[str]] = [[]]
    used = fixed
    for arm in arms:  # each column as wide as its header line (arm, or the metric's short name), with borders
        need = sum(max(len(arm), len(m.short), 6) + 3 for m in columns)
        if groups[-1] and used + need > width:
            groups.append([])
            used = fixed
        groups[-1].append(arm)
        used += need
    for i, chunk in enumerate(groups):
        part = f" ({i + 1} of {len(groups)})" if len(groups) > 1 else ""
        table = Table(title=title + part, title_justify="left")
        table.add_column("point", justify="right")
        for name in names:
            table.add_column(name, justify="right")
        for arm in chunk:
            for metric in columns:
                table.add_column(f"{arm}\n{metric.short}", justify="right")
        for point in points:
            cells = [str(point["point"])] + [f"{point['values'][k]:.4g}" if isinstance(point["values"][k], float)
                                             else str(point["values"][k]) for k in keys]
            cells += [number(point["arms"][arm][m.column]["estimate"]) for arm in chunk for m in columns]
            table.add_row(*cells)
        console.print(table)
