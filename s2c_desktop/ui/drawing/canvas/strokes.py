"""The canvas's stroke in progress and its commit into the document's undo history.

A helper given its host, the canvas, through one small protocol (:class:`StrokeHost`), like :mod:`pointer`:
which tool and brush are current, how a widget point
maps to the paper and how a changed rectangle is repainted stay the canvas's business. It owns only the stroke
in progress (labelme's canvas keeps the shape being drawn apart from the committed ones) and drives one tool
object through it (orange-canvas-core's one object per interaction). The committed document is written only
by undo commands: a finished stroke becomes one :class:`PixelRectCommand` of the rectangle it changed, and a
cancelled one leaves nothing behind.
"""

from __future__ import annotations

from typing import Any, Protocol

import numpy as np
from PySide6.QtCore import QPointF, SignalInstance
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


class StrokeHost(Protocol):
    """What the stroke helper asks of the canvas it draws on (the canvas implements it and passes itself)."""

    strokeStarted: SignalInstance  # noqa: N815 - the canvas's Qt signals
    strokeFinished: SignalInstance  # noqa: N815 - after the stroke is committed
    strokeCancelled: SignalInstance  # noqa: N815
    sketchChanged: SignalInstance  # noqa: N815 - the committed paper changed (stroke, undo, redo, clear, load)
    undo_budget_bytes: int  # the history's memory ceiling; the oldest steps go beyond it

    def current_tool(self, eraser_end: bool) -> Tool: ...  # the tool a new stroke draws with
    def brush_for(self, on_hints: bool) -> BrushSettings: ...  # for the colour hints or for the paper
    def widget_to_document(self, point: QPointF) -> QPointF: ...
    def repaint_document_rect(self, rect: Rect | None) -> None: ...
    def undo_text(self, tool: Tool) -> str: ...  # the undo entry's name for a stroke with this tool


class CanvasStrokes:
    def __init__(
        self,
        document: SketchDocument,
        surface: StrokeSurface,
        hints: CanvasHints,
        undo_stack: QUndoStack,
        host: StrokeHost,
    ) -> None:
        self._document = document
        self._surface = surface  # the paper's working copy; the hint layer has its own
        self._hints = hints
        self._undo_stack = undo_stack
        self._host = host
        self._tool: Tool | None = None
        self.symmetric = False  # mirror paper strokes across the face guide's axis (symmetry.py)

    @property
    def in_progress(self) -> bool:
        return self._tool is not None

    def begin(self, position: QPointF, pressure: float, eraser_end: bool = False) -> None:
        """Start a stroke with the current tool (the eraser when the pen is turned round)."""
        if self._tool is not None:
            return
        self._tool = self._host.current_tool(eraser_end)
        on_hints = getattr(self._tool, "layer", "") == "hints"
        if on_hints and self._tool.name != "eyedropper":
            self._hints.set_visible(True)  # painting on a hidden layer would be painting blind
        surface: Any = self._hints.surface if on_hints else self._surface
        brush = self._host.brush_for(on_hints)
        self._host.strokeStarted.emit()
        self._host.repaint_document_rect(self._tool.start(surface, self._point(position, pressure), brush))

    def move(self, position: QPointF, pressure: float) -> None:
        if self._tool is not None:
            self._host.repaint_document_rect(self._tool.move(self._point(position, pressure)))

    def finish(self) -> None:
        tool, self._tool = self._tool, None
        if tool is None:
            return
        rect = tool.finish()
        if rect is not None and getattr(tool, "layer", "") == "hints":
            self._hints.commit(rect, self._host.undo_text(tool))
        elif rect is not None:
            x, y, w, h = rect
            before = self._document.region(rect)
            after = self._surface.working[y : y + h, x : x + w].copy()
            if not np.array_equal(before, after):
                change = PixelChange(rect, before, after, self._host.undo_text(tool))
                self.push_change(mirror_change(self._document.pixels, change) if self.symmetric else change)
        self._host.strokeFinished.emit()

    def cancel(self) -> bool:
        """Drop the stroke in progress; the paper is as before it began. False when none."""
        tool, self._tool = self._tool, None
        if tool is None:
            return False
        self._host.repaint_document_rect(tool.cancel())
        self._host.strokeCancelled.emit()
        return True

    def push_change(self, change: PixelChange | None, apply: ApplyPixels | None = None) -> None:
        """One undoable change (of the paper unless ``apply`` writes elsewhere), the history kept in
        budget."""
        if change is None:
            return
        self._undo_stack.push(PixelRectCommand(change, apply or self.apply_pixels))
        trim_to_budget(self._undo_stack, self._host.undo_budget_bytes)

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
        self._host.repaint_document_rect(rect)
        self._host.sketchChanged.emit()

    def _point(self, position: QPointF, pressure: float) -> StrokePoint:
        mapped = self._host.widget_to_document(position)
        return StrokePoint(mapped.x(), mapped.y(), pressure)
