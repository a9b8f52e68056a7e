"""Regenerate the worksheet's pictures (docs/img/) from the current code: `make seminar-images`.

Each picture is made by the very command docs/seminar.md tells students to run.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
IMG = ROOT / "docs" / "img"


def scenarios(*args: str) -> dict:
    out = subprocess.run([sys.executable, "-m", "scenarios", *args, "--json", "--quiet"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main():
    IMG.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as runs:
        for name, plot in (("china_restraint", "curves.png"), ("trump", "curves.png"),
                           ("ire_need", "heatmap_highend.png"), ("sensitivity", "sensitivity.png")):
            done = scenarios("sweep", f"configs/sweeps/{name}.yaml", "--workers", "2", "--runs-dir", runs)
            shutil.copy(Path(done["run_dir"]) / "plots" / plot, IMG / f"{name}.png")
            if name == "sensitivity":
                shutil.copy(Path(done["run_dir"]) / "sensitivity.json", IMG / "sensitivity.json")
            print(f"docs/img/{name}.png from {done['run_dir']}")
        run = scenarios("run", "configs/lethal_aid.yaml", "--workers", "2", "--runs-dir", runs)["run_dir"]
        subprocess.run([sys.executable, "-m", "scenarios", "compare", run, "--metric", "highend_transfer",
                        "--metric", "ukr_position_mean", "--metric", "rok_ru_rel_end", "--metric", "na_law_enacted",
                        "--plot", str(IMG / "forest.png"), "--format", "markdown", "--out", str(IMG / "compare.md")],
                       cwd=ROOT, check=True, capture_output=True)
        print("docs/img/forest.png, docs/img/compare.md")


if __name__ == "__main__":
    main()
