"""Colorize through the real worker thread and the real tiny ONNX model; live mode coalesces bursts."""

from __future__ import annotations

from typing import Any

import numpy as np
from PIL import Image
from PySide6.QtCore import QTimer

from tests.ui.app_helpers import (  # noqa: F401 - fixtures
    GatedColorizer,
    draw_line,
    ink,
    make_window_fixture,
    tiny_model_path_fixture,
)


def test_colorize_runs_off_the_gui_thread_and_shows_the_photo(make_window: Any, qtbot: Any) -> None:
    colorizer = GatedColorizer(gated=False)
    window = make_window(colorizer_factory=colorizer.factory)
    tab = window.drawing_tab
    draw_line(window)
    assert ink(window) > 50
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000) as blocker:
        tab.colorize_button.click()
    _job, result = blocker.args
    assert colorizer.threads == ["colorize-worker"]
    assert result.photo.size == (200, 250) and result.photo.mode == "RGB"
    assert tab.photo.image is not None and tab.photo.image.width() == 200
    assert tab.photos.image is result.photo
    # What the model saw is the drawn sketch: dark where the line is.
    seen = np.asarray(result.sketch)
    assert seen.min() < 200 and seen[0, 0] == 255
    assert "ms" in window.latency_label.text() and "—" not in window.latency_label.text()
    assert window.device_label.text().endswith("CPU")
    assert "s2c_tiny" in window.model_label.text()


def test_gui_stays_responsive_while_the_worker_runs(make_window: Any, qtbot: Any) -> None:
    colorizer = GatedColorizer()
    window = make_window(colorizer_factory=colorizer.factory)
    tab = window.drawing_tab
    draw_line(window)
    tab.colorize()
    assert colorizer.entered.acquire(timeout=10)  # a run is now blocked inside the worker
    # The event loop still delivers timers and input while the run is blocked...
    timer = QTimer()
    timer.setSingleShot(True)
    with qtbot.waitSignal(timer.timeout, timeout=2000):
        timer.start(10)
    assert tab.worker.is_busy and tab.photo.busy
    before = ink(window)
    draw_line(window, 100, 300, 300, 300)  # ...and drawing still works meanwhile
    assert ink(window) > before
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        colorizer.gate.set()
    qtbot.waitUntil(lambda: not tab.photo.busy, timeout=5000)


def test_a_new_request_supersedes_waiting_and_running_ones(make_window: Any, qtbot: Any) -> None:
    colorizer = GatedColorizer()
    window = make_window(colorizer_factory=colorizer.factory)
    tab = window.drawing_tab
    runs_before = tab.worker.executor.runs_started  # the model's load was a run too
    draw_line(window, 100, 300, 300, 300)
    first = tab.colorize()  # starts running, blocked on the gate
    qtbot.waitUntil(lambda: tab.worker.running_id == first.id, timeout=5000)
    tab.colorize()  # waits...
    draw_line(window)
    last = tab.colorize()  # ...and is replaced by this one
    shown: list[int] = []
    tab.worker.resultReady.connect(lambda job, _result: shown.append(job.id))
    colorizer.gate.set()
    # Idle means every outcome was delivered (or dropped): nothing can arrive later.
    qtbot.waitUntil(lambda: not tab.worker.is_busy, timeout=10000)
    assert shown == [last.id]
    assert tab.worker.executor.dropped_pending == 1 and tab.worker.executor.dropped_results == 1
    assert tab.worker.executor.runs_started - runs_before == 2  # the middle request never ran
    assert np.asarray(tab.photos.image).shape == (250, 200, 3)
    assert tab.photos.matches() and not tab.photo.stale


def test_live_mode_updates_after_a_stroke_and_coalesces_a_burst(make_window: Any, qtbot: Any) -> None:
    window = make_window(live_delay_ms=200)
    tab = window.drawing_tab
    tab.ui_actions.live.setChecked(True)
    assert tab.live_check.isChecked()
    executor = tab.worker.executor
    qtbot.waitUntil(lambda: not tab.worker.is_busy, timeout=10000)
    qtbot.waitUntil(lambda: tab.live.ms_since_last_run() >= tab.live.delay_ms, timeout=5000)
    runs_before = executor.runs_started
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        draw_line(window)
    # Settled: no run in flight and no trailing run scheduled, so a single stroke cost exactly one run.
    qtbot.waitUntil(lambda: not tab.worker.is_busy and not tab.live.pending(), timeout=10000)
    assert executor.runs_started == runs_before + 1
    assert tab.photo.stale is False

    # A burst of 12 strokes, drawn as fast as the events arrive, starting on a leading edge.
    qtbot.waitUntil(lambda: tab.live.ms_since_last_run() >= tab.live.delay_ms, timeout=5000)
    runs_before = executor.runs_started
    for index in range(12):
        draw_line(window, 60, 60 + index * 30, 340, 70 + index * 30)
    qtbot.waitUntil(lambda: not tab.worker.is_busy and not tab.live.pending(), timeout=10000)
    runs = executor.runs_started - runs_before
    assert tab.live.stroke_ends == 13  # one notification per stroke
    assert 1 <= runs <= 3, runs
    # The photo shown is the one of the final sketch.
    final = Image.fromarray(tab.canvas.document.pixels)
    assert tab.photos.matches()
    assert (
        np.asarray(tab.worker.colorizer.colorize(final, fit="auto").photo).tolist()
        == np.asarray(tab.photos.image).tolist()
    )


def test_live_mode_off_means_no_runs(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.drawing_tab
    runs_before = tab.worker.executor.runs_started
    draw_line(window)
    # With live mode off a stroke schedules nothing: no timer waiting, no job queued.
    assert not tab.live.pending() and not tab.worker.is_busy
    assert tab.worker.executor.runs_started == runs_before and tab.photo.image is None


def test_live_mode_follows_pen_strokes_and_undo(make_window: Any, qtbot: Any) -> None:
    from tests.ui.drawing.canvas.events import line_points, tablet_stroke

    window = make_window(live_delay_ms=0)
    tab = window.drawing_tab
    tab.ui_actions.live.setChecked(True)
    qtbot.waitUntil(lambda: not tab.worker.is_busy, timeout=10000)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tablet_stroke(tab.canvas, line_points(100, 250, 300, 260), pressure=0.8)
    assert ink(window) > 50
    with_stroke = np.asarray(tab.photos.image).copy()
    qtbot.waitUntil(lambda: not tab.worker.is_busy, timeout=10000)
    assert with_stroke.shape == (250, 200, 3)
    tab.ui_actions.undo.trigger()
    assert ink(window) == 0
    assert (
        tab.photos.image is None and tab.photo.image is None
    )  # the photo follows the undo: a blank page has none
