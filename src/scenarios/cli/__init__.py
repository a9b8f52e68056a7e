"""The `scenarios` command line: parse, call one library function, render.

group.py holds the click group and the exit-code mapping; the commands sit with their part of the data flow:
running (run, validate, show), comparing, sweeping (sweep, plot, calibrate), telling (explain, report),
discovering (discover, robustness, export), serving (the seminar page).  Each imports what it needs when it
runs, so `--help` stays fast.
"""

from . import comparing, discovering, running, serving, sweeping, telling  # noqa: F401  (registers the commands)
from .group import main

__all__ = ["main"]
