"""dlib's face detector, 68-point landmarks and face descriptor (the ``eval`` extra).

The model files ship inside the PyPI package ``face-recognition-models``; nothing is downloaded. We locate
them without importing that package, whose ``__init__`` needs the deprecated ``pkg_resources``.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import numpy as np

from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH, LEFT_EYE, RIGHT_EYE
from s2c_desktop.errors import S2CError


def _models_dir() -> Path:
    spec = importlib.util.find_spec("face_recognition_models")
    if spec is None or not spec.submodule_search_locations:
        raise S2CError("face-recognition-models is not installed", hint="pip install 's2c-desktop[eval]'")
    return Path(next(iter(spec.submodule_search_locations))) / "models"


def _dlib():
    try:
        import dlib
    except ImportError as exc:
        raise S2CError("dlib is not installed", hint="pip install 's2c-desktop[eval]'") from exc
    return dlib


@cache
def detector():
    return _dlib().get_frontal_face_detector()


@cache
def cnn_detector():
    return _dlib().cnn_face_detection_model_v1(str(_models_dir() / "mmod_human_face_detector.dat"))


@cache
def landmark_predictor():
    return _dlib().shape_predictor(str(_models_dir() / "shape_predictor_68_face_landmarks.dat"))


@cache
def descriptor_model():
    return _dlib().face_recognition_model_v1(str(_models_dir() / "dlib_face_recognition_resnet_model_v1.dat"))


@dataclass(frozen=True)
class Face:
    box: tuple[int, int, int, int]  # left, top, right, bottom
    landmarks: np.ndarray  # [68, 2] (x, y)
    shape: object  # dlib.full_object_detection, for the descriptor

    @property
    def left_eye(self) -> np.ndarray:
        """Centre of the eye on the image's left (the subject's right eye), landmarks 36–41."""
        return self.landmarks[36:42].mean(axis=0)

    @property
    def right_eye(self) -> np.ndarray:
        return self.landmarks[42:48].mean(axis=0)


def _rgb(image: np.ndarray) -> np.ndarray:
    if image.ndim == 2:
        image = np.repeat(image[..., None], 3, axis=2)
    return np.ascontiguousarray(image, dtype=np.uint8)


def detect(image: np.ndarray, *, max_side: int = 420, use_cnn: bool = True) -> Face | None:
    """The largest face: HOG detector on a downscaled copy, then (optionally) dlib's CNN detector;
    the 68 landmarks are fitted at full resolution."""
    import cv2

    dlib = _dlib()
    rgb = _rgb(image)
    scale = min(1.0, max_side / max(rgb.shape[:2]))
    small = cv2.resize(rgb, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA) if scale < 1 else rgb
    rects = list(detector()(small, 1))
    if not rects and use_cnn:
        rects = [d.rect for d in cnn_detector()(small, 0)]
    if not rects:
        return None
    best = max(rects, key=lambda r: r.width() * r.height())
    box = tuple(int(round(v / scale)) for v in (best.left(), best.top(), best.right(), best.bottom()))
    shape = landmark_predictor()(rgb, dlib.rectangle(*box))
    points = np.array([(shape.part(i).x, shape.part(i).y) for i in range(68)], dtype=np.float64)
    return Face(box, points, shape)  # type: ignore[arg-type]


def framed_face_box() -> tuple[int, int, int, int]:
    """Where the face is in the CUFS frame when no detector finds it (from the framing's eye points)."""
    centre_x = (LEFT_EYE[0] + RIGHT_EYE[0]) / 2
    distance = RIGHT_EYE[0] - LEFT_EYE[0]
    half = distance * 1.1
    top = LEFT_EYE[1] - distance * 0.9
    box = (centre_x - half, top, centre_x + half, top + 2 * half)
    return (
        max(0, int(box[0])),
        max(0, int(box[1])),
        min(FRAME_WIDTH, int(box[2])),
        min(FRAME_HEIGHT, int(box[3])),
    )


def describe(image: np.ndarray, *, fallback_to_frame: bool = True) -> tuple[np.ndarray | None, bool]:
    """(128-d descriptor, face_found). A framed image whose face the detector misses is described at the
    framing's face box, so a blurry output still gets a (probably poor) descriptor instead of none."""
    dlib = _dlib()
    rgb = _rgb(image)
    face = detect(rgb, use_cnn=False)
    found = face is not None
    if face is None:
        if not fallback_to_frame:
            return None, False
        shape = landmark_predictor()(rgb, dlib.rectangle(*framed_face_box()))
    else:
        shape = face.shape
    vector = np.array(descriptor_model().compute_face_descriptor(rgb, shape), dtype=np.float64)
    return vector, found
