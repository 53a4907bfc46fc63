"""Paper rotation (issue 26 §5): the paper turns on screen only — strokes land under the pen, the guide and
the edge turn with the paper, fit shows the whole turned sheet, and the document never changes."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PySide6.QtCore import QEvent, QPointF

from tests.ui.drawing.canvas.events import (
    grab_rgb,
    ink_mask,
    line_points,
    mouse_stroke,
    mouse_stroke_at,
    stylus,
    tablet_event_at,
)

BACKGROUND = (128, 128, 128)


def _expected_widget(canvas, doc_x: float, doc_y: float) -> QPointF:
    """Where a document point shows when the fitted paper is turned about its centre, the view's centre —
    worked out here from the geometry, not through the canvas's own mapping."""
    angle = math.radians(canvas.rotation)
    dx, dy = (doc_x - 400) * canvas.zoom, (doc_y - 500) * canvas.zoom
    return QPointF(
        canvas.width() / 2 + dx * math.cos(angle) - dy * math.sin(angle),
        canvas.height() / 2 + dx * math.sin(angle) + dy * math.cos(angle),
    )


def _paper_box(shown: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of what is not the grey desk."""
    rows, columns = np.nonzero(np.any(shown != BACKGROUND, axis=2))
    return int(columns.min()), int(rows.min()), int(columns.max()), int(rows.max())


def test_the_rotate_actions_turn_the_view_in_steps_and_reset_brings_it_upright(canvas) -> None:
    actions = canvas.canvas_actions()
    assert [
        actions[name].shortcut().toString() for name in ("rotate_left", "rotate_right", "rotate_reset")
    ] == [
        "4",
        "6",
        "5",
    ]
    upright = canvas.document_to_widget(QPointF(0, 0))
    seen: list[float] = []
    canvas.rotationChanged.connect(seen.append)
    actions["rotate_right"].trigger()
    actions["rotate_right"].trigger()
    assert canvas.rotation == pytest.approx(30.0) and seen == pytest.approx([15.0, 30.0])
    actions["rotate_left"].trigger()
    assert canvas.rotation == pytest.approx(15.0)
    for _ in range(12):  # past half a turn the angle wraps to the other side
        actions["rotate_right"].trigger()
    assert canvas.rotation == pytest.approx(-165.0)
    actions["rotate_reset"].trigger()
    assert canvas.rotation == 0.0
    assert canvas.document_to_widget(QPointF(0, 0)) == upright  # exactly the upright view again


def test_rotation_never_changes_the_document_its_history_or_the_colorize_input(canvas) -> None:
    mouse_stroke(canvas, line_points(200, 300, 500, 420))
    pixels, frame = canvas.document.pixels.copy(), np.asarray(canvas.sketch_frame()).copy()
    depth, changed = canvas.undo_stack.count(), []
    canvas.sketchChanged.connect(lambda: changed.append(True))
    for degrees in (15.0, 90.0, -37.5, 180.0):
        canvas.rotate_view(degrees)
        assert np.array_equal(canvas.document.pixels, pixels)
    assert np.array_equal(np.asarray(canvas.sketch_frame()), frame)
    assert canvas.undo_stack.count() == depth and not changed


def test_a_stroke_on_a_paper_turned_90_degrees_lands_under_the_pointer(canvas) -> None:
    canvas.rotate_view(90.0)
    assert canvas.rotation == 90.0
    centre_x, centre_y = canvas.width() / 2, canvas.height() / 2
    zoom = canvas.zoom
    # Left to right on screen, 40 px below the centre: on the paper turned clockwise that is upwards along
    # the column 40/zoom right of the paper's centre.
    mouse_stroke_at(canvas, [QPointF(centre_x + dx, centre_y + 40) for dx in range(-60, 61, 10)])
    pixels = canvas.document.pixels
    column = round(400 + 40 / zoom)
    top, bottom = round(500 - 60 / zoom), round(500 + 60 / zoom)
    ink = np.argwhere(ink_mask(pixels))
    assert ink.size
    assert abs(ink[:, 1].mean() - column) < 3 and ink[:, 1].max() - ink[:, 1].min() < 16
    assert abs(ink[:, 0].min() - top) < 8 and abs(ink[:, 0].max() - bottom) < 8
    # And it shows where the pointer went.
    shown = grab_rgb(canvas)
    for dx in (-50, 0, 50):
        assert shown[round(centre_y + 40), round(centre_x + dx)].max() < 128


def test_the_pen_maps_through_the_same_rotation(canvas) -> None:
    canvas.rotate_view(-90.0)
    pen = stylus()
    start, end = _expected_widget(canvas, 300, 250), _expected_widget(canvas, 300, 450)
    tablet_event_at(canvas, QEvent.Type.TabletPress, start, 1.0, pen)
    for step in range(1, 9):
        tablet_event_at(canvas, QEvent.Type.TabletMove, start + (end - start) * (step / 8), 1.0, pen)
    tablet_event_at(canvas, QEvent.Type.TabletRelease, end, 1.0, pen)
    ink = np.argwhere(ink_mask(canvas.document.pixels))
    assert ink.size
    assert (
        abs(ink[:, 1].mean() - 300) < 3 and abs(ink[:, 0].min() - 250) < 6 and abs(ink[:, 0].max() - 450) < 6
    )


def test_the_guide_and_the_paper_edge_turn_with_the_paper(canvas) -> None:
    upright = _paper_box(grab_rgb(canvas))
    canvas.rotate_view(90.0)
    with_guide = grab_rgb(canvas)
    left, top, right, bottom = _paper_box(with_guide)
    assert right - left > bottom - top and upright[2] - upright[0] < upright[3] - upright[1]  # now landscape
    assert right - left == pytest.approx(1000 * canvas.zoom, abs=3)
    assert bottom - top == pytest.approx(800 * canvas.zoom, abs=3)
    canvas.set_guide_visible(False)
    guide = np.any(with_guide != grab_rgb(canvas), axis=2)
    eye = _expected_widget(canvas, 75 * 4 + 44, 126 * 4)  # the guide's left eye (framing: x 75, y 126 of 200)
    assert guide[int(eye.y()) - 3 : int(eye.y()) + 4, int(eye.x()) - 3 : int(eye.x()) + 4].any()
    centre_line = _expected_widget(canvas, 400, 900)  # the dashed centre line runs across the screen now
    assert guide[int(centre_line.y()) - 2 : int(centre_line.y()) + 3, int(centre_line.x())].any()


@pytest.mark.parametrize("degrees", [45.0, 90.0, -30.0])
def test_fit_shows_the_whole_turned_sheet_and_keeps_the_rotation(canvas, degrees) -> None:
    canvas.set_zoom(3.0, QPointF(100, 100))  # zoomed in, off centre
    canvas.rotate_view(degrees)
    assert canvas.zoom == pytest.approx(3.0)  # turning a zoomed view keeps its zoom
    canvas.zoom_to_fit()
    assert canvas.rotation == degrees
    corners = [canvas.document_to_widget(QPointF(x, y)) for x in (0, 800) for y in (0, 1000)]
    xs, ys = [c.x() for c in corners], [c.y() for c in corners]
    assert min(xs) >= 0 and min(ys) >= 0 and max(xs) <= canvas.width() and max(ys) <= canvas.height()
    # Snug: the turned sheet fills the width or the height, less the margin.
    assert max(xs) - min(xs) == pytest.approx(canvas.width() - 24, abs=1) or max(ys) - min(
        ys
    ) == pytest.approx(canvas.height() - 24, abs=1)
    shown = grab_rgb(canvas)
    edge = np.concatenate([shown[0], shown[-1], shown[:, 0], shown[:, -1]])
    assert np.all(edge == BACKGROUND)


def test_turning_a_fitted_view_keeps_the_whole_sheet_on_screen(canvas) -> None:
    for _ in range(3):
        canvas.rotate_view(15.0)
    corners = [canvas.document_to_widget(QPointF(x, y)) for x in (0, 800) for y in (0, 1000)]
    assert all(0 <= c.x() <= canvas.width() and 0 <= c.y() <= canvas.height() for c in corners)
    canvas.resize(canvas.width() + 100, canvas.height())  # a fitted view follows the window, still turned
    corners = [canvas.document_to_widget(QPointF(x, y)) for x in (0, 800) for y in (0, 1000)]
    assert all(0 <= c.x() <= canvas.width() and 0 <= c.y() <= canvas.height() for c in corners)
    assert canvas.rotation == 45.0


def test_a_zoomed_view_turns_about_its_centre_and_zoom_pan_still_track_the_pointer(canvas) -> None:
    canvas.set_zoom(4.0, QPointF(80, 90))
    centre = QPointF(canvas.width() / 2, canvas.height() / 2)
    under_centre = canvas.widget_to_document(centre)
    canvas.rotate_view(30.0)
    after = canvas.widget_to_document(centre)
    assert after.x() == pytest.approx(under_centre.x()) and after.y() == pytest.approx(under_centre.y())
    cursor = QPointF(60, 400)
    under_cursor = canvas.widget_to_document(cursor)
    canvas.zoom_by(1.25**2, cursor)  # what Ctrl+wheel does
    after = canvas.widget_to_document(cursor)
    assert after.x() == pytest.approx(under_cursor.x()) and after.y() == pytest.approx(under_cursor.y())
    before = canvas.document_to_widget(QPointF(300, 300))
    canvas.pan_by(25, -10)  # panning moves the paper on screen, not along its turned axes
    moved = canvas.document_to_widget(QPointF(300, 300)) - before
    assert moved.x() == pytest.approx(25) and moved.y() == pytest.approx(-10)
    point = QPointF(123.25, 456.5)
    back = canvas.widget_to_document(canvas.document_to_widget(point))
    assert back.x() == pytest.approx(point.x()) and back.y() == pytest.approx(point.y())
