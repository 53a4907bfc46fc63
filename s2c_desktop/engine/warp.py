"""Holistic shape changes of a sketch: smooth warps driven by the face's landmarks (issue 26).

A witness who cannot say "the nose was 4 mm longer" can still pick the closer of two whole faces, so the
variants vary the face as a whole: face width, jaw, eye size and spacing, nose length and width, mouth width
and brow height. Each is a displacement field in the 200×250 frame built from Gaussian bumps around the
landmarks it concerns (:class:`Landmarks`: the framing's points for drawn sketches, dlib's 68 points for
scans that had them). The sum is kept small and smooth, so the forward map ``p → p + d(p)`` has a positive
Jacobian everywhere: strokes bend, they never tear or fold. The eyes are pinned: every field except eye
spacing is multiplied by a factor that is 0 at the eye centres, eye size scales around them, and eye spacing
moves each eye by at most :data:`EYE_SHIFT_MAX` pixels, well inside the face guide's eye circle.

The same field warps any image whose fitting transform into the frame is known (the canvas' 800×1000 paper,
a scan, the fitted frame itself): :func:`warp_image`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np

from s2c_desktop.engine import framing

# The shape parameters, each in [-1, 1]; 0 is the sketch as drawn. Positive = wider, bigger, longer, higher.
SHAPE_PARAMETERS = (
    "face_width",
    "jaw",
    "eye_size",
    "eye_spacing",
    "nose_length",
    "nose_width",
    "mouth_width",
    "brow_height",
)
# Largest changes (frame pixels, or a fraction for the sizes) at parameter ±1: visible but still the same
# face.
FACE_WIDTH_MAX = 6.0  # each cheek outwards
JAW_MAX = 6.0  # each jaw corner outwards, the chin down by 0.8 of it
EYE_SIZE_MAX = 0.2  # of the eye region's size
EYE_SHIFT_MAX = 3.0  # each eye, horizontally; the face guide's eye circle has an 11 px radius
NOSE_LENGTH_MAX = 6.0
NOSE_WIDTH_MAX = 0.25
MOUTH_WIDTH_MAX = 0.2
BROW_HEIGHT_MAX = 5.0
EYE_PIN_RADIUS = 6.0  # the pin's Gaussian: no displacement at the eye centres, full a few pixels away
INVERSE_ITERATIONS = 4  # fixed-point steps of the inverse map (|∇d| < 0.5: error shrinks ≥ 2× per step)


@dataclass(frozen=True)
class Landmarks:
    """The points the warps pull on, in frame pixels (x, y)."""

    left_eye: tuple[float, float] = framing.LEFT_EYE
    right_eye: tuple[float, float] = framing.RIGHT_EYE
    left_brow: tuple[float, float] = (framing.LEFT_EYE[0], framing.LEFT_EYE[1] - 18.0)
    right_brow: tuple[float, float] = (framing.RIGHT_EYE[0], framing.RIGHT_EYE[1] - 18.0)
    nose_tip: tuple[float, float] = framing.NOSE_TIP
    nose_half_width: float = 12.0
    mouth_centre: tuple[float, float] = framing.MOUTH_CENTRE
    mouth_half_width: float = 20.0
    left_cheek: tuple[float, float] = (framing.JAW_LEFT_X + 3.0, 160.0)
    right_cheek: tuple[float, float] = (framing.JAW_RIGHT_X - 3.0, 160.0)
    left_jaw: tuple[float, float] = (62.0, 205.0)
    right_jaw: tuple[float, float] = (138.0, 205.0)
    chin: tuple[float, float] = framing.CHIN

    @classmethod
    def from_dlib68(cls, points: np.ndarray, matrix: np.ndarray | None) -> Landmarks:
        """From dlib's 68 points in source pixels and the fitting transform (source → frame)."""
        pts = np.asarray(points, np.float64).reshape(68, 2)
        if matrix is not None:
            pts = pts @ np.asarray(matrix)[:, :2].T + np.asarray(matrix)[:, 2]

        def at(*indices: int) -> tuple[float, float]:
            x, y = pts[list(indices)].mean(axis=0)
            return float(x), float(y)

        return cls(
            left_eye=at(*range(36, 42)),
            right_eye=at(*range(42, 48)),
            left_brow=at(*range(17, 22)),
            right_brow=at(*range(22, 27)),
            nose_tip=at(30),
            nose_half_width=float(abs(pts[35, 0] - pts[31, 0]) / 2),
            mouth_centre=at(48, 54),
            mouth_half_width=float(abs(pts[54, 0] - pts[48, 0]) / 2),
            left_cheek=at(2),
            right_cheek=at(14),
            left_jaw=at(5),
            right_jaw=at(11),
            chin=at(8),
        )


FRAMING_LANDMARKS = Landmarks()


def landmarks_for(fitted: object) -> Landmarks:
    """The landmarks of a fitted sketch (engine/fitting.FittedSketch): dlib's when the face detector gave them
    (scans), else the framing's (a drawn sketch follows the face guide; a template fit put its eyes there)."""
    face = getattr(fitted, "face", None)
    points = getattr(face, "landmarks", None)
    if points is None:
        return FRAMING_LANDMARKS
    return Landmarks.from_dlib68(np.asarray(points), getattr(fitted, "matrix", None))


def clamp_shape(shape: Mapping[str, float]) -> dict[str, float]:
    """Every known parameter, in [-1, 1] (missing ones 0); unknown names are refused by the caller."""
    return {name: float(min(1.0, max(-1.0, shape.get(name, 0.0)))) for name in SHAPE_PARAMETERS}


def _bump(xs: np.ndarray, ys: np.ndarray, centre: tuple[float, float], sx: float, sy: float) -> np.ndarray:
    return np.exp(-(((xs - centre[0]) / sx) ** 2 + ((ys - centre[1]) / sy) ** 2) / 2)


def displacement(
    xs: np.ndarray, ys: np.ndarray, shape: Mapping[str, float], marks: Landmarks = FRAMING_LANDMARKS
) -> tuple[np.ndarray, np.ndarray]:
    """The forward displacement (dx, dy) at frame points (xs, ys) for these shape parameters."""
    v = clamp_shape(shape)
    dx = np.zeros(np.shape(xs), np.float64)
    dy = np.zeros(np.shape(xs), np.float64)

    def translate(centre: tuple[float, float], sx: float, sy: float, ox: float, oy: float) -> None:
        if ox or oy:
            weight = _bump(xs, ys, centre, sx, sy)
            dx[...] += ox * weight
            dy[...] += oy * weight

    def stretch_x(centre: tuple[float, float], sx: float, sy: float, factor: float) -> None:
        if factor:
            dx[...] += factor * (xs - centre[0]) * _bump(xs, ys, centre, sx, sy)

    width = v["face_width"] * FACE_WIDTH_MAX
    translate(marks.left_cheek, 20.0, 28.0, -width, 0.0)
    translate(marks.right_cheek, 20.0, 28.0, width, 0.0)
    jaw = v["jaw"] * JAW_MAX
    translate(marks.left_jaw, 18.0, 18.0, -jaw, 0.0)
    translate(marks.right_jaw, 18.0, 18.0, jaw, 0.0)
    translate(marks.chin, 22.0, 14.0, 0.0, 0.8 * jaw)
    translate(marks.nose_tip, 10.0, 12.0, 0.0, v["nose_length"] * NOSE_LENGTH_MAX)
    nose = max(marks.nose_half_width, 6.0)
    stretch_x(marks.nose_tip, 1.2 * nose, 9.0, v["nose_width"] * NOSE_WIDTH_MAX)
    mouth = max(marks.mouth_half_width, 10.0)
    stretch_x(marks.mouth_centre, 1.1 * mouth, 8.0, v["mouth_width"] * MOUTH_WIDTH_MAX)
    brow = v["brow_height"] * BROW_HEIGHT_MAX
    translate(marks.left_brow, 16.0, 6.0, 0.0, -brow)
    translate(marks.right_brow, 16.0, 6.0, 0.0, -brow)
    # Pinned: nothing above moves an eye centre.
    pin = np.ones(np.shape(xs), np.float64)
    for eye in (marks.left_eye, marks.right_eye):
        pin *= 1.0 - _bump(xs, ys, eye, EYE_PIN_RADIUS, EYE_PIN_RADIUS)
    dx *= pin
    dy *= pin
    size = v["eye_size"] * EYE_SIZE_MAX
    shift = v["eye_spacing"] * EYE_SHIFT_MAX
    for eye, direction in ((marks.left_eye, -1.0), (marks.right_eye, 1.0)):
        weight = _bump(xs, ys, eye, 9.0, 7.0)
        dx += size * (xs - eye[0]) * weight + direction * shift * _bump(xs, ys, eye, 11.0, 9.0)
        dy += size * (ys - eye[1]) * weight
    return dx, dy


def eye_positions(
    shape: Mapping[str, float], marks: Landmarks = FRAMING_LANDMARKS
) -> list[tuple[float, float]]:
    """Where the eye centres go under this shape (frame pixels)."""
    xs = np.array([marks.left_eye[0], marks.right_eye[0]])
    ys = np.array([marks.left_eye[1], marks.right_eye[1]])
    dx, dy = displacement(xs, ys, shape, marks)
    return [(float(x + a), float(y + b)) for x, y, a, b in zip(xs, ys, dx, dy, strict=True)]


def is_identity(shape: Mapping[str, float]) -> bool:
    return not any(clamp_shape(shape).values())


def inverse_map(
    xs: np.ndarray, ys: np.ndarray, shape: Mapping[str, float], marks: Landmarks = FRAMING_LANDMARKS
) -> tuple[np.ndarray, np.ndarray]:
    """For output frame points q, the source points p with p + d(p) = q (fixed-point iteration)."""
    px, py = xs.astype(np.float64), ys.astype(np.float64)
    for _ in range(INVERSE_ITERATIONS):
        dx, dy = displacement(px, py, shape, marks)
        px, py = xs - dx, ys - dy
    return px, py


Maps = tuple[np.ndarray, np.ndarray]
FIELD_CELL = (
    2.0  # frame pixels between the samples of the field (it varies over 6+ pixels: linear is exact enough)
)


def warp_maps(
    shape: Mapping[str, float],
    size: tuple[int, int],
    matrix: np.ndarray | None = None,
    marks: Landmarks = FRAMING_LANDMARKS,
) -> Maps | None:
    """The backward maps (cv2.remap's) of an image of ``size`` (width, height) whose pixels ``matrix`` maps
    into the frame (None: it is the frame); None for the identity. The field is sampled every
    :data:`FIELD_CELL` frame pixels and interpolated, so the canvas' paper costs about what the frame does;
    compute once, apply to the sketch and its hint layer alike (:func:`remap`)."""
    import cv2

    if is_identity(shape):
        return None
    width, height = size
    forward = (
        np.array([[1.0, 0.0, 0.0], [0.0, 1.0, 0.0]]) if matrix is None else np.asarray(matrix, np.float64)
    )
    linear, offset = forward[:, :2], forward[:, 2]
    scale = math.sqrt(abs(float(np.linalg.det(linear))))
    step = max(1, round(FIELD_CELL / scale))  # source pixels between samples
    gy, gx = np.mgrid[0 : height + step : step, 0 : width + step : step].astype(np.float64)
    frame_x = linear[0, 0] * gx + linear[0, 1] * gy + offset[0]
    frame_y = linear[1, 0] * gx + linear[1, 1] * gy + offset[1]
    source_x, source_y = inverse_map(frame_x, frame_y, shape, marks)
    back = np.linalg.inv(linear)
    # Only the displacement (smooth, a few pixels) is interpolated; the identity part is added exactly.
    move_x, move_y = source_x - frame_x, source_y - frame_y
    shift_x = (back[0, 0] * move_x + back[0, 1] * move_y).astype(np.float32)
    shift_y = (back[1, 0] * move_x + back[1, 1] * move_y).astype(np.float32)
    rows, cols = np.mgrid[0:height, 0:width].astype(np.float32)
    if step > 1:  # sample k sits on pixel k·step: interpolate at pixel / step, exactly aligned
        at_x, at_y = cols / np.float32(step), rows / np.float32(step)
        shift_x = cv2.remap(shift_x, at_x, at_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
        shift_y = cv2.remap(shift_y, at_x, at_y, cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE)
    else:
        shift_x, shift_y = shift_x[:height, :width], shift_y[:height, :width]
    return cols + shift_x, rows + shift_y


def remap(
    image: np.ndarray, maps: Maps | None, *, fill: int | tuple[int, ...] = 255, nearest: bool = False
) -> np.ndarray:
    """``image`` (H×W or H×W×C uint8) through :func:`warp_maps`' maps; ``nearest`` for hint layers (colours
    never blend); ``fill`` for what comes in from outside (paper white, or transparent)."""
    import cv2

    if maps is None:
        return image.copy()
    channels = 1 if image.ndim == 2 else image.shape[2]
    border = fill if isinstance(fill, tuple) else (fill,) * channels
    return cv2.remap(
        image,
        maps[0],
        maps[1],
        cv2.INTER_NEAREST if nearest else cv2.INTER_LINEAR,
        borderMode=cv2.BORDER_CONSTANT,
        borderValue=border,
    )


def warp_image(
    image: np.ndarray,
    shape: Mapping[str, float],
    matrix: np.ndarray | None = None,
    marks: Landmarks = FRAMING_LANDMARKS,
    *,
    fill: int | tuple[int, ...] = 255,
    nearest: bool = False,
) -> np.ndarray:
    """``image`` warped by the shape (see :func:`warp_maps` and :func:`remap`)."""
    maps = warp_maps(shape, (image.shape[1], image.shape[0]), matrix, marks)
    return remap(image, maps, fill=fill, nearest=nearest)


def jacobian_min(shape: Mapping[str, float], marks: Landmarks = FRAMING_LANDMARKS) -> float:
    """The smallest Jacobian determinant of the forward map over the frame (> 0: no fold, no tear)."""
    ys, xs = np.mgrid[0 : framing.FRAME_HEIGHT, 0 : framing.FRAME_WIDTH].astype(np.float64)
    dx, dy = displacement(xs, ys, shape, marks)
    ddx_dy, ddx_dx = np.gradient(dx)
    ddy_dy, ddy_dx = np.gradient(dy)
    return float(((1 + ddx_dx) * (1 + ddy_dy) - ddx_dy * ddy_dx).min())
