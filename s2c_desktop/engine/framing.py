"""The model's framing: where a face sits in the image the generator expects.

All three CUFS sets share it: 200×250 pixels (width × height), the face centred, the eyes level on one row.
Measured with dlib's 68-point landmarks on 180 CUFS photos (60 per set; eye-centre spread ≈ 1.5 px):

=============  ===============  =================================
feature        (x, y) in px     meaning
=============  ===============  =================================
left eye       (75, 126)        centre of the subject's right eye (image left)
right eye      (125, 126)       centre of the other eye; inter-ocular distance 50 px
nose tip       (100, 152)
mouth centre   (100, 182)
chin           (100, 220)
jaw width      x 43 … 157       face contour at eye height
=============  ===============  =================================

Anything in another framing (scans, photos of paper sketches, CUFSF) is fitted to this one by the engine:
eyes placed on these points, scale from the inter-ocular distance, white padding, never stretched.
The canvas draws its face guide from :data:`FACE_GUIDE` (fractions of the frame, so any canvas size works).
"""

from __future__ import annotations

from dataclasses import dataclass

FRAME_WIDTH = 200
FRAME_HEIGHT = 250
FRAME_SIZE = (FRAME_WIDTH, FRAME_HEIGHT)  # PIL order: (width, height)

LEFT_EYE = (75.0, 126.0)
RIGHT_EYE = (125.0, 126.0)
EYE_DISTANCE = RIGHT_EYE[0] - LEFT_EYE[0]
NOSE_TIP = (100.0, 152.0)
MOUTH_CENTRE = (100.0, 182.0)
CHIN = (100.0, 220.0)
JAW_LEFT_X = 43.0
JAW_RIGHT_X = 157.0


@dataclass(frozen=True)
class FaceGuide:
    """Guide shapes as fractions of the frame (x / width, y / height)."""

    left_eye: tuple[float, float]
    right_eye: tuple[float, float]
    eye_radius: float  # fraction of the width
    nose_tip: tuple[float, float]
    mouth_centre: tuple[float, float]
    mouth_half_width: float  # fraction of the width
    # Face contour as an ellipse: centre and radii (fractions of width, height).
    face_centre: tuple[float, float]
    face_radii: tuple[float, float]


def _fx(x: float) -> float:
    return x / FRAME_WIDTH


def _fy(y: float) -> float:
    return y / FRAME_HEIGHT


FACE_GUIDE = FaceGuide(
    left_eye=(_fx(LEFT_EYE[0]), _fy(LEFT_EYE[1])),
    right_eye=(_fx(RIGHT_EYE[0]), _fy(RIGHT_EYE[1])),
    eye_radius=_fx(11.0),
    nose_tip=(_fx(NOSE_TIP[0]), _fy(NOSE_TIP[1])),
    mouth_centre=(_fx(MOUTH_CENTRE[0]), _fy(MOUTH_CENTRE[1])),
    mouth_half_width=_fx(20.0),
    # The ellipse spans the jaw width and runs from the hairline (~y 50) to the chin.
    face_centre=(_fx(100.0), _fy(135.0)),
    face_radii=(_fx((JAW_RIGHT_X - JAW_LEFT_X) / 2 + 4), _fy(87.0)),
)


FRAME_ASPECT = FRAME_WIDTH / FRAME_HEIGHT  # 0.8: width / height
# Canvas exports, CUFS sets and rescans saved at 4:5 count as "already framed" within this tolerance
# (1 %: a 400×500 canvas, 200×250, 199×250 all pass; CUFSF's 767×816 does not).
FRAME_ASPECT_TOLERANCE = 0.01


def is_framed_size(width: int, height: int) -> bool:
    """Whether an image of this size already has the frame's 4:5 aspect (and is assumed to be framed)."""
    if width <= 0 or height <= 0:
        return False
    return abs(width / height - FRAME_ASPECT) <= FRAME_ASPECT * FRAME_ASPECT_TOLERANCE


def frame_point(x: float, y: float, width: int, height: int) -> tuple[float, float]:
    """A point of the 200×250 frame mapped onto a frame-shaped canvas of another size."""
    return x * width / FRAME_WIDTH, y * height / FRAME_HEIGHT
