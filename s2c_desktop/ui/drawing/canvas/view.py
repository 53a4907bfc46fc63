"""Zoom and pan: the mapping between widget coordinates and document pixels.

Widget coordinates are Qt's logical pixels (what events report, fractional for tablets); the document is
drawn at ``offset + zoom · p``. QPainter applies the device pixel ratio itself, so the same mapping holds
on high-DPI screens: nothing here multiplies by ``devicePixelRatio``.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, QSizeF

MIN_ZOOM = 0.1
MAX_ZOOM = 32.0
ZOOM_STEP = 1.25
FIT_MARGIN = 12.0  # widget pixels of background around the paper when fitted


class ViewTransform:
    def __init__(self, document_size: QSizeF) -> None:
        self.document_size = QSizeF(document_size)
        self.zoom = 1.0
        self.offset = QPointF(0.0, 0.0)  # widget position of the paper's top-left corner
        self.fitted = True  # follow the widget's size until the user zooms or pans

    def to_document(self, point: QPointF) -> QPointF:
        return QPointF((point.x() - self.offset.x()) / self.zoom, (point.y() - self.offset.y()) / self.zoom)

    def to_widget(self, point: QPointF) -> QPointF:
        return QPointF(self.offset.x() + point.x() * self.zoom, self.offset.y() + point.y() * self.zoom)

    def document_rect_to_widget(self, rect: QRectF) -> QRectF:
        return QRectF(self.to_widget(rect.topLeft()), self.to_widget(rect.bottomRight()))

    def widget_rect_to_document(self, rect: QRectF) -> QRectF:
        return QRectF(self.to_document(rect.topLeft()), self.to_document(rect.bottomRight()))

    def paper_rect(self) -> QRectF:
        """The sheet in widget coordinates."""
        return QRectF(
            self.offset,
            QSizeF(self.document_size.width() * self.zoom, self.document_size.height() * self.zoom),
        )

    def fit(self, viewport: QSizeF) -> None:
        usable_w = max(1.0, viewport.width() - 2 * FIT_MARGIN)
        usable_h = max(1.0, viewport.height() - 2 * FIT_MARGIN)
        zoom = min(usable_w / self.document_size.width(), usable_h / self.document_size.height())
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self.offset = QPointF(
            (viewport.width() - self.document_size.width() * self.zoom) / 2,
            (viewport.height() - self.document_size.height() * self.zoom) / 2,
        )
        self.fitted = True

    def set_zoom(self, zoom: float, anchor: QPointF) -> None:
        """Zoom keeping the document point under ``anchor`` (widget coordinates) where it is."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        fixed = self.to_document(anchor)
        self.zoom = zoom
        self.offset = QPointF(anchor.x() - fixed.x() * zoom, anchor.y() - fixed.y() * zoom)
        self.fitted = False

    def pan(self, dx: float, dy: float) -> None:
        self.offset = QPointF(self.offset.x() + dx, self.offset.y() + dy)
        self.fitted = False
