"""How a pool worker hands a large result to its parent: through a file, not the pool's pipe.

A run's task returns ~30 MB (a batch's outcomes for 7 arms, its parameter draws, the monthly histograms).
Through the pool's pipe that cost the worker 60-150 ms a task, ~10% of its time, measured: pickling copies every
buffer (28 ms), and the pipe moves 64 KiB at a time, each waiting for the parent's result thread (40 ms for 30 MB
between two threads of one process); the parent then unpickled it (11 ms more).  Here the result is pickled with
its arrays and Arrow buffers out of band (pickle protocol 5: 60 KB of pickle and ~700 buffers, 6 ms), the buffers
are written to one file with a single gathering write (8 ms), and only the small pickle and the buffers' sizes go
through the pipe.  The parent reads each buffer into memory of its own (one scattering read) and unpickles around
them (12 ms).

Each buffer gets its own memory in the parent, rather than views of one mapping of the file, so that a column
kept for the summary holds only itself alive.  The file is unlinked as soon as it is opened.  Small results,
and any result when the file cannot be written (a full disk), go through the pipe as before.
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
from dataclasses import dataclass
from pathlib import Path

SMALL = 1 << 20  # bytes of buffers below which a result goes through the pipe: a file costs more than it saves
PREFIX = "scenarios-handoff-"
IOV_MAX = 1024  # buffers a single readv/writev may take (Linux)
_unwritable = False  # a hand-off file failed in this process: the pipe from then on (a full disk stays full)


@dataclass
class HandedOff:
    """What goes through the pipe in place of a large result."""

    path: str
    pickled: bytes
    sizes: list[int]


def make_directory() -> Path | None:
    """A directory for one pool's hand-off files, named by this process (so a later run can remove it if this
    one is killed), after removing those of runs that no longer exist; None (results go through the pipe) where
    none can be made, or where the system has no gathering writes (Windows)."""
    if not hasattr(os, "writev"):
        return None
    try:
        base = Path(tempfile.gettempdir())
    except OSError:  # no usable temporary directory at all
        return None
    for stale in base.glob(PREFIX + "*"):
        try:
            os.kill(int(stale.name[len(PREFIX):].split("-")[0]), 0)
        except (ValueError, ProcessLookupError):
            shutil.rmtree(stale, ignore_errors=True)
        except PermissionError:
            pass
    try:
        return Path(tempfile.mkdtemp(prefix=f"{PREFIX}{os.getpid()}-"))
    except OSError:
        return None


def remove_directory(directory: Path | None) -> None:
    if directory is not None:
        shutil.rmtree(directory, ignore_errors=True)


def send(result, directory: str | None, name: str):
    """In a worker: `result` itself (pickled by the pool as usual) if small or if no directory is given, else a
    HandedOff whose buffers are in `directory`/`name`."""
    global _unwritable
    if directory is None or _unwritable:
        return result
    buffers: list[pickle.PickleBuffer] = []
    pickled = pickle.dumps(result, protocol=5, buffer_callback=buffers.append)
    views = [b.raw() for b in buffers]
    if sum(v.nbytes for v in views) < SMALL:
        return result
    path = os.path.join(directory, name)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        try:
            _transfer(os.writev, fd, views)
        finally:
            os.close(fd)
    except OSError:  # no room, or the directory is gone: the pipe still works, and is used from now on, rather
        Path(path).unlink(missing_ok=True)  # than filling a small temporary file system again for every task
        _unwritable = True
        return result
    return HandedOff(path, pickled, [v.nbytes for v in views])


def receive(sent):
    """In the parent: the result a worker sent, whichever way it came."""
    if not isinstance(sent, HandedOff):
        return sent
    import numpy as np

    buffers = [np.empty(size, np.uint8) for size in sent.sizes]  # not zeroed, as bytearrays are: 15 -> 12 ms a task
    fd = os.open(sent.path, os.O_RDONLY)
    try:
        os.unlink(sent.path)
        _transfer(os.readv, fd, [memoryview(b) for b in buffers])
    finally:
        os.close(fd)
    return pickle.loads(sent.pickled, buffers=buffers)


def _transfer(call, fd: int, views: list[memoryview]) -> None:
    """Every byte of `views` written (`call` os.writev) or read (os.readv), IOV_MAX buffers a call, resuming
    after a short transfer."""
    views = [v.cast("B") for v in views if v.nbytes]
    first = 0  # the first view not yet wholly transferred
    while first < len(views):
        done = call(fd, views[first:first + IOV_MAX])
        if done == 0:
            raise OSError(f"{'end of file' if call is os.readv else 'nothing written'} in a hand-off file")
        while first < len(views) and done >= views[first].nbytes:
            done -= views[first].nbytes
            first += 1
        if done:
            views[first] = views[first][done:]
