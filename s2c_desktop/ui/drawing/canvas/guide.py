"""The face guide: a faint outline of where the model expects the face, painted on screen only.

Shapes come from :data:`s2c_desktop.engine.framing.FACE_GUIDE` (fractions of the frame), so the guide
matches the training framing at any paper size. It is drawn by the canvas's ``paintEvent`` over the
paper, never into the document, hence never into a saved or colorized sketch.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen

from s2c_desktop.engine.framing import FACE_GUIDE, FaceGuide

GUIDE_COLOR = QColor(40, 120, 220, 120)  # light blue, like a non-photo-blue pencil
GUIDE_LINE_WIDTH = 1.5  # device pixels, whatever the zoom


def face_guide_path(paper: QRectF, guide: FaceGuide = FACE_GUIDE) -> QPainterPath:
    """The guide's shapes as one path in the coordinates of ``paper`` (the sheet's rectangle)."""

    def at(fx: float, fy: float) -> QPointF:
        return QPointF(paper.left() + fx * paper.width(), paper.top() + fy * paper.height())

    path = QPainterPath()
    centre = at(*guide.face_centre)
    path.addEllipse(centre, guide.face_radii[0] * paper.width(), guide.face_radii[1] * paper.height())
    eye_radius = guide.eye_radius * paper.width()
    for eye in (guide.left_eye, guide.right_eye):
        path.addEllipse(at(*eye), eye_radius, eye_radius * 0.6)
    # Nose: the bridge from between the eyes down to the tip, and the base of the nostrils.
    eyes_mid_x = (guide.left_eye[0] + guide.right_eye[0]) / 2
    eyes_y = (guide.left_eye[1] + guide.right_eye[1]) / 2
    nose_tip = at(*guide.nose_tip)
    path.moveTo(at(eyes_mid_x, eyes_y))
    path.lineTo(nose_tip)
    nostril = eye_radius * 0.9
    path.moveTo(nose_tip + QPointF(-nostril, 0))
    path.lineTo(nose_tip + QPointF(nostril, 0))
    # Mouth: the line between the lips.
    mouth = at(*guide.mouth_centre)
    half = guide.mouth_half_width * paper.width()
    path.moveTo(mouth + QPointF(-half, 0))
    path.lineTo(mouth + QPointF(half, 0))
    return path


def paint_face_guide(painter: QPainter, paper: QRectF) -> None:
    """Stroke the guide over ``paper`` (in the painter's current coordinates)."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        pen = QPen(GUIDE_COLOR, GUIDE_LINE_WIDTH, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap)
        pen.setCosmetic(True)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(face_guide_path(paper))
        # The eye line and the centre line, dashed and fainter: they help symmetry without clutter.
        faint = QPen(pen)
        faint_color = QColor(GUIDE_COLOR)
        faint_color.setAlpha(GUIDE_COLOR.alpha() // 2)
        faint.setColor(faint_color)
        faint.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(faint)
        eyes_y = paper.top() + FACE_GUIDE.left_eye[1] * paper.height()
        centre_x = paper.left() + FACE_GUIDE.face_centre[0] * paper.width()
        painter.drawLine(QPointF(paper.left(), eyes_y), QPointF(paper.right(), eyes_y))
        painter.drawLine(QPointF(centre_x, paper.top()), QPointF(centre_x, paper.bottom()))
    finally:
        painter.restore()


def paint_brush_outline(painter: QPainter, centre: QPointF, radius: float) -> None:
    """The brush's footprint under the pointer (widget coordinates); also only on screen."""
    painter.save()
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        # Dark and light rings stay visible on white paper and on black ink alike.
        for color, extra in ((QColor(0, 0, 0, 140), 0.0), (QColor(255, 255, 255, 160), 1.0)):
            pen = QPen(color, 1)
            pen.setCosmetic(True)
            painter.setPen(pen)
            painter.drawEllipse(centre, radius + extra, radius + extra)
    finally:
        painter.restore()
