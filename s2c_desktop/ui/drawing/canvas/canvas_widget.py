"""The drawing canvas: a QWidget that shows a :class:`SketchDocument` and draws on it.

The committed document is only written by undo commands (one per stroke, storing the changed rectangle); a
stroke in progress lives in the :class:`StrokeSurface`'s working copy, so Esc can drop it. The widget holds
the settings and the view and hands the work to helpers given callbacks: pointer and keyboard input
(``pointer.py``), the stroke in progress and its commit (``strokes.py``), painting the sheet
(``painting.py``).

Signals: ``strokeStarted``, ``strokeFinished`` (after the stroke is committed, so ``sketch_frame()`` already
includes it), ``strokeCancelled``, and ``sketchChanged`` after every change of the committed pixels
(stroke, undo, redo, clear, load).
"""

from __future__ import annotations

import math
from dataclasses import replace

import numpy as np
from PIL import Image
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QAction,
    QFocusEvent,
    QHideEvent,
    QKeyEvent,
    QMouseEvent,
    QNativeGestureEvent,
    QPainter,
    QPaintEvent,
    QResizeEvent,
    QTabletEvent,
    QUndoStack,
    QWheelEvent,
)
from PySide6.QtWidgets import QWidget

from s2c_desktop.sketch.document import DocumentSource, Rect, SketchDocument
from s2c_desktop.ui.drawing.canvas import actions as canvas_actions
from s2c_desktop.ui.drawing.canvas import texts as canvas_texts
from s2c_desktop.ui.drawing.canvas.commands import DEFAULT_UNDO_BUDGET_BYTES, history_bytes
from s2c_desktop.ui.drawing.canvas.hint_layer import CanvasHints
from s2c_desktop.ui.drawing.canvas.hint_tools import HINT_TOOL_NAMES
from s2c_desktop.ui.drawing.canvas.painting import BrushOutline, paint_sheet
from s2c_desktop.ui.drawing.canvas.pointer import PointerInput
from s2c_desktop.ui.drawing.canvas.strokes import CanvasStrokes
from s2c_desktop.ui.drawing.canvas.tools import (
    MIN_WIDTH_FRACTION,
    PRESSURE_CURVE_RANGE,
    BrushSettings,
    StrokeSurface,
    Tool,
    create_tools,
)
from s2c_desktop.ui.drawing.canvas.view import ZOOM_STEP, ViewTransform
from s2c_desktop.ui.language import follow_language

MIN_BRUSH_SIZE = 0.5
MAX_BRUSH_SIZE = 200.0
BRUSH_SIZE_STEP = 1.25  # [ and ] scale the brush by this factor, as in most paint programs


class SketchCanvas(QWidget):
    strokeStarted = Signal()
    strokeFinished = Signal()
    strokeCancelled = Signal()
    sketchChanged = Signal()
    toolChanged = Signal(str)
    brushSizeChanged = Signal(float)
    opacityChanged = Signal(float)
    zoomChanged = Signal(float)
    rotationChanged = Signal(float)  # degrees clockwise; the view only, never the document
    guideVisibleChanged = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        follow_language(self, self.retranslate_ui)
        self._document = SketchDocument()
        self._surface = StrokeSurface(self._document.pixels)
        self._tools: dict[str, Tool] = create_tools()
        self._undo_stack = QUndoStack(self)
        # The witness's colours: their own layer above the paper, on the same undo stack as the strokes.
        self.hints = CanvasHints(
            self._document.size,
            lambda change, apply: self.strokes.push_change(change, apply),
            self.repaint_document_rect,
            self.cancel_stroke,
            self,
        )
        self._tools.update(self.hints.tools)
        self._hints_unavailable_reason = ""
        self._tool_name = "pencil"
        self._brush = BrushSettings(size=6.0)  # document pixels: a 0.5 mm pencil on the 800×1000 paper
        self._guide_visible = True
        self._view = ViewTransform(QSizeF(self._document.width, self._document.height))
        self.undo_budget_bytes = DEFAULT_UNDO_BUDGET_BYTES
        # The helpers talk back to the canvas through one small protocol each (StrokeHost, PointerHost).
        self.strokes = CanvasStrokes(self._document, self._surface, self.hints, self._undo_stack, self)
        self._outline = BrushOutline(lambda: self._outline_size() * self._view.zoom, self.update)
        self._input = PointerInput(self.strokes, self)

        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)  # the brush outline follows the pointer
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, True)
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setMinimumSize(120, 150)

        self._actions = canvas_actions.create_actions(self, self)
        self.addActions(list(self._actions.values()))
        self.retranslate_ui()

    # -- public API -----------------------------------------------------------------------------------

    @property
    def document(self) -> SketchDocument:
        return self._document

    @property
    def undo_stack(self) -> QUndoStack:
        return self._undo_stack

    @property
    def tool_name(self) -> str:
        return self._tool_name

    def set_tool(self, name: str) -> None:
        if name not in self._tools:
            raise ValueError(f"unknown tool {name!r}; choose one of {', '.join(self._tools)}")
        if name in HINT_TOOL_NAMES and not self.hints_available:
            self._actions[self._tool_name].setChecked(True)  # the click on a disabled tool changes nothing
            return
        if name != self._tool_name:
            self._tool_name = name  # a stroke in progress keeps its tool
            self.toolChanged.emit(name)

    @property
    def hints_available(self) -> bool:
        return not self._hints_unavailable_reason

    def set_hints_available(self, available: bool, reason: str = "") -> None:
        """Enable the colour-hint tools, or disable them with ``reason`` as their tooltip (the model takes no
        hints). Existing hints can still be shown, hidden and cleared."""
        self._hints_unavailable_reason = "" if available else (reason or "unavailable")
        if not available and self._tool_name in HINT_TOOL_NAMES:
            self.set_tool("pencil")
        self.retranslate_ui()  # the tools' own tooltips back, or the reason over them

    @property
    def brush_size(self) -> float:
        return self._brush.size

    def set_brush_size(self, px: float) -> None:
        size = min(MAX_BRUSH_SIZE, max(MIN_BRUSH_SIZE, float(px))) if math.isfinite(px) else self._brush.size
        if size != self._brush.size:
            self._brush = replace(self._brush, size=size)
            self.brushSizeChanged.emit(size)
            self._outline.move()

    def grow_brush(self) -> None:
        self.set_brush_size(self._brush.size * BRUSH_SIZE_STEP)

    def shrink_brush(self) -> None:
        self.set_brush_size(self._brush.size / BRUSH_SIZE_STEP)

    @property
    def opacity(self) -> float:
        return self._brush.opacity

    def set_opacity(self, value: float) -> None:
        opacity = min(1.0, max(0.0, float(value))) if math.isfinite(value) else self._brush.opacity
        if opacity != self._brush.opacity:
            self._brush = replace(self._brush, opacity=opacity)
            self.opacityChanged.emit(opacity)

    def set_pressure_mapping(self, *, width: bool = True, opacity: bool = True) -> None:
        """Choose what tablet pressure controls (both by default)."""
        self._brush = replace(self._brush, pressure_to_width=width, pressure_to_opacity=opacity)

    def set_pressure_curve(self, min_width: float, curve: float) -> None:
        """Tune the pen: ``min_width`` is the width at the lightest touch (fraction of the brush, 0–1);
        ``curve`` the exponent on pressure (< 1 soft pen: full width sooner, > 1 hard pen)."""
        low, high = PRESSURE_CURVE_RANGE
        min_width = min(1.0, max(0.0, float(min_width))) if math.isfinite(min_width) else MIN_WIDTH_FRACTION
        curve = min(high, max(low, float(curve))) if math.isfinite(curve) else 1.0
        self._brush = replace(self._brush, min_width_fraction=min_width, pressure_curve=curve)

    @property
    def pressure_curve(self) -> tuple[float, float]:
        """(minimum width fraction, curve exponent)"""
        return self._brush.min_width_fraction, self._brush.pressure_curve

    @property
    def guide_visible(self) -> bool:
        return self._guide_visible

    def set_guide_visible(self, visible: bool) -> None:
        visible = bool(visible)
        if visible != self._guide_visible:
            self._guide_visible = visible
            self._actions["guide"].setChecked(visible)
            self.guideVisibleChanged.emit(visible)
            self.update()

    @property
    def is_drawing(self) -> bool:
        return self.strokes.in_progress

    def sketch_frame(self) -> Image.Image:
        return self._document.to_frame()

    def canvas_actions(self) -> dict[str, QAction]:
        """The canvas's actions with their shortcuts, for menus and toolbars (see ``actions.py``)."""
        return dict(self._actions)

    def clear(self) -> None:
        """Wipe the paper to white (undoable)."""
        self.strokes.replace_paper(np.full_like(self._document.pixels, 255), self.tr("Clear"))

    def load_document(self, source: DocumentSource) -> None:
        """Replace the sketch with a document, an image or an image file (undoable)."""
        incoming = SketchDocument.coerce(source, self._document.size)
        self.strokes.replace_paper(incoming.pixels, self.tr("Load sketch"))

    def reset_document(self, source: DocumentSource | None = None, hints: Image.Image | None = None) -> None:
        """Start afresh (blank, or from ``source``, with these colour hints or none) with an empty, clean
        history: new case, opened case, restore."""
        incoming = SketchDocument() if source is None else SketchDocument.coerce(source, self._document.size)
        self.strokes.restart(incoming.pixels)
        self.hints.reset(hints)
        self.update()
        self.sketchChanged.emit()

    def clear_hints(self) -> None:
        """Remove every colour hint (undoable); the sketch is untouched."""
        self.hints.clear(self.tr("Clear colour hints"))

    def undo_history_bytes(self) -> int:
        return history_bytes(self._undo_stack)

    def cancel_stroke(self) -> bool:
        """Drop the stroke in progress (Esc); the paper is as before it began. False when none."""
        return self.strokes.cancel()

    # -- view -------------------------------------------------------------------------------------------

    @property
    def zoom(self) -> float:
        return self._view.zoom

    def zoom_in(self) -> None:
        self.set_zoom(self._view.zoom * ZOOM_STEP)

    def zoom_out(self) -> None:
        self.set_zoom(self._view.zoom / ZOOM_STEP)

    def set_zoom(self, zoom: float, anchor: QPointF | None = None) -> None:
        centre = QPointF(self.width() / 2, self.height() / 2)
        self._view.set_zoom(zoom, anchor if anchor is not None else centre)
        self._view_changed()

    def zoom_to_fit(self) -> None:
        self._view.fit(QSizeF(self.width(), self.height()))
        self._view_changed()

    @property
    def rotation(self) -> float:
        return self._view.rotation

    def rotate_view(self, degrees: float, absolute: bool = False) -> None:
        """Turn the paper on screen ``degrees`` clockwise (to ``degrees`` when ``absolute``) about the view's
        centre, as paint programs do (4, 6; 5 resets): the document, its undo history and its files are
        untouched."""
        size = QSizeF(self.width(), self.height())
        angle = degrees if absolute else self._view.rotation + degrees
        self._view.set_rotation(angle, QPointF(size.width() / 2, size.height() / 2), size)
        self._view_changed()
        self.rotationChanged.emit(self._view.rotation)

    def zoom_by(self, factor: float, anchor: QPointF) -> None:
        self.set_zoom(self._view.zoom * factor, anchor)

    def hover(self, position: QPointF) -> None:
        self._outline.move(position)

    def pan_by(self, dx: float, dy: float) -> None:
        self._view.pan(dx, dy)
        self._view_changed()

    def widget_to_document(self, point: QPointF) -> QPointF:
        return self._view.to_document(QPointF(point))

    def document_to_widget(self, point: QPointF) -> QPointF:
        return self._view.to_widget(QPointF(point))

    def _view_changed(self) -> None:
        self.update()
        self.zoomChanged.emit(self._view.zoom)

    # -- strokes ----------------------------------------------------------------------------------------

    def current_tool(self, eraser_end: bool = False) -> Tool:
        return self._tools["eraser" if eraser_end else self._tool_name]

    def undo_text(self, tool: Tool) -> str:
        return self._stroke_texts.get(tool.name, tool.display_name)

    def brush_for(self, on_hints: bool) -> BrushSettings:
        return replace(self._brush, size=self.hints.size if on_hints else self._brush.size)

    def repaint_document_rect(self, rect: Rect | None) -> None:
        if rect is None:  # the whole layer changed (shown, hidden, replaced): repaint it all
            self.update()
            return
        area = self._view.document_rect_to_widget(QRectF(*rect))
        self.update(area.adjusted(-2, -2, 2, 2).toAlignedRect())

    # -- painting -----------------------------------------------------------------------------------------

    def paintEvent(self, event: QPaintEvent) -> None:  # noqa: N802 - Qt override
        painter = QPainter(self)
        try:
            paint_sheet(painter, event.rect(), self._view, self._surface, self.hints, self._guide_visible)
            if not self._input.panning:
                self._outline.paint(painter)
        finally:
            painter.end()

    def _outline_size(self) -> float:
        on_hints = getattr(self._tools[self._tool_name], "layer", "") == "hints"
        return (1.0 if self._tool_name == "eyedropper" else self.hints.size) if on_hints else self._brush.size

    # -- input ----------------------------------------------------------------------------------------------

    def tabletEvent(self, event: QTabletEvent) -> None:  # noqa: N802 - Qt override
        self._input.tablet(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._input.mouse_press(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._input.mouse_move(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:  # noqa: N802 - Qt override
        self._input.mouse_release(event)

    def wheelEvent(self, event: QWheelEvent) -> None:  # noqa: N802 - Qt override
        self._input.wheel(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not self._input.key_press(event):
            super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        if not self._input.key_release(event):
            super().keyReleaseEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._input.focus_lost()
        super().focusOutEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._outline.leave()
        super().leaveEvent(event)

    def event(self, event: QEvent) -> bool:
        # Pinch-to-zoom on touchpads and touch screens.
        pinch = Qt.NativeGestureType.ZoomNativeGesture
        if isinstance(event, QNativeGestureEvent) and event.gestureType() == pinch:
            self.set_zoom(self._view.zoom * (1.0 + event.value()), event.position())
            return True
        return super().event(event)

    def hideEvent(self, event: QHideEvent) -> None:
        # Switching tabs mid-stroke keeps what was drawn rather than leaving it uncommitted.
        self.strokes.finish()
        super().hideEvent(event)

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self._view.fitted:
            self._view.fit(QSizeF(event.size()))
            self.zoomChanged.emit(self._view.zoom)
        elif event.oldSize().isValid():
            # Keep the paper where it was relative to the centre of the view.
            delta = event.size() - event.oldSize()
            self._view.pan(delta.width() / 2, delta.height() / 2)
        super().resizeEvent(event)

    def sizeHint(self) -> QSize:
        return QSize(self._document.width + 40, self._document.height + 40)

    def retranslate_ui(self) -> None:
        canvas_actions.set_texts(self._actions, canvas_texts.action_texts())
        canvas_actions.show_hint_availability(self._actions, self._hints_unavailable_reason)
        self._stroke_texts = canvas_texts.stroke_texts()
