"""The seminar page: a config -> a warm server that re-estimates as sliders move."""

from __future__ import annotations

from pathlib import Path

import click

from .group import (
    load_config,
    main,
)


@main.command()
@click.argument("config", required=False, type=click.Path(path_type=Path), default=Path("configs/lethal_aid.yaml"))
@click.option("--port", type=click.IntRange(min=0, max=65535), default=8008, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 lets other machines in the room connect).")
@click.option("--save-dir", type=click.Path(path_type=Path), default=Path("configs/saved"), show_default=True,
              help="Where 'Save this scenario' writes its YAML.")
@click.option("--runs-dir", type=click.Path(path_type=Path), default=Path("runs"), show_default=True)
def serve(config, port, host, save_dir, runs_dir):
    """Start the seminar page for CONFIG (default: the main config): sliders for the contested assumptions,
    arms, replications; estimates, paired differences, fan chart, one story. Works offline; Ctrl-C stops it."""
    import uvicorn

    from ..seminar.app import build, start_warming

    base = load_config(config)
    app = build(base, save_dir, runs_dir)
    start_warming(base)
    click.echo(f"seminar page: http://{'localhost' if host in ('127.0.0.1', '0.0.0.0') else host}:{port}/ "
               "(Ctrl-C stops it)")
    uvicorn.run(app, host=host, port=port, log_level="warning")
