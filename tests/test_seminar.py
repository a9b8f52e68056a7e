"""The seminar page: its callback layer (settings -> results) and, in a real headless Chromium, the page."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

import scenarios
from scenarios.seminar import estimate as est
from scenarios.seminar.app import input_id

from conftest import MAIN_CONFIG, ROOT

BASE = scenarios.load(MAIN_CONFIG)
ARMS = ("status_quo", "direct_155")


def test_sliders_come_from_the_catalogue_with_labels_ranges_and_sources():
    sliders = {s.key: s for s in est.sliders(BASE)}
    assert set(est.SLIDER_KEYS) <= set(sliders)
    restraint = sliders["china.restraint"]
    assert (restraint.low, restraint.high) == (0.0, 1.0) and restraint.label == "China's restraint"
    assert "beta" in restraint.drawn and "C8" in restraint.source
    assert 60_000 <= sliders["dprk.capacity_per_month"].start <= 250_000


def test_untouched_page_reproduces_scenarios_run(runs_dir):
    answer = est.estimate(BASE, est.Settings(ARMS, 400))
    stored = scenarios.run(BASE, arms=list(ARMS), replications=400, runs_dir=runs_dir)
    page = answer.summary.set_index(["arm", "outcome"])["estimate"]
    run = stored.summary_table().set_index(["arm", "outcome"])["estimate"]
    assert page.to_dict() == run.to_dict()
    assert answer.difference["paired"].all()


def test_a_moved_slider_fixes_the_assumption_and_moves_the_answer():
    untouched = est.estimate(BASE, est.Settings(ARMS, 400))
    moved = est.estimate(BASE, est.Settings(ARMS, 400, (("china.restraint", 0.95),)))
    expected = scenarios.run(BASE, arms=list(ARMS), replications=400)
    expected = scenarios.run(scenarios.load(expected.config, {"parameters.china.restraint": 0.95}), arms=list(ARMS))
    p_l6 = moved.summary.set_index(["arm", "outcome"]).loc[("direct_155", "highend_transfer"), "estimate"]
    assert p_l6 == expected.summary_table().set_index(["arm", "outcome"]).loc[
        ("direct_155", "highend_transfer"), "estimate"]
    before = untouched.summary.set_index(["arm", "outcome"]).loc[("direct_155", "highend_transfer"), "estimate"]
    assert p_l6 < before  # a restraining China holds Moscow back


@pytest.mark.parametrize("settings, message", [
    (est.Settings(ARMS, 0), "replications must be a whole number from 1"),
    (est.Settings(ARMS, 10**9), "replications must be a whole number from 1"),
    (est.Settings((), 100), "pick at least one arm"),
    (est.Settings(ARMS, 100, (("china.restraint", 1.5),)), "china.restraint"),
    (est.Settings(ARMS, 100, (("dprk.capacity_per_month", -5.0),)), "capacity_per_month"),
])
def test_bad_input_is_a_message_not_a_traceback(settings, message):
    with pytest.raises(scenarios.ScenarioError, match=message):
        est.estimate(BASE, settings)


def test_save_writes_a_config_that_reproduces_the_page(tmp_path):
    settings = est.Settings(ARMS, 300, (("russia.reservation", 0.2),))
    path = est.save(BASE, settings, tmp_path, "low reservation!")
    assert path.name == "low_reservation.yaml"
    assert est.save(BASE, settings, tmp_path, "low reservation!").name == "low_reservation-2.yaml"
    saved = scenarios.load(path)
    assert list(saved.arms) == list(ARMS) and saved.replications == 300
    again = scenarios.run(saved)
    page = est.estimate(BASE, settings)
    assert again.summary_table()["estimate"].tolist() == page.summary["estimate"].tolist()


def test_one_story_is_explains_narrative():
    text = est.story(BASE, est.Settings(ARMS, 100), "direct_155", 3)
    assert text.startswith("Replication 3 of arm direct_155")
    with pytest.raises(scenarios.ScenarioError, match="replication must be"):
        est.story(BASE, est.Settings(ARMS, 100), "direct_155", 100)


# ---- the page in a real browser -----------------------------------------------------------------------------

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = _free_port()
    save_dir = tmp_path_factory.mktemp("saved")
    proc = subprocess.Popen([sys.executable, "-m", "scenarios", "serve", str(MAIN_CONFIG), "--port", str(port),
                             "--save-dir", str(save_dir)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True)
    deadline = time.time() + 60
    while time.time() < deadline:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            time.sleep(0.2)
    yield f"http://127.0.0.1:{port}/", proc, save_dir
    proc.terminate()
    proc.wait(timeout=20)


browser_needed = pytest.mark.skipif(CHROMIUM is None, reason="no Chromium: apt-get install -y chromium "
                                                             "(.ci/run installs it)")


@browser_needed
def test_page_moves_a_slider_and_shows_the_librarys_number(server, tmp_path):
    playwright = pytest.importorskip("playwright.sync_api", reason="playwright is a test extra")
    url, proc, save_dir = server
    cell = "#value-direct_155-highend_transfer"
    with playwright.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 1500, "height": 1900})
        page.goto(url)
        page.wait_for_selector(cell, timeout=60_000)
        before = page.inner_text(cell)
        untouched = est.estimate(BASE, est.Settings(ARMS, 1000)).summary.set_index(["arm", "outcome"])
        assert before == _shown(untouched.loc[("direct_155", "highend_transfer"), "estimate"])
        # move China's restraint through the slider widget itself
        page.evaluate(f"$('#{input_id('china.restraint')}').data('ionRangeSlider').update({{from: 0.9}})")
        page.locator(f"#{input_id('china.restraint')}").dispatch_event("change")
        page.wait_for_function(f"document.querySelector('{cell}') && "
                               f"document.querySelector('{cell}').innerText !== '{before}'", timeout=30_000)
        page.wait_for_selector("#answered:not(.recalculating)", timeout=30_000)
        expected = est.estimate(BASE, est.Settings(ARMS, 1000, (("china.restraint", 0.9),)))
        value = expected.summary.set_index(["arm", "outcome"]).loc[("direct_155", "highend_transfer"), "estimate"]
        assert page.inner_text(cell) == _shown(value)
        assert "china.restraint = 0.9" in page.inner_text("#answered")
        page.wait_for_selector("#fan-chart", timeout=30_000)
        page.click("#tell")  # one story, under the page's settings
        page.wait_for_function("document.querySelector('#story').innerText.includes('Replication 0 of arm')",
                               timeout=30_000)
        assert "China's restraint 0.90" in page.inner_text("#story")
        shot = Path(os.environ.get("SEMINAR_SCREENSHOT", tmp_path / "seminar.png"))
        page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 50_000
        # a bad value typed in: a message on the page, the server stays up
        page.fill("#reps", "0")
        page.locator("#reps").dispatch_event("change")
        page.wait_for_selector("#problem", timeout=30_000)
        assert "replications must be" in page.inner_text("#problem")
        # a tab closed mid-run does not take the server down
        page.fill("#reps", "20000")
        page.locator("#reps").dispatch_event("change")
        page.wait_for_timeout(300)
        page.close()
        again = browser.new_page()
        again.goto(url)
        again.wait_for_selector(cell, timeout=60_000)
        assert again.inner_text(cell) == before
        browser.close()
    assert proc.poll() is None


def _shown(value: float) -> str:
    from scenarios.seminar.app import _fmt

    return _fmt(value)


def test_serve_answers_offline_and_stops_cleanly_on_ctrl_c():
    """Every asset the page loads is served by the server itself; Ctrl-C stops it without a traceback."""
    import signal
    import urllib.request

    port = _free_port()
    proc = subprocess.Popen([sys.executable, "-m", "scenarios", "serve", str(MAIN_CONFIG), "--port", str(port)],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        deadline = time.time() + 60
        while time.time() < deadline:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5).read().decode()
                break
            except OSError:
                time.sleep(0.2)
        import re

        assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css))"', page)
        assert assets and not [a for a in assets if a.startswith(("http:", "https:", "//"))]
        for asset in assets[:6]:
            assert urllib.request.urlopen(f"http://127.0.0.1:{port}/{asset}", timeout=5).status == 200
    finally:
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 0
    assert "Traceback" not in proc.stdout.read()


def test_a_refilled_fan_chart_shows_what_a_new_one_would(monkeypatch):
    """The page draws each answer into the chart of the last answer with the same arms: lines, bands, y-limits,
    tick labels and title must then be those of a chart drawn from scratch; other arms get their own chart."""
    import base64
    import io

    import matplotlib.pyplot as plt
    import numpy as np
    from PIL import Image

    from scenarios.analysis import plots
    from scenarios.seminar import app

    base = scenarios.load(MAIN_CONFIG)
    key = "china.restraint"
    arms = ("status_quo", "direct_155")

    def frames(value, reps, chosen=arms):
        answer = est.estimate(base, est.Settings(chosen, reps, ((key, value),)))
        return [(answer.timeseries[answer.timeseries["arm"] == a], a) for a in chosen]

    first, second = frames(0.0, 300), frames(1.0, 200)
    fresh = plots.fan_chart(second)
    app._charts.clear()
    app.fan_png(first)
    (kept,) = app._charts.values()
    uri = app.fan_png(second)
    assert list(app._charts.values()) == [kept]  # drawn into, not rebuilt
    fresh.fig.set_dpi(app.PAGE_DPI)
    fresh_png = plots.style.png(fresh.fig)
    for (label, variable), (line, band) in fresh.artists.items():
        line_kept, band_kept = kept.artists[label, variable]
        assert np.array_equal(line.get_ydata(), line_kept.get_ydata())
        if band is not None:
            assert np.array_equal(band.get_paths()[0].vertices, band_kept.get_paths()[0].vertices)
    for ax, ax_kept in zip(fresh.fig.axes, kept.fig.axes, strict=True):
        assert ax.get_ylim() == pytest.approx(ax_kept.get_ylim())
        assert [t.get_text() for t in ax.get_yticklabels()] == [t.get_text() for t in ax_kept.get_yticklabels()]
    assert fresh.fig.get_suptitle() == kept.fig.get_suptitle() and "n = 200" in kept.fig.get_suptitle()
    # constrained layout moves axes by a fraction of a pixel from one draw to the next; nothing more
    shown = np.asarray(Image.open(io.BytesIO(base64.b64decode(uri.split(",", 1)[1]))))
    new = np.asarray(Image.open(io.BytesIO(fresh_png)))
    assert shown.shape == new.shape and (shown != new).any(axis=2).mean() < 0.05
    # the same tick labels: the layout stands, and the picture is the same to the byte (a layout pass would
    # have moved the axes a little, as above)
    assert kept.laid_out is not None and app.fan_png(second) == uri
    positions = [ax.get_position().bounds for ax in kept.fig.axes]
    app.fan_png(first)  # other tick labels on some axis: laid out again
    assert [ax.get_position().bounds for ax in kept.fig.axes] != positions
    app.fan_png(frames(0.5, 200, ("status_quo",)))  # one arm: another layout, a chart of its own
    assert len(app._charts) == 2 and list(app._charts.values())[0] is kept
    app.fan_png(second)  # back to two arms (another tab, say): their chart is still there
    assert len(app._charts) == 2 and list(app._charts.values())[-1] is kept
    monkeypatch.setattr(app, "CHARTS_KEPT", 1)
    app.fan_png(frames(0.5, 200, ("direct_155",)))
    assert len(app._charts) == 1 and kept not in app._charts.values()  # the oldest go, their figures closed
    assert kept.fig.number not in plt.get_fignums()


@pytest.mark.parametrize("workers", [None, 2])  # 2: a config that asks for a pool, started from the warm-up's
def test_the_page_warms_up_so_the_first_answer_draws_into_a_ready_chart(workers):  # thread
    from scenarios.seminar import app

    base = scenarios.load(MAIN_CONFIG, {"execution.workers": workers} if workers else {})
    app._charts.clear()
    app.start_warming(base).join(timeout=60)
    assert not app._warming.locked()  # released: answers no longer wait
    (warmed,) = app._charts.values()
    arms = app.default_arms(base)
    answer = est.estimate(base, est.Settings(arms, 100))
    app.fan_png([(answer.timeseries[answer.timeseries["arm"] == a], a) for a in arms])
    assert list(app._charts.values()) == [warmed]  # the first answer drew into the warmed chart
