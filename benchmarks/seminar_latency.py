"""How long the seminar page takes to answer a slider move: the callback (1,000 replications x 2 arms, in
memory) plus what the page draws from it (tables, the fan chart as PNG), warm, over random slider settings.

    python benchmarks/seminar_latency.py [--moves 40] [--reps 1000] [--drag] [--browser]

Moves are random: each sets a random slider to a random value.  With --drag, one slider (China's restraint)
goes across its range in --moves steps, as a hand drags it: consecutive answers differ a little, and the
chart's layout, made for the previous answer's tick labels, more often stands.  Prints p50 and p95 seconds of
the whole answer and of the model part alone.

With --browser (needs Chromium and playwright, as the page's test does), the same drag end to end instead:
`scenarios serve` in a process of its own, a headless Chromium moving the slider widget, and the time from
the widget's change to the new chart shown.  That includes Shiny's 250 ms debounce of a slider (it waits
for the hand to stop before it sends the value), the websocket, and the browser decoding the picture.
"""

from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

import numpy as np


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--moves", type=int, default=40)
    parser.add_argument("--reps", type=int, default=1000)
    parser.add_argument("--drag", action="store_true", help="one slider across its range in small steps")
    parser.add_argument("--browser", action="store_true", help="dragged in a real browser, end to end")
    parser.add_argument("--kernel", choices=["auto", "compiled", "numpy"], default="auto",
                        help="execution.kernel of the answers")
    args = parser.parse_args()
    if args.browser:
        in_browser(args.moves, args.kernel)
        return
    import scenarios
    from scenarios.seminar import estimate as est
    from scenarios.seminar.app import difference_html, fan_png, summary_html

    base = scenarios.load(Path(__file__).resolve().parents[1] / "configs" / "lethal_aid.yaml")
    base = base.model_copy(update={"execution": base.execution.model_copy(update={"kernel": args.kernel})})
    sliders = est.sliders(base)
    arms = ("status_quo", "direct_155")
    rng = np.random.default_rng(1)
    total, model = [], []
    for move in range(args.moves + 2):
        if args.drag:
            s = next(s for s in sliders if s.key == "china.restraint")
            value = s.low + (s.high - s.low) * move / (args.moves + 1)
        else:
            s = sliders[move % len(sliders)]
            value = float(rng.uniform(s.low, s.high))
        settings = est.Settings(arms, args.reps, ((s.key, value),))
        t0 = time.perf_counter()
        answer = est.estimate(base, settings)
        t1 = time.perf_counter()
        summary_html(answer.summary), difference_html(answer.difference)
        fan_png([(answer.timeseries[answer.timeseries["arm"] == a], a) for a in arms])
        if move >= 2:  # the first two warm the process, as the server is warm
            total.append(time.perf_counter() - t0)
            model.append(t1 - t0)
    how = "steps of one slider dragged" if args.drag else "random slider moves"
    print(f"{args.reps:,} replications x 2 arms, {args.moves} {how}, kernel {args.kernel}, {os.cpu_count()} cores: "
          f"answer p50 {np.percentile(total, 50):.3f} s, p95 {np.percentile(total, 95):.3f} s; "
          f"model+summary+compare alone p50 {np.percentile(model, 50):.3f} s, p95 {np.percentile(model, 95):.3f} s")


def in_browser(moves: int, kernel: str) -> None:
    import shutil
    import signal
    import socket
    import subprocess
    import sys

    from playwright.sync_api import sync_playwright

    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    if chromium is None:
        raise SystemExit("--browser needs Chromium: apt-get install -y chromium")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    import tempfile

    config = Path(tempfile.mkdtemp()) / "lethal_aid.yaml"  # the main config, with the kernel asked for
    main_config = Path(__file__).resolve().parents[1] / "configs" / "lethal_aid.yaml"
    config.write_text(main_config.read_text() + f"\nexecution:\n  kernel: {kernel}\n")
    server = subprocess.Popen([sys.executable, "-m", "scenarios", "serve", str(config), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    slider = "p_china_restraint"
    try:
        server.stdout.readline()  # "seminar page: http://...", printed just before the server binds its port
        deadline = time.monotonic() + 60
        while True:  # as the page's test does: wait until it accepts a connection
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit(f"the server did not start: {server.stdout.read()}") from None
                time.sleep(0.1)
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=chromium, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1500, "height": 1900})
            page.goto(f"http://127.0.0.1:{port}/", timeout=60_000)
            page.wait_for_selector("#fan-chart", timeout=60_000)
            times = []
            for move in range(moves + 2):
                value = round(0.05 + 0.9 * move / (moves + 1), 3)
                shown = page.get_attribute("#fan-chart", "src")[-64:]  # the end of the picture's data: URI
                t0 = time.perf_counter()
                page.evaluate(f"$('#{slider}').data('ionRangeSlider').update({{from: {value}}})")
                page.locator(f"#{slider}").dispatch_event("change")
                page.wait_for_function(f"(() => {{ const i = document.querySelector('#fan-chart'); "
                                       f"return i && !i.src.endsWith('{shown}') && i.complete; }})()",
                                       timeout=60_000)
                if move >= 2:
                    times.append(time.perf_counter() - t0)
            browser.close()
    finally:
        server.send_signal(signal.SIGINT)
        server.wait(timeout=30)
    print(f"1,000 replications x 2 arms, {moves} steps of one slider dragged in Chromium, kernel {kernel}, "
          f"{os.cpu_count()} cores: "
          f"from the widget's change to the new chart shown p50 {np.percentile(times, 50):.3f} s, "
          f"p95 {np.percentile(times, 95):.3f} s (Shiny's 250 ms slider debounce included)")


if __name__ == "__main__":
    main()
