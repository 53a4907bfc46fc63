"""Zoom, pan and rotation: the mapping between widget coordinates and document pixels.

Widget coordinates are Qt's logical pixels (what events report, fractional for tablets). The document is
scaled by ``zoom`` and placed at ``offset`` (``offset + zoom · p``), then turned by ``rotation`` degrees
clockwise about the paper's centre, as paint programs turn the paper on screen (issue 26 §5). The rotation is
view state only: the document's pixels never turn. At 0° every mapping is the plain zoom-and-offset one,
computed exactly as before rotation existed (the same floating-point operations, so strokes land on the same
pixels). QPainter applies the device pixel ratio itself, so the same mapping holds on high-DPI screens:
nothing here multiplies by ``devicePixelRatio``.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from PySide6.QtCore import QPointF, QRectF, QSizeF
from PySide6.QtGui import QTransform

MIN_ZOOM = 0.1
MAX_ZOOM = 32.0
ZOOM_STEP = 1.25
ROTATION_STEP = 15.0  # degrees per press of the rotate shortcuts, as in Krita
FIT_MARGIN = 12.0  # widget pixels of background around the paper when fitted


def normalized_angle(degrees: float) -> float:
    """``degrees`` in (-180, 180]; a non-finite angle is 0 (the paper upright)."""
    if not math.isfinite(degrees):
        return 0.0
    angle = math.fmod(degrees, 360.0)
    if angle <= -180.0:
        angle += 360.0
    elif angle > 180.0:
        angle -= 360.0
    return angle + 0.0  # no -0.0


def _bounding_rect(points: Iterable[QPointF]) -> QRectF:
    xs, ys = zip(*((point.x(), point.y()) for point in points), strict=True)
    return QRectF(QPointF(min(xs), min(ys)), QPointF(max(xs), max(ys)))


class ViewTransform:
    def __init__(self, document_size: QSizeF) -> None:
        self.document_size = QSizeF(document_size)
        self.zoom = 1.0
        self.offset = QPointF(0.0, 0.0)  # widget position of the unturned paper's top-left corner
        self.rotation = 0.0  # degrees clockwise on screen, about the paper's centre
        self.fitted = True  # follow the widget's size until the user zooms or pans

    def turn(self) -> QTransform:
        """The rotation alone, in widget coordinates: the unturned paper (:meth:`paper_rect`) to the screen.
        Identity at 0°."""
        if not self.rotation:
            return QTransform()
        centre = self.paper_rect().center()
        return (
            QTransform()
            .translate(centre.x(), centre.y())
            .rotate(self.rotation)
            .translate(-centre.x(), -centre.y())
        )

    def transform(self) -> QTransform:
        """Document pixels to widget coordinates (the painter's transform for the sheet)."""
        return (
            QTransform().translate(self.offset.x(), self.offset.y()).scale(self.zoom, self.zoom) * self.turn()
        )

    def to_document(self, point: QPointF) -> QPointF:
        if self.rotation:
            point = self.turn().inverted()[0].map(QPointF(point))
        return QPointF((point.x() - self.offset.x()) / self.zoom, (point.y() - self.offset.y()) / self.zoom)

    def to_widget(self, point: QPointF) -> QPointF:
        return self.transform().map(QPointF(point))

    def document_rect_to_widget(self, rect: QRectF) -> QRectF:
        """The widget area covering ``rect`` (its bounding box when the paper is turned)."""
        return _bounding_rect(self.to_widget(corner) for corner in _corners(rect))

    def widget_rect_to_document(self, rect: QRectF) -> QRectF:
        """The document area under ``rect`` (its bounding box when the paper is turned)."""
        return _bounding_rect(self.to_document(corner) for corner in _corners(rect))

    def paper_rect(self) -> QRectF:
        """The unturned sheet in widget coordinates; :meth:`turn` puts it where it shows."""
        return QRectF(
            self.offset,
            QSizeF(self.document_size.width() * self.zoom, self.document_size.height() * self.zoom),
        )

    def fit(self, viewport: QSizeF) -> None:
        """Show the whole sheet, as turned, centred in ``viewport`` (the rotation is kept)."""
        usable_w = max(1.0, viewport.width() - 2 * FIT_MARGIN)
        usable_h = max(1.0, viewport.height() - 2 * FIT_MARGIN)
        radians = math.radians(self.rotation)
        cos, sin = abs(math.cos(radians)), abs(math.sin(radians))
        width, height = self.document_size.width(), self.document_size.height()
        turned_w, turned_h = width * cos + height * sin, width * sin + height * cos
        zoom = min(usable_w / turned_w, usable_h / turned_h)
        self.zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        self.offset = QPointF(
            (viewport.width() - width * self.zoom) / 2,
            (viewport.height() - height * self.zoom) / 2,
        )
        self.fitted = True

    def set_zoom(self, zoom: float, anchor: QPointF) -> None:
        """Zoom keeping the document point under ``anchor`` (widget coordinates) where it is."""
        zoom = min(MAX_ZOOM, max(MIN_ZOOM, zoom))
        fixed = self.to_document(anchor)
        self.zoom = zoom
        if self.rotation:
            self._bring(fixed, anchor)
        else:
            self.offset = QPointF(anchor.x() - fixed.x() * zoom, anchor.y() - fixed.y() * zoom)
        self.fitted = False

    def set_rotation(self, degrees: float, anchor: QPointF, viewport: QSizeF) -> None:
        """Turn the paper to ``degrees`` about ``anchor`` (the view's centre): the document point there stays
        there. A fitted view is fitted again, so the whole sheet stays on screen."""
        fixed = self.to_document(anchor)
        self.rotation = normalized_angle(degrees)
        if self.fitted:
            self.fit(viewport)
        else:
            self._bring(fixed, anchor)

    def pan(self, dx: float, dy: float) -> None:
        self.offset = QPointF(self.offset.x() + dx, self.offset.y() + dy)
        self.fitted = False

    def _bring(self, document_point: QPointF, widget_point: QPointF) -> None:
        """Move the paper so that ``document_point`` shows at ``widget_point``."""
        shown = self.to_widget(document_point)
        self.offset = QPointF(
            self.offset.x() + widget_point.x() - shown.x(), self.offset.y() + widget_point.y() - shown.y()
        )


def _corners(rect: QRectF) -> tuple[QPointF, QPointF, QPointF, QPointF]:
    return rect.topLeft(), rect.topRight(), rect.bottomRight(), rect.bottomLeft()
