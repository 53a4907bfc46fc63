"""Zoom, pan, the face guide (on screen only) and the keyboard shortcuts of the real canvas."""

from __future__ import annotations

import os
import subprocess
import sys

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QNativeGestureEvent, QPointingDevice, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QLineEdit, QVBoxLayout, QWidget

from s2c_desktop.sketch.document import SketchDocument
from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas
from s2c_desktop.ui.drawing.canvas.guide import GUIDE_COLOR
from tests.ui.drawing.canvas.events import _mouse, grab_rgb, ink_mask, line_points, mouse_stroke


def test_fit_shows_the_whole_sheet_centred(canvas) -> None:
    paper_top_left = canvas.document_to_widget(QPointF(0, 0))
    paper_bottom_right = canvas.document_to_widget(QPointF(800, 1000))
    assert paper_top_left.x() >= 0 and paper_top_left.y() >= 0
    assert paper_bottom_right.x() <= canvas.width() and paper_bottom_right.y() <= canvas.height()
    assert abs(paper_top_left.x() - (canvas.width() - paper_bottom_right.x())) < 1


@pytest.mark.parametrize("zoom", [0.5, 1.0, 3.0, 7.5])
def test_zoomed_strokes_land_on_the_right_document_pixels(canvas, zoom) -> None:
    canvas.set_zoom(zoom, QPointF(canvas.width() / 2, canvas.height() / 2))
    assert canvas.zoom == pytest.approx(zoom)
    # Aim at document pixels that are on screen at this zoom.
    centre = canvas.widget_to_document(QPointF(canvas.width() / 2, canvas.height() / 2))
    cx, cy = int(centre.x()), int(centre.y())
    canvas.set_brush_size(2)
    mouse_stroke(canvas, [(cx + 0.5, cy + 0.5)])
    ink = np.argwhere(ink_mask(canvas.document.pixels))
    assert ink.size, "the click drew a dot"
    centre_of_ink = ink.mean(axis=0)
    # Mouse events carry whole widget pixels: at zoom < 1 one widget pixel spans 1/zoom document pixels.
    tolerance = max(1.0, 0.5 / zoom + 0.5)
    assert abs(centre_of_ink[0] - (cy + 0.5)) <= tolerance and abs(centre_of_ink[1] - (cx + 0.5)) <= tolerance


def test_zoom_in_out_and_ctrl_wheel_keep_the_point_under_the_cursor(canvas) -> None:
    fitted = canvas.zoom
    canvas.zoom_in()
    assert canvas.zoom == pytest.approx(fitted * 1.25)
    zoom = canvas.zoom
    canvas.zoom_out()
    assert canvas.zoom == pytest.approx(zoom / 1.25)
    cursor = QPointF(100, 120)
    under_cursor = canvas.widget_to_document(cursor)
    wheel = QWheelEvent(
        cursor,
        QPointF(canvas.mapToGlobal(cursor.toPoint())),
        QPoint(0, 0),
        QPoint(0, 240),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(canvas, wheel)
    assert canvas.zoom == pytest.approx(zoom / 1.25 * 1.25**2)
    after = canvas.widget_to_document(cursor)
    assert after.x() == pytest.approx(under_cursor.x()) and after.y() == pytest.approx(under_cursor.y())
    canvas.zoom_to_fit()
    assert canvas.zoom == pytest.approx(min((440 - 24) / 800, (540 - 24) / 1000))


def test_middle_button_and_space_drag_pan_without_drawing(canvas, qtbot) -> None:
    canvas.set_zoom(3.0)
    before = canvas.document_to_widget(QPointF(200, 250))
    start = QPointF(200, 200)
    _mouse(
        canvas, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.MiddleButton, Qt.MouseButton.MiddleButton
    )
    _mouse(
        canvas,
        QEvent.Type.MouseMove,
        start + QPointF(30, -20),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.MiddleButton,
    )
    _mouse(
        canvas,
        QEvent.Type.MouseButtonRelease,
        start + QPointF(30, -20),
        Qt.MouseButton.MiddleButton,
        Qt.MouseButton.NoButton,
    )
    moved = canvas.document_to_widget(QPointF(200, 250))
    assert (moved - before) == QPointF(30, -20)

    canvas.setFocus()
    QApplication.sendEvent(
        canvas, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    )
    _mouse(canvas, QEvent.Type.MouseButtonPress, start, Qt.MouseButton.LeftButton, Qt.MouseButton.LeftButton)
    _mouse(
        canvas,
        QEvent.Type.MouseMove,
        start + QPointF(-10, 5),
        Qt.MouseButton.NoButton,
        Qt.MouseButton.LeftButton,
    )
    _mouse(
        canvas,
        QEvent.Type.MouseButtonRelease,
        start + QPointF(-10, 5),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.NoButton,
    )
    QApplication.sendEvent(
        canvas, QKeyEvent(QEvent.Type.KeyRelease, Qt.Key.Key_Space, Qt.KeyboardModifier.NoModifier)
    )
    assert canvas.document_to_widget(QPointF(200, 250)) - moved == QPointF(-10, 5)
    assert canvas.document.is_blank() and canvas.undo_stack.count() == 0
    # After releasing space, the left button draws again.
    mouse_stroke(canvas, line_points(190, 240, 210, 260))
    assert not canvas.document.is_blank()


def test_guide_is_on_screen_but_never_in_the_document_or_saved_png(canvas, tmp_path) -> None:
    assert canvas.guide_visible
    with_guide = grab_rgb(canvas)
    canvas.set_guide_visible(False)
    without_guide = grab_rgb(canvas)
    differs = np.any(with_guide != without_guide, axis=2)
    assert differs.sum() > 500, "the guide is visible on screen"
    # The guide is bluish: where it shows, blue exceeds red.
    guide_pixels = with_guide[differs].astype(int)
    assert (guide_pixels[:, 2] > guide_pixels[:, 0]).mean() > 0.9
    assert GUIDE_COLOR.alpha() < 200, "the guide is faint"
    # The left-eye circle sits where the framing says (eye at x 75, y 126 of the 200×250 frame).
    eye = canvas.document_to_widget(QPointF(75 * 4 + 44, 126 * 4))
    assert differs[int(eye.y()) - 3 : int(eye.y()) + 4, int(eye.x()) - 3 : int(eye.x()) + 4].any()

    canvas.set_guide_visible(True)
    mouse_stroke(canvas, line_points(100, 100, 300, 100))
    assert np.all(canvas.document.pixels[200:, :] == 255), "nothing of the guide is in the pixels"
    canvas.document.save_png(tmp_path / "sketch.png")
    saved = np.asarray(Image.open(tmp_path / "sketch.png"))
    assert np.array_equal(saved, canvas.document.pixels)
    assert np.array_equal(np.asarray(canvas.sketch_frame())[100:], np.full((150, 200), 255, np.uint8))


def test_guide_toggle_action_and_signal(canvas) -> None:
    seen = []
    canvas.guideVisibleChanged.connect(seen.append)
    guide = canvas.canvas_actions()["guide"]
    guide.trigger()
    assert not canvas.guide_visible and seen == [False]
    canvas.set_guide_visible(True)
    assert guide.isChecked() and seen == [False, True]


def test_actions_carry_the_shortcuts_artists_expect(canvas) -> None:
    actions = canvas.canvas_actions()
    shortcuts = {name: [key.toString() for key in action.shortcuts()] for name, action in actions.items()}
    assert shortcuts["pencil"] == ["B"] and shortcuts["eraser"] == ["E"]
    assert shortcuts["size_down"] == ["["] and shortcuts["size_up"] == ["]"]
    assert shortcuts["undo"] == ["Ctrl+Z"]
    assert shortcuts["redo"] == ["Ctrl+Shift+Z", "Ctrl+Y"]
    assert all(action.text() for action in actions.values())
    actions["size_up"].trigger()
    assert canvas.brush_size == pytest.approx(6.0 * 1.25)
    actions["eraser"].trigger()
    assert canvas.tool_name == "eraser"
    canvas.set_tool("soften")
    assert actions["soften"].isChecked() and not actions["eraser"].isChecked()


def test_keyboard_shortcuts_work_in_a_window(qtbot) -> None:
    window = QWidget()
    layout = QVBoxLayout(window)
    notes = QLineEdit(window)
    canvas = SketchCanvas(window)
    layout.addWidget(notes)
    layout.addWidget(canvas)
    qtbot.addWidget(window)
    window.resize(460, 600)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    canvas.setFocus()
    qtbot.waitUntil(lambda: canvas.hasFocus())

    QTest.keyClick(canvas, Qt.Key.Key_E)
    assert canvas.tool_name == "eraser"
    QTest.keyClick(canvas, Qt.Key.Key_B)
    assert canvas.tool_name == "pencil"
    QTest.keyClick(canvas, Qt.Key.Key_BracketRight)
    assert canvas.brush_size == pytest.approx(7.5)
    QTest.keyClick(canvas, Qt.Key.Key_BracketLeft)
    assert canvas.brush_size == pytest.approx(6.0)

    mouse_stroke(canvas, line_points(100, 100, 300, 100))
    drawn = canvas.document.pixels.copy()
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert canvas.document.is_blank()
    QTest.keyClick(
        canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    )
    assert np.array_equal(canvas.document.pixels, drawn)
    QTest.keyClick(canvas, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClick(canvas, Qt.Key.Key_Y, Qt.KeyboardModifier.ControlModifier)
    assert np.array_equal(canvas.document.pixels, drawn)

    # Typing witness notes is not hijacked by the single-letter shortcuts.
    notes.setFocus()
    qtbot.waitUntil(lambda: notes.hasFocus())
    QTest.keyClicks(notes, "Eb")
    assert notes.text() == "Eb" and canvas.tool_name == "pencil"


def test_texts_come_from_tr_and_follow_a_language_change(canvas) -> None:
    actions = canvas.canvas_actions()
    actions["pencil"].setText("changed")
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.LanguageChange))
    assert actions["pencil"].text() == "&Pencil"


_HIGH_DPI_SCRIPT = """
import sys
import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
app = QApplication([])
from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas
canvas = SketchCanvas()
canvas.resize(440, 540)
canvas.show()
app.processEvents()
canvas.zoom_to_fit()
canvas.set_brush_size(4)
def send(kind, x, y, button, buttons):
    pos = canvas.document_to_widget(QPointF(x, y))
    QApplication.sendEvent(canvas, QMouseEvent(kind, pos, pos, button, buttons, Qt.KeyboardModifier.NoModifier))
left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
send(QEvent.Type.MouseButtonPress, 100, 200, left, left)
send(QEvent.Type.MouseMove, 300, 200, none, left)
send(QEvent.Type.MouseButtonRelease, 300, 200, left, none)
rows = np.flatnonzero((canvas.document.pixels < 128).any(axis=1))
cols = np.flatnonzero((canvas.document.pixels < 128).any(axis=0))
QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))
image = canvas.grab().toImage()
ratio = image.devicePixelRatio()
on_line = canvas.document_to_widget(QPointF(200, 200))
off_line = canvas.document_to_widget(QPointF(200, 230))
dark = image.pixelColor(round(on_line.x() * ratio), round(on_line.y() * ratio)).lightness()
light = image.pixelColor(round(off_line.x() * ratio), round(off_line.y() * ratio)).lightness()
print(canvas.devicePixelRatioF(), ratio, image.width(), rows.min(), rows.max(), cols.min(), cols.max(), dark, light)
"""  # noqa: E501 - a script run as it is


def test_high_dpi_screen_maps_logical_pointer_positions_to_document_pixels(tmp_path) -> None:
    # A fresh process, because the scale factor must be set before QApplication exists.
    env = {**os.environ, "QT_SCALE_FACTOR": "2", "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        [sys.executable, "-c", _HIGH_DPI_SCRIPT],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    dpr, ratio, grab_width, top, bottom, left, right, dark, light = run.stdout.split()[-9:]
    assert float(dpr) == 2.0 and float(ratio) == 2.0 and int(grab_width) == 880
    assert int(top) >= 197 and int(bottom) <= 203, "the line sits at document row 200"
    assert 97 <= int(left) <= 100 and 300 <= int(right) <= 303
    assert int(dark) < 80 and int(light) > 240, "on screen the line is drawn where the pointer went"


def test_loading_a_non_document_shape_letterboxes(canvas) -> None:
    wide = np.zeros((100, 400), np.uint8)  # 4:1, black
    canvas.load_document(wide)
    pixels = canvas.document.pixels
    assert pixels[500, 400] == 0 and pixels[10, 400] == 255 and pixels[990, 400] == 255
    assert isinstance(canvas.document, SketchDocument)


def test_pinch_gesture_zooms_around_the_fingers(canvas) -> None:
    fingers = QPointF(150, 200)
    under = canvas.widget_to_document(fingers)
    zoom = canvas.zoom
    pinch = QNativeGestureEvent(
        Qt.NativeGestureType.ZoomNativeGesture,
        QPointingDevice.primaryPointingDevice(),
        2,
        fingers,
        fingers,
        QPointF(canvas.mapToGlobal(fingers.toPoint())),
        0.5,
        QPointF(0, 0),
    )
    QApplication.sendEvent(canvas, pinch)
    assert canvas.zoom == pytest.approx(zoom * 1.5)
    after = canvas.widget_to_document(fingers)
    assert after.x() == pytest.approx(under.x()) and after.y() == pytest.approx(under.y())


def test_hiding_the_canvas_mid_stroke_commits_what_was_drawn(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 300, 100), release=False)
    canvas.hide()
    assert not canvas.is_drawing
    assert canvas.undo_stack.count() == 1 and not canvas.document.is_blank()


def test_undo_redo_actions_follow_the_stack_and_retranslate(qtbot) -> None:  # noqa: ANN001
    from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas
    from tests.ui.drawing.canvas.events import mouse_stroke

    canvas = SketchCanvas()
    qtbot.addWidget(canvas)
    canvas.resize(420, 520)
    canvas.show()
    actions = canvas.canvas_actions()
    undo, redo = actions["undo"], actions["redo"]
    assert not undo.isEnabled() and not redo.isEnabled()
    mouse_stroke(canvas, [(100, 100), (200, 200)])
    assert undo.isEnabled() and not redo.isEnabled()
    before = canvas.document.pixels.copy()
    undo.trigger()
    assert redo.isEnabled() and not (canvas.document.pixels != 255).any()
    redo.trigger()
    assert (canvas.document.pixels == before).all()
    undo.setText("stale")
    canvas.retranslate_ui()
    assert undo.text() == "&Undo" and redo.text() == "&Redo"
