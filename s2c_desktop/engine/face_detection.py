"""Face detection for fitting sketches: the largest face and its eye centres, from the best detector
available.

dlib's HOG detector with the 68-point landmarks of ``face_recognition_models`` (the ``eval`` extra), then
OpenCV's Haar cascades (face + eyes; shipped by opencv-python 4.x, gone from OpenCV 5). Split out of
:mod:`s2c_desktop.engine.fitting`, which places the sketch from what this finds.
"""

from __future__ import annotations

import logging
import math
import os
import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from s2c_desktop.errors import InputError

log = logging.getLogger(__name__)

DETECT_MAX_SIDE = (
    500  # detectors run on a copy this size; 400 halves the time but lost 1–2 % of eye placements
)
MAX_EYE_TILT_DEGREES = 30.0  # beyond this the "eyes" are more likely a false detection than a tilted head


@dataclass(frozen=True)
class Face:
    """A detected face in source-image pixels. ``left_eye`` is the eye on the image's left."""

    left_eye: tuple[float, float]
    right_eye: tuple[float, float]
    box: tuple[float, float, float, float]  # x0, y0, x1, y1
    detector: str  # "dlib-68", "dlib-box", "opencv-haar", "opencv-haar-box"
    # dlib's 68 landmarks (x, y) in source pixels, for shape variants (engine/warp.py); None from other
    # detectors.
    landmarks: tuple[tuple[float, float], ...] | None = None


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
                    "no face detector available (install dlib or opencv-python<5): margins are trimmed "
                    "instead"
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
    landmarks = tuple((float(x), float(y)) for x, y in points)
    return Face(
        (float(left[0]), float(left[1])), (float(right[0]), float(right[1])), box, "dlib-68", landmarks
    )


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
        if (
            math.dist(left, estimate.left_eye) < tolerance
            and math.dist(right, estimate.right_eye) < tolerance
        ):
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
        None if face.landmarks is None else tuple(point(p) for p in face.landmarks),
    )
