"""Colorize through the real worker thread and the real tiny ONNX model; live mode coalesces bursts."""

from __future__ import annotations

import threading
import time
from typing import Any

import numpy as np
from PIL import Image

from tests.ui.app_helpers import draw_line, ink, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def test_colorize_runs_off_the_gui_thread_and_shows_the_photo(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.canvas_tab
    draw_line(window)
    assert ink(window) > 50
    seen_threads: list[str] = []
    original = tab.worker._execute

    def spy(request: Any) -> Any:
        seen_threads.append(threading.current_thread().name)
        return original(request)

    tab.worker._execute = spy
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000) as blocker:
        tab.colorize_button.click()
    request, result = blocker.args
    assert seen_threads == ["colorize-worker"]
    assert result.photo.size == (200, 250) and result.photo.mode == "RGB"
    assert tab.photo.image is not None and tab.photo.image.width() == 200
    assert tab.photo_image is result.photo
    # What the model saw is the drawn sketch: dark where the line is.
    seen = np.asarray(result.sketch)
    assert seen.min() < 200 and seen[0, 0] == 255
    assert "ms" in window.latency_label.text() and "—" not in window.latency_label.text()
    assert window.device_label.text().endswith("CPU")
    assert "s2c_tiny" in window.model_label.text()


def test_gui_stays_responsive_while_the_worker_runs(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.canvas_tab
    gate = threading.Event()
    original = tab.worker._execute

    def slow(request: Any) -> Any:
        gate.wait(5)
        return original(request)

    tab.worker._execute = slow
    tab.colorize()
    ticks = []
    started = time.perf_counter()
    while time.perf_counter() - started < 0.3:
        qtbot.wait(20)
        ticks.append(time.perf_counter())
    # The event loop kept turning (>= 10 iterations in 300 ms) while a run was blocked in the worker.
    assert len(ticks) >= 10 and tab.worker.is_busy
    draw_line(window, 100, 300, 300, 300)  # and drawing still works meanwhile
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        gate.set()


def test_a_new_request_supersedes_waiting_and_running_ones(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.canvas_tab
    gate = threading.Event()
    original = tab.worker._execute

    def gated(request: Any) -> Any:
        gate.wait(5)
        return original(request)

    tab.worker._execute = gated
    first = tab.colorize()  # starts running, blocked on the gate
    qtbot.waitUntil(lambda: tab.worker.running_id == first.id, timeout=5000)
    tab.colorize()  # waits...
    draw_line(window)
    last = tab.colorize()  # ...and is replaced by this one
    shown: list[int] = []
    tab.worker.resultReady.connect(lambda request, _result: shown.append(request.id))
    gate.set()
    qtbot.waitUntil(lambda: shown == [last.id], timeout=10000)
    qtbot.wait(100)
    assert shown == [last.id]
    assert tab.worker.dropped_pending == 1 and tab.worker.dropped_results == 1
    assert tab.worker.runs_started == 2  # the middle request never ran
    assert np.asarray(tab.photo_image).shape == (250, 200, 3)


def test_live_mode_updates_after_a_stroke_and_coalesces_a_burst(make_window: Any, qtbot: Any) -> None:
    window = make_window(live_delay_ms=200)
    tab = window.canvas_tab
    tab.ui_actions.live.setChecked(True)
    assert tab.live_check.isChecked()
    qtbot.waitUntil(lambda: not tab.worker.is_busy, timeout=10000)
    runs_before = tab.worker.runs_started
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        draw_line(window)
    qtbot.wait(400)  # longer than the delay: no trailing run follows a single stroke
    assert tab.worker.runs_started == runs_before + 1
    assert tab.photo.stale is False

    # A burst of 12 strokes, drawn as fast as the events arrive.
    qtbot.waitUntil(lambda: not tab.worker.is_busy and not tab.live.pending(), timeout=10000)
    qtbot.wait(250)
    runs_before = tab.worker.runs_started
    for index in range(12):
        draw_line(window, 60, 60 + index * 30, 340, 70 + index * 30)
    qtbot.waitUntil(lambda: not tab.worker.is_busy and not tab.live.pending(), timeout=10000)
    qtbot.wait(300)
    qtbot.waitUntil(lambda: not tab.worker.is_busy and not tab.live.pending(), timeout=10000)
    runs = tab.worker.runs_started - runs_before
    assert tab.live.stroke_ends == 13  # one notification per stroke
    assert 1 <= runs <= 3, runs
    # The photo shown is the one of the final sketch.
    final = Image.fromarray(tab.canvas.document.pixels)
    assert tab._shown_version == tab._sketch_version
    assert np.asarray(tab.worker.colorizer.colorize(final, fit="auto").photo).tolist() == \
        np.asarray(tab.photo_image).tolist()


def test_live_mode_off_means_no_runs(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    tab = window.canvas_tab
    draw_line(window)
    qtbot.wait(400)
    assert tab.worker.runs_started == 0 and tab.photo.image is None


def test_live_mode_follows_pen_strokes_and_undo(make_window: Any, qtbot: Any) -> None:
    from tests.ui.canvas.events import line_points, tablet_stroke

    window = make_window(live_delay_ms=0)
    tab = window.canvas_tab
    tab.ui_actions.live.setChecked(True)
    qtbot.waitUntil(lambda: not tab.worker.is_busy, timeout=10000)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tablet_stroke(tab.canvas, line_points(100, 250, 300, 260), pressure=0.8)
    assert ink(window) > 50
    with_stroke = np.asarray(tab.photo_image).copy()
    qtbot.waitUntil(lambda: not tab.worker.is_busy, timeout=10000)
    with qtbot.waitSignal(tab.worker.resultReady, timeout=10000):
        tab.ui_actions.undo.trigger()
    assert ink(window) == 0
    assert not np.array_equal(np.asarray(tab.photo_image), with_stroke)  # the photo follows the undo
