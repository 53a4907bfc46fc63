"""Painting the canvas: the grey desk, the sheet at the view's zoom, offset and rotation, the colour hints,
the face guide and the paper's edge; and the brush outline that follows the pointer (:class:`BrushOutline`).

The guide and the edge are drawn on the unturned paper in widget pixels (cosmetic pens, crisp at any zoom)
under the view's turn, so they rotate with the paper; the brush outline is a circle under the pointer, the
same whatever the rotation."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from s2c_desktop.ui.drawing.canvas.guide import paint_brush_outline, paint_face_guide
from s2c_desktop.ui.drawing.canvas.view import ViewTransform

BACKGROUND = QColor(128, 128, 128)


def paint_sheet(
    painter: QPainter, exposed_rect: QRect, view: ViewTransform, surface: Any, hints: Any, guide_visible: bool
) -> None:
    """Paint what lies under ``exposed_rect`` (widget pixels)."""
    painter.fillRect(exposed_rect, BACKGROUND)
    paper = view.paper_rect()
    exposed = view.widget_rect_to_document(QRectF(exposed_rect))
    source = surface.clip(exposed.adjusted(-1, -1, 1, 1))
    if source is not None:
        painter.save()
        painter.setTransform(view.transform(), True)
        # Smooth when shrinking (keeps thin lines), crisp pixels when magnified for detail work.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, view.zoom < 2.0)
        area = QRectF(*source)
        painter.drawImage(area, surface.working_image, area)
        hints.paint(painter, area)
        painter.restore()
    painter.save()
    if view.rotation:
        painter.setTransform(view.turn(), True)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)  # a turned edge without steps
    if guide_visible:
        paint_face_guide(painter, paper)
    frame_pen = QPen(QColor(60, 60, 60), 1)
    frame_pen.setCosmetic(True)
    painter.setPen(frame_pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(paper.adjusted(-0.5, -0.5, 0.5, 0.5))
    painter.restore()


class BrushOutline:
    """The brush's footprint under the pointer: where it is, and the widget area to repaint as it moves."""

    def __init__(self, diameter: Callable[[], float], repaint: Callable[[QRect], object]) -> None:
        self._diameter = diameter  # the brush's diameter in widget pixels (its size at the view's zoom)
        self._repaint = repaint
        self.position: QPointF | None = None

    def move(self, position: QPointF | None = None) -> None:
        """Follow the pointer to ``position``; without one, repaint where it is (the brush size changed)."""
        old = self.position
        if position is not None:
            self.position = QPointF(position)
        reach = max(self._diameter() / 2 + 4, 6)
        for point in (old, self.position):
            if point is not None:
                self._repaint(
                    QRectF(point.x() - reach, point.y() - reach, 2 * reach, 2 * reach).toAlignedRect()
                )

    def leave(self) -> None:
        self.move()
        self.position = None

    def paint(self, painter: QPainter) -> None:
        if self.position is not None:
            paint_brush_outline(painter, self.position, max(1.5, self._diameter() / 2))
