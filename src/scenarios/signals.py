"""Interrupts: the first Ctrl-C (or SIGTERM) stops a command cleanly (KeyboardInterrupt: the run directory is
finished as 'interrupted', exit 130); a second one while it cleans up exits at once, so nothing can hang."""

from __future__ import annotations

import os
import signal

EXIT_INTERRUPTED = 130


def _second(signum, frame):  # noqa: ARG001
    os._exit(EXIT_INTERRUPTED)


def _first(signum, frame):  # noqa: ARG001
    signal.signal(signal.SIGINT, _second)
    signal.signal(signal.SIGTERM, _second)
    raise KeyboardInterrupt


def install() -> None:
    """Before anything slow is imported: even a Ctrl-C during start-up exits 130 without a traceback."""
    signal.signal(signal.SIGINT, _first)
    signal.signal(signal.SIGTERM, _first)
