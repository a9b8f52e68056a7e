"""The story of one replication, built from the model's trace: every sentence comes from a recorded choice
(its options, probabilities and the named utility terms that tipped it, with the claims they encode), an
event, or a change of state.  Replaying replication i alone is exact (the randomness contract), so the
story is the stored run's row i; `replay` checks that it is.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pyarrow.compute as pc
import pyarrow.parquet as pq

from ..config.loader import load_stored
from ..config.schema import ScenarioConfig
from ..design import draw_parameters, model_setup
from ..errors import RunDirError, ScenarioError
from ..model.lethal_aid import LethalAidModel
from ..model.outcomes import OUTCOMES
from ..randomness import Streams
from ..storage import run_dir as store
from .metrics import not_a_number

LADDER = ("L0 distant", "L1 diplomatic convergence", "L2 munitions for food and oil", "L3 sanctions busting",
          "L4 the treaty", "L5 weapons technology", "L6 high-end nuclear/missile help")
AID = ("A0 non-lethal aid", "A1 indirect supply", "A2 indirect supply plus a production surge",
       "A3 open direct 155 mm", "A4 large direct 105 mm")
NATO = ("G0", "G1 summits", "G2 the ITPP", "G3 the Washington package", "G4 intelligence sharing",
        "G5 industrial and cyber integration")
ACTORS = {"russia": "Russia", "rok": "Seoul", "opposition": "The opposition", "us": "Washington",
          "dprk": "Pyongyang", "china": "Beijing", "nato": "NATO"}
IMPORTANT = {("russia", "ladder"), ("rok", "aid")}  # told when they change, when they act, and in close calls
ON_CHANGE = {("dprk", "press"), ("china", "restrain"), ("china", "enable"), ("opposition", "stance")}  # when changed
# the rest (the US stance, NATO's asks and offers, Beijing's pushback, Seoul's NATO answer) show in state lines


@dataclass
class Replay:
    config: ScenarioConfig
    arm: str
    replication: int
    outcomes: dict[str, object]
    months: list[dict]  # the trace of row 0
    parameters: dict[str, float]
    matches_stored: bool | None = None  # None: the run holds no such row to check against


def open_run(path: Path) -> tuple[dict, ScenarioConfig]:
    from ..storage import verify

    manifest = store.read_manifest(path)
    if manifest.get("kind") == "sweep":
        raise RunDirError(f"{path}: a sweep; explain tells replications of `scenarios run` directories (run the "
                          "point's config with --set to get one)")
    verify.require(path, manifest, need_config=True)
    ours = store.versions()["scenarios"]
    if manifest.get("model_version") != ours:
        raise RunDirError(f"{path}: made by scenarios {manifest.get('model_version')}, this is {ours}; its stories "
                          f"would be another model's. Rerun it: scenarios run {path / store.RESOLVED}")
    return manifest, load_stored(path / store.RESOLVED)


def replay(path: Path, arm: str, replication: int, opened: tuple[dict, ScenarioConfig] | None = None) -> Replay:
    """Simulate replication `replication` of `arm` alone, with a trace (`opened`: open_run's answer, if at hand)."""
    manifest, config = opened or open_run(path)
    arms = manifest["arms"]
    if arm not in arms:
        raise ScenarioError(f"{path}: no arm {arm!r}; the run has: {', '.join(arms)}")
    if not 0 <= replication < config.replications:
        raise ScenarioError(f"{path}: no replication {replication}; the run has 0..{config.replications - 1}")
    result = replay_config(config, arm, replication)
    result.matches_stored = _matches(path, arm, replication, result.outcomes)
    return result


def replay_config(config: ScenarioConfig, arm: str, replication: int) -> Replay:
    """Replication `replication` of `arm` of a config (no run directory needed), with a trace."""
    streams = Streams(config.seed, np.array([replication], dtype=np.uint64))
    params = draw_parameters(config, streams)
    model = LethalAidModel(model_setup(config, arm), params, streams, trace=True)
    outcomes, _ = model.run()
    result = Replay(config, arm, replication, {k: v[0].item() for k, v in outcomes.items()},
                    model.trace.replication(0),
                    {k: float(v[0]) if v.ndim == 1 else [float(x) for x in v[0]] for k, v in params.items()})
    return result


def _matches(path: Path, arm: str, replication: int, outcomes: dict) -> bool | None:
    file = path / store.OUTCOMES
    if not file.exists():
        return None
    table = pq.read_table(file, filters=[("arm", "=", arm), ("replication", "=", replication)])
    if table.num_rows != 1:
        return None
    for o in OUTCOMES:
        stored = table.column(o.name)[0].as_py()
        mine = outcomes[o.name]
        if isinstance(mine, float) and isinstance(stored, float) and np.isnan(mine) and np.isnan(stored):
            continue
        if stored != mine and not (isinstance(mine, float) and abs(stored - mine) <= 1e-6 * max(1, abs(mine))):
            return False
    return True


def pick(path: Path, arm: str, metric: str, mode: str) -> list[tuple[int, str]]:
    """Replications worth telling for a metric: `typical` (closest to the median parameter draw) or `extreme`
    (farthest from it), one where a binary metric happened and one where it did not; for a continuous
    metric, the highest and the lowest value."""
    columns = {o.name: o for o in OUTCOMES}
    if metric in columns and columns[metric].kind == "category":
        raise ScenarioError(not_a_number(metric))
    if metric not in columns:
        raise ScenarioError(f"unknown metric {metric!r} for --pick; use an outcome column such as highend_transfer")
    from ..storage.tables import read_outcomes

    table = read_outcomes(path)
    table = table.filter(pc.equal(table.column("arm"), arm))
    if table.num_rows == 0:
        raise ScenarioError(f"{path}: no rows for arm {arm!r}")
    reps = table.column("replication").to_numpy()
    values = table.column(metric).to_numpy(zero_copy_only=False).astype(float)
    names = [n for n in table.column_names if n.startswith("param.")]
    x = np.column_stack([table.column(n).to_numpy() for n in names])
    spread = np.subtract(*np.percentile(x, [75, 25], axis=0))
    distance = np.nansum(((x - np.median(x, axis=0)) / np.where(spread > 0, spread, 1)) ** 2, axis=1)
    if columns[metric].kind == "binary":
        out = []
        for happened in (True, False):
            rows = np.flatnonzero((values > 0.5) == happened)
            if len(rows):
                best = rows[np.argmin(distance[rows]) if mode == "typical" else np.argmax(distance[rows])]
                how = "closest to" if mode == "typical" else "farthest from"
                out.append((int(reps[best]), f"{metric} {'happened' if happened else 'did not happen'}; "
                                             f"its assumptions are the {how} the median draw"))
        return out
    finite = np.flatnonzero(np.isfinite(values))
    if not len(finite):  # a month of an event that never came in this arm (first_direct_month without direct aid)
        raise ScenarioError(f"{metric} has no value in any replication of {arm!r} (NaN: the event never came); "
                            "pick another arm or metric")
    hi, lo = finite[np.argmax(values[finite])], finite[np.argmin(values[finite])]
    return [(int(reps[hi]), f"the highest {metric} ({values[hi]:.4g})"),
            (int(reps[lo]), f"the lowest {metric} ({values[lo]:.4g})")]


@dataclass
class Month:
    date: str
    sentences: list[dict] = field(default_factory=list)  # {"text": ..., "claims": ...}
    state: dict = field(default_factory=dict)


def _why(option: dict, other: dict, claims: dict[str, str], count: int = 3) -> str:
    """The terms that most separate the chosen option from the runner-up, with their claims."""
    diffs = sorted(((name, value - other["terms"].get(name, 0.0)) for name, value in option["terms"].items()),
                   key=lambda kv: -abs(kv[1]))
    parts = [f"{name} {value:+.2f}" + (f" [{claims[name]}]" if claims.get(name) else "")
             for name, value in diffs[:count] if abs(value) > 1e-9]
    return "; ".join(parts)


def _runner_up(decision: dict) -> tuple[dict, dict]:
    options = [o for o in decision["options"] if o["feasible"]]
    chosen = next(o for o in options if o["option"] == decision["chosen"])
    others = [o for o in options if o is not chosen]
    best_other = max(others, key=lambda o: o["utility"]) if others else chosen
    return chosen, best_other


def _label(option: str, trump: bool) -> str:
    """'press Seoul (Biden) or push to end the war (Trump)' -> the half of the administration in office."""
    if " (Biden) or " in option:
        biden, trump_part = option.split(" (Biden) or ")
        return trump_part.removesuffix(" (Trump)") if trump else biden
    return option


def _decision_sentence(d: dict, trump: bool) -> str:
    chosen, other = _runner_up(d)
    actor = ACTORS.get(d["agent"], d["agent"])
    why = _why(chosen, other, d["claims"])
    if other is chosen:
        return f"{actor} could only {_label(chosen['option'], trump)}."
    return (f"{actor} chose to {_label(chosen['option'], trump)} (P {chosen['probability']:.2f}) rather than "
            f"{_label(other['option'], trump)} (P {other['probability']:.2f})" + (f": {why}." if why else "."))


def tell(replay: Replay) -> list[Month]:
    """Month by month: events, the choices that changed something or were close, and the state that followed."""
    months, previous_choice = [], {}
    state0 = None
    for record in replay.months:
        s = record["state"]
        month = Month(record["date"])
        before = state0 or s
        if s["atrocity_now"]:
            month.sentences.append({"kind": "event", "claims": "D2, C43",
                                    "text": "A mass atrocity shocks the world (Yoon's trigger for lethal aid)."})
        if s["us_trump"] and not before["us_trump"]:
            month.sentences.append({"kind": "event", "text": "Trump takes office.", "claims": "Q43, C80"})
        for d in record["decisions"]:
            key = (d["agent"], d["decision"])
            chosen, other = _runner_up(d)
            last = previous_choice.get(key)
            previous_choice[key] = d["chosen"]
            acted = d["chosen"] not in ("hold", "acquiesce")
            if key in IMPORTANT:
                tell_it = (last is not None and last != d["chosen"]) or acted or other["probability"] > 0.05
            elif key in ON_CHANGE:  # after the war these choices no longer move anything
                tell_it = last != d["chosen"] and (last is not None or acted) and s["war_active"]
            else:
                tell_it = False
            if tell_it and other is not chosen:
                month.sentences.append({"kind": "choice", "text": _decision_sentence(d, s["us_trump"]),
                                        "claims": ", ".join(sorted({c for c in d["claims"].values() if c}))})
        for text, claims in _state_changes(before, s, state0 is None):
            month.sentences.append({"kind": "state", "text": text, "claims": claims})
        month.state = {"ladder": s["ladder"], "aid": s["aid"], "nato": s["nato"], "war": s["war_active"],
                       "ukraine": round(s["ukr"], 3), "need": round(s["need"], 3), "ire": round(s["ire"], 3),
                       "rok_ru": round(s["rok_ru"], 3), "approval": round(s["approval"], 3)}
        months.append(month)
        state0 = s
    return months


def _state_changes(before: dict, s: dict, first: bool) -> list[tuple[str, str]]:
    out = []
    ladder_before = s["ladder_prev"] if first else before["ladder"]
    if s["ladder"] != ladder_before:
        if not s["war_active"] and s["ladder"] < ladder_before:
            out.append((f"With the war over, the partnership loosens: the ladder falls to {LADDER[s['ladder']]}.",
                        "C32"))
        else:
            out.append((f"The Russia-DPRK ladder moves to {LADDER[s['ladder']]}.",
                        "C5" if s["ladder"] >= 5 else "C28"))
    if s["aid"] != before["aid"]:
        reason = " (the war is over: nothing to send)" if not before["war_active"] and s["aid"] == 0 else ""
        out.append((f"Seoul's aid in effect becomes {AID[s['aid']]}{reason}.", "C1"))
    if s["aid_intended"] != s["aid"] and s["war_active"]:
        out.append((f"Seoul intends {AID[s['aid_intended']]} but the Assembly holds it at {AID[s['aid']]}.",
                    "C50"))
    if s["nato"] != before["nato"]:
        out.append((f"NATO offers and Seoul accepts: the track deepens to {NATO[s['nato']]}.", "C21, C46, C61"))
    if s["bill_tabled"] and not before["bill_tabled"]:
        out.append(("The opposition tables its Assembly-approval bill" + (
            "; it becomes law." if s["na_law"] else "; it fails (vote or veto)."), "C50, C51"))
    if before["war_active"] and not s["war_active"]:
        out.append((f"The war ends (Ukraine's position {s['ukr']:.2f}).", "C2"))
    if s["highend"] and not before["highend"]:
        out.append(("High-end help: Russia gives the DPRK nuclear/missile support.", "C5, C6"))
    return out


def _margin_shift(da: dict, db: dict, count: int = 3) -> str:
    """Why two arms chose differently: how much each term's margin of A's choice over B's differs."""
    x, y = da["chosen"], db["chosen"]
    pick = [{o["option"]: o for o in d["options"]} for d in (da, db)]
    if not pick[1][x]["feasible"]:
        return f"'{x}' was not open to it under the other arm"
    shifts = {t: (pick[0][x]["terms"][t] - pick[0][y]["terms"][t]) - (pick[1][x]["terms"][t] - pick[1][y]["terms"][t])
              for t in pick[0][x]["terms"]}
    top = sorted(shifts.items(), key=lambda kv: -abs(kv[1]))[:count]
    return "its margin for that choice was higher by " + "; ".join(
        f"{t} {v:+.2f}" + (f" [{da['claims'][t]}]" if da["claims"].get(t) else "") for t, v in top if abs(v) > 1e-9)


# the states a divergence tells, in the story's words ('aid becomes 3 under direct_155, 1 under status_quo' read
# as codes; 'highend becomes True')
STATE_NAMES = {"aid": "Seoul's aid in effect", "ladder": "the Russia-DPRK ladder", "nato": "the NATO track",
               "war_active": "the war", "highend": "high-end help"}


def _state(key: str, value) -> str:
    if key in ("aid", "ladder", "nato"):
        return {"aid": AID, "ladder": LADDER, "nato": NATO}[key][int(value)]
    if key == "war_active":
        return "on" if value else "over"
    return "given" if value else "not given"


def divergence(a: Replay, b: Replay) -> list[dict]:
    """Where the same world takes another course under another arm: the first month any choice or key state
    differs, then each month a key state starts or stops differing, and every important choice that differs,
    with the terms that made the difference (the same option's terms under each arm)."""
    out, seen, first = [], set(), True
    keys = ("aid", "ladder", "nato", "war_active", "highend")
    for ma, mb in zip(a.months, b.months, strict=True):
        da = {(d["agent"], d["decision"]): d for d in ma["decisions"]}
        db = {(d["agent"], d["decision"]): d for d in mb["decisions"]}
        lines = []
        for k in IMPORTANT:
            if k in da and k in db and da[k]["chosen"] != db[k]["chosen"]:
                lines.append(f"{ACTORS[k[0]]} chose to {da[k]['chosen']} under {a.arm} but to {db[k]['chosen']} "
                             f"under {b.arm} ({_margin_shift(da[k], db[k])})")
        differ = {k for k in keys if ma["state"][k] != mb["state"][k]}
        for k in sorted(differ - seen):
            lines.append(f"{STATE_NAMES[k]} becomes {_state(k, ma['state'][k])} under {a.arm}, "
                         f"{_state(k, mb['state'][k])} under {b.arm}")
        for k in sorted(seen - differ):
            lines.append(f"{STATE_NAMES[k]} is the same again ({_state(k, ma['state'][k])})")
        seen = differ
        other_choices = [k for k in da if k not in IMPORTANT and k in db and da[k]["chosen"] != db[k]["chosen"]]
        if first and (lines or other_choices):
            lines += [f"{ACTORS.get(k[0], k[0])} ({k[1]}): {da[k]['chosen']} vs {db[k]['chosen']}"
                      for k in other_choices]
            out.append({"date": ma["date"], "first": True, "text": "The worlds first diverge: " + "; ".join(lines)})
            first = False
        elif lines:
            out.append({"date": ma["date"], "first": False, "text": "; ".join(lines)})
    return out


def as_json(replay: Replay, months: list[Month], vs: list[dict] | None, why: str = "") -> str:
    return json.dumps({"arm": replay.arm, "replication": replay.replication, "picked_because": why,
                       "matches_stored_row": replay.matches_stored, "outcomes": replay.outcomes,
                       "parameters": replay.parameters,
                       "months": [{"date": m.date, "sentences": m.sentences, "state": m.state} for m in months],
                       "divergence": vs}, indent=1, default=str)
