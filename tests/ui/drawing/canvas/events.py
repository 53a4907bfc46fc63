"""Helpers that send real mouse and tablet events to a SketchCanvas (document coordinates in, events out)."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QInputDevice, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas


def widget_point(canvas: SketchCanvas, doc_x: float, doc_y: float) -> QPointF:
    return canvas.document_to_widget(QPointF(doc_x, doc_y))


def _mouse(
    canvas: SketchCanvas,
    kind: QEvent.Type,
    position: QPointF,
    button: Qt.MouseButton,
    buttons: Qt.MouseButton,
    device: QPointingDevice | None = None,
) -> QMouseEvent:
    global_pos = QPointF(canvas.mapToGlobal(position.toPoint()))
    if device is None:
        event = QMouseEvent(kind, position, global_pos, button, buttons, Qt.KeyboardModifier.NoModifier)
    else:
        event = QMouseEvent(
            kind, position, global_pos, button, buttons, Qt.KeyboardModifier.NoModifier, device
        )
    QApplication.sendEvent(canvas, event)
    return event


def mouse_stroke(
    canvas: SketchCanvas,
    doc_points: Sequence[tuple[float, float]],
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
    release: bool = True,
) -> None:
    """Press at the first document point, move through the others, release at the last."""
    mouse_stroke_at(canvas, [widget_point(canvas, x, y) for x, y in doc_points], button, release)


def mouse_stroke_at(
    canvas: SketchCanvas,
    points: Sequence[QPointF],
    button: Qt.MouseButton = Qt.MouseButton.LeftButton,
    release: bool = True,
) -> None:
    """The same, through widget points (where the pointer is on screen, whatever the view)."""
    _mouse(canvas, QEvent.Type.MouseButtonPress, points[0], button, button)
    for point in points[1:]:
        _mouse(canvas, QEvent.Type.MouseMove, point, Qt.MouseButton.NoButton, button)
    if release:
        _mouse(canvas, QEvent.Type.MouseButtonRelease, points[-1], button, Qt.MouseButton.NoButton)


def stylus(pointer: QPointingDevice.PointerType = QPointingDevice.PointerType.Pen) -> QPointingDevice:
    caps = QInputDevice.Capability.Position | QInputDevice.Capability.Pressure
    return QPointingDevice(
        "test pen", 4242 + int(pointer.value), QInputDevice.DeviceType.Stylus, pointer, caps, 1, 2
    )


def tablet_event(
    canvas: SketchCanvas,
    kind: QEvent.Type,
    doc_xy: tuple[float, float],
    pressure: float,
    device: QPointingDevice,
) -> QTabletEvent:
    return tablet_event_at(canvas, kind, widget_point(canvas, *doc_xy), pressure, device)


def tablet_event_at(
    canvas: SketchCanvas, kind: QEvent.Type, position: QPointF, pressure: float, device: QPointingDevice
) -> QTabletEvent:
    """A pen event at a widget point."""
    global_pos = QPointF(canvas.mapToGlobal(position.toPoint()))
    button = Qt.MouseButton.LeftButton if kind != QEvent.Type.TabletMove else Qt.MouseButton.NoButton
    buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
    event = QTabletEvent(
        kind,
        device,
        position,
        global_pos,
        pressure,
        0.0,
        0.0,
        0.0,
        0.0,
        0.0,
        Qt.KeyboardModifier.NoModifier,
        button,
        buttons,
    )
    QApplication.sendEvent(canvas, event)
    return event


def tablet_stroke(
    canvas: SketchCanvas,
    doc_points: Iterable[tuple[float, float]],
    pressure: float,
    device: QPointingDevice | None = None,
) -> list[QTabletEvent]:
    pen = device or stylus()
    points = list(doc_points)
    events = [tablet_event(canvas, QEvent.Type.TabletPress, points[0], pressure, pen)]
    events += [tablet_event(canvas, QEvent.Type.TabletMove, p, pressure, pen) for p in points[1:]]
    events.append(tablet_event(canvas, QEvent.Type.TabletRelease, points[-1], pressure, pen))
    return events


def grab_rgb(canvas: SketchCanvas) -> np.ndarray:
    """What the canvas shows, as an RGB array (rows, columns, 3), without the brush outline."""
    QApplication.sendEvent(canvas, QEvent(QEvent.Type.Leave))
    image = canvas.grab().toImage().convertToFormat(QImage.Format.Format_RGB888)
    width, height = image.width(), image.height()
    raw = np.frombuffer(image.constBits(), np.uint8, count=image.bytesPerLine() * height)
    return raw.reshape(height, image.bytesPerLine())[:, : width * 3].reshape(height, width, 3).copy()


def ink_mask(pixels: np.ndarray, threshold: int = 250) -> np.ndarray:
    return pixels < threshold


def line_points(x0: float, y0: float, x1: float, y1: float, steps: int = 8) -> list[tuple[float, float]]:
    return [(x0 + (x1 - x0) * i / steps, y0 + (y1 - y0) * i / steps) for i in range(steps + 1)]
