"""Render a replication's story (story.py) as text for a terminal or as Markdown for a handout."""

from __future__ import annotations

import textwrap

from .story import AID, LADDER, Month, Replay

ASSUMPTIONS = (("china.restraint", "China's restraint"), ("russia.reservation", "Russia's reservations"),
               ("russia.need_base", "Russia's need"), ("russia.need_elasticity", "need elasticity"),
               ("russia.ire_kappa_direct", "ire scale"), ("russia.credibility", "credibility of Seoul's threat"),
               ("us.p_trump", "P(Trump)"), ("us.trump_view", "Trump's view of direct aid"))


def headline(replay: Replay) -> list[str]:
    o, p = replay.outcomes, replay.parameters
    from ..config.parameters import ROK_FEATURES

    weights = ", ".join(f"{f} {w:.2f}" for f, w in zip(ROK_FEATURES, p["rok.weights"], strict=True))
    world = ", ".join(f"{label} {p[key]:.2f}" for key, label in ASSUMPTIONS)
    start = replay.config.start
    result = [f"high-end help in month {o['months_to_highend']:.0f}" if o["highend_transfer"] else "no high-end help",
              f"the war ends after {o['war_duration_months']} months" if o["war_ended"] else "the war goes on",
              f"Seoul's aid peaks at {AID[o['aid_level_max']]}", f"the ladder peaks at {LADDER[o['ladder_max']]}",
              f"{o['us_type'].title()} in the White House"]
    check = {True: "the replay equals the stored row", False: "WARNING: the replay differs from the stored row "
             "(the code changed since the run)", None: "no stored row to check against"}[replay.matches_stored]
    return [f"Replication {replay.replication} of arm {replay.arm} ({replay.config.name}, seed {replay.config.seed}, "
            f"from {start}; {check}).",
            f"This world's assumptions: {world}; Russia is the "
            f"{'retaliatory' if o['russia_retaliatory'] else 'restrained'} type; Seoul's weights: {weights}.",
            "Result: " + "; ".join(result) + "."]


def _groups(months: list[Month]):
    """Consecutive quiet months collapse into one line."""
    quiet: list[Month] = []
    for m in months:
        if m.sentences:
            if quiet:
                yield quiet
                quiet = []
            yield m
        else:
            quiet.append(m)
    if quiet:
        yield quiet


def _quiet_line(ms: list[Month]) -> tuple[str, str]:
    a, b = ms[0], ms[-1]
    span = a.date if a is b else f"{a.date} to {b.date}"
    ladder, aid = LADDER[b.state["ladder"]].split()[0], AID[b.state["aid"]].split()[0]
    return span, (f"no choice changed; ladder {ladder}, aid {aid}, "
                  f"Ukraine {a.state['ukraine']:.2f} to {b.state['ukraine']:.2f}, "
                  f"Russia's need {b.state['need']:.2f}, ire {b.state['ire']:.2f}.")


def _sentence(s: dict) -> str:
    """A choice names its claims term by term; events and state changes carry theirs at the end."""
    return s["text"] + (f" [{s['claims']}]" if s["claims"] and s["kind"] != "choice" else "")


def as_text(replay: Replay, months: list[Month], vs: list[dict] | None = None, why: str = "",
            width: int = 100) -> str:
    wrap = textwrap.TextWrapper(width=width, subsequent_indent="    ")
    lines = [wrap.fill(line) for line in headline(replay)]
    if why:
        lines.insert(0, f"Picked because {why}.")
    if vs:
        lines += ["", "Against the other arm:"] + [wrap.fill(f"  {d['date']}: {d['text']}") for d in vs]
    lines.append("")
    for group in _groups(months):
        if isinstance(group, list):
            span, text = _quiet_line(group)
            lines.append(wrap.fill(f"{span}: {text}"))
            continue
        lines.append(f"{group.date}:")
        lines += [wrap.fill(f"  - {_sentence(s)}") for s in group.sentences]
    lines += ["", "Claims in brackets are numbered as in docs/sources.md; the numbers after each choice are how much "
                  "each term favoured the chosen option over the runner-up (utility units)."]
    return "\n".join(lines) + "\n"


def as_markdown(replay: Replay, months: list[Month], vs: list[dict] | None = None, why: str = "") -> str:
    lines = [f"### {replay.arm}, replication {replay.replication}", ""]
    if why:
        lines += [f"*Picked because {why}.*", ""]
    lines += [f"{line}  " for line in headline(replay)] + [""]
    if vs:
        lines += ["**Against the other arm:**", ""] + [f"- {d['date']}: {d['text']}" for d in vs] + [""]
    for group in _groups(months):
        if isinstance(group, list):
            span, text = _quiet_line(group)
            lines.append(f"- **{span}**: {text}")
        else:
            lines.append(f"- **{group.date}**")
            lines += [f"    - {_sentence(s)}" for s in group.sentences]
    return "\n".join(lines) + "\n"
