"""`scenarios calibrate`: run history matching into a run directory (calibration.json, points.parquet, a
picture) and say the answer in a few lines."""

from __future__ import annotations

import hashlib
import time
from pathlib import Path

import numpy as np
import pyarrow as pa

from ..config.loader import config_hash
from ..config.schema import ScenarioConfig
from ..storage import run_dir as store
from . import calibrate, history, style


def run_calibration(backcast: ScenarioConfig, forecast: ScenarioConfig, arm: str, points: int, reps: int,
                    runs_dir: Path) -> tuple[Path, dict]:
    blob = f"{config_hash(backcast)}{config_hash(forecast)}{arm}{points}{reps}"
    chash = hashlib.sha256(blob.encode()).hexdigest()[:8]
    manifest = {"status": "running", "kind": "calibration", "name": f"{backcast.name}-calibration", "arm": arm,
                "points": points, "replications_per_point": reps, "seed": backcast.seed,
                "model_version": store.versions()["scenarios"], "versions": store.versions(),
                "git_commit": store.git_commit(), "command": store.command_line(), "started_utc": store.utc_now(),
                **store.writer_identity()}
    path = store.create(runs_dir, f"{backcast.name}-calibration", chash,
                        lambda staging, run_id: store.write_json(staging / store.MANIFEST,
                                                                 {**manifest, "run_id": run_id}))
    manifest["run_id"] = path.name
    t0 = time.perf_counter()
    result = calibrate.history_match(backcast, forecast, points, reps, arm)
    summary = calibrate.summarise(result)
    summary["targets"] = [t.__dict__ for t in history.TARGETS]
    summary["box"] = {k: list(v) for k, v in calibrate.BOX.items()}
    summary["region_deciles"] = {k: [float(np.percentile(v[result["not_implausible"]], q)) for q in (10, 50, 90)]
                                 for k, v in result["theta"].items()} if result["not_implausible"].any() else {}
    columns = {f"param.{k}": v for k, v in result["theta"].items()}
    columns |= {f"stat.{k}": v for k, v in result["statistics"].items()}
    columns |= {f"implausibility.{k}": v for k, v in result["implausibility"].items()}
    columns |= {"implausibility.max": result["worst"], "not_implausible": result["not_implausible"]}
    columns |= {f"forecast.p_highend.{a}": v for a, v in result["highend"].items()}
    store.write_parquet(pa.table(columns), path / "points.parquet")
    store.write_json(path / "calibration.json", summary)
    (path / "plots").mkdir(exist_ok=True)
    picture(result, summary, path / "plots" / "calibration.png")
    manifest.update(status="complete", finished_utc=store.utc_now(), wall_seconds=round(time.perf_counter() - t0, 3))
    store.write_json(path / store.MANIFEST, manifest)
    return path, summary


def describe(summary: dict) -> str:
    lines = [f"History matching over {summary['points']:,} points x {summary['replications_per_point']:,} "
             f"replications: {summary['non_implausible_share']:.0%} of the box is not implausible "
             f"(± {summary['share_se']:.0%}, {summary['non_implausible_points']} points).",
             "Ruled out by: " + ", ".join(f"{k} {v:.0%}" for k, v in summary["ruled_out_by"].items()) + ".",
             "Where the region sits (10th, 50th, 90th percentile) against the box:"]
    for key, (lo, mid, hi) in summary.get("region_deciles", {}).items():
        box = summary["box"][key]
        lines.append(f"  {key:26} {lo:10.4g} {mid:10.4g} {hi:10.4g}   box {box[0]:g} to {box[1]:g}")
    lines.append("Forecast P(high-end help) under the box and under the not-implausible region:")
    for arm, f in summary["forecast"].items():
        region = "n/a" if f["non_implausible"] is None else (
            f"{f['non_implausible']:.3f} ({f['non_implausible_ci95'][0]:.3f}-{f['non_implausible_ci95'][1]:.3f})")
        halves = ", ".join("n/a" if h is None else f"{h:.3f}" for h in f["split_halves"])
        lines.append(f"  {arm:12} box {f['prior']:.3f} (± {f['prior_se']:.3f})   region {region}   "
                     f"halves of the points: {halves}")
    lines.append("More points narrow the share's error as 1/sqrt(points); the halves show how far the region's answer "
                 "moves between two independent half-designs.")
    return "\n".join(lines)


def picture(result: dict, summary: dict, path: Path) -> None:
    """Left: the two assumptions the record constrains most, points coloured by plausibility. Right: the
    forecast's P(L6) under the box and under the not-implausible region."""
    keep = result["not_implausible"]
    theta = result["theta"]
    shift = {k: abs(np.median(v[keep]) - np.median(v)) / (np.ptp(v) or 1) for k, v in theta.items()} if keep.any() \
        else {k: 0 for k in theta}
    x, y = sorted(shift, key=shift.get, reverse=True)[:2]
    fig, axes = style.figure(1, 2, width=6.4, height=5.2)
    ax = axes[0, 0]
    ax.scatter(theta[x][~keep], theta[y][~keep], s=14, color="#c8c8c8", label="implausible")
    ax.scatter(theta[x][keep], theta[y][keep], s=14, color="#0072B2", label="not implausible")
    ax.set_xlabel(style.wrap(style.parameter_label(x), 34))
    ax.set_ylabel(style.wrap(style.parameter_label(y), 34))
    ax.legend(loc="upper center", bbox_to_anchor=(0.5, -0.32), ncols=2, frameon=False)
    ax.set_title("What the 2022-24 record allows")
    ax = axes[0, 1]
    arms = list(summary["forecast"])
    pos = np.arange(len(arms))
    prior = [summary["forecast"][a]["prior"] for a in arms]
    region = [summary["forecast"][a]["non_implausible"] or 0 for a in arms]
    ax.bar(pos - 0.2, prior, 0.4, color="#c8c8c8", label="whole box")
    ax.bar(pos + 0.2, region, 0.4, color=[style.arm_colour(a) for a in arms], label="not-implausible region")
    ax.set_xticks(pos, arms)
    ax.set_ylim(0, 1)
    ax.set_ylabel("P(high-end help) in the forecast")
    ax.legend(frameon=False)
    ax.set_title("The forecast before and after")
    fig.suptitle(style.wrap(f"History matching: {summary['non_implausible_share']:.0%} of the box is not implausible "
                            f"({summary['points']:,} points x {summary['replications_per_point']:,} replications)", 90))
    style.save(fig, path)
