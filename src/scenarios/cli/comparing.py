"""Compare arms and runs: stored runs -> paired differences -> table, pictures."""

from __future__ import annotations

from pathlib import Path

import click

from .group import (
    Console,
    main,
)


@main.command()
@click.argument("refs", nargs=-1, required=True, metavar="RUN_DIR [RUN_DIR] | RUN:ARM RUN:ARM")
@click.option("--baseline", help="Reference arm within one run (default status_quo).")
@click.option("--metric", "metrics", multiple=True, help="Outcome column to compare (repeatable; default: headline).")
@click.option("--format", "fmt", type=click.Choice(["table", "markdown", "csv", "json"]), default="table",
              show_default=True)
@click.option("--out", type=click.Path(path_type=Path), help="Write the report to FILE instead of stdout.")
@click.option("--plot", type=click.Path(path_type=Path), help="Write a forest plot (PNG).")
@click.option("--plot-timeseries", type=click.Path(path_type=Path), help="Write fan charts of the compared arms (PNG).")
@click.option("--adjust", type=click.Choice(["none", "holm"]), default="none", show_default=True,
              help="Adjust p-values for the number of comparisons.")
@click.option("--allow-partial", is_flag=True, help="Compare runs that were interrupted or failed.")
def compare(refs, baseline, metrics, fmt, out, plot, plot_timeseries, adjust, allow_partial):
    """Compare arms: every arm of one run against a baseline, the same arms across two runs,
    or two explicit RUN:ARM references. Paired when the samples share seed, replications and model."""
    from ..analysis import compare_report
    from ..analysis.compare import compare as run_compare

    report = run_compare(list(refs), baseline, list(metrics), adjust, allow_partial)
    if fmt == "table" and out is None:
        compare_report.as_table(report, Console())
    else:
        render = {"table": compare_report.as_markdown, "markdown": compare_report.as_markdown,
                  "csv": compare_report.as_csv, "json": compare_report.as_json}[fmt]
        text = render(report)
        if out:
            out.write_text(text, encoding="utf-8")
            click.echo(f"wrote {out}", err=True)
        else:
            click.echo(text, nl=False)
    if plot:
        from ..analysis.plots import forest
        # the outcomes asked for, every one (by default the key ones: a panel for each of 11 is too many)
        forest(report, plot, list(dict.fromkeys(c.metric for c in report["comparisons"])) if metrics else None)
        click.echo(f"wrote {plot}", err=True)
    if plot_timeseries:
        from ..analysis.plots import fan_charts
        samples, seen = [], set()
        for c in report["comparisons"]:
            for label in (c.reference, c.compared):
                if label not in seen:
                    seen.add(label)
                    samples.append(label)
        refs_by_label = _sample_paths(report, samples)
        fan_charts(refs_by_label, plot_timeseries)
        click.echo(f"wrote {plot_timeseries}", err=True)


def _sample_paths(report: dict, labels: list[str]) -> list[tuple[Path, str, str]]:
    runs = [Path(r) for r in report["runs"]]
    out = []
    for label in labels:
        if ":" in label:
            name, arm = label.rsplit(":", 1)
            run = next(r for r in runs if r.name == name)
        else:
            run, arm = runs[0], label
        out.append((run, arm, label))
    return out
