"""Interrupts: the first Ctrl-C (or SIGTERM) stops a command cleanly (KeyboardInterrupt: the run directory is
finished as 'interrupted', exit 130); a second one while it cleans up exits at once, so nothing can hang."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager

EXIT_INTERRUPTED = 130
_received: list[int] = []  # the interrupts this process has taken (see `interrupted`)


def _second(signum, frame):  # noqa: ARG001
    os._exit(EXIT_INTERRUPTED)


def _first(signum, frame):  # noqa: ARG001
    _received.append(signum)
    signal.signal(signal.SIGINT, _second)
    signal.signal(signal.SIGTERM, _second)
    raise KeyboardInterrupt


def interrupted() -> bool:
    """Whether a Ctrl-C (or SIGTERM) has arrived.  A library may turn the KeyboardInterrupt it raised into an
    error of its own (pydantic-core reports one during a schema build as a SchemaError), so an error that
    follows an interrupt is read as the interrupt."""
    return bool(_received)


def raise_if_interrupted() -> None:
    """Raise the KeyboardInterrupt of a Ctrl-C that arrived but did not stop the command, between its steps.
    Python drops an exception raised inside a finaliser or a weakref callback ("Exception ignored in ..."),
    and a Ctrl-C whose handler happened to run there would otherwise be lost.  Every place in this package that
    catches a KeyboardInterrupt re-raises it, so reaching this with one recorded means it was swallowed."""
    if _received:
        raise KeyboardInterrupt


def forget_interrupts() -> None:
    """A new command starts with no interrupt received (commands invoked in one process, as tests do)."""
    _received.clear()


def install() -> None:
    """Before anything slow is imported: even a Ctrl-C during start-up exits 130 without a traceback."""
    signal.signal(signal.SIGINT, _first)
    signal.signal(signal.SIGTERM, _first)


HELD = (signal.SIGINT, signal.SIGTERM)


@contextmanager
def held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM for a step that must not be cut in half; a signal that arrives meanwhile is
    recorded and re-raised as soon as the block ends.  (Blocking the signal at the OS level is not enough:
    pyarrow's threads would take it.)  Python handlers run in the main thread only; elsewhere a no-op."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    caught: list[int] = []

    def record(signum, frame):  # noqa: ARG001
        if caught:  # a second Ctrl-C while held: the user wants out now, as outside a held step
            os._exit(EXIT_INTERRUPTED)
        caught.append(signum)

    previous = {s: signal.signal(s, record) for s in HELD}
    try:
        yield
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if caught:
            signal.raise_signal(caught[0])  # now handled as it would have been: KeyboardInterrupt, exit, ...


@contextmanager
def interrupts_blocked_for_children() -> Iterator[None]:
    """A process started inside this block starts with Ctrl-C blocked: the signal mask survives fork and exec,
    so a fork server hit by a terminal's Ctrl-C while Python itself starts cannot die with a KeyboardInterrupt
    traceback before its own code ignores it.  Only this thread's mask changes, never the process's handler,
    so a Ctrl-C meanwhile is not lost: another thread takes it, or this one when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
