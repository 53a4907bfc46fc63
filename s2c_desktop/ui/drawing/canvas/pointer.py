"""The canvas's pointer and keyboard input: pen, mouse, wheel, Space-drag panning, Escape.

A helper given the stroke helper and its view, the canvas, through one small protocol (:class:`PointerHost`):
what a stroke, a pan, a zoom does is theirs; it owns only the input state: whether Space is held and where a
pan drag started.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QInputDevice, QKeyEvent, QMouseEvent, QPointingDevice, QTabletEvent, QWheelEvent

from s2c_desktop.ui.drawing.canvas.strokes import CanvasStrokes
from s2c_desktop.ui.drawing.canvas.view import ZOOM_STEP

TABLET_DEVICES = {
    QInputDevice.DeviceType.Stylus,
    QInputDevice.DeviceType.Airbrush,
    QInputDevice.DeviceType.Puck,
}


def from_tablet(event: QMouseEvent) -> bool:
    """True for mouse events Qt synthesised from a pen (the tablet event was already handled)."""
    device = event.device()
    return device is not None and device.type() in TABLET_DEVICES


class PointerHost(Protocol):
    """The view the pointer moves (the canvas implements it and passes itself)."""

    def pan_by(self, dx: float, dy: float) -> None: ...
    def zoom_by(self, factor: float, anchor: QPointF) -> None: ...  # anchor in widget pixels
    def setCursor(self, cursor: Qt.CursorShape) -> None: ...  # noqa: N802 - QWidget's
    def hover(self, position: QPointF) -> None: ...  # the brush outline follows the pointer


class PointerInput:
    def __init__(self, strokes: CanvasStrokes, view: PointerHost) -> None:
        self._strokes = strokes
        self._view = view
        self.space_held = False
        self.pan_anchor: QPointF | None = None

    @property
    def panning(self) -> bool:
        return self.pan_anchor is not None or self.space_held

    def focus_lost(self) -> None:
        self.space_held = False  # the key release goes elsewhere when focus leaves mid-press

    def tablet(self, event: QTabletEvent) -> None:
        event.accept()  # otherwise Qt synthesises mouse events and the stroke would be drawn twice
        kind, position = event.type(), event.position()
        if kind == QEvent.Type.TabletPress:
            if self.space_held:
                self.pan_anchor = position
            elif event.button() == Qt.MouseButton.LeftButton:
                flipped = event.pointerType() == QPointingDevice.PointerType.Eraser
                self._strokes.begin(position, event.pressure(), flipped)
        elif kind == QEvent.Type.TabletMove:
            if self.pan_anchor is not None:
                self._drag_pan(position)
            else:
                self._strokes.move(position, event.pressure())
            self._view.hover(position)
        elif kind == QEvent.Type.TabletRelease:
            if self.pan_anchor is not None:
                self.pan_anchor = None
            else:
                self._strokes.move(position, event.pressure())
                self._strokes.finish()

    def mouse_press(self, event: QMouseEvent) -> None:
        if from_tablet(event):
            return
        button = event.button()
        if button == Qt.MouseButton.MiddleButton or (button == Qt.MouseButton.LeftButton and self.space_held):
            self.pan_anchor = event.position()
            self._view.setCursor(Qt.CursorShape.ClosedHandCursor)
        elif button == Qt.MouseButton.LeftButton:
            self._strokes.begin(event.position(), 1.0, False)
        event.accept()

    def mouse_move(self, event: QMouseEvent) -> None:
        if from_tablet(event):
            return
        if self.pan_anchor is not None:
            self._drag_pan(event.position())
        elif event.buttons() & Qt.MouseButton.LeftButton:
            self._strokes.move(event.position(), 1.0)
        self._view.hover(event.position())

    def mouse_release(self, event: QMouseEvent) -> None:
        if from_tablet(event):
            return
        if self.pan_anchor is not None and event.button() in (
            Qt.MouseButton.MiddleButton,
            Qt.MouseButton.LeftButton,
        ):
            self.pan_anchor = None
            self._view.setCursor(
                Qt.CursorShape.OpenHandCursor if self.space_held else Qt.CursorShape.CrossCursor
            )
        elif event.button() == Qt.MouseButton.LeftButton:
            self._strokes.move(event.position(), 1.0)
            self._strokes.finish()

    def _drag_pan(self, position: QPointF) -> None:
        assert self.pan_anchor is not None
        delta = position - self.pan_anchor
        self.pan_anchor = QPointF(position)
        self._view.pan_by(delta.x(), delta.y())

    def wheel(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self._view.zoom_by(ZOOM_STEP**steps, event.position())
        else:
            pixels = event.pixelDelta()
            delta = pixels if not pixels.isNull() else event.angleDelta() / 3
            if event.modifiers() & Qt.KeyboardModifier.ShiftModifier and delta.x() == 0:
                self._view.pan_by(delta.y(), 0)
            else:
                self._view.pan_by(delta.x(), delta.y())
        event.accept()

    def key_press(self, event: QKeyEvent) -> bool:
        """True when handled (Escape cancels a stroke, Space starts panning)."""
        if event.key() == Qt.Key.Key_Escape and self._strokes.cancel():
            event.accept()
            return True
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = True
            if self.pan_anchor is None:
                self._view.setCursor(Qt.CursorShape.OpenHandCursor)
            event.accept()
            return True
        return False

    def key_release(self, event: QKeyEvent) -> bool:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self.space_held = False
            if self.pan_anchor is None:
                self._view.setCursor(Qt.CursorShape.CrossCursor)
            event.accept()
            return True
        return False
