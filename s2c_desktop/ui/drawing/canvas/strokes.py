"""The canvas's stroke in progress and its commit into the document's undo history.

A helper given explicit callbacks, like :mod:`pointer`: which tool and brush are current, how a widget point
maps to the paper and how a changed rectangle is repainted stay the canvas's business. It owns only the stroke
in progress (labelme's canvas keeps the shape being drawn apart from the committed ones) and drives one tool
object through it (orange-canvas-core's one object per interaction). The committed document is written only
by undo commands: a finished stroke becomes one :class:`PixelRectCommand` of the rectangle it changed, and a
cancelled one leaves nothing behind.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QUndoStack

from s2c_desktop.sketch.document import Rect, SketchDocument
from s2c_desktop.ui.drawing.canvas.commands import (
    ApplyPixels,
    PixelChange,
    PixelRectCommand,
    diff_change,
    trim_to_budget,
)
from s2c_desktop.ui.drawing.canvas.hint_layer import CanvasHints
from s2c_desktop.ui.drawing.canvas.symmetry import mirror_change
from s2c_desktop.ui.drawing.canvas.tools import BrushSettings, StrokePoint, StrokeSurface, Tool


@dataclass
class StrokeCallbacks:
    current_tool: Callable[[], Tool]  # the tool a new stroke draws with (unless the pen's eraser end is down)
    brush: Callable[[bool], BrushSettings]  # the brush for the colour hints (True) or for the paper
    to_document: Callable[[QPointF], QPointF]  # widget pixels -> document pixels
    repaint: Callable[[Rect | None], object]  # document rectangle to show again
    undo_text: Callable[[Tool], str]  # the undo entry's name for a stroke with this tool
    started: Callable[[], object]
    finished: Callable[[], object]  # after the stroke is committed
    cancelled: Callable[[], object]
    committed_changed: Callable[[], object]  # the committed paper changed (stroke, undo, redo, clear, load)
    undo_budget_bytes: Callable[[], int]  # the history's memory ceiling; the oldest steps go beyond it


class CanvasStrokes:
    def __init__(
        self,
        document: SketchDocument,
        surface: StrokeSurface,
        hints: CanvasHints,
        undo_stack: QUndoStack,
        callbacks: StrokeCallbacks,
    ) -> None:
        self._document = document
        self._surface = surface  # the paper's working copy; the hint layer has its own
        self._hints = hints
        self._undo_stack = undo_stack
        self._do = callbacks
        self._tool: Tool | None = None
        self.symmetric = False  # mirror paper strokes across the face guide's axis (symmetry.py)

    @property
    def in_progress(self) -> bool:
        return self._tool is not None

    def begin(self, position: QPointF, pressure: float, tool: Tool | None = None) -> None:
        if self._tool is not None:
            return
        self._tool = tool or self._do.current_tool()
        on_hints = getattr(self._tool, "layer", "") == "hints"
        if on_hints and self._tool.name != "eyedropper":
            self._hints.set_visible(True)  # painting on a hidden layer would be painting blind
        surface: Any = self._hints.surface if on_hints else self._surface
        brush = self._do.brush(on_hints)
        self._do.started()
        self._do.repaint(self._tool.start(surface, self._point(position, pressure), brush))

    def move(self, position: QPointF, pressure: float) -> None:
        if self._tool is not None:
            self._do.repaint(self._tool.move(self._point(position, pressure)))

    def finish(self) -> None:
        tool, self._tool = self._tool, None
        if tool is None:
            return
        rect = tool.finish()
        if rect is not None and getattr(tool, "layer", "") == "hints":
            self._hints.commit(rect, self._do.undo_text(tool))
        elif rect is not None:
            x, y, w, h = rect
            before = self._document.region(rect)
            after = self._surface.working[y : y + h, x : x + w].copy()
            if not np.array_equal(before, after):
                change = PixelChange(rect, before, after, self._do.undo_text(tool))
                self.push_change(mirror_change(self._document.pixels, change) if self.symmetric else change)
        self._do.finished()

    def cancel(self) -> bool:
        """Drop the stroke in progress; the paper is as before it began. False when none."""
        tool, self._tool = self._tool, None
        if tool is None:
            return False
        self._do.repaint(tool.cancel())
        self._do.cancelled()
        return True

    def push_change(self, change: PixelChange | None, apply: ApplyPixels | None = None) -> None:
        """One undoable change (of the paper unless ``apply`` writes elsewhere), the history kept in budget."""
        if change is None:
            return
        self._undo_stack.push(PixelRectCommand(change, apply or self.apply_pixels))
        trim_to_budget(self._undo_stack, self._do.undo_budget_bytes())

    def replace_paper(self, pixels: np.ndarray, text: str) -> None:
        """The whole paper replaced (clear, load) as one undoable change named ``text``."""
        self.cancel()
        self.push_change(diff_change(self._document.pixels, pixels, text))

    def restart(self, pixels: np.ndarray) -> None:
        """A new paper with an empty history (new case, opened case, restore); the caller repaints."""
        self.cancel()
        self._undo_stack.clear()
        self._document.replace_pixels(pixels)
        self._surface.sync()

    def apply_pixels(self, rect: Rect, values: np.ndarray) -> None:
        """Write committed paper pixels (undo commands call this) and show them."""
        self.cancel()
        self._document.write_region(rect, values)
        self._surface.sync(rect)
        self._do.repaint(rect)
        self._do.committed_changed()

    def _point(self, position: QPointF, pressure: float) -> StrokePoint:
        mapped = self._do.to_document(position)
        return StrokePoint(mapped.x(), mapped.y(), pressure)
