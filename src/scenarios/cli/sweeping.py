"""Sweeps and history matching: a design of configs -> many runs -> curves, indices, pictures."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click

from .. import signals
from ..errors import ScenarioError
from .group import (
    EXIT_PARTIAL,
    WORKERS,
    WORKERS_HELP,
    Console,
    _overrides,
    load_config,
    main,
    progress_bar,
)


@main.command()
@click.argument("config", required=False, type=click.Path(path_type=Path))
@click.option("--param", "params", multiple=True, metavar="KEY=LOW:HIGH[:N]", help="Sweep a key over a range.")
@click.option("--values", "values", multiple=True, metavar="KEY=a,b,c", help="Sweep a key over listed values (grid).")
@click.option("--design", type=click.Choice(["grid", "lhs", "sobol", "morris"]), help="Default grid (or the file's).")
@click.option("--samples", type=click.IntRange(min=1), help="lhs: points; sobol: base samples N; morris: trajectories.")
@click.option("--reps", type=click.IntRange(min=1), help="Replications per arm and point.")
@click.option("--arm", "arms", multiple=True, help="Arm to run at every point (repeatable; default all).")
@click.option("--set", "sets", multiple=True, metavar="KEY=VALUE", help="Override a key of the base config.")
@click.option("--workers", type=WORKERS, help=WORKERS_HELP)
@click.option("--batch-size", type=click.IntRange(min=1))
@click.option("--executor", type=click.Choice(["local", "dask"]), help="local (default) or dask (a Dask cluster).")
@click.option("--scheduler", metavar="ADDRESS", help="With --executor dask: the scheduler; default: a local cluster.")
@click.option("--runs-dir", type=click.Path(path_type=Path), default=Path("runs"), show_default=True)
@click.option("--resume", type=click.Path(path_type=Path), help="Finish an interrupted sweep: only missing points run.")
@click.option("--name", help="Name of the sweep (directory, titles); default: the sweep file's name, or the "
                             "config's name + '-sweep'.")
@click.option("--no-plots", is_flag=True, help="Do not draw pictures (scenarios plot draws them later).")
@click.option("--json", "as_json", is_flag=True, help="Print the manifest as JSON on stdout.")
@click.option("--quiet", is_flag=True, help="No progress bar.")
def sweep(config, params, values, design, samples, reps, arms, sets, workers, batch_size, executor, scheduler,
          runs_dir, resume, name, no_plots, as_json, quiet):
    """Sweep config keys over a design (grid, lhs, sobol, morris): CONFIG is a scenario config with
    --param/--values, or a sweep file (configs/sweeps/) that names the config it extends."""
    from ..sweep import runner
    from ..sweep.spec import build_spec, read_sweep_file

    if resume:
        path = resume
    else:
        if config is None:
            raise click.UsageError("give a CONFIG (or --resume RUN_DIR)")
        file_sweep = read_sweep_file(config)
        extends, file_sets, block = file_sweep if file_sweep else (config, [], {})
        base = load_config(extends, [*file_sets, *_overrides(sets, None, None, workers, batch_size, executor,
                                                             scheduler)])
        from ..execution.executors import SWEEP_WORK, get_ready, preflight, prepare_kernel

        preflight(base.execution)  # an unreachable scheduler is refused before the sweep's directory is made
        spec = build_spec(block, str(config) if file_sweep else "command line", params, values, design=design,
                          samples=samples, arms=list(arms), replications=reps)
        rows = spec.size * len(spec.arms or base.arms) * (spec.replications or base.replications)
        prepare_kernel(base.execution, lambda text: click.echo(text, err=True))  # before any worker loads it
        get_ready(base.execution, rows, spec.size, work=SWEEP_WORK)  # the workers' model loads meanwhile
        name = name or (Path(config).stem if file_sweep else None)
        if name is not None:
            load_config(extends, [f"name={name}"])  # the name check of a config: letters, digits, . _ -
        path = runner.prepare(base, spec, runs_dir, name, [*file_sets, *sets])
    signals.install()
    with progress_bar("sweep", None, quiet) as bar:
        def on_total(total, already):
            bar.set_total(total, f"sweep ({already} points already done)" if already else None)

        result = runner.run(path, workers, bar.advance, on_total)
    _after_sweep(result, no_plots, as_json)
    if result.manifest["status"] == "partial":
        sys.exit(EXIT_PARTIAL)


def _after_sweep(result, no_plots: bool, as_json: bool) -> None:
    from ..analysis.figures import draw
    from ..sweep import designs
    from ..sweep.spec import SweepSpec

    path, manifest = result.path, result.manifest
    spec = SweepSpec.model_validate(json.loads((path / "sweep.json").read_text())["spec"])
    err = Console(stderr=True, highlight=False)
    for warning in result.warnings[:8]:
        err.print(f"[yellow]warning:[/] {warning}")
    if len(result.warnings) > 8:
        err.print(f"[yellow]warning:[/] … and {len(result.warnings) - 8} more in sensitivity.json")
    plots = [] if no_plots or manifest["counts"]["points_done"] == 0 else draw(path)
    if as_json:
        click.echo(json.dumps(manifest | {"run_dir": str(path), "plots": [str(p) for p in plots]}, indent=2))
        return
    c = manifest["counts"]
    if not result.ran:
        click.echo("nothing to resume: the sweep was complete already")
    click.echo(f"sweep {manifest['status']}: {c['points_done']}/{c['points_planned']} points × "
               f"{len(manifest['arms'])} arms × {manifest['replications']:,} replications "
               f"({manifest['wall_seconds']:.1f} s); design {spec.design} "
               f"({designs.runs_needed(spec) or 'no analysis'})")
    if c["points_failed"]:
        click.echo(f"{c['points_failed']} point(s) failed: see {path / 'failures.jsonl'}; "
                   f"fix and run: scenarios sweep --resume {path}")
    for plot in plots:
        click.echo(f"picture: {plot}")
    click.echo(f"run directory: {path}")


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
def plot(run_dir):
    """(Re)draw a stored run's pictures into RUN_DIR/plots/: sweep curves, heatmaps, indices; fan charts."""
    from ..analysis.figures import draw

    drawn = draw(run_dir)
    if not drawn:
        raise ScenarioError(f"{run_dir}: nothing to draw yet (the sweep has no finished summary; resume it first)")
    for path in drawn:
        click.echo(f"picture: {path}")


@main.command()
@click.argument("config", type=click.Path(path_type=Path))
@click.option("--forecast", type=click.Path(path_type=Path), default=Path("configs/lethal_aid.yaml"),
              show_default=True, help="The forecast config whose P(L6) is reported under the box and the region.")
@click.option("--arm", default="record", show_default=True, help="The backcast arm compared with the record.")
@click.option("--points", type=click.IntRange(min=8, max=100_000), default=512, show_default=True,
              help="Latin-hypercube points over the box of contested assumptions.")
@click.option("--reps", type=click.IntRange(min=10, max=100_000), default=100, show_default=True,
              help="Replications per point.")
@click.option("--runs-dir", type=click.Path(path_type=Path), default=Path("runs"), show_default=True)
@click.option("--json", "as_json", is_flag=True, help="Print the result as JSON on stdout.")
def calibrate(config, forecast, arm, points, reps, runs_dir, as_json):
    """History matching: which values of the contested assumptions are not implausible given the 2022-24 record
    (CONFIG: a backcast, e.g. configs/backcast_2022.yaml), and the forecast's P(L6) under the box and the region."""
    from ..analysis.calibration_run import run_calibration

    backcast_cfg, forecast_cfg = load_config(config), load_config(forecast)
    if arm not in backcast_cfg.arms:
        hint = (" (calibrate compares a backcast with the 2022-24 record: configs/backcast_2022.yaml has one)"
                if arm == "record" else "")
        raise ScenarioError(f"{config}: no arm {arm!r}{hint}; it has: {', '.join(backcast_cfg.arms)}; "
                            "name the backcast arm with --arm")
    from ..analysis.calibrate import FORECAST_ARMS
    from ..analysis.history import not_a_backcast

    if (why := not_a_backcast(backcast_cfg)) is not None:
        raise ScenarioError(f"{config}: not a backcast: {why}")

    missing = [a for a in FORECAST_ARMS if a not in forecast_cfg.arms]
    if missing:  # found after every point had run, as an internal KeyError
        raise ScenarioError(f"--forecast {forecast}: no arm {', '.join(missing)}; the forecast's P(L6) is reported "
                            f"for {' and '.join(FORECAST_ARMS)}: give a forecast config with them, e.g. "
                            "configs/lethal_aid.yaml")
    path, summary = run_calibration(backcast_cfg, forecast_cfg, arm, points, reps, runs_dir)
    if as_json:
        click.echo(json.dumps(summary | {"run_dir": str(path)}, indent=2))
        return
    from ..analysis.calibration_run import describe
    click.echo(describe(summary))
    click.echo(f"run directory: {path}")
