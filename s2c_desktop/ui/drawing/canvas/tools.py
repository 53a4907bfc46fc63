"""Drawing tools: one object per tool with ``start / move / finish / cancel`` (orange-canvas-core style).

A tool never writes the committed document. It draws into a :class:`StrokeSurface` — a working copy of the
paper shown on screen plus a coverage mask — and reports which rectangles it touched. The canvas commits
the union of those rectangles as one undo command when the stroke finishes, or restores them on cancel.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPen

from s2c_desktop.sketch.brush import Smudge, apply_erase, apply_ink, soften_dab
from s2c_desktop.sketch.document import Rect

# With a pen tablet, a feather-light touch still leaves a visible line: pressure scales width and
# strength from these floors up to the full brush at pressure 1 (which is what a mouse reports).
MIN_WIDTH_FRACTION = 0.25  # the default; the artist can change it (Settings: minimum width)
MIN_STRENGTH_FRACTION = 0.2
# The pressure curve: width follows pressure ** curve. Below 1 a light hand reaches full width sooner (soft
# pen), above 1 it takes a firm press (hard pen). The ends stay put: no pressure → minimum, full → full.
PRESSURE_CURVE_RANGE = (0.25, 4.0)
# Long segments with a changing pressure are split so the width tapers smoothly instead of in steps.
_WIDTH_STEP_PX = 0.5
_MAX_SUBSEGMENTS = 32


@dataclass(frozen=True)
class StrokePoint:
    """A sample of the pointer in document pixels (x right, y down) with its pen pressure in [0, 1]."""

    x: float
    y: float
    pressure: float = 1.0


@dataclass(frozen=True)
class BrushSettings:
    size: float = 3.0  # diameter in document pixels at full pressure
    opacity: float = 1.0  # 0…1
    pressure_to_width: bool = True
    pressure_to_opacity: bool = True
    min_width_fraction: float = MIN_WIDTH_FRACTION  # width at the lightest touch, as a fraction of ``size``
    pressure_curve: float = 1.0  # exponent applied to the pressure before it scales the width

    def width_at(self, pressure: float) -> float:
        if not self.pressure_to_width:
            return self.size
        floor = min(1.0, max(0.0, self.min_width_fraction))
        curve = min(PRESSURE_CURVE_RANGE[1], max(PRESSURE_CURVE_RANGE[0], self.pressure_curve))
        return self.size * (floor + (1.0 - floor) * _unit(pressure) ** curve)

    def strength_at(self, pressure: float) -> float:
        if not self.pressure_to_opacity:
            return self.opacity
        return self.opacity * (MIN_STRENGTH_FRACTION + (1.0 - MIN_STRENGTH_FRACTION) * _unit(pressure))


def _unit(value: float) -> float:
    return 0.0 if not math.isfinite(value) else min(1.0, max(0.0, value))


def union_rect(first: Rect | None, second: Rect | None) -> Rect | None:
    if first is None:
        return second
    if second is None:
        return first
    left, top = min(first[0], second[0]), min(first[1], second[1])
    right = max(first[0] + first[2], second[0] + second[2])
    bottom = max(first[1] + first[3], second[1] + second[3])
    return left, top, right - left, bottom - top


def paint_segment(
    painter: QPainter, first: StrokePoint, second: StrokePoint, width: float, colour: QColor
) -> None:
    """One piece of a stroke with round ends: a dot when the pen has not moved, else a line."""
    if (first.x, first.y) == (second.x, second.y):
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawEllipse(QPointF(first.x, first.y), width / 2, width / 2)
        return
    pen = QPen(colour, width, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawLine(QPointF(first.x, first.y), QPointF(second.x, second.y))


def wrap_gray(array: np.ndarray) -> QImage:
    """A QImage sharing the memory of a C-contiguous uint8 H×W array (keep the array alive)."""
    height, width = array.shape
    return QImage(array.data, width, height, array.strides[0], QImage.Format.Format_Grayscale8)


class WorkingCopy:
    """A committed raster, the working copy shown on screen (``working_image`` shares its memory), and the
    rectangle the stroke in progress has touched. The hint layer uses it as it is; the paper adds coverage."""

    def __init__(self, committed: np.ndarray, wrap: Callable[[np.ndarray], QImage]) -> None:
        self.committed = committed
        self.working = committed.copy()
        self.working_image = wrap(self.working)
        self.dirty: Rect | None = None

    @property
    def width(self) -> int:
        return int(self.committed.shape[1])

    @property
    def height(self) -> int:
        return int(self.committed.shape[0])

    def clip(self, rect: QRectF | Rect) -> Rect | None:
        if isinstance(rect, QRectF):
            left, top = math.floor(rect.left()), math.floor(rect.top())
            right, bottom = math.ceil(rect.right()), math.ceil(rect.bottom())
        else:
            left, top, right, bottom = rect[0], rect[1], rect[0] + rect[2], rect[1] + rect[3]
        left, top = max(0, left), max(0, top)
        right, bottom = min(self.width, right), min(self.height, bottom)
        if right <= left or bottom <= top:
            return None
        return left, top, right - left, bottom - top

    def touch(self, rect: Rect | None) -> Rect | None:
        if rect is not None:
            self.dirty = union_rect(self.dirty, rect)
        return rect

    def discard_stroke(self) -> Rect | None:
        """Bring the working copy back to the committed pixels; returns the rectangle that changed."""
        rect, self.dirty = self.dirty, None
        if rect is not None:
            self.sync(rect)
        return rect

    def end_stroke(self) -> Rect | None:
        rect, self.dirty = self.dirty, None
        return rect

    def sync(self, rect: Rect | None = None) -> None:
        """Copy committed pixels into the working copy (after undo, redo or a replace)."""
        if rect is None:
            self.working[...] = self.committed
        else:
            x, y, w, h = rect
            self.working[y : y + h, x : x + w] = self.committed[y : y + h, x : x + w]


class StrokeSurface(WorkingCopy):
    """The committed paper, a working copy shown on screen, and a per-stroke coverage mask."""

    def __init__(self, committed: np.ndarray) -> None:
        super().__init__(committed, wrap_gray)
        self.coverage = np.zeros_like(committed)
        self.coverage_image = wrap_gray(self.coverage)

    def blend_coverage(self, rect: Rect, erase: bool) -> None:
        """Recompute the working pixels of ``rect`` from the committed ones and the coverage mask."""
        x, y, w, h = rect
        window = (slice(y, y + h), slice(x, x + w))
        blend = apply_erase if erase else apply_ink
        self.working[window] = blend(self.committed[window], self.coverage[window])

    def discard_stroke(self) -> Rect | None:
        rect = super().discard_stroke()
        self.coverage.fill(0)
        return rect

    def end_stroke(self) -> Rect | None:
        rect = super().end_stroke()
        self.coverage.fill(0)
        return rect


class Tool:
    """Base class: a tool turns a stroke (a start, moves, a finish) into changes on a surface."""

    name = ""
    display_name = ""  # untranslated source text; the canvas translates it

    def __init__(self) -> None:
        self.surface: StrokeSurface | None = None
        self.brush = BrushSettings()
        self.last: StrokePoint | None = None

    @property
    def active(self) -> bool:
        return self.surface is not None

    def start(self, surface: StrokeSurface, point: StrokePoint, brush: BrushSettings) -> Rect | None:
        self.surface, self.brush, self.last = surface, brush, point
        return self.surface.touch(self._begin(point))

    def move(self, point: StrokePoint) -> Rect | None:
        if self.surface is None or self.last is None:
            return None
        if (point.x, point.y) == (self.last.x, self.last.y) and point.pressure <= self.last.pressure:
            return None
        changed = self._segment(self.last, point)
        self.last = point
        return self.surface.touch(changed)

    def finish(self) -> Rect | None:
        """End the stroke; returns the rectangle it changed (the canvas commits it)."""
        if self.surface is None:
            return None
        rect = self.surface.end_stroke()
        self._reset()
        return rect

    def cancel(self) -> Rect | None:
        """Drop the stroke; the working copy is restored. Returns the rectangle to repaint."""
        if self.surface is None:
            return None
        rect = self.surface.discard_stroke()
        self._reset()
        return rect

    def _reset(self) -> None:
        self.surface, self.last = None, None

    def _begin(self, point: StrokePoint) -> Rect | None:
        raise NotImplementedError

    def _segment(self, start: StrokePoint, end: StrokePoint) -> Rect | None:
        raise NotImplementedError


class CoverageTool(Tool):
    """Pencil and eraser: antialiased round-capped segments rasterised into the coverage mask.

    The mask is painted with the *lighten* mode (per-pixel maximum), so where a stroke crosses itself or
    where segments overlap at their round caps, the strength does not build up.
    """

    erase = False

    def _begin(self, point: StrokePoint) -> Rect | None:
        return self._paint([(point, point)])

    def _segment(self, start: StrokePoint, end: StrokePoint) -> Rect | None:
        return self._paint(self._split(start, end))

    def _split(self, start: StrokePoint, end: StrokePoint) -> list[tuple[StrokePoint, StrokePoint]]:
        width_change = abs(self.brush.width_at(end.pressure) - self.brush.width_at(start.pressure))
        pieces = min(_MAX_SUBSEGMENTS, max(1, math.ceil(width_change / _WIDTH_STEP_PX)))
        points = [
            StrokePoint(
                start.x + (end.x - start.x) * i / pieces,
                start.y + (end.y - start.y) * i / pieces,
                start.pressure + (end.pressure - start.pressure) * i / pieces,
            )
            for i in range(pieces + 1)
        ]
        return list(zip(points[:-1], points[1:], strict=True))

    def _paint(self, segments: list[tuple[StrokePoint, StrokePoint]]) -> Rect | None:
        assert self.surface is not None
        bounds = QRectF()
        painter = QPainter(self.surface.coverage_image)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Lighten)
            for first, second in segments:
                # Each piece uses the pressure at its middle, so tapering follows the pen.
                pressure = (first.pressure + second.pressure) / 2
                width = max(0.5, self.brush.width_at(pressure))
                level = round(255 * _unit(self.brush.strength_at(pressure)))
                if level <= 0:
                    continue
                paint_segment(painter, first, second, width, QColor(level, level, level))
                reach = width / 2 + 2  # antialiasing spills about a pixel past the nominal edge
                bounds = bounds.united(
                    QRectF(
                        QPointF(min(first.x, second.x) - reach, min(first.y, second.y) - reach),
                        QPointF(max(first.x, second.x) + reach, max(first.y, second.y) + reach),
                    )
                )
        finally:
            painter.end()
        if bounds.isNull():
            return None
        rect = self.surface.clip(bounds)
        if rect is not None:
            self.surface.blend_coverage(rect, erase=self.erase)
        return rect


class PencilTool(CoverageTool):
    name = "pencil"
    display_name = "Pencil"
    erase = False


class EraserTool(CoverageTool):
    name = "eraser"
    display_name = "Eraser"
    erase = True


class DabTool(Tool):
    """Tools that act on the working pixels in round dabs spaced along the stroke."""

    spacing_fraction = 0.25  # of the brush diameter

    def _begin(self, point: StrokePoint) -> Rect | None:
        return self._dab(point)

    def _segment(self, start: StrokePoint, end: StrokePoint) -> Rect | None:
        spacing = max(1.0, self.brush.size * self.spacing_fraction)
        steps = max(1, math.ceil(math.hypot(end.x - start.x, end.y - start.y) / spacing))
        changed: Rect | None = None
        for i in range(1, steps + 1):
            t = i / steps
            point = StrokePoint(
                start.x + (end.x - start.x) * t,
                start.y + (end.y - start.y) * t,
                start.pressure + (end.pressure - start.pressure) * t,
            )
            changed = union_rect(changed, self._dab(point))
        return changed

    def _dab(self, point: StrokePoint) -> Rect | None:
        raise NotImplementedError


class SoftenTool(DabTool):
    """Blurs under the brush: blends hard pencil lines into shading."""

    name = "soften"
    display_name = "Soften"

    def _dab(self, point: StrokePoint) -> Rect | None:
        assert self.surface is not None
        radius = max(1.0, self.brush.width_at(point.pressure) / 2)
        # Many dabs overlap per pixel; a gentle strength per dab keeps one pass from wiping out detail.
        strength = 0.5 * self.brush.strength_at(point.pressure)
        return soften_dab(self.surface.working, (point.x, point.y), radius, strength)


class SmudgeTool(DabTool):
    """Drags graphite along the stroke like a finger or a blending stump."""

    name = "smudge"
    display_name = "Smudge"
    spacing_fraction = 0.15

    def __init__(self) -> None:
        super().__init__()
        self._smudge: Smudge | None = None

    def start(self, surface: StrokeSurface, point: StrokePoint, brush: BrushSettings) -> Rect | None:
        self._smudge = Smudge(radius=max(1.0, brush.size / 2), strength=0.8 * brush.opacity)
        return super().start(surface, point, brush)

    def _dab(self, point: StrokePoint) -> Rect | None:
        assert self.surface is not None and self._smudge is not None
        return self._smudge.dab(self.surface.working, (point.x, point.y))

    def _reset(self) -> None:
        super()._reset()
        self._smudge = None


def create_tools() -> dict[str, Tool]:
    tools: list[Tool] = [PencilTool(), EraserTool(), SoftenTool(), SmudgeTool()]
    return {tool.name: tool for tool in tools}
