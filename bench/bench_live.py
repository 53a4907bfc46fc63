"""Live mode latency: from the end of a stroke to the colorized photo painted on screen.

Runs the real main window offscreen (real canvas, real worker thread, real onnxruntime), opens a face sketch
(a CUFS sketch by default, so every live run fits a real face as it does for an artist; ``--sketch none`` for
a blank page), draws strokes on it with synthesised mouse events and times, for each stroke:

- ``stroke → shown``: just before the mouse release reaches the canvas, to the end of the PhotoView paint that
  first shows the photo of that sketch (what the artist perceives);
- ``model``: the engine's own latency for that run (decode → model → photo);
- ``overhead``: the difference (queueing, signals, conversion to QImage, painting).

A second scenario draws bursts of strokes 40 ms apart and reports how many model runs each burst cost and
the latency from the burst's last stroke to its photo.

    .venv/bin/python bench/bench_live.py                      # tiny test model (until the real one ships)
    .venv/bin/python bench/bench_live.py --model resources/models/s2c_generator.onnx --repeat 30
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def describe(name: str, values: list[float]) -> str:
    return (
        f"{name:<16} n={len(values):<3} p50={statistics.median(values):7.1f} ms  "
        f"p95={percentile(values, 0.95):7.1f} ms  min={min(values):7.1f}  max={max(values):7.1f}"
    )


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", help="ONNX model (default: a tiny test model written to a temp folder)")
    parser.add_argument("--device", default="auto", choices=("auto", "cpu", "cuda"))
    parser.add_argument("--repeat", type=int, default=20, help="isolated strokes to time")
    parser.add_argument("--bursts", type=int, default=5, help="bursts of strokes")
    parser.add_argument("--burst-size", type=int, default=8)
    parser.add_argument(
        "--delay", type=int, default=None, help="live_delay_ms (default: the preference, 150)"
    )
    parser.add_argument(
        "--sketch",
        default=str(
            REPO.parent / "shared" / "datasets" / "faces" / "cufs_cuhk" / "sketches" / "cuhk_test_001.jpg"
        ),
        help="face sketch the strokes are drawn on (default: a CUFS sketch; 'none' for a blank page)",
    )
    args = parser.parse_args()

    home = tempfile.mkdtemp(prefix="s2c-bench-live-")
    os.environ["S2C_HOME"] = home  # never touch the user's own autosave or settings
    if args.model:
        model = Path(args.model)
    else:
        from tests.engine.tiny_model import write_tiny_model

        model = write_tiny_model(Path(home) / "model")

    from PySide6.QtCore import QCoreApplication, QEvent, Qt

    from s2c_desktop.settings import Preferences, save_preferences
    from s2c_desktop.ui.application import create_application, create_main_window
    from tests.ui.drawing.canvas.events import _mouse, line_points, mouse_stroke, widget_point

    def stroke(points: list[tuple[float, float]]) -> None:
        """Press and move, then take the time just before the release: the stroke's end."""
        mouse_stroke(tab.canvas, points, release=False)
        stroke_end.append(time.perf_counter())
        left = Qt.MouseButton.LeftButton
        _mouse(
            tab.canvas,
            QEvent.Type.MouseButtonRelease,
            widget_point(tab.canvas, *points[-1]),
            left,
            Qt.MouseButton.NoButton,
        )

    prefs = Preferences(language="en", device=args.device)
    if args.delay is not None:
        prefs.live_delay_ms = args.delay
    save_preferences(prefs)
    app = create_application()
    window = create_main_window(
        app, argparse.Namespace(lang="en", model=str(model), datasets=None, debug=False)
    )
    tab = window.drawing_tab
    tab.ask_before_discarding = False
    window.resize(1360, 860)
    window.show()
    window.start()

    def pump_until(condition, timeout: float = 30.0) -> None:  # noqa: ANN001
        deadline = time.perf_counter() + timeout
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("timed out waiting for the app")
            app.processEvents()
            time.sleep(0.001)

    pump_until(lambda: window.model_info is not None or window.model_failed)
    if window.model_failed:
        print("model failed:", window.reporter.messages[-1][1])
        return 1
    info = window.model_info
    if args.sketch != "none":
        # A face on the paper, as an artist's sketch has: the engine then fits a face (detection), not an
        # empty page, on every live run.
        from PIL import Image

        from s2c_desktop.sketch.document import DOCUMENT_HEIGHT, DOCUMENT_WIDTH

        page = Path(home) / "sketch.png"
        with Image.open(args.sketch) as face:
            face.convert("L").resize((DOCUMENT_WIDTH, DOCUMENT_HEIGHT)).save(page)
        tab.open_sketch_from(page)
    tab.ui_actions.live.setChecked(True)
    pump_until(lambda: not tab.worker.is_busy)

    stroke_end: list[float] = []
    shown: dict[int, float] = {}
    results: dict[int, float] = {}
    tab.photo.shown.connect(lambda token, at: shown.__setitem__(token.id, at) if token is not None else None)
    tab.worker.resultReady.connect(lambda request, result: results.__setitem__(request.id, result.latency_ms))

    def settle() -> None:
        pump_until(lambda: not tab.worker.is_busy and not tab.live.pending())
        end = time.perf_counter() + tab.live.delay_ms / 1000 + 0.05
        while time.perf_counter() < end:
            app.processEvents()
            time.sleep(0.002)

    # Warm-up: the first runs pay for onnxruntime's lazy initialisation.
    for index in range(3):
        mouse_stroke(tab.canvas, line_points(80, 100 + index * 10, 320, 110 + index * 10))
        settle()

    total, model_ms, overhead = [], [], []
    for index in range(args.repeat):
        settle()
        before = tab.worker.latest_id
        y = 60 + (index * 17) % 380
        stroke(line_points(60, y, 340, y + 15, steps=12))
        ended = stroke_end[-1]
        pump_until(lambda before=before: tab.worker.latest_id > before and tab.worker.latest_id in shown)
        request_id = tab.worker.latest_id
        total.append((shown[request_id] - ended) * 1000)
        model_ms.append(results[request_id])
        overhead.append(total[-1] - model_ms[-1])

    burst_runs, burst_latency = [], []
    for burst in range(args.bursts):
        settle()
        runs_before = tab.worker.executor.runs_started
        for index in range(args.burst_size):
            y = 80 + (burst * 37 + index * 23) % 360
            stroke(line_points(80, y, 300, y + 8, steps=6))
            wait_until = time.perf_counter() + 0.040
            while time.perf_counter() < wait_until:
                app.processEvents()
                time.sleep(0.002)
        ended = stroke_end[-1]
        pump_until(
            lambda: not tab.worker.is_busy and not tab.live.pending() and tab.worker.latest_id in shown
        )
        burst_runs.append(tab.worker.executor.runs_started - runs_before)
        burst_latency.append((shown[tab.worker.latest_id] - ended) * 1000)

    print(
        f"device: {info.device_label} ({info.provider}); model: {info.name}; "
        f"live_delay_ms={tab.live.delay_ms}; cpu cores: {os.cpu_count()}; sketch: {Path(args.sketch).name}"
    )
    print(describe("stroke → shown", total))
    print(describe("model (engine)", model_ms))
    print(describe("overhead", overhead))
    print(
        f"bursts of {args.burst_size} strokes 40 ms apart: runs per burst {burst_runs} "
        f"(vs {args.burst_size} strokes); last stroke → shown p50 {statistics.median(burst_latency):.1f} ms, "
        f"max {max(burst_latency):.1f} ms"
    )
    target = 100.0
    verdict = "meets" if percentile(total, 0.95) <= target else "misses"
    print(f"target: photo within {target:.0f} ms of the stroke's end — p95 {verdict} it")
    # Issue 27 §6: pen-up to the photo painted, on two busy cores, at most 250 ms at the median.
    median_target = 250.0
    verdict = "meets" if statistics.median(total) <= median_target else "misses"
    print(f"target: median pen-up → photo painted ≤ {median_target:.0f} ms — {verdict} it")
    window.close()
    QCoreApplication.processEvents()
    return 0


if __name__ == "__main__":
    sys.exit(main())
