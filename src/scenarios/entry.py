"""The `scenarios` command: install the interrupt handlers first, then load the command line (which imports
click, rich and, for some commands, the model)."""

from __future__ import annotations

import sys


def main() -> None:
    import atexit
    import gc

    from . import signals

    # Registered first, so it runs last of the exit handlers: the interpreter's final garbage collections then
    # skip the objects numpy, pandas, scipy and Mesa leave behind (~0.4 s of every model command's exit,
    # measured).  Nothing is lost: files are closed explicitly, and Python never promised to finalise objects
    # still alive at exit.
    atexit.register(gc.freeze)
    signals.install()
    try:
        from .cli import main as cli
    except KeyboardInterrupt:
        sys.exit(signals.EXIT_INTERRUPTED)
    cli()


def forget_handled_interrupts() -> None:
    """For `python -m scenarios`: a Ctrl-C that lands inside a string `exec` or `eval` (dataclasses, namedtuples
    and numba make many as modules load) leaves CPython 3.12's flag for an unhandled KeyboardInterrupt set, even
    though the command then handled it and exits 130; `python -m` checks that flag at exit and ends the process
    with SIGINT instead (1 in ~60 Ctrl-Cs in the test's window here; the console script exits through another path
    and never saw it).  Every string evaluation starts by clearing the flag, so an empty one clears it."""
    exec("")  # noqa: S102

