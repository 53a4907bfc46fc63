"""Painting the canvas: the grey desk, the sheet at the view's zoom and offset, the colour hints, the face
guide and the paper's edge. The brush outline is the canvas's own (it follows the pointer)."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPen

from s2c_desktop.ui.drawing.canvas.guide import paint_face_guide
from s2c_desktop.ui.drawing.canvas.view import ViewTransform

BACKGROUND = QColor(128, 128, 128)


def paint_sheet(painter: QPainter, exposed_rect: QRect, view: ViewTransform, surface: Any, hints: Any,
                guide_visible: bool) -> None:
    """Paint what lies under ``exposed_rect`` (widget pixels)."""
    painter.fillRect(exposed_rect, BACKGROUND)
    paper = view.paper_rect()
    exposed = view.widget_rect_to_document(QRectF(exposed_rect))
    source = surface.clip(exposed.adjusted(-1, -1, 1, 1))
    if source is not None:
        painter.save()
        painter.translate(view.offset)
        painter.scale(view.zoom, view.zoom)
        # Smooth when shrinking (keeps thin lines), crisp pixels when magnified for detail work.
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, view.zoom < 2.0)
        area = QRectF(*source)
        painter.drawImage(area, surface.working_image, area)
        hints.paint(painter, area)
        painter.restore()
    if guide_visible:
        paint_face_guide(painter, paper)
    frame_pen = QPen(QColor(60, 60, 60), 1)
    frame_pen.setCosmetic(True)
    painter.setPen(frame_pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(paper.adjusted(-0.5, -0.5, 0.5, 0.5))
