"""The `scenarios` command: install the interrupt handlers first, then load the command line (which imports
click, rich and, for some commands, the model)."""

from __future__ import annotations

import sys


def main() -> None:
    from . import signals

    signals.install()
    try:
        from .cli import main as cli
    except KeyboardInterrupt:
        sys.exit(signals.EXIT_INTERRUPTED)
    cli()
