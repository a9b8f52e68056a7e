"""Human-readable rendering of a run summary: arms down, headline outcomes across, a legend below."""

from __future__ import annotations

from rich.console import Console, Group
from rich.table import Table
from rich.text import Text

from .metrics import HEADLINE, number

WIDE = 170  # when output is not a terminal, do not squeeze the table into 80 columns


def _fmt_bound(value: float) -> str:
    return "n/a" if value != value else f"{value:.2f}" if abs(value) < 10 else f"{value:.0f}"


def summary_table(summary: dict, title: str) -> Group:
    table = Table(title=title, show_lines=True, title_justify="left")
    table.add_column("arm", style="bold", no_wrap=True)
    table.add_column("n", justify="right")
    for metric in HEADLINE:
        table.add_column(metric.short + (f"\n{metric.unit}" if metric.unit else ""), justify="right")
    for arm, stats in summary["arms"].items():
        cells = []
        for metric in HEADLINE:
            s = stats[metric.column]
            cells.append(f"{number(s['estimate'])}\n[dim]{_fmt_bound(s['ci95'][0])}–{_fmt_bound(s['ci95'][1])}[/]")
        table.add_row(arm, f"{next(iter(stats.values()))['n']:,}", *cells)
    legend = Text("Each cell: estimate, then its 95% interval (Wilson for probabilities, normal for means).\n",
                  style="dim")
    for metric in HEADLINE:
        legend.append(f"{metric.short}: {metric.label}" + (f" ({metric.unit})" if metric.unit else "") + "\n",
                      style="dim")
    return Group(table, legend)


def print_summary(summary: dict, title: str, console: Console | None = None) -> None:
    console = console or Console()
    if not console.is_terminal:
        console.width = max(console.width, WIDE)
    console.print(summary_table(summary, title))


def print_sweep_summary(summary: dict, title: str, console: Console | None = None, columns=HEADLINE[:3]) -> None:
    """One row per point: the swept values, then the first headline outcomes per arm."""
    console = console or Console()
    points = summary["points"]
    keys = list(points[0]["values"]) if points else []
    arms = list(points[0]["arms"]) if points else []
    table = Table(title=title, title_justify="left")
    table.add_column("point", justify="right")
    for key in keys:
        table.add_column(key.removeprefix("parameters."), justify="right")
    for arm in arms:
        for metric in columns:
            table.add_column(f"{arm}\n{metric.short}", justify="right")
    for point in points:
        cells = [str(point["point"])] + [f"{point['values'][k]:.4g}" if isinstance(point["values"][k], float)
                                         else str(point["values"][k]) for k in keys]
        cells += [number(point["arms"][arm][m.column]["estimate"]) for arm in arms for m in columns]
        table.add_row(*cells)
    if not console.is_terminal:
        console.width = max(console.width, WIDE)
    console.print(table)
