"""The colour-hint layer on the real canvas: own layer, pure colours, undo/redo with strokes, show/hide/clear,
eyedropper, availability; the 800×1000 paper's undo memory per stroke; the pressure curve with real
QTabletEvents."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor

from s2c_desktop.ui.drawing.canvas.commands import PixelRectCommand
from tests.ui.drawing.canvas.events import ink_mask, line_points, mouse_stroke, tablet_stroke

MONK_7 = QColor("#825c43")


def _hint_mask(canvas) -> np.ndarray:
    return canvas.hints.sheet.pixels[:, :, 3] > 0


def test_hints_go_on_their_own_layer_never_into_the_sketch(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 500, 100))
    sketch = canvas.document.pixels.copy()
    changes: list[str] = []
    canvas.sketchChanged.connect(lambda: changes.append("sketch"))
    canvas.hints.changed.connect(lambda: changes.append("hints"))
    canvas.set_tool("colour")
    canvas.hints.set_colour(MONK_7)
    mouse_stroke(canvas, [(300, 400)])  # a click: one dot
    assert np.array_equal(canvas.document.pixels, sketch), "the sketch is untouched"
    assert changes == ["hints"]
    hint = canvas.hints.sheet.pixels
    mask = _hint_mask(canvas)
    # Default dot: 3 % of the paper's width (24 px on 800), a hard-edged disc of one pure colour.
    assert canvas.hints.size == 24
    ys, xs = np.nonzero(mask)
    assert 22 <= xs.max() - xs.min() + 1 <= 26 and abs(xs.mean() - 300) < 1.5 and abs(ys.mean() - 400) < 1.5
    assert {tuple(p) for p in hint[mask]} == {(0x82, 0x5C, 0x43, 255)}
    assert not hint[~mask].any(), "no antialiased fringe: transparent pixels are (0, 0, 0, 0)"
    assert canvas.hints.sheet.colours() == [((0x82, 0x5C, 0x43), int(mask.sum()))]


def test_undo_redo_interleave_strokes_and_hints(canvas) -> None:
    mouse_stroke(canvas, line_points(100, 100, 500, 100))
    canvas.set_tool("colour")
    mouse_stroke(canvas, line_points(200, 300, 260, 310))  # a short stroke of hint
    hints_after = canvas.hints.sheet.pixels.copy()
    canvas.set_tool("pencil")
    mouse_stroke(canvas, line_points(100, 600, 500, 600))
    sketch_after = canvas.document.pixels.copy()
    assert canvas.undo_stack.count() == 3
    assert canvas.undo_stack.undoText() == "Pencil stroke"
    canvas.undo_stack.undo()
    assert canvas.undo_stack.undoText() == "Colour hint"
    canvas.undo_stack.undo()
    assert canvas.hints.sheet.is_empty() and ink_mask(canvas.document.pixels)[100].any()
    assert not canvas.hints.surface.working.any(), "the screen follows the layer"
    canvas.undo_stack.redo()
    canvas.undo_stack.redo()
    assert np.array_equal(canvas.hints.sheet.pixels, hints_after)
    assert np.array_equal(canvas.document.pixels, sketch_after)


def test_hint_eraser_eyedropper_and_clear(canvas) -> None:
    canvas.set_tool("colour")
    canvas.hints.set_colour(QColor("#3b2a20"))
    mouse_stroke(canvas, [(200, 200)])
    canvas.hints.set_colour(QColor("#4f7aa8"))
    mouse_stroke(canvas, [(600, 200)])
    canvas.set_tool("eyedropper")
    mouse_stroke(canvas, [(200, 200)])
    assert canvas.hints.colour == QColor("#3b2a20")
    # Where there is no hint, the eyedropper reads the photo (the paper maps onto the 200×250 frame).
    canvas.hints.photo = Image.new("RGB", (200, 250), (160, 120, 90))
    mouse_stroke(canvas, [(400, 800)])
    assert canvas.hints.colour == QColor(160, 120, 90)
    assert canvas.undo_stack.count() == 2, "picking a colour is not an edit"
    canvas.set_tool("hint_eraser")
    mouse_stroke(canvas, [(600, 200)])
    assert not _hint_mask(canvas)[180:220, 580:620].any() and _hint_mask(canvas)[200, 200]
    canvas.clear_hints()
    assert canvas.hints.sheet.is_empty() and canvas.undo_stack.undoText() == "Clear colour hints"
    canvas.undo_stack.undo()
    assert _hint_mask(canvas)[200, 200]


def test_show_hide_is_a_view_matter(canvas, qtbot) -> None:
    canvas.set_tool("colour")
    canvas.hints.set_colour(QColor(255, 0, 0))
    canvas.set_guide_visible(False)
    mouse_stroke(canvas, [(400, 500)])
    spot = canvas.document_to_widget(QPointF(400, 500))

    def red_on_screen() -> bool:
        colour = canvas.grab().toImage().pixelColor(int(spot.x()), int(spot.y()))
        return colour.red() > 200 and colour.green() < 80

    assert red_on_screen()
    canvas.canvas_actions()["hints_visible"].trigger()
    assert not canvas.hints.visible and not red_on_screen()
    assert not canvas.hints.sheet.is_empty(), "hidden, not deleted"
    mouse_stroke(canvas, [(100, 100)])  # painting a hint shows the layer again
    assert canvas.hints.visible and red_on_screen()


def test_unavailable_hint_tools_are_disabled_with_the_reason(canvas) -> None:
    canvas.set_tool("colour")
    canvas.set_hints_available(False, "model s2c_generator takes no colour hints")
    actions = canvas.canvas_actions()
    assert canvas.tool_name == "pencil"
    for name in ("colour", "hint_eraser", "eyedropper"):
        assert not actions[name].isEnabled()
        assert actions[name].toolTip() == "model s2c_generator takes no colour hints"
    canvas.set_tool("colour")
    assert canvas.tool_name == "pencil"
    canvas.retranslate_ui()  # a language switch keeps the reason
    assert actions["colour"].toolTip() == "model s2c_generator takes no colour hints"
    assert actions["clear_hints"].isEnabled() and actions["hints_visible"].isEnabled()
    canvas.set_hints_available(True)
    assert actions["colour"].isEnabled() and "witness" in actions["colour"].toolTip()


def test_undo_memory_per_stroke_is_its_rectangle_on_the_big_paper(canvas) -> None:
    assert canvas.document.size == (800, 1000)
    mouse_stroke(canvas, line_points(100, 100, 140, 120))
    canvas.set_tool("colour")
    mouse_stroke(canvas, [(600, 700)])
    pencil, hint = (canvas.undo_stack.command(i) for i in range(2))
    assert isinstance(pencil, PixelRectCommand) and isinstance(hint, PixelRectCommand)
    # Before + after of the touched rectangle only: a few kB, not the 0.8 MB sheet (3.2 MB for RGBA hints).
    assert pencil.byte_size <= 2 * (40 + 12) * (20 + 12)
    assert hint.byte_size <= 2 * 4 * (24 + 6) ** 2
    assert canvas.undo_history_bytes() < 20_000


@pytest.mark.parametrize(
    "min_width, curve, pressure, expected_fraction",
    [
        (0.25, 1.0, 0.2, 0.25 + 0.75 * 0.2),  # the default: linear from a quarter of the brush
        (0.6, 1.0, 0.2, 0.6 + 0.4 * 0.2),  # a higher minimum: light strokes stay thick
        (0.1, 2.0, 0.5, 0.1 + 0.9 * 0.25),  # hard pen: half pressure gives a quarter of the range
        (0.1, 0.5, 0.25, 0.1 + 0.9 * 0.5),  # soft pen: a quarter of the pressure gives half of the range
    ],
)
def test_pressure_curve_and_minimum_width_with_tablet_events(
    canvas, min_width: float, curve: float, pressure: float, expected_fraction: float
) -> None:
    canvas.set_brush_size(40)
    canvas.set_pressure_mapping(width=True, opacity=False)
    canvas.set_pressure_curve(min_width, curve)
    tablet_stroke(canvas, line_points(100, 500, 700, 500, steps=30), pressure)
    column = ink_mask(canvas.document.pixels, threshold=128)[:, 400]
    assert abs(column.sum() - 40 * expected_fraction) <= 1.5, (column.sum(), 40 * expected_fraction)


def test_the_engine_layer_is_built_once_per_hint_change(canvas) -> None:
    assert canvas.hints.engine_layer() is None  # no hints: the photo is made without
    canvas.set_tool("colour")
    mouse_stroke(canvas, [(300, 300)])
    layer = canvas.hints.engine_layer()
    assert layer is not None and canvas.hints.engine_layer() is layer
    canvas.set_tool("pencil")
    mouse_stroke(canvas, line_points(100, 100, 200, 100))  # a pencil stroke does not touch the hints
    assert canvas.hints.engine_layer() is layer
    canvas.undo_stack.undo()
    canvas.undo_stack.undo()
    assert canvas.hints.engine_layer() is None
