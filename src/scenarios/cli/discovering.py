"""Reading a stored run for decisions: scenario discovery, robustness, CSV export."""

from __future__ import annotations

import json
from pathlib import Path

import click

from ..errors import ScenarioError
from .group import (
    main,
)


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--outcome", default="highend_transfer", show_default=True,
              help="The outcome column to explain (docs/outputs.md).")
@click.option("--arm", help="The arm whose runs are searched (default: status_quo, else the first).")
@click.option("--paired", nargs=2, metavar="A B",
              help="Search where arm B makes the difference against arm A in the same world.")
@click.option("--threshold", type=float,
              help="A case is value > THRESHOLD (numeric outcomes only; default: the 90th percentile; with --paired, "
                   "of B - A).")
@click.option("--dims", type=click.IntRange(min=1, max=200), default=12, show_default=True,
              help="Inputs PRIM peels: the highest feature scores.")
@click.option("--resamples", type=click.IntRange(min=0, max=100), default=10, show_default=True,
              help="PRIM runs on random halves, to check each restriction.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
def discover(run_dir, outcome, arm, paired, threshold, dims, resamples, as_json):
    """Scenario discovery: under which assumptions does OUTCOME happen (or does arm B change it)? Feature scores,
    a PRIM box with quasi-p values and a resampling check, a CART cross-check, one sentence, two pictures
    (RUN_DIR/discovery/...)."""
    from ..analysis.discover_run import describe, run_discovery

    if arm and paired:
        raise ScenarioError("give --arm or --paired A B, not both")
    report, folder = run_discovery(Path(run_dir), outcome, arm, tuple(paired) if paired else None, threshold,
                                   dims, resamples)
    if as_json:
        click.echo(json.dumps(report, indent=2))
        return
    click.echo(describe(report))
    for picture in report["pictures"]:
        click.echo(f"picture: {picture}")
    click.echo(f"report: {folder / 'discovery.json'}")


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--outcome", "outcomes", multiple=True,
              help="Outcome(s) with a declared direction (default: the headline ones that have one).")
@click.option("--baseline", help="Arm whose median is the default satisficing threshold (default: status_quo, else the "
                                 "run's first arm).")
@click.option("--threshold", "thresholds", multiple=True, metavar="OUTCOME=VALUE",
              help="Satisficing threshold for an outcome, e.g. rok_exports_eu_total_bn=40 (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON on stdout.")
def robustness(run_dir, outcomes, baseline, thresholds, as_json):
    """Which policy holds up across the assumptions? Regret (shortfall from the best arm in the same world)
    and satisficing (share of worlds meeting a threshold) per arm."""
    from ..analysis import robustness as rb

    given = {}
    for text in thresholds:
        key, sep, value = text.partition("=")
        try:
            given[key.strip()] = float(value)
        except ValueError:
            raise ScenarioError(f"--threshold {text!r}: expected OUTCOME=NUMBER") from None
        if not sep:
            raise ScenarioError(f"--threshold {text!r}: expected OUTCOME=NUMBER")
    result = rb.robustness(Path(run_dir), list(outcomes), baseline, given)
    click.echo(json.dumps(result, indent=2) if as_json else rb.describe(result))


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--format", "fmt", type=click.Choice(["csv"]), default="csv", show_default=True)
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Folder to write to (default RUN_DIR/export).")
def export(run_dir, fmt, out):
    """Write a run's tables as CSV for a spreadsheet: outcomes (one row per arm and replication, parameters
    included), summary and time series."""
    from ..storage.export import export_csv

    for path in export_csv(Path(run_dir), out):
        click.echo(f"wrote {path}")
