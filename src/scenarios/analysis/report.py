"""A handout: one self-contained HTML file (pictures inlined, no scripts, no network) that says what was run,
what came out, which assumptions carry it, two stories, and the sources.  Prints to PDF from a browser."""

from __future__ import annotations

import base64
import html
import json
import tempfile
from pathlib import Path

from ..config.distributions import describe
from ..config.loader import load_stored
from ..config.parameters import Parameters, fields, flatten
from ..sources import BIBLIOGRAPHY
from ..storage import run_dir as store
from .metrics import number

CSS = """body{font-family:Georgia,serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45;color:#222}
h1{font-size:1.7rem}h2{font-size:1.3rem;border-bottom:1px solid #ccc;margin-top:2rem}table{border-collapse:collapse;
font-size:.85rem;margin:.5rem 0}td,th{border:1px solid #ccc;padding:.2rem .45rem;text-align:right}th{background:#f2f2f2}
td:first-child,th:first-child,table.text td{text-align:left}img{max-width:100%}
.small{font-size:.8rem;color:#555}.story li{margin:.15rem 0}
@media print{body{margin:0;max-width:none}h2{break-after:avoid}img,table{break-inside:avoid}}"""
KEY_PARAMETERS = ("china.restraint", "russia.reservation", "russia.need_base", "russia.need_elasticity",
                  "russia.ire_kappa_direct", "russia.credibility", "russia.tau", "us.p_trump", "us.trump_view",
                  "dprk.capacity_per_month", "events.atrocity_hazard")


def _e(text) -> str:
    return html.escape(str(text))


def _img(path: Path, alt: str) -> str:
    data = base64.b64encode(path.read_bytes()).decode()
    return f'<p><img alt="{_e(alt)}" src="data:image/png;base64,{data}"></p>'


def _table(header: list[str], rows: list[list], numeric: bool = False) -> str:
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = "".join("<tr>" + "".join(f"<td>{_e(c)}</td>" for c in row) + "</tr>" for row in rows)
    return f"<table{'' if numeric else ' class=text'}><tr>{head}</tr>{body}</table>"


def _changed_parameters(config) -> list[list[str]]:
    defaults, current = flatten(Parameters()), flatten(config.parameters)
    info = fields()
    return [[key, describe(spec), describe(defaults[key]), info[key].json_schema_extra["claim"]]
            for key, spec in current.items() if spec != defaults[key]]


def _assumptions(config) -> list[list[str]]:
    info, current = fields(), flatten(config.parameters)
    return [[(info[k].json_schema_extra.get("label") or info[k].description.split(":")[0]), k, describe(current[k]),
             info[k].json_schema_extra["claim"], info[k].json_schema_extra["value"]] for k in KEY_PARAMETERS]


def _summary_rows(summary: dict) -> tuple[list[str], list[list[str]]]:
    metrics = summary["metrics"]
    header = ["arm", "n"] + [m.get("short") or m["column"] for m in metrics]
    rows = []
    for arm, stats in summary["arms"].items():
        cells = [f"{number(stats[m['column']]['estimate'])} ({number(stats[m['column']]['ci95'][0])}–"
                 f"{number(stats[m['column']]['ci95'][1])})" for m in metrics]
        rows.append([arm, f"{next(iter(stats.values()))['n']:,}"] + cells)
    return header, rows


def build(path: Path) -> str:
    """The report of a run or a sweep directory, as an HTML string."""
    from ..orchestrate import load_summary

    manifest, summary = load_summary(path)  # checked like every reader; a missing summary says how to finish
    config = load_stored(path / store.RESOLVED)
    sweep = manifest.get("kind") == "sweep"
    parts = [f"<h1>{_e(manifest['name'])}: {'a sweep of ' if sweep else ''}Seoul's lethal-aid choice</h1>",
             f"<p class=small>scenarios {_e(manifest.get('model_version'))}, run {_e(path.name)} "
             f"({_e(manifest.get('status'))}), started {_e(manifest.get('started_utc', ''))[:19]} UTC, "
             f"commit {_e(manifest.get('git_commit'))}; command: <code>{_e(manifest.get('command', ''))}</code></p>"]
    parts += _what_was_run(manifest, config)
    with tempfile.TemporaryDirectory() as tmp:
        parts += _sweep_sections(path, Path(tmp)) if sweep else _run_sections(path, manifest, summary, Path(tmp))
    parts += ["<h2>The assumptions that carry the answer</h2>",
              "<p>The contested assumptions, what they encode and where their values come from "
              "(every parameter: docs/config-reference.md).</p>",
              _table(["assumption", "key", "value in this run", "claim", "where the value comes from"],
                     _assumptions(config))]
    parts += ["<h2>Sources</h2>", "<p>The five articles the model encodes; claims are numbered as in "
              "docs/sources.md.</p><ul>"] + [
        f"<li>{_e(b['tag'])} {_e(b['author'])}, <i>{_e(b['title'])}</i>, {_e(b['publisher'])}, {_e(b['date'])}.</li>"
        for b in BIBLIOGRAPHY] + ["</ul>"]
    return (f"<!doctype html><html lang=en><head><meta charset=utf-8><title>{_e(manifest['name'])}</title>"
            f"<style>{CSS}</style></head><body>" + "\n".join(parts) + "</body></html>")


def _what_was_run(manifest: dict, config) -> list[str]:
    arms = [[arm, config.arms[arm].description] for arm in manifest["arms"]]
    changed = _changed_parameters(config)
    out = ["<h2>What was run</h2>",
           f"<p>{manifest['replications']:,} replications per arm{' and point' if 'points' in manifest else ''}, seed "
           f"{manifest['seed']}, {manifest['horizon_months']} months from {manifest['start']}. Every arm sees the same "
           "random worlds (common random numbers), so differences between arms are the policy's.</p>",
           _table(["arm", "what Seoul does"], arms)]
    if manifest.get("overrides"):
        out.append(f"<p>Changed on the command line: <code>{_e('; '.join(manifest['overrides']))}</code></p>")
    out += ["<p>Parameters that differ from the catalogue's defaults:</p>",
            _table(["parameter", "here", "default", "claim"], changed) if changed else "<p>none.</p>"]
    return out


def _run_sections(path: Path, manifest: dict, summary: dict, tmp: Path) -> list[str]:
    from . import plots, story, story_render
    from .compare import compare

    header, rows = _summary_rows(summary)
    out = ["<h2>Results</h2>", "<p>Each cell: the estimate and its 95% interval (Wilson for probabilities; for means "
           "Student's t, the normal above 1,000 replications).</p>", _table(header, rows, numeric=True)]
    arms = manifest["arms"]
    baseline = "status_quo" if "status_quo" in arms else arms[0]
    if len(arms) > 1:
        report = compare([str(path)], baseline, allow_partial=manifest["status"] != "complete")
        plots.forest(report, tmp / "forest.png", title=manifest["name"])
        out += [f"<h2>What each policy changes, against {_e(baseline)}</h2>", "<ul>"] + [
            f"<li>{_e(h)}</li>" for h in report["headlines"]] + ["</ul>", _img(tmp / "forest.png", "forest plot")]
    shown = [a for a in (baseline, "direct_155", "direct_105") if a in arms] or arms[:3]
    plots.fan_charts([(path, arm, arm) for arm in shown], tmp / "fans.png", title=manifest["name"])
    out += ["<h2>Over time</h2>", _img(tmp / "fans.png", "fan charts")]
    told_arm = next((a for a in ("direct_155", "direct_105") if a in arms), arms[-1])
    opened = story.open_run(path)
    out += [f"<h2>Two stories from {_e(told_arm)}</h2>",
            "<p>One replication where Russia gave high-end help and one where it did not, each the closest to the "
            "median of the assumptions (<code>scenarios explain --pick typical</code>).</p>"]
    for i, why in story.pick(path, told_arm, "highend_transfer", "typical"):
        told = story.replay(path, told_arm, i, opened)
        out.append(_story_html(story_render.headline(told), story.tell(told), why))
    return out


def _story_html(head: list[str], months, why: str) -> str:
    items = []
    for m in months:
        if m.sentences:
            sentences = " ".join(s["text"] + (f" [{s['claims']}]" if s["claims"] and s["kind"] != "choice" else "")
                                 for s in m.sentences)
            items.append(f"<li><b>{_e(m.date)}</b>: {_e(sentences)}</li>")
    return (f"<h3>Picked because {_e(why)}</h3><p>" + "<br>".join(_e(h) for h in head) + "</p><ul class=story>"
            + "".join(items) + "</ul>")


def _sweep_sections(path: Path, tmp: Path) -> list[str]:
    from .figures import draw

    pictures = draw(path)
    out = ["<h2>Results</h2>"] + [_img(p, p.stem) for p in pictures]
    sensitivity = path / "sensitivity.json"
    if sensitivity.exists():
        doc = json.loads(sensitivity.read_text())
        rows = [[key, name, f"{v['S1']:.2f} ± {v['S1_conf']:.2f}", f"{v['ST']:.2f} ± {v['ST_conf']:.2f}"]
                for key, values in doc["indices"].items() if values and key.endswith("/highend_transfer")
                for name, v in values.items() if "S1" in v]
        if rows:
            out += ["<h2>Which assumptions matter (Sobol indices of P(L6))</h2>",
                    _table(["outcome", "assumption", "first order", "total"], rows)]
    return out
