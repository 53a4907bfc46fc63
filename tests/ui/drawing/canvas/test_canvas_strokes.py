"""Drawing on the real canvas with mouse and tablet events: pixels, pressure, tools, cancel, signals."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QEvent, Qt
from PySide6.QtGui import QPointingDevice
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from tests.ui.drawing.canvas.events import (
    _mouse,
    ink_mask,
    line_points,
    mouse_stroke,
    stylus,
    tablet_event,
    tablet_stroke,
    widget_point,
)


def test_mouse_stroke_with_qtest_draws_ink_along_the_path(canvas, qtbot) -> None:
    start, end = widget_point(canvas, 100, 250).toPoint(), widget_point(canvas, 300, 250).toPoint()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, start)
    for step in range(1, 9):
        QTest.mouseMove(canvas, start + (end - start) * (step / 8))
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, end)

    pixels = canvas.document.pixels
    assert pixels[250, 110:290].max() < 60, "the pencil at full opacity leaves dark ink on its path"
    assert ink_mask(pixels)[:200].sum() == 0, "nothing is drawn far from the path"
    assert canvas.undo_stack.count() == 1


def test_mouse_stroke_changes_committed_pixels_only_when_released(canvas) -> None:
    mouse_stroke(canvas, line_points(50, 60, 350, 60), release=False)
    assert canvas.is_drawing
    assert canvas.document.is_blank(), "a stroke in progress is kept apart from the committed document"
    mouse_stroke(canvas, [(350, 60)])
    assert not canvas.is_drawing
    assert ink_mask(canvas.document.pixels)[55:66, 60:340].any(axis=0).all()


def test_a_click_without_moving_leaves_a_dot(canvas) -> None:
    canvas.set_brush_size(6)
    mouse_stroke(canvas, [(200, 200)])
    dot = ink_mask(canvas.document.pixels)
    assert dot[200, 200] and 10 <= dot.sum() <= 60


def _tablet_line(canvas, pressure: float, y: float) -> np.ndarray:
    tablet_stroke(canvas, line_points(60, y, 340, y, steps=20), pressure)
    return canvas.document.pixels[int(y) - 20 : int(y) + 20, 80:320]


def test_tablet_pressure_changes_width_and_darkness(canvas) -> None:
    canvas.set_brush_size(8)
    light = _tablet_line(canvas, 0.15, 100).copy()
    heavy = _tablet_line(canvas, 1.0, 300).copy()
    light_width = ink_mask(light).sum(axis=0).mean()
    heavy_width = ink_mask(heavy).sum(axis=0).mean()
    assert heavy_width >= light_width * 1.8, (light_width, heavy_width)
    assert int(heavy.min()) < int(light.min()) - 80, "more pressure, darker line"
    assert canvas.undo_stack.count() == 2


def test_pressure_can_drive_width_only(canvas) -> None:
    canvas.set_brush_size(8)
    canvas.set_pressure_mapping(width=True, opacity=False)
    light = _tablet_line(canvas, 0.2, 100).copy()
    heavy = _tablet_line(canvas, 1.0, 300).copy()
    assert ink_mask(heavy).sum() >= ink_mask(light).sum() * 1.8
    assert light.min() < 40, "without opacity mapping the centre of a light stroke is still dark"


def test_tablet_events_are_accepted_and_synthesised_mouse_events_do_not_draw_twice(canvas) -> None:
    pen = stylus()
    events = tablet_stroke(canvas, line_points(100, 100, 300, 100), 0.8, pen)
    assert all(event.isAccepted() for event in events)
    after_tablet = canvas.document.pixels.copy()
    # What a platform would synthesise from the same pen: mouse events from the stylus device.
    start, end = widget_point(canvas, 100, 300), widget_point(canvas, 300, 300)
    _mouse(
        canvas, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton, pen
    )
    _mouse(canvas, QEvent.Type.MouseMove, end, Qt.MouseButton.NoButton, Qt.MouseButton.LeftButton, pen)
    _mouse(
        canvas, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, pen
    )
    assert np.array_equal(canvas.document.pixels, after_tablet)
    assert canvas.undo_stack.count() == 1


def test_the_pen_eraser_end_erases_whatever_tool_is_selected(canvas) -> None:
    canvas.set_brush_size(10)
    tablet_stroke(canvas, line_points(100, 200, 300, 200), 1.0)
    assert ink_mask(canvas.document.pixels)[200, 120:280].all()
    tablet_stroke(canvas, line_points(80, 200, 320, 200), 1.0, stylus(QPointingDevice.PointerType.Eraser))
    assert canvas.tool_name == "pencil"
    assert canvas.document.is_blank()


def test_eraser_restores_white(canvas) -> None:
    canvas.set_brush_size(6)
    mouse_stroke(canvas, line_points(100, 150, 300, 150))
    assert not canvas.document.is_blank()
    canvas.set_tool("eraser")
    canvas.set_brush_size(20)
    mouse_stroke(canvas, line_points(90, 150, 310, 150))
    assert canvas.document.is_blank()


def test_opacity_makes_a_lighter_line_that_does_not_build_up_within_one_stroke(canvas) -> None:
    canvas.set_brush_size(6)
    canvas.set_opacity(0.4)
    # A zig-zag that crosses itself many times.
    mouse_stroke(canvas, [(100, 100), (300, 140), (100, 140), (300, 100), (100, 120), (300, 120)])
    darkest = int(canvas.document.pixels.min())
    assert 255 * 0.6 - 3 <= darkest <= 255 * 0.6 + 3
    mouse_stroke(canvas, [(100, 120), (300, 120)])
    assert int(canvas.document.pixels.min()) < darkest - 40, "a second stroke darkens, like a second pass"


def test_soften_blurs_a_hard_line(canvas) -> None:
    canvas.set_brush_size(2)
    mouse_stroke(canvas, line_points(100, 200, 300, 200))
    hard_edges = np.abs(np.diff(canvas.document.pixels[190:210, 150:250].astype(int), axis=0)).max()
    canvas.set_tool("soften")
    canvas.set_brush_size(16)
    mouse_stroke(canvas, line_points(140, 200, 260, 200, steps=30))
    region = canvas.document.pixels[190:210, 150:250].astype(int)
    assert np.abs(np.diff(region, axis=0)).max() < hard_edges * 0.8
    assert (region < 250).sum() > ink_mask(canvas.document.pixels[190:210, 150:250]).size * 0.1
    assert canvas.undo_stack.count() == 2


def test_smudge_drags_ink_along_the_stroke(canvas) -> None:
    canvas.set_brush_size(12)
    mouse_stroke(canvas, [(200, 100), (200, 300)])
    assert canvas.document.pixels[200, 240:300].min() == 255
    canvas.set_tool("smudge")
    canvas.set_brush_size(14)
    mouse_stroke(canvas, line_points(200, 200, 260, 200, steps=30))
    assert canvas.document.pixels[200, 215:240].min() < 200, "ink was dragged right, into white paper"


def test_escape_cancels_a_stroke_in_progress_and_restores_pixels(canvas, qtbot) -> None:
    mouse_stroke(canvas, line_points(100, 100, 300, 100))
    committed = canvas.document.pixels.copy()
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))  # hide the brush outline for the screenshots
    shown_before = canvas.grab().toImage()
    cancelled, finished = [], []
    canvas.strokeCancelled.connect(lambda: cancelled.append(1))
    canvas.strokeFinished.connect(lambda: finished.append(1))

    mouse_stroke(canvas, line_points(100, 300, 300, 300), release=False)
    assert canvas.grab().toImage() != shown_before, "the stroke in progress is on screen"
    canvas.setFocus()
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert not canvas.is_drawing
    assert cancelled == [1]
    # The release that follows must not commit anything.
    end = widget_point(canvas, 300, 300)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, end, Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton)
    assert finished == []
    assert np.array_equal(canvas.document.pixels, committed)
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))
    assert canvas.grab().toImage() == shown_before
    assert canvas.undo_stack.count() == 1


def test_signals_fire_once_per_stroke(canvas, qtbot) -> None:
    counts = {"started": 0, "finished": 0, "changed": 0}
    canvas.strokeStarted.connect(lambda: counts.__setitem__("started", counts["started"] + 1))
    canvas.strokeFinished.connect(lambda: counts.__setitem__("finished", counts["finished"] + 1))
    canvas.sketchChanged.connect(lambda: counts.__setitem__("changed", counts["changed"] + 1))
    frames_at_finish = []
    canvas.strokeFinished.connect(lambda: frames_at_finish.append(canvas.sketch_frame()))

    mouse_stroke(canvas, line_points(100, 100, 300, 300, steps=40))
    assert counts == {"started": 1, "finished": 1, "changed": 1}
    assert np.asarray(frames_at_finish[0]).min() < 200, "the stroke is committed when strokeFinished fires"
    tablet_stroke(canvas, line_points(100, 300, 300, 100, steps=40), 0.7)
    assert counts == {"started": 2, "finished": 2, "changed": 2}
    canvas.undo_stack.undo()
    canvas.undo_stack.redo()
    canvas.clear()
    assert counts == {"started": 2, "finished": 2, "changed": 5}


def test_sketch_frame_is_the_document_at_model_size(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 300, 300))
    frame = canvas.sketch_frame()
    assert frame.mode == "L" and frame.size == (200, 250)
    assert np.array_equal(np.asarray(frame), np.asarray(canvas.document.to_frame()))


def test_tool_brush_and_opacity_settings_are_validated(canvas) -> None:
    seen = []
    canvas.toolChanged.connect(seen.append)
    canvas.set_tool("eraser")
    assert canvas.tool_name == "eraser" and seen == ["eraser"]
    with pytest.raises(ValueError, match="unknown tool 'spray'"):
        canvas.set_tool("spray")
    assert canvas.tool_name == "eraser"
    canvas.set_brush_size(10_000)
    assert canvas.brush_size == 200
    canvas.set_brush_size(float("nan"))
    assert canvas.brush_size == 200
    canvas.set_opacity(3)
    assert canvas.opacity == 1.0
    canvas.set_opacity(-1)
    assert canvas.opacity == 0.0
    mouse_stroke(canvas, line_points(100, 100, 300, 300))
    assert canvas.document.is_blank() and canvas.undo_stack.count() == 0, "opacity 0 draws nothing"


def test_strokes_off_the_paper_are_clipped(canvas) -> None:
    canvas.set_brush_size(10)
    mouse_stroke(canvas, [(-50, 250), (450, 250)])
    pixels = canvas.document.pixels
    assert pixels[250, 0] < 100 and pixels[250, 399] < 100
    mouse_stroke(canvas, [(-100, 250), (-50, 260)])
    assert canvas.undo_stack.count() == 1, "a stroke entirely off the paper changes nothing"


def test_tablet_move_without_press_only_hovers(canvas) -> None:
    tablet_event(canvas, QEvent.Type.TabletMove, (200, 200), 0.0, stylus())
    assert canvas.document.is_blank() and not canvas.is_drawing
