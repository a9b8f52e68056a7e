"""Run a config, validate one, show a stored run: config -> run directory -> summary table."""

from __future__ import annotations

import json
from pathlib import Path

import click

from .. import signals
from .group import (
    WORKERS,
    WORKERS_HELP,
    Console,
    _overrides,
    load_config,
    main,
    print_summary,
    progress_bar,
)


@main.command()
@click.argument("config", required=False, type=click.Path(path_type=Path))
@click.option("--resume", type=click.Path(path_type=Path), help="Finish an interrupted or abandoned run in place.")
@click.option("--reps", type=click.IntRange(min=1), help="Replications per arm (overrides `replications`).")
@click.option("--seed", type=click.IntRange(min=0), help="Run seed (overrides `seed`).")
@click.option("--arm", "arms", multiple=True, help="Run only this arm (repeatable).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE",
              help="Override any config key by dotted path, e.g. parameters.china.restraint=0.8 (repeatable).")
@click.option("--workers", type=WORKERS, help=WORKERS_HELP)
@click.option("--batch-size", type=click.IntRange(min=1), help="Replications per lockstep model.")
@click.option("--executor", type=click.Choice(["local", "dask"]),
              help="local (default) or dask: a Dask cluster, identical results (pip install 'scenarios[dask]').")
@click.option("--scheduler", metavar="ADDRESS", help="With --executor dask: the scheduler (tcp://host:8786); "
                                                     "default: a local cluster of --workers processes.")
@click.option("--runs-dir", type=click.Path(path_type=Path), default=Path("runs"), show_default=True)
@click.option("--name", help="Name of the run (directory, titles); default: the config's `name`.")
@click.option("--metric", "metrics", multiple=True, help="Outcome column(s) to print (default: the headline).")
@click.option("--json", "as_json", is_flag=True, help="Print the summary as JSON on stdout.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def run(config, resume, reps, seed, arms, sets, workers, batch_size, executor, scheduler, runs_dir, name, metrics,
        as_json, quiet):
    """Run CONFIG's policy arms x replications; write a run directory and print the summary."""
    signals.install()
    if resume:
        _resume_run(resume, workers, metrics, as_json, quiet)
        return
    if config is None:
        raise click.UsageError("give a CONFIG (or --resume RUN_DIR)")
    extra = [f"name={name}"] if name else []
    cfg = load_config(config, _overrides(sets, reps, seed, workers, batch_size, executor, scheduler) + extra)
    from ..execution.executors import get_ready, prepare_kernel

    console = Console(stderr=as_json)
    prepare_kernel(cfg.execution, lambda text: console.print(text, style="dim"))  # before any worker loads it
    n_arms = len(arms) or len(cfg.arms)  # the workers' model loads while this process sets the run up
    get_ready(cfg.execution, n_arms * cfg.replications, n_arms * -(-cfg.replications // cfg.execution.batch_size))
    from ..orchestrate import execute, select_arms

    chosen = select_arms(cfg, list(arms))
    with progress_bar(f"{cfg.name}: {len(chosen)} arms", len(chosen) * cfg.replications, quiet) as bar:
        result = execute(cfg, runs_dir, chosen, bar.advance, list(sets))
    if as_json:
        click.echo(json.dumps(result.summary, indent=2))
        return
    changed = f" ({'; '.join(sets)})" if sets else ""
    print_summary(_with_metrics(result.summary, result.path, metrics),
                  f"{cfg.name}{changed}: {cfg.replications:,} replications per arm, seed {cfg.seed}, "
                  f"{cfg.horizon_months} months from {cfg.start}", console)
    console.print(f"run directory: [bold]{result.path}[/]  ({result.manifest['wall_seconds']:.1f} s)")


@main.command()
@click.argument("config", type=click.Path(path_type=Path))
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Check with these overrides applied.")
def validate(config, sets):
    """Check CONFIG, or a sweep file (configs/sweeps/) with its config and every point, and list every problem
    at once."""
    from ..config.parameters import flatten
    from ..sweep.spec import read_sweep_file

    file_sweep = read_sweep_file(Path(config)) if Path(config).is_file() else None
    if file_sweep:  # validated as a config it said 'extends: unknown key ... Did you mean events?'
        from ..sweep import runner
        from ..sweep.spec import build_spec

        extends, file_sets, block = file_sweep
        base, arms, points = runner.check(load_config(extends, [*file_sets, *sets]), build_spec(block, str(config)))
        click.echo(f"{config}: a valid sweep of {extends.name} ({len(points):,} points x {len(arms)} "
                   f"arms x {base.replications:,} replications)")
        return
    cfg = load_config(config, list(sets))
    n_params = len(flatten(cfg.parameters))
    click.echo(f"{config}: valid ({len(cfg.arms)} arms: {', '.join(cfg.arms)}; {n_params} parameters; "
               f"{cfg.replications:,} replications, seed {cfg.seed})")


def _resume_run(path: Path, workers, metrics, as_json: bool, quiet: bool) -> None:
    from ..orchestrate import resume
    from ..storage import run_dir as store

    manifest = store.read_manifest(path)
    remaining = manifest["counts"]["rows_planned"] - manifest["counts"].get("rows_written", 0)
    with progress_bar(f"{manifest['name']}: resuming", max(remaining, 0), quiet) as bar:
        result = resume(Path(path), workers, bar.advance)
    if as_json:
        click.echo(json.dumps(result.summary, indent=2))
        return
    print_summary(_with_metrics(result.summary, result.path, metrics),
                  f"{manifest['name']} (resumed): {manifest['replications']:,} replications per arm, seed "
                  f"{manifest['seed']}")
    click.echo(f"run directory: {result.path}")


def _with_metrics(summary: dict, path: Path, metrics: tuple[str, ...]) -> dict:
    """The summary restricted to (or extended with) the outcome columns asked for."""
    if not metrics:
        return summary
    from ..analysis.summary import summarise_columns

    return summarise_columns(path, list(summary["arms"]), list(metrics))


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--metric", "metrics", multiple=True, help="Outcome column(s) to print (default: the headline).")
@click.option("--json", "as_json", is_flag=True, help="Print summary.json instead of the table.")
def show(run_dir, metrics, as_json):
    """Print the summary of a stored run."""
    from ..orchestrate import load_summary

    manifest, summary = load_summary(run_dir)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    if summary.get("kind") == "sweep":
        from ..analysis.render import print_sweep_summary
        print_sweep_summary(summary, f"{manifest['name']} sweep ({manifest['status']}, design {manifest['design']}): "
                                     f"{manifest['replications']:,} replications per arm and point")
        return
    from ..storage import verify

    state = verify.status(manifest)
    changed = f"; {'; '.join(manifest['overrides'])}" if manifest.get("overrides") else ""
    title = (f"{manifest['name']} ({state}{changed}): {manifest['replications']:,} replications per "
             f"arm, seed {manifest['seed']}")
    print_summary(_with_metrics(summary, run_dir, metrics), title)
    if state != "complete":
        c = manifest["counts"]
        click.echo(f"note: this run is {state}: {c['rows_written']:,} of {c['rows_planned']:,} rows; finish it with "
                   f"scenarios run --resume {run_dir}")
