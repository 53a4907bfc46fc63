"""Undo/redo on the real canvas: exact pixels, per-stroke rectangles, clear/load, the memory budget."""

from __future__ import annotations

import numpy as np
from PIL import Image
from PySide6.QtCore import QCoreApplication, QEvent
from PySide6.QtGui import QImage

from s2c_desktop.sketch.document import SketchDocument
from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas
from s2c_desktop.ui.drawing.canvas.commands import DEFAULT_UNDO_BUDGET_BYTES, PixelRectCommand
from tests.ui.drawing.canvas.events import line_points, mouse_stroke, tablet_stroke


def _on_screen(canvas) -> np.ndarray:
    """What the canvas shows once the pointer has left it (no brush outline), as RGB pixels."""
    QCoreApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))
    image = canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    rows = np.array(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())
    return rows[:, : image.width() * 3].copy()


def _showing(canvas, pixels: np.ndarray) -> np.ndarray:
    """What a canvas of the same size and view shows with ``pixels`` as its document."""
    other = SketchCanvas()
    try:
        other.resize(canvas.size())
        other.reset_document(pixels)
        other.zoom_to_fit()
        return _on_screen(other)
    finally:
        other.deleteLater()


def _draw_three_strokes(canvas) -> list[np.ndarray]:
    states = [canvas.document.pixels.copy()]
    mouse_stroke(canvas, line_points(50, 50, 350, 120))
    states.append(canvas.document.pixels.copy())
    canvas.set_opacity(0.5)
    tablet_stroke(canvas, line_points(60, 300, 340, 80, steps=30), 0.6)
    states.append(canvas.document.pixels.copy())
    canvas.set_tool("eraser")
    canvas.set_brush_size(12)
    mouse_stroke(canvas, line_points(200, 40, 200, 400))
    states.append(canvas.document.pixels.copy())
    return states


def test_undo_and_redo_restore_exact_pixels(canvas) -> None:
    states = _draw_three_strokes(canvas)
    assert all(not np.array_equal(a, b) for a, b in zip(states, states[1:], strict=False))
    for expected in reversed(states[:-1]):
        canvas.undo_stack.undo()
        assert np.array_equal(canvas.document.pixels, expected)
    for expected in states[1:]:
        canvas.undo_stack.redo()
        assert np.array_equal(canvas.document.pixels, expected)
    # What is on screen follows the document (the working copy is synced on undo/redo).
    canvas.undo_stack.undo()
    canvas.undo_stack.undo()
    assert np.array_equal(_on_screen(canvas), _showing(canvas, states[1]))


def test_each_stroke_is_one_command_holding_only_its_rectangle(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 140, 120, steps=10))
    assert canvas.undo_stack.count() == 1
    command = canvas.undo_stack.command(0)
    assert isinstance(command, PixelRectCommand)
    x, y, w, h = command.rect
    assert x <= 100 and y <= 100 and x + w >= 140 and y + h >= 120
    full_copy = canvas.document.pixels.nbytes
    assert command.byte_size == 2 * w * h
    assert command.byte_size < full_copy / 20, (command.byte_size, full_copy)
    assert canvas.undo_history_bytes() == command.byte_size
    assert command.text() == "Pencil stroke"


def test_clear_and_load_are_undoable(canvas, tmp_path) -> None:
    mouse_stroke(canvas, line_points(100, 100, 300, 300))
    drawn = canvas.document.pixels.copy()
    canvas.clear()
    assert canvas.document.is_blank()
    canvas.undo_stack.undo()
    assert np.array_equal(canvas.document.pixels, drawn)

    scan = np.full((1000, 800), 255, np.uint8)
    scan[400:600, 300:500] = 0
    canvas.load_document(Image.fromarray(scan))
    assert canvas.document.pixels[500, 400] == 0 and canvas.document.pixels[100, 100] == 255
    canvas.undo_stack.undo()
    assert np.array_equal(canvas.document.pixels, drawn)
    canvas.undo_stack.redo()
    assert canvas.document.pixels[500, 400] == 0

    # From a file, through SketchDocument.load_png.
    other = SketchDocument()
    other.pixels[10:20, 10:20] = 0
    other.save_png(tmp_path / "other.png")
    canvas.load_document(tmp_path / "other.png")
    assert np.array_equal(canvas.document.pixels, other.pixels)


def test_clearing_a_blank_sheet_adds_no_history(canvas) -> None:
    changes = []
    canvas.sketchChanged.connect(lambda: changes.append(1))
    canvas.clear()
    assert canvas.undo_stack.count() == 0 and changes == []


def test_clear_stores_only_the_inked_area(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 120, 110))
    canvas.clear()
    command = canvas.undo_stack.command(1)
    assert command.byte_size < canvas.document.pixels.nbytes / 20


def test_load_keeps_the_same_document_object(canvas) -> None:
    document, pixels = canvas.document, canvas.document.pixels
    canvas.load_document(np.zeros((500, 400), np.uint8))
    assert canvas.document is document and canvas.document.pixels is pixels
    assert int(pixels.max()) == 0


def test_reset_document_starts_a_clean_history(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 300, 300))
    restored = SketchDocument()
    restored.pixels[0:50, :] = 0
    canvas.reset_document(restored)
    assert canvas.undo_stack.count() == 0 and canvas.undo_stack.isClean()
    assert np.array_equal(canvas.document.pixels, restored.pixels)
    canvas.reset_document()
    assert canvas.document.is_blank()


def test_undo_during_a_stroke_cancels_the_stroke_first(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 300, 100))
    mouse_stroke(canvas, line_points(100, 300, 300, 300), release=False)
    canvas.undo_stack.undo()
    assert not canvas.is_drawing
    assert canvas.document.is_blank()
    assert np.array_equal(_on_screen(canvas), _showing(canvas, canvas.document.pixels))


def test_history_is_trimmed_to_the_memory_budget_without_changing_pixels(canvas) -> None:
    assert DEFAULT_UNDO_BUDGET_BYTES == 256 * 1024 * 1024
    canvas.set_brush_size(4)
    mouse_stroke(canvas, line_points(10, 10, 390, 490))  # a big first stroke
    first_size = canvas.undo_stack.command(0).byte_size
    canvas.undo_stack.setClean()
    canvas.undo_budget_bytes = first_size  # the next stroke pushes the history over budget
    states = [canvas.document.pixels.copy()]
    for y in (100, 140, 180):
        mouse_stroke(canvas, line_points(150, y, 170, y))
        states.append(canvas.document.pixels.copy())
    assert canvas.undo_history_bytes() <= canvas.undo_budget_bytes
    assert 1 <= canvas.undo_stack.count() < 4
    assert np.array_equal(canvas.document.pixels, states[-1]), "trimming never touches the pixels"
    assert not canvas.undo_stack.isClean(), "the clean point was trimmed away, so the sketch is modified"
    # The newest strokes can still be undone exactly, down to what the budget kept.
    kept = canvas.undo_stack.count()
    for expected in reversed(states[-1 - kept : -1]):
        canvas.undo_stack.undo()
        assert np.array_equal(canvas.document.pixels, expected)
    assert not canvas.undo_stack.canUndo()
    assert not canvas.document.is_blank(), "the trimmed first stroke stays on the paper"


def test_trimming_keeps_a_clean_point_that_survives(canvas) -> None:
    canvas.set_brush_size(2)
    for y in (100, 120):
        mouse_stroke(canvas, line_points(100, y, 300, y))
    sizes = [canvas.undo_stack.command(i).byte_size for i in range(2)]
    canvas.undo_stack.setClean()  # saved after two strokes
    assert sizes[0] == sizes[1]
    canvas.undo_budget_bytes = int(2.8 * sizes[1])  # three strokes exceed it, two fit in 3/4 of it
    mouse_stroke(canvas, line_points(100, 140, 300, 140))
    assert canvas.undo_stack.count() == 2
    canvas.undo_stack.undo()
    assert canvas.undo_stack.isClean(), "undoing the last stroke gets back to the saved state"
