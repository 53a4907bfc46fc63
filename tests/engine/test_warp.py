"""Shape warps of the variants: smooth (strokes stay continuous), eyes pinned, any image size (issue 26)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from s2c_desktop.engine import framing, warp
from s2c_desktop.engine.warp import SHAPE_PARAMETERS, Landmarks, warp_image

EXTREMES = [
    {name: float(sign) for name, sign in zip(SHAPE_PARAMETERS, signs, strict=True)}
    for signs in np.random.default_rng(4).choice([-1.0, 1.0], (40, len(SHAPE_PARAMETERS)))
]
GUIDE_EYE_RADIUS = framing.FACE_GUIDE.eye_radius * framing.FRAME_WIDTH


def face_drawing(scale: int = 1) -> np.ndarray:
    """A line drawing on the face guide: contour, eyes, brows, nose and mouth as separate strokes."""
    image = np.full((framing.FRAME_HEIGHT * scale, framing.FRAME_WIDTH * scale), 255, np.uint8)

    def p(x: float, y: float) -> tuple[int, int]:
        return int(round(x * scale)), int(round(y * scale))

    thickness = 2 * scale
    cv2.ellipse(image, p(100, 135), (57 * scale, 87 * scale), 0, 0, 360, 0, thickness)
    for eye in (framing.LEFT_EYE, framing.RIGHT_EYE):
        cv2.ellipse(image, p(*eye), (11 * scale, 5 * scale), 0, 0, 360, 0, thickness)
        cv2.line(image, p(eye[0] - 14, eye[1] - 18), p(eye[0] + 14, eye[1] - 18), 0, thickness)
    cv2.line(image, p(100, 130), p(100, 152), 0, thickness)
    cv2.line(image, p(88, 156), p(112, 156), 0, thickness)
    cv2.line(image, p(80, 182), p(120, 182), 0, thickness)
    return image


def strokes(image: np.ndarray) -> int:
    return cv2.connectedComponents((image < 128).astype(np.uint8), connectivity=8)[0] - 1


def test_zero_shape_leaves_the_image_alone() -> None:
    image = face_drawing()
    assert np.array_equal(warp_image(image, {}), image)
    assert warp.is_identity({name: 0.0 for name in SHAPE_PARAMETERS})


@pytest.mark.parametrize("shape", EXTREMES[:12])
def test_strokes_stay_continuous_at_the_extremes(shape: dict[str, float]) -> None:
    image = face_drawing()
    warped = warp_image(image, shape)
    assert strokes(warped) == strokes(image) == 8  # no stroke torn in two, none merged
    assert (warped < 128).sum() == pytest.approx((image < 128).sum(), rel=0.15)


def test_the_map_never_folds() -> None:
    # A positive Jacobian everywhere: the warp is one-to-one, so it cannot tear or fold a stroke.
    assert min(warp.jacobian_min(shape) for shape in EXTREMES) > 0.2


def test_eyes_stay_put_unless_their_spacing_changes() -> None:
    for shape in EXTREMES:
        pinned = dict(shape, eye_spacing=0.0)
        for moved, fixed in zip(
            warp.eye_positions(pinned), (framing.LEFT_EYE, framing.RIGHT_EYE), strict=True
        ):
            assert np.hypot(moved[0] - fixed[0], moved[1] - fixed[1]) < 0.01
        for moved, fixed in zip(
            warp.eye_positions(shape), (framing.LEFT_EYE, framing.RIGHT_EYE), strict=True
        ):
            assert abs(moved[1] - fixed[1]) < 0.01
            assert abs(moved[0] - fixed[0]) <= warp.EYE_SHIFT_MAX + 1e-6 < GUIDE_EYE_RADIUS


def test_a_dot_on_the_eye_stays_on_the_framing() -> None:
    image = np.full((framing.FRAME_HEIGHT, framing.FRAME_WIDTH), 255, np.uint8)
    for eye in (framing.LEFT_EYE, framing.RIGHT_EYE):
        cv2.circle(image, (int(eye[0]), int(eye[1])), 2, 0, -1)
    shape = {name: 1.0 for name in SHAPE_PARAMETERS} | {"eye_spacing": 0.0}
    warped = warp_image(image, shape)
    count, _, _, centres = cv2.connectedComponentsWithStats((warped < 128).astype(np.uint8))
    found = sorted(tuple(c) for c in centres[1:count])
    for centre, eye in zip(found, (framing.LEFT_EYE, framing.RIGHT_EYE), strict=True):
        assert np.hypot(centre[0] - eye[0], centre[1] - eye[1]) < 0.6


def test_the_canvas_paper_warps_like_the_frame() -> None:
    # The canvas' 800×1000 paper (fitted by a 1/4 scale) moves the same strokes the same frame distances.
    shape = EXTREMES[0]
    small = warp_image(face_drawing(), shape)
    big = warp_image(face_drawing(4), shape, np.array([[0.25, 0, 0], [0, 0.25, 0]]))
    assert strokes(big) == 8
    shrunk = cv2.resize(big, framing.FRAME_SIZE, interpolation=cv2.INTER_AREA)
    ys, xs = np.nonzero(small < 128)
    ys2, xs2 = np.nonzero(shrunk < 160)
    assert abs(xs.mean() - xs2.mean()) < 1.0 and abs(ys.mean() - ys2.mean()) < 1.0
    assert abs(int(xs.min()) - int(xs2.min())) <= 1 and abs(int(ys.max()) - int(ys2.max())) <= 1


def test_landmarks_of_a_scan_come_from_dlib_through_the_fitting() -> None:
    points = np.zeros((68, 2))
    points[36:42] = (150.0, 252.0)  # the source's eyes at twice the frame's coordinates
    points[42:48] = (250.0, 252.0)
    points[30] = (200.0, 310.0)
    marks = Landmarks.from_dlib68(points, np.array([[0.5, 0, 0], [0, 0.5, 0]]))
    assert marks.left_eye == pytest.approx(framing.LEFT_EYE)
    assert marks.right_eye == pytest.approx(framing.RIGHT_EYE)
    assert marks.nose_tip == pytest.approx((100.0, 155.0))


def test_parameters_are_clamped() -> None:
    assert warp.clamp_shape({"jaw": 7.0, "nose_width": -3.0})["jaw"] == 1.0
    assert warp.clamp_shape({"nose_width": -3.0})["nose_width"] == -1.0
    assert warp.jacobian_min({"jaw": 50.0}) == warp.jacobian_min({"jaw": 1.0})
