"""A run's tables as CSV, for people who open results in a spreadsheet.  Written batch by batch (a
million-row run does not have to fit in memory) and published atomically like every run file."""

from __future__ import annotations

from pathlib import Path

from ..errors import ScenarioError
from . import run_dir as store


def export_csv(run: Path, out: Path | None = None) -> list[Path]:
    import pyarrow as pa
    import pyarrow.csv as pcsv
    import pyarrow.parquet as pq

    from . import verify

    manifest = store.read_manifest(run)
    verify.require(run, manifest)
    sources = [run / name for name in (store.OUTCOMES, store.TIMESERIES) if (run / name).exists()]
    if not sources:
        raise ScenarioError(f"{run}: nothing to export yet ({verify.status(manifest)}); finish it with "
                            f"scenarios run --resume {run}")
    out = Path(out) if out else run / "export"
    out.mkdir(parents=True, exist_ok=True)
    from .tables import DESIGN, join_parameters

    parameters = pq.read_table(run / store.PARAMETERS) if (run / store.PARAMETERS).exists() else None
    design = pq.read_table(run / DESIGN) if (run / DESIGN).exists() else None
    written = []
    for source in sources:
        target = out / (source.stem + ".csv")
        tmp = target.with_name(target.name + ".tmp")
        file = pq.ParquetFile(source)
        join = parameters is not None and source.name == store.OUTCOMES  # each row with its draws, for a sheet
        writer = None
        try:
            for batch in file.iter_batches(batch_size=65_536):
                table = pa.Table.from_batches([batch])
                table = _nan_as_missing(join_parameters(table, parameters, None, design) if join else table)
                writer = writer or pcsv.CSVWriter(tmp, table.schema)
                writer.write_table(table)
        finally:
            if writer is not None:
                writer.close()
        tmp.replace(target)
        written.append(target)
    summary = run / store.SUMMARY
    if summary.exists():
        written.append(_summary_csv(verify.read_json(summary), out / "summary.csv"))
    return written


def _nan_as_missing(table):
    """NaN (months_to_highend where L6 never came) as an empty cell: Arrow writes it as the text 'nan', which a
    spreadsheet keeps as text in a column of numbers."""
    import pyarrow as pa
    import pyarrow.compute as pc

    for i, field in enumerate(table.schema):
        if pa.types.is_floating(field.type):
            column = table.column(i)
            table = table.set_column(i, field, pc.if_else(pc.is_nan(column), pa.scalar(None, field.type), column))
    return table


def _summary_csv(summary: dict, target: Path) -> Path:
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["arm", "outcome", "estimate", "ci95_low", "ci95_high", "n", "interval"])
    for arm, by_column in summary.get("arms", {}).items():
        for column, s in by_column.items():
            writer.writerow([arm, column, s["estimate"], s["ci95"][0], s["ci95"][1], s["n"], s["interval"]])
    store.write_text(target, buffer.getvalue())
    return target
