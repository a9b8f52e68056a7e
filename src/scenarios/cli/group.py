"""The command group: options shared by commands, and exit codes mapped in one place (0 success, 1 internal
error, 2 bad config or usage, 3 partial, 130 interrupted); each command lives with its part of the data flow."""

from __future__ import annotations

import errno
import sys
import traceback
from pathlib import Path

import click

from .. import signals
from ..errors import ScenarioError

# The model, pydantic schemas and rich load on first use, not at import: `--help`, `--version` and a usage
# error answer without them.


def Console(*args, **kwargs):  # noqa: N802 (stands in for rich's class)
    from rich.console import Console as RichConsole

    return RichConsole(*args, **kwargs)


def load_config(*args, **kwargs):
    from ..config.loader import load_config as load

    return load(*args, **kwargs)


def print_summary(*args, **kwargs):
    from ..analysis.render import print_summary as show

    return show(*args, **kwargs)


def progress_bar(*args, **kwargs):
    from ..progress import progress_bar as bar

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
        signals.forget_interrupts()  # a command starts with none (commands invoked in one process stay apart)
        try:  # the imports too: a Ctrl-C while they load is an interrupt like any other
            from ..storage import active as store

            store.ACTIVE.clear()  # error.log goes beside a run this command creates, never an earlier one's
            return super().invoke(ctx)
        except ScenarioError as exc:  # plain click, not rich: a config error answers in < 0.3 s (rich costs 20 ms)
            click.echo(f"{click.style('error:', fg='red', bold=True)} {exc}", err=True)
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
            from ..storage import run_dir as store

            where = exc.filename or (store.ACTIVE[0] if store.ACTIVE else "a run file")
            resume = f"scenarios run --resume {store.ACTIVE[0]}" if store.ACTIVE else "scenarios run --resume RUN"
            err.print(f"[bold red]error:[/] cannot write {where}: {exc.strerror or exc}. Free space or choose "
                      f"another --runs-dir; an unfinished run is finished with `{resume}`.",
                      markup=True, soft_wrap=True, highlight=False)
            sys.exit(EXIT_USAGE)
        except Exception as exc:
            if signals.interrupted():  # the Ctrl-C itself, re-raised by a library as an error of its own
                err.print("[yellow]interrupted[/].")
                sys.exit(EXIT_INTERRUPTED)
            log = _error_log()
            err.print(f"[bold red]internal error[/]: {type(exc).__name__}: {exc} — a bug in scenarios, not in your "
                      f"input; please report it with {log}", markup=True, soft_wrap=True)
            sys.exit(EXIT_INTERNAL)


def _error_log() -> Path:
    """Write the traceback next to the run it broke (or to the temporary directory) and return where."""
    import tempfile
    from datetime import UTC, datetime

    from ..storage import run_dir as store

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
