"""The seminar page, in Shiny for Python: every script and style is served from the installed package, so it
works in a room without a network; the model stays warm in the server process between answers.

Shiny runs a session's reactive graph one step at a time: a slider moved while an answer is being computed
invalidates it, and the newer settings are computed next, so an older answer never replaces a newer one.
"""

from __future__ import annotations

import html
import threading
from collections import OrderedDict
from pathlib import Path

from ..config.schema import ScenarioConfig
from ..errors import ScenarioError
from . import estimate as est

DEFAULT_ARMS = ("status_quo", "direct_155")
DEFAULT_REPS = 1000
PAGE_DPI = 96


def input_id(key: str) -> str:
    return "p_" + key.replace(".", "_")


def default_arms(base: ScenarioConfig) -> tuple[str, ...]:
    arms = list(base.arms)
    return tuple([a for a in DEFAULT_ARMS if a in arms] or arms[:2])


_warming = threading.Lock()  # held while the page warms up: the first answer waits for it, not beside it (the
# parameter-draw and point-config caches are not made for two threads at once)


def start_warming(base: ScenarioConfig) -> threading.Thread:
    """Do once, in the background as the server starts, what the first answer would otherwise wait for
    (measured 2.0-2.9 s against 0.35-0.45 s for the next: the model's and matplotlib's imports, the fan chart's axes): a
    small estimate of the default arms, drawn, leaves a chart that the first real answer draws into."""
    _warming.acquire()  # here, not in the thread: an answer that comes first cannot slip in before it

    def warm():
        try:
            arms = default_arms(base)
            answer = est.estimate(base, est.Settings(arms, 20))
            summary_html(answer.summary)
            fan_png([(answer.timeseries[answer.timeseries["arm"] == arm], arm) for arm in arms])
        except Exception:  # noqa: BLE001 -- a failure is left for the page's own answer to report
            pass
        finally:
            _warming.release()

    thread = threading.Thread(target=warm, name="scenarios-warm", daemon=True)
    try:
        thread.start()
    except BaseException:
        _warming.release()  # never leave the answers waiting for a warm-up that is not running
        raise
    return thread


def build(base: ScenarioConfig, save_dir: Path, runs_dir: Path):
    """The Shiny app for `base` (a validated config); saved scenarios go to `save_dir`."""
    from shiny import App, reactive, render, ui

    sliders = est.sliders(base)
    arms = list(base.arms)
    chosen = list(default_arms(base))

    def step(s: est.Slider) -> float:
        raw = (s.high - s.low) / 100
        return raw if raw >= 10 else round(raw, 6)

    def initial(s: est.Slider) -> float:
        """The config's value on the slider's grid (the widget snaps to it); 'moved' means away from here."""
        return round(s.low + round((s.start - s.low) / step(s)) * step(s), 6)

    def slider_input(s: est.Slider):
        title = f"{s.source} Untouched, the config draws it: {s.drawn}."
        label = ui.span(s.label + (f" ({s.unit})" if s.unit else ""), " ⓘ", title=title,
                        class_="assumption", **{"data-key": s.key})
        return ui.input_slider(input_id(s.key), label, min=s.low, max=s.high, value=initial(s), step=step(s),
                               ticks=False)

    page = ui.page_sidebar(
        ui.sidebar(
            ui.tags.p("Move an assumption; the Monte Carlo answer is re-estimated. Hover a name for its source. "
                      "An untouched slider leaves the assumption uncertain, as the config draws it."),
            *[slider_input(s) for s in sliders],
            ui.input_action_button("reset", "Back to the config's assumptions"),
            ui.input_checkbox_group("arms", "Seoul's policy (arms; the first is the reference)",
                                    {a: a for a in arms}, selected=chosen),
            ui.input_numeric("reps", "Replications per arm", DEFAULT_REPS, min=1, max=est.MAX_REPLICATIONS),
            width=380,
        ),
        ui.output_ui("status"),
        ui.card(ui.card_header("Headline outcomes per arm (estimate and 95% interval)"), ui.output_ui("summary")),
        ui.card(ui.card_header("What the second arm changes, world by world (paired difference)"),
                ui.output_ui("difference")),
        ui.card(ui.card_header("Over time"), ui.output_ui("fan")),
        ui.card(ui.card_header("Tell me one story"),
                ui.layout_columns(ui.input_select("story_arm", "Arm", {a: a for a in chosen}),
                                  ui.input_numeric("story_rep", "Replication", 0, min=0),
                                  ui.input_action_button("tell", "Tell me one story")),
                ui.output_code("story")),
        ui.card(ui.card_header("Save this scenario"),
                ui.layout_columns(ui.input_text("save_name", "Name", "seminar"),
                                  ui.input_checkbox("save_run", "and run it into runs/", False),
                                  ui.input_action_button("save", "Save this scenario")),
                ui.output_text("saved")),
        title=f"scenarios — {base.name}: move an assumption, watch the answer change",
    )

    def server(input, output, session):
        def settings() -> est.Settings:
            moved = []
            for s in sliders:
                value = input[input_id(s.key)]()
                if value is not None and abs(float(value) - initial(s)) > step(s) / 2:
                    moved.append((s.key, float(value)))
            reps = input.reps()
            return est.Settings(tuple(input.arms() or ()), reps if isinstance(reps, int) else -1, tuple(moved))

        @reactive.calc
        def answer():
            try:
                current = settings()
                with _warming:  # the start-up's warm-up, if it is still going
                    pass
                with ui.Progress(min=0, max=1) as progress:
                    progress.set(message="estimating…", detail=f"{current.replications:,} replications per arm")
                    return est.estimate(base, current)
            except ScenarioError as exc:
                return str(exc)

        @reactive.effect
        @reactive.event(input.reset)
        def _reset():
            for s in sliders:
                ui.update_slider(input_id(s.key), value=initial(s))

        @reactive.effect
        def _story_arms():
            on_page = list(input.arms() or ())
            ui.update_select("story_arm", choices={a: a for a in on_page}, selected=on_page[0] if on_page else None)

        @render.ui
        def status():
            a = answer()
            if isinstance(a, str):
                return ui.div(ui.tags.strong("Cannot estimate: "), a, class_="alert alert-warning", id="problem")
            moved = [f"{k} = {v:g}" for k, v in settings().values] or ["none (as the config draws them)"]
            return ui.div(f"{a.config.replications:,} replications × {len(settings().arms)} arm(s), seed "
                          f"{a.config.seed}, in {a.seconds:.2f} s. Fixed assumptions: {', '.join(moved)}.",
                          class_="text-muted", id="answered")

        @render.ui
        def summary():
            a = answer()
            return ui.HTML("") if isinstance(a, str) else ui.HTML(summary_html(a.summary))

        @render.ui
        def difference():
            a = answer()
            if isinstance(a, str) or a.difference is None:
                return ui.HTML("<p>Pick two arms to see what the second changes.</p>")
            return ui.HTML(difference_html(a.difference))

        @render.ui
        def fan():
            a = answer()
            if isinstance(a, str):
                return ui.HTML("")
            frames = [(a.timeseries[a.timeseries["arm"] == arm], arm) for arm in settings().arms]
            return ui.img(src=fan_png(frames), id="fan-chart", style="width: 100%; max-width: 1200px;",
                          alt="Fan chart: monthly mean and 5-95% band of the key state variables per arm")

        @render.code
        @reactive.event(input.tell)
        def story():
            try:
                rep = input.story_rep()
                return est.story(base, settings(), input.story_arm(), rep if isinstance(rep, int) else -1)
            except ScenarioError as exc:
                return f"Cannot tell it: {exc}"

        @render.text
        @reactive.event(input.save)
        def saved():
            try:
                path = est.save(base, settings(), save_dir, input.save_name())
            except ScenarioError as exc:
                return f"Not saved: {exc}"
            if not input.save_run():
                return f"Saved {path}; run it with: scenarios run {path}"
            from ..api import run

            stored = run(path, runs_dir=runs_dir)
            return f"Saved {path} and ran it: {stored.path}"

    return App(page, server)


_charts_lock = threading.Lock()  # matplotlib is not thread-safe; Shiny answers in one thread, a caller may not
_charts: OrderedDict = OrderedDict()  # the latest answers' fan charts (analysis.plots.FanChart) by layout: the
CHARTS_KEPT = 8  # next answer with the same arms draws into its chart; tabs that chose other arms keep theirs


def fan_png(frames) -> str:
    """The fan chart drawn as `scenarios plot` draws it, as a data: URI for an <img>.  The page shows it at most
    1,200 px wide, so it is drawn at 96 dpi (1,728 px; 120 for files) and without the tight-bbox pass.  The
    figure is made at that dpi (saving at another would lay it out twice) and kept: the next answer for the
    same arms draws its numbers into it (`plots.refill`) instead of building the axes again.  Drawing was most
    of an answer's time: this chart 0.48-0.53 s before, 0.18-0.28 s now (docs/seminar-page.md)."""
    import base64

    from ..analysis import plots, style

    layout = plots.fan_layout(frames)
    with _charts_lock:
        chart = _charts.pop(layout, None)
        if chart is None or not plots.refill(chart, frames):
            chart = plots.fan_chart(frames)
            chart.fig.set_dpi(PAGE_DPI)
        _charts[layout] = chart  # the newest last
        while len(_charts) > CHARTS_KEPT:
            style.close(_charts.popitem(last=False)[1].fig)  # each holds 1,728 x 806 pixels, 5.6 MB
        png = plots.chart_png(chart)
    return "data:image/png;base64," + base64.b64encode(png).decode()


def summary_html(summary) -> str:
    """Arms down, headline outcomes across; each cell 'estimate' over 'low–high'.  Cells carry ids
    (value-ARM-OUTCOME) so a test, or a screen reader, can find a number."""
    outcomes = list(dict.fromkeys(summary["outcome"]))
    labels = dict(zip(summary["outcome"], summary["label"], strict=False))
    shorts = dict(zip(summary["outcome"], summary["short"], strict=False))
    head = "".join(f"<th title='{html.escape(labels[o])}'>{html.escape(shorts[o])}</th>" for o in outcomes)
    rows = []
    for arm, group in summary.groupby("arm", sort=False):
        cells = []
        for o in outcomes:
            r = group[group["outcome"] == o].iloc[0]
            cells.append(f"<td><span id='value-{arm}-{o}' class='estimate'>{_fmt(r['estimate'])}</span><br>"
                         f"<small class='text-muted'>{_fmt(r['low'])}–{_fmt(r['high'])}</small></td>")
        rows.append(f"<tr><th>{html.escape(arm)}</th>{''.join(cells)}</tr>")
    return (f"<div class='table-responsive'><table class='table table-sm'><thead><tr><th>arm</th>{head}</tr>"
            f"</thead><tbody>{''.join(rows)}</tbody></table></div>")


def difference_html(diff) -> str:
    rows = []
    for _, r in diff.iterrows():
        clear = r["low"] > 0 or r["high"] < 0
        rows.append(f"<tr><td>{html.escape(r['label'])}</td><td>{_fmt(r['a'])}</td><td>{_fmt(r['b'])}</td>"
                    f"<td id='diff-{r['metric']}'{' class=fw-bold' if clear else ''}>{_fmt(r['diff'], True)}</td>"
                    f"<td>{_fmt(r['low'], True)} to {_fmt(r['high'], True)}</td></tr>")
    first = diff.iloc[0]
    return (f"<p>{html.escape(first['compared'])} against {html.escape(first['reference'])}, paired over "
            f"{int(first['n_a']):,} replications (the same worlds); bold: the interval excludes 0.</p>"
            "<table class='table table-sm'><thead><tr><th>outcome</th><th>reference</th><th>compared</th>"
            f"<th>difference</th><th>95% interval</th></tr></thead><tbody>{''.join(rows)}</tbody></table>")


def _fmt(value: float, signed: bool = False) -> str:
    from ..analysis.metrics import number

    return number(float(value), signed)
