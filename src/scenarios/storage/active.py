"""The run directory this process is writing, for the error log of an internal error (a light module: the
command line reads it before anything heavy is loaded)."""

from pathlib import Path

ACTIVE: list[Path] = []
