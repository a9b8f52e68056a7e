"""Stories and handouts: one replication replayed and told; a run as an HTML handout."""

from __future__ import annotations

from pathlib import Path

import click

from .group import (
    main,
)


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
    from ..analysis import story, story_render

    opened = story.open_run(run_dir)
    arm = arm or opened[0]["arms"][0]
    if other is not None and other == arm:  # the same world under the same arm: no divergence, and it said nothing
        raise click.UsageError(f"--vs {other} is the arm being told; give another arm (--arm or --vs)")
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
@click.argument("run_dir", type=click.Path(path_type=Path))
@click.option("-o", "--out", type=click.Path(path_type=Path), help="Where to write it (default RUN_DIR/report.html).")
def report(run_dir, out):
    """Write a self-contained HTML handout of a run or sweep: what was run, results, pictures, the assumptions
    with their sources, two stories, the bibliography. Opens offline; prints to PDF from a browser."""
    from ..analysis.report import build
    from ..orchestrate import load_summary
    from ..storage import run_dir as store

    load_summary(run_dir)  # refuses a directory that is not a finished run, with what is wrong
    out = out or Path(run_dir) / "report.html"
    store.write_text(out, build(Path(run_dir)))
    click.echo(f"wrote {out}")
