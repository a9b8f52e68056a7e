"""A progress bar on stderr for long work (replications done, replications per second, time left)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn


class Bar:
    def __init__(self, progress: Progress, task):
        self._progress, self._task = progress, task

    def advance(self, n: int) -> None:
        self._progress.advance(self._task, n)
        state = self._progress.tasks[self._task]
        if state.elapsed:
            self._progress.update(self._task, rate=f"{state.completed / state.elapsed:,.0f} reps/s")

    def set_total(self, total: int, description: str | None = None) -> None:
        self._progress.update(self._task, total=total, **({"description": description} if description else {}))


@contextmanager
def progress_bar(description: str, total: int | None, quiet: bool) -> Iterator[Bar]:
    progress = Progress(TextColumn("[bold]{task.description}"), BarColumn(), MofNCompleteColumn(),
                        TextColumn("{task.fields[rate]}"), TimeRemainingColumn(), console=Console(stderr=True),
                        disable=quiet, transient=True)
    with progress:
        yield Bar(progress, progress.add_task(description, total=total, rate=""))
