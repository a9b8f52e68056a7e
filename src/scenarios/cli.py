"""Command line: parse, call one library function, render. Exit codes are mapped in one place:
0 success, 1 internal error, 2 bad config or usage, 130 interrupted."""

from __future__ import annotations

import errno
import json
import sys
import traceback
from pathlib import Path

import click
from . import signals
from .errors import ScenarioError

# The model, pydantic schemas and rich load on first use, not at import: `--help`, `--version` and a usage
# error answer without them.


def Console(*args, **kwargs):  # noqa: N802 (stands in for rich's class)
    from rich.console import Console as RichConsole

    return RichConsole(*args, **kwargs)


def load_config(*args, **kwargs):
    from .config.loader import load_config as load

    return load(*args, **kwargs)


def print_summary(*args, **kwargs):
    from .analysis.render import print_summary as show

    return show(*args, **kwargs)


def progress_bar(*args, **kwargs):
    from .progress import progress_bar as bar

    return bar(*args, **kwargs)

EXIT_INTERNAL, EXIT_USAGE, EXIT_PARTIAL, EXIT_INTERRUPTED = 1, 2, 3, 130
# The file system refusing a write is the user's to fix (space, quota, permissions), not a bug.
STORAGE_ERRNOS = {errno.ENOSPC, errno.EFBIG, errno.EDQUOT, errno.EROFS, errno.EACCES, errno.EPERM}


class ScenariosGroup(click.Group):
    """Turns every exception into an exit code and a message; tracebacks only for our own bugs."""

    def invoke(self, ctx):
        class Err:  # stderr's console, made when there is something to say (rich loads on first use)
            def print(self, *args, **kwargs):
                Console(stderr=True, highlight=False).print(*args, **kwargs)

        err = Err()
        try:  # the imports too: a Ctrl-C while they load is an interrupt like any other
            from .storage import active as store

            store.ACTIVE.clear()  # error.log goes beside a run this command creates, never an earlier one's
            return super().invoke(ctx)
        except ScenarioError as exc:
            err.print(f"[bold red]error:[/] {exc}", markup=True, soft_wrap=True)
            sys.exit(EXIT_USAGE)
        except KeyboardInterrupt:
            err.print("[yellow]interrupted[/]: the run directory's manifest says 'interrupted' and keeps "
                      "the batches that finished.")
            sys.exit(EXIT_INTERRUPTED)
        except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException, SystemExit):
            raise
        except OSError as exc:
            if exc.errno not in STORAGE_ERRNOS:
                raise
            from .storage import run_dir as store

            where = exc.filename or (store.ACTIVE[0] if store.ACTIVE else "a run file")
            resume = f"scenarios run --resume {store.ACTIVE[0]}" if store.ACTIVE else "scenarios run --resume RUN"
            err.print(f"[bold red]error:[/] cannot write {where}: {exc.strerror or exc}. Free space or choose "
                      f"another --runs-dir; an unfinished run is finished with `{resume}`.",
                      markup=True, soft_wrap=True, highlight=False)
            sys.exit(EXIT_USAGE)
        except Exception as exc:
            log = _error_log()
            err.print(f"[bold red]internal error[/]: {type(exc).__name__}: {exc} — a bug in scenarios, not in your "
                      f"input; please report it with {log}", markup=True, soft_wrap=True)
            sys.exit(EXIT_INTERNAL)


def _error_log() -> Path:
    """Write the traceback next to the run it broke (or to the temporary directory) and return where."""
    import tempfile
    from datetime import UTC, datetime

    from .storage import run_dir as store

    text = f"scenarios {store.versions().get('scenarios')}: {' '.join(sys.argv)}\n\n{traceback.format_exc()}"
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    for target in ([store.ACTIVE[0] / "error.log"] if store.ACTIVE else []) + [
            Path(tempfile.gettempdir()) / f"scenarios-error-{stamp}.log"]:
        try:
            target.write_text(text, encoding="utf-8")
            return target
        except OSError:
            continue
    return Path("(nowhere writable)")


@click.group(cls=ScenariosGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(package_name="scenarios")
def main():
    """Strategic scenario simulation: Seoul's lethal-aid choice as Monte Carlo on a Mesa model."""


class WorkersType(click.ParamType):
    name = "N|auto"

    def convert(self, value, param, ctx):
        if value == "auto" or isinstance(value, int):
            return value
        try:
            number = int(value)
        except ValueError:
            self.fail(f"{value!r} is neither a whole number nor 'auto'", param, ctx)
        if number < 1:
            self.fail(f"{number} workers: give at least 1, or 'auto'", param, ctx)
        return number


WORKERS = WorkersType()
WORKERS_HELP = "Worker processes, or auto (default): every usable core, 1 for a small run."


def _overrides(sets: tuple[str, ...], reps, seed, workers, batch_size, executor=None, scheduler=None) -> list[str]:
    out = list(sets)
    for key, value in (("replications", reps), ("seed", seed), ("execution.workers", workers),
                       ("execution.batch_size", batch_size), ("execution.executor", executor),
                       ("execution.scheduler", scheduler)):
        if value is not None:
            out.append(f"{key}={value}")
    return out


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
    from .execution.executors import start_early

    start_early(cfg, len(arms) or len(cfg.arms))  # the workers' model loads while this process loads its own
    from .orchestrate import execute, select_arms

    chosen = select_arms(cfg, list(arms))
    console = Console(stderr=as_json)
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
    """Check CONFIG and list every problem at once."""
    from .config.parameters import flatten

    cfg = load_config(config, list(sets))
    n_params = len(flatten(cfg.parameters))
    click.echo(f"{config}: valid ({len(cfg.arms)} arms: {', '.join(cfg.arms)}; {n_params} parameters; "
               f"{cfg.replications:,} replications, seed {cfg.seed})")


def _resume_run(path: Path, workers, metrics, as_json: bool, quiet: bool) -> None:
    from .orchestrate import resume
    from .storage import run_dir as store

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
    from .analysis.summary import summarise_columns

    return summarise_columns(path, list(summary["arms"]), list(metrics))


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--metric", "metrics", multiple=True, help="Outcome column(s) to print (default: the headline).")
@click.option("--json", "as_json", is_flag=True, help="Print summary.json instead of the table.")
def show(run_dir, metrics, as_json):
    """Print the summary of a stored run."""
    from .orchestrate import load_summary

    manifest, summary = load_summary(run_dir)
    if as_json:
        click.echo(json.dumps(summary, indent=2))
        return
    if summary.get("kind") == "sweep":
        from .analysis.render import print_sweep_summary
        print_sweep_summary(summary, f"{manifest['name']} sweep ({manifest['status']}, design {manifest['design']}): "
                                     f"{manifest['replications']:,} replications per arm and point")
        return
    from .storage import verify

    state = verify.status(manifest)
    changed = f"; {'; '.join(manifest['overrides'])}" if manifest.get("overrides") else ""
    title = (f"{manifest['name']} ({state}{changed}): {manifest['replications']:,} replications per "
             f"arm, seed {manifest['seed']}")
    print_summary(_with_metrics(summary, run_dir, metrics), title)
    if state != "complete":
        c = manifest["counts"]
        click.echo(f"note: this run is {state}: {c['rows_written']:,} of {c['rows_planned']:,} rows; finish it with "
                   f"scenarios run --resume {run_dir}")


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
    from .analysis import compare_report
    from .analysis.compare import compare as run_compare

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
        from .analysis.plots import forest
        forest(report, plot)
        click.echo(f"wrote {plot}", err=True)
    if plot_timeseries:
        from .analysis.plots import fan_charts
        samples, seen = [], set()
        for c in report["comparisons"]:
            for label in (c.reference, c.compared):
                if label not in seen:
                    seen.add(label)
                    samples.append(label)
        refs_by_label = _sample_paths(report, samples)
        fan_charts(refs_by_label, plot_timeseries)
        click.echo(f"wrote {plot_timeseries}", err=True)


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
    from .sweep import runner
    from .sweep.spec import build_spec, read_sweep_file

    if resume:
        path = resume
    else:
        if config is None:
            raise click.UsageError("give a CONFIG (or --resume RUN_DIR)")
        file_sweep = read_sweep_file(config)
        extends, file_sets, block = file_sweep if file_sweep else (config, [], {})
        base = load_config(extends, [*file_sets, *_overrides(sets, None, None, workers, batch_size, executor,
                                                             scheduler)])
        from .execution.executors import preflight

        preflight(base.execution)  # an unreachable scheduler is refused before the sweep's directory is made
        spec = build_spec(block, str(config) if file_sweep else "command line", params, values, design=design,
                          samples=samples, arms=list(arms), replications=reps)
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
    from .analysis.figures import draw
    from .sweep import designs
    from .sweep.spec import SweepSpec

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
    from .analysis.figures import draw

    drawn = draw(run_dir)
    if not drawn:
        raise ScenarioError(f"{run_dir}: nothing to draw yet (the sweep has no finished summary; resume it first)")
    for path in drawn:
        click.echo(f"picture: {path}")


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--arm", help="The arm to tell (default: the run's first).")
@click.option("--replication", type=click.IntRange(min=0), help="Which replication (0-based).")
@click.option("--vs", "other", metavar="ARM", help="Tell where the same world takes another course under ARM.")
@click.option("--pick", type=click.Choice(["typical", "extreme"]),
              help="Choose replications worth telling for --metric instead of --replication.")
@click.option("--metric", default="highend_transfer", show_default=True, help="Outcome --pick looks at.")
@click.option("--format", "fmt", type=click.Choice(["text", "markdown", "json"]), default="text", show_default=True)
def explain(run_dir, arm, replication, other, pick, metric, fmt):
    """Tell the story of one replication, month by month: each actor's choices, the options it weighed, what
    tipped it (with the claims behind), the events and what changed. Replays it exactly from the run's seed."""
    from .analysis import story, story_render

    opened = story.open_run(run_dir)
    arm = arm or opened[0]["arms"][0]
    if pick:
        chosen = story.pick(run_dir, arm, metric, pick)
    elif replication is None:
        raise click.UsageError("give --replication I, or --pick typical|extreme (with --metric)")
    else:
        chosen = [(replication, "")]
    texts = []
    for i, why in chosen:
        told = story.replay(run_dir, arm, i, opened)
        months = story.tell(told)
        vs = story.divergence(told, story.replay(run_dir, other, i, opened)) if other else None
        if fmt == "json":
            texts.append(story.as_json(told, months, vs, why))
        elif fmt == "markdown":
            texts.append(story_render.as_markdown(told, months, vs, why))
        else:
            texts.append(story_render.as_text(told, months, vs, why))
    click.echo(("\n" if fmt != "json" else "\n").join(texts), nl=False)


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
    from .analysis.calibration_run import run_calibration

    backcast_cfg, forecast_cfg = load_config(config), load_config(forecast)
    if arm not in backcast_cfg.arms:
        raise ScenarioError(f"{config}: no arm {arm!r}; it has: {', '.join(backcast_cfg.arms)}")
    path, summary = run_calibration(backcast_cfg, forecast_cfg, arm, points, reps, runs_dir)
    if as_json:
        click.echo(json.dumps(summary | {"run_dir": str(path)}, indent=2))
        return
    from .analysis.calibration_run import describe
    click.echo(describe(summary))
    click.echo(f"run directory: {path}")


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("--outcome", default="highend_transfer", show_default=True,
              help="The outcome column to explain (docs/outputs.md).")
@click.option("--arm", help="The arm whose runs are searched (default: status_quo, else the first).")
@click.option("--paired", nargs=2, metavar="A B",
              help="Search where arm B makes the difference against arm A in the same world.")
@click.option("--threshold", type=float,
              help="A case is value > THRESHOLD (numbers; default: the 90th percentile; with --paired, of B - A).")
@click.option("--dims", type=click.IntRange(min=1, max=200), default=12, show_default=True,
              help="Inputs PRIM peels: the highest feature scores.")
@click.option("--resamples", type=click.IntRange(min=0, max=100), default=10, show_default=True,
              help="PRIM runs on random halves, to check each restriction.")
@click.option("--json", "as_json", is_flag=True, help="Print the report as JSON on stdout.")
def discover(run_dir, outcome, arm, paired, threshold, dims, resamples, as_json):
    """Scenario discovery: under which assumptions does OUTCOME happen (or does arm B change it)? Feature scores,
    a PRIM box with quasi-p values and a resampling check, a CART cross-check, one sentence, two pictures
    (RUN_DIR/discovery/...)."""
    from .analysis.discover_run import describe, run_discovery

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
@click.option("--baseline", default="status_quo", show_default=True,
              help="Arm whose median is the default satisficing threshold.")
@click.option("--threshold", "thresholds", multiple=True, metavar="OUTCOME=VALUE",
              help="Satisficing threshold for an outcome, e.g. rok_exports_eu_total_bn=40 (repeatable).")
@click.option("--json", "as_json", is_flag=True, help="Print the table as JSON on stdout.")
def robustness(run_dir, outcomes, baseline, thresholds, as_json):
    """Which policy holds up across the assumptions? Regret (shortfall from the best arm in the same world)
    and satisficing (share of worlds meeting a threshold) per arm."""
    from .analysis import robustness as rb

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
    from .storage.export import export_csv

    for path in export_csv(Path(run_dir), out):
        click.echo(f"wrote {path}")


@main.command()
@click.argument("config", required=False, type=click.Path(path_type=Path), default=Path("configs/lethal_aid.yaml"))
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8008, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 lets other machines in the room connect).")
@click.option("--save-dir", type=click.Path(path_type=Path), default=Path("configs/saved"), show_default=True,
              help="Where 'Save this scenario' writes its YAML.")
@click.option("--runs-dir", type=click.Path(path_type=Path), default=Path("runs"), show_default=True)
def serve(config, port, host, save_dir, runs_dir):
    """Start the seminar page for CONFIG (default: the main config): sliders for the contested assumptions,
    arms, replications; estimates, paired differences, fan chart, one story. Works offline; Ctrl-C stops it."""
    import uvicorn

    from .seminar.app import build

    app = build(load_config(config), save_dir, runs_dir)
    click.echo(f"seminar page: http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/ "
               "(Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")


@main.command()
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Where to write it (default RUN_DIR/report.html).")
def report(run_dir, out):
    """Write a self-contained HTML handout of a run or sweep: what was run, results, pictures, the assumptions
    with their sources, two stories, the bibliography. Opens offline; prints to PDF from a browser."""
    from .analysis.report import build
    from .orchestrate import load_summary

    from .storage import run_dir as store

    load_summary(run_dir)  # refuses a directory that is not a finished run, with what is wrong
    out = out or Path(run_dir) / "report.html"
    store.write_text(out, build(Path(run_dir)))
    click.echo(f"wrote {out}")


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


if __name__ == "__main__":
    main()
