"""The canvas' colour-hint layer: its pixels, what is shown, the colour and dot size, and its undoable
changes.

The canvas owns one :class:`CanvasHints` and asks it for the hint tools; the changes go on the canvas' one
undo stack (so Ctrl+Z undoes strokes and hints in the order they were made), through
:meth:`CanvasHints.apply_pixels`.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
from PIL import Image
from PySide6.QtCore import QObject, QRectF, Signal
from PySide6.QtGui import QColor, QPainter

from s2c_desktop.engine.hints import HintLayer as EngineHintLayer
from s2c_desktop.engine.hints import load_hints
from s2c_desktop.sketch.document import Rect
from s2c_desktop.sketch.hint_layer import HintSheet
from s2c_desktop.ui.drawing.canvas.commands import ApplyPixels, PixelChange, diff_change
from s2c_desktop.ui.drawing.canvas.hint_tools import (
    DEFAULT_HINT_SIZE_FRACTION,
    EyedropperTool,
    HintEraserTool,
    HintPaintTool,
    hint_surface,
)
from s2c_desktop.ui.drawing.canvas.tools import Tool

HINT_OPACITY_ON_SCREEN = 0.9  # a touch of the pencil shows through, so the artist sees what is under a dot
MIN_HINT_SIZE = 2.0
MAX_HINT_SIZE = 120.0

PushChange = Callable[[PixelChange | None, ApplyPixels], None]


class CanvasHints(QObject):
    changed = Signal()  # the committed hint pixels changed (paint, erase, undo, redo, clear, load)
    visibleChanged = Signal(bool)
    colourChanged = Signal(QColor)
    sizeChanged = Signal(float)

    def __init__(
        self,
        size: tuple[int, int],
        push: PushChange,
        repaint: Callable[[Rect | None], None],
        cancel_stroke: Callable[[], object],
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.sheet = HintSheet(*size)
        self.surface = hint_surface(self.sheet.pixels)
        self._push = push
        self._repaint = repaint
        self._cancel_stroke = cancel_stroke
        self.visible = True
        self.size = round(size[0] * DEFAULT_HINT_SIZE_FRACTION)
        self.photo: Image.Image | None = (
            None  # the eyedropper's second source (the canvas paper maps onto it)
        )
        self._engine_layer: EngineHintLayer | None = None
        self._engine_layer_ready = False
        self.changed.connect(self._forget_engine_layer)
        self._paint = HintPaintTool()
        self.tools: dict[str, Tool] = {
            tool.name: tool for tool in (self._paint, HintEraserTool(), EyedropperTool(self.pick_colour))
        }

    def engine_layer(self) -> EngineHintLayer | None:
        """The hints as the engine takes them, or None without any. Built once per change of the layer and
        then reused: live mode colorizes after every stroke, and the engine keeps the warped layer in it."""
        if not self._engine_layer_ready:
            pixels = self.sheet.pixels_or_none()
            self._engine_layer = None if pixels is None else load_hints(pixels)
            self._engine_layer_ready = True
        return self._engine_layer

    def _forget_engine_layer(self) -> None:
        self._engine_layer, self._engine_layer_ready = None, False

    # -- settings ------------------------------------------------------------------------------------
    @property
    def colour(self) -> QColor:
        return QColor(self._paint.colour)

    def set_colour(self, colour: QColor) -> None:
        opaque = QColor(colour.red(), colour.green(), colour.blue())  # a hint is a colour, never a tint
        if opaque != self._paint.colour:
            self._paint.colour = opaque
            self.tools["hint_eraser"].colour = opaque  # type: ignore[attr-defined]
            self.colourChanged.emit(QColor(opaque))

    def set_size(self, px: float) -> None:
        size = min(MAX_HINT_SIZE, max(MIN_HINT_SIZE, float(px)))
        if size != self.size:
            self.size = size
            self.sizeChanged.emit(size)

    def set_visible(self, visible: bool) -> None:
        if bool(visible) != self.visible:
            self.visible = bool(visible)
            self._repaint(None)
            self.visibleChanged.emit(self.visible)

    # -- changes -------------------------------------------------------------------------------------
    def commit(self, rect: Rect, text: str) -> None:
        """A finished stroke of a hint tool: one undo command for the rectangle it changed."""
        x, y, w, h = rect
        before = self.sheet.region(rect)
        after = self.surface.working[y : y + h, x : x + w].copy()
        if not np.array_equal(before, after):
            self._push(PixelChange(rect, before, after, text), self.apply_pixels)

    def apply_pixels(self, rect: Rect, values: np.ndarray) -> None:
        """Write committed hint pixels (undo commands call this) and show them."""
        self._cancel_stroke()
        self.sheet.write_region(rect, values)
        self.surface.sync(rect)
        self._repaint(rect)
        self.changed.emit()

    def clear(self, text: str) -> None:
        """Remove every hint (undoable)."""
        self.replace(np.zeros_like(self.sheet.pixels), text)

    def replace(self, pixels: np.ndarray, text: str) -> None:
        """The whole layer replaced (clear; a variant's colours applied) as one undoable change."""
        self._cancel_stroke()
        self._push(diff_change(self.sheet.pixels, pixels, text), self.apply_pixels)

    def reset(self, image: Image.Image | None) -> None:
        """Replace the layer without history (new case, opened case, restore): the canvas clears its stack."""
        incoming = (
            HintSheet(*self.sheet.size) if image is None else HintSheet.from_image(image, *self.sheet.size)
        )
        self.sheet.replace_pixels(incoming.pixels)
        self.surface.sync()
        self._repaint(None)
        self.changed.emit()

    # -- eyedropper and painting ---------------------------------------------------------------------
    def pick_colour(self, x: float, y: float) -> None:
        """The hint under the pointer, else the photo's colour at that place (the paper maps onto the
        frame)."""
        width, height = self.sheet.size
        col, row = int(x), int(y)
        if not (0 <= col < width and 0 <= row < height):
            return
        pixel = self.sheet.pixels[row, col]
        if pixel[3]:
            self.set_colour(QColor(int(pixel[0]), int(pixel[1]), int(pixel[2])))
        elif self.photo is not None:
            photo_x = min(self.photo.width - 1, int(x * self.photo.width / width))
            photo_y = min(self.photo.height - 1, int(y * self.photo.height / height))
            red, green, blue = self.photo.convert("RGB").getpixel((photo_x, photo_y))[:3]
            self.set_colour(QColor(red, green, blue))

    def paint(self, painter: QPainter, exposed: QRectF) -> None:
        """Draw the working hint layer over the paper (the painter is already in document coordinates)."""
        if not self.visible:
            return
        area = exposed.intersected(QRectF(0, 0, *self.sheet.size))
        if area.isEmpty():
            return
        painter.save()
        painter.setOpacity(HINT_OPACITY_ON_SCREEN)
        painter.drawImage(area, self.surface.working_image, area)
        painter.restore()
