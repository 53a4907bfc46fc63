"""Colour-hint tools: paint the witness's colours on their own layer above the sketch, never into it.

The layer (:class:`~s2c_desktop.sketch.hint_layer.HintSheet`) gets the same working-copy scheme as the paper
(:func:`hint_surface`): a stroke paints into a working copy shown on screen, the canvas commits the changed
rectangle as one undo command, Esc drops it. Hints are painted without antialiasing and with the *source*
composition, so each pixel is one pure hint colour or nothing, and a new colour replaces an old one.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter

from s2c_desktop.sketch.document import Rect
from s2c_desktop.ui.drawing.canvas.tools import StrokePoint, Tool, WorkingCopy, paint_segment

HINT_TOOL_NAMES = ("colour", "hint_eraser", "eyedropper")
# The model was trained on dots of about 4–8 px in the 200×250 frame: 3 % of the paper's width is 6 px there.
DEFAULT_HINT_SIZE_FRACTION = 0.03


def wrap_rgba(array: np.ndarray) -> QImage:
    """A QImage sharing the memory of a C-contiguous uint8 H×W×4 RGBA array (keep the array alive)."""
    height, width = array.shape[:2]
    return QImage(array.data, width, height, array.strides[0], QImage.Format.Format_RGBA8888)


def hint_surface(committed: np.ndarray) -> WorkingCopy:
    """The hint layer's working copy: the paper's scheme without a coverage mask (hints are hard-edged)."""
    return WorkingCopy(committed, wrap_rgba)


class HintPaintTool(Tool):
    """Round dots and short strokes of one colour (or of nothing, for the hint eraser), hard-edged."""

    layer = "hints"
    name = "colour"
    display_name = "Colour hint"
    erase = False

    def __init__(self) -> None:
        super().__init__()
        self.colour = QColor(130, 92, 67)  # Monk tone 7, a common skin tone in Peru

    def _begin(self, point: StrokePoint) -> Rect | None:
        return self._paint(point, point)

    def _segment(self, start: StrokePoint, end: StrokePoint) -> Rect | None:
        return self._paint(start, end)

    def _paint(self, first: StrokePoint, second: StrokePoint) -> Rect | None:
        assert self.surface is not None
        width = max(1.0, self.brush.size)  # hints ignore pressure: a hint is a colour, not a shade
        colour = (
            QColor(0, 0, 0, 0)
            if self.erase
            else QColor(self.colour.red(), self.colour.green(), self.colour.blue())
        )
        painter = QPainter(self.surface.working_image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            paint_segment(painter, first, second, width, colour)
        finally:
            painter.end()
        reach = width / 2 + 2
        return self.surface.clip(
            QRectF(
                QPointF(min(first.x, second.x) - reach, min(first.y, second.y) - reach),
                QPointF(max(first.x, second.x) + reach, max(first.y, second.y) + reach),
            )
        )


class HintEraserTool(HintPaintTool):
    name = "hint_eraser"
    display_name = "Erase hint"
    erase = True


class EyedropperTool(Tool):
    """Picks a colour under the pointer (a hint there, else the photo) and hands it to ``pick``; paints
    nothing."""

    layer = "hints"
    name = "eyedropper"
    display_name = "Eyedropper"

    def __init__(self, pick: Callable[[float, float], None]) -> None:
        super().__init__()
        self._pick = pick

    def _begin(self, point: StrokePoint) -> Rect | None:
        self._pick(point.x, point.y)
        return None

    def _segment(self, start: StrokePoint, end: StrokePoint) -> Rect | None:
        self._pick(end.x, end.y)  # dragging updates the colour, as in paint programs
        return None
