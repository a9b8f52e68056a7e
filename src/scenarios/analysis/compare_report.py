"""Render a comparison as a table, Markdown, CSV or JSON."""

from __future__ import annotations

import csv
import io
import json

from rich.console import Console, Group

from ..storage.run_dir import without_nan
from .metrics import number
from rich.table import Table
from rich.text import Text


def _p(c) -> str:
    p = c.p_adjusted if c.p_adjusted is not None else c.estimate.p_value
    if p != p:  # no test: nothing to compare, or one replication
        return "n/a"
    return "<0.001" if p < 0.001 else f"{p:.3f}"


def rows(report: dict) -> list[list[str]]:
    out = []
    for c in report["comparisons"]:
        e = c.estimate
        diff = f"{number(e.diff, True)} ({number(e.low, True)} to {number(e.high, True)})"
        extra = ""
        if c.kind == "binary" and e.ratio == e.ratio:
            extra = f"RR {e.ratio:.2f} ({e.ratio_low:.2f}–{e.ratio_high:.2f})"
        elif c.skewed:
            extra = f"medians {number(e.median_a)} → {number(e.median_b)}"
        out.append([f"{c.compared} vs {c.reference}", c.label + (f" ({c.unit})" if c.unit else ""),
                    number(e.a), number(e.b), diff, extra, _p(c), "paired" if c.paired else "unpaired"])
    return out


HEADER = ["comparison", "metric", "reference", "compared", "difference (95% CI)", "ratio / medians", "p", "design"]


def _footer(report: dict) -> list[str]:
    lines = [f"{report['n_comparisons']} comparisons; p-values "
             + ("Holm-adjusted across all of them." if report["adjust"] == "holm" else
                "unadjusted (use --adjust holm for many comparisons).")]
    notes = set(report["pairing"].values())
    if len(notes) == 1 and len(report["pairing"]) > 1:
        lines.append(f"all {len(report['pairing'])} arm pairs: {notes.pop()}")
    else:
        lines += [f"{k}: {v}" for k, v in report["pairing"].items()]
    lines += [f"warning: {w}" for w in report["warnings"]]
    return lines


def as_table(report: dict, console: Console) -> None:
    table = Table(show_lines=False, title="Comparison", title_justify="left")
    for name in HEADER:
        table.add_column(name, justify="left" if name in ("comparison", "metric") else "right", overflow="fold")
    for row in rows(report):
        table.add_row(*row)
    parts = [table]
    if report["headlines"]:
        parts.append(Text("Largest effects:\n" + "\n".join(f"  • {h}" for h in report["headlines"]), style="bold"))
    parts.append(Text("\n".join(_footer(report)), style="dim"))
    if not console.is_terminal:
        console.width = max(console.width, 170)
    console.print(Group(*parts))


def as_markdown(report: dict) -> str:
    lines = ["| " + " | ".join(HEADER) + " |", "|" + "---|" * len(HEADER)]
    lines += ["| " + " | ".join(r) + " |" for r in rows(report)]
    if report["headlines"]:
        lines += ["", "Largest effects:", ""] + [f"- {h}" for h in report["headlines"]]
    lines += [""] + [f"- {line}" for line in _footer(report)]
    return "\n".join(lines) + "\n"


def as_csv(report: dict) -> str:
    records = [without_nan(c.record()) for c in report["comparisons"]]  # an undefined number: an empty cell, as in
    buffer = io.StringIO()  # export, not the text 'nan' (as JSON has null)
    writer = csv.DictWriter(buffer, fieldnames=list(records[0]) if records else ["metric"])
    writer.writeheader()
    writer.writerows(records)
    return buffer.getvalue()


def as_json(report: dict) -> str:
    doc = {k: v for k, v in report.items() if k != "comparisons"}
    doc["comparisons"] = [c.record() for c in report["comparisons"]]
    return json.dumps(without_nan(doc), indent=2, allow_nan=False) + "\n"
