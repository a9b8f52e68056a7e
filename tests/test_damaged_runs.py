"""A corpus of damaged run directories, read by every reading command (issue: reliability).

A damaged directory is refused with exit 2 and what is wrong; it is never read as if it were whole, and no
command gives a traceback.  Damage that cannot change what a command reads (a leftover .tmp file, a missing
picture) is allowed to pass.
"""

from __future__ import annotations

import json
import os
import shutil

import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from click.testing import CliRunner

from scenarios.cli import main
from scenarios.storage import run_dir as store


def _manifest(path):
    return json.loads((path / "manifest.json").read_text())


def _edit_manifest(path, **changes):
    store.write_json(path / "manifest.json", {**_manifest(path), **changes})


def _truncate(name, keep=0.5):
    def damage(path):
        data = (path / name).read_bytes()
        (path / name).write_bytes(data[:int(len(data) * keep)])
    return damage


def _replace_with_link(name):
    def damage(path):
        target = path.parent / f"elsewhere-{name}"
        shutil.move(path / name, target)
        (path / name).symlink_to(target)
    return damage


def _another_runs_summary(path):
    summary = json.loads((path / "summary.json").read_text())
    summary["run_id"] = "20240101T000000Z_lethal_aid_00000000"
    store.write_json(path / "summary.json", summary)


def _fewer_rows(path):
    table = pq.read_table(path / "outcomes.parquet")
    pq.write_table(table.slice(0, table.num_rows - 7), path / "outcomes.parquet")


def _duplicated_rows(path):
    table = pq.read_table(path / "outcomes.parquet")
    pq.write_table(pa.concat_tables([table, table.slice(0, 10)]), path / "outcomes.parquet")


def _abandoned(path):
    _edit_manifest(path, status="running", pid=2**22 + 12345)  # above Linux's pid_max default: never alive


# damage -> must every command refuse it (exit 2)?
DAMAGE = {
    "outcomes missing": (lambda p: (p / "outcomes.parquet").unlink(), True),
    "outcomes truncated": (_truncate("outcomes.parquet"), True),
    "outcomes empty": (_truncate("outcomes.parquet", 0), True),
    "outcomes with 7 rows fewer": (_fewer_rows, True),
    "outcomes with 10 duplicated rows": (_duplicated_rows, True),
    "outcomes a link": (_replace_with_link("outcomes.parquet"), True),
    "manifest missing": (lambda p: (p / "manifest.json").unlink(), True),
    "manifest truncated": (_truncate("manifest.json"), True),
    "manifest a list": (lambda p: (p / "manifest.json").write_text("[1, 2]"), True),
    "manifest not UTF-8": (lambda p: (p / "manifest.json").write_bytes(b"\xff\xfe{}"), True),
    "manifest of 25 MB": (lambda p: (p / "manifest.json").write_text('{"a": "' + "x" * 25_000_000 + '"}'), True),
    "manifest a link": (_replace_with_link("manifest.json"), True),
    "manifest counts edited": (lambda p: _edit_manifest(p, counts={**_manifest(p)["counts"], "rows_written": 81}),
                               True),
    "manifest says running, writer gone": (_abandoned, False),  # read with a note, or refused
    "summary of another run": (_another_runs_summary, True),
    "summary truncated": (_truncate("summary.json"), True),
    "summary a link": (_replace_with_link("summary.json"), True),
    "run directory is a file": (lambda p: (shutil.rmtree(p), p.write_text("x")), True),
    "run directory missing": (shutil.rmtree, True),
    "leftover outcomes.parquet.tmp": (lambda p: (p / "outcomes.parquet.tmp").write_bytes(b"PAR1junk"), False),
    "timeseries truncated": (_truncate("timeseries.parquet"), False),
    "resolved config missing": (lambda p: (p / "config.resolved.yaml").unlink(), False),
    "resolved config edited to nonsense": (lambda p: (p / "config.resolved.yaml").write_text("seed: [\n"), False),
    "plots a link outside": (lambda p: (shutil.rmtree(p / "plots", ignore_errors=True),
                                        (p / "plots").symlink_to(p.parent)), False),
    "another model version": (lambda p: _edit_manifest(p, model_version="0.0.1"), False),
}

COMMANDS = {
    "show": lambda p, out: ["show", p],
    "compare": lambda p, out: ["compare", p, "--format", "json"],
    "plot": lambda p, out: ["plot", p],
    "explain": lambda p, out: ["explain", p, "--arm", "direct_155", "--replication", 3],
    "report": lambda p, out: ["report", p, "-o", out / "report.html"],
    "resume": lambda p, out: ["run", "--resume", p, "--quiet"],
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("command", list(COMMANDS))
def test_every_reading_command_refuses_a_damaged_run_clearly(two_arm_run, tmp_path, damage, command):
    path = tmp_path / two_arm_run.name
    shutil.copytree(two_arm_run, path, symlinks=True)
    make_damage, must_refuse = DAMAGE[damage]
    make_damage(path)
    outside_before = sorted(os.listdir(tmp_path))
    result = CliRunner().invoke(main, [str(a) for a in COMMANDS[command](path, tmp_path)])
    output = result.output
    assert result.exit_code in (0, 2), f"exit {result.exit_code}: {output[-1500:]} {result.exception!r}"
    assert "Traceback" not in output and "internal error" not in output, output[-1500:]
    if must_refuse and command != "resume":
        assert result.exit_code == 2 and output.startswith("error:"), output
        assert str(path.name) in output or "manifest" in output, output  # says which run
    if must_refuse and command == "resume":
        assert result.exit_code == 2, output
    if damage == "manifest says running, writer gone" and result.exit_code == 0 and command in ("show", "compare"):
        assert "abandoned" in output, output
    if damage == "plots a link outside":
        after = [name for name in sorted(os.listdir(tmp_path)) if name != "report.html"]
        assert after == outside_before  # nothing written through the link
    if damage == "another model version" and command == "explain":
        assert result.exit_code == 2 and "0.0.1" in output


def test_an_abandoned_run_is_shown_as_abandoned_with_the_dead_writers_pid(two_arm_run, tmp_path):
    path = tmp_path / two_arm_run.name
    shutil.copytree(two_arm_run, path)
    _abandoned(path)
    (path / "summary.json").unlink()
    result = CliRunner().invoke(main, ["show", str(path)])
    assert result.exit_code == 2 and "abandoned" in result.output and str(2**22 + 12345) in result.output
    assert f"scenarios run --resume {path}" in result.output


@pytest.mark.parametrize("command", list(COMMANDS))
def test_the_runs_folder_given_for_a_run_names_its_newest_run(two_arm_run, tmp_path, command):
    """'scenarios show runs/' is a natural first try: it said 'not a run directory' and no more."""
    result = CliRunner().invoke(main, [str(a) for a in COMMANDS[command](two_arm_run.parent, tmp_path)])
    assert result.exit_code == 2, result.output
    assert f"a folder of 1 run directory, not one itself; the newest is {two_arm_run}" in result.output, result.output
