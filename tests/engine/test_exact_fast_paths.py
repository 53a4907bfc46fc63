"""The engine's faster steps give the photos of the plain formulations they replaced, bit for bit (issue 24's
latency item): each test writes the rule the way the engine computed it before (the oracle) and compares on
real CUFS photos and sketches with an artist's strokes.

- CIELAB: one row of pixels instead of one pixel per row (OpenCV's vector path for RGB → Lab, checked on
  all 2²⁴ colours; Lab → RGB keeps one pixel per row, its vector path rounds a few colours the other way);
- the skin-tone anchor on contiguous L*, a*, b* planes instead of interleaved channels;
- the hint layer pasted instead of warped when its transform is a whole-pixel shift, and hint pixels
  gathered by index instead of by boolean mask;
- the loader's blank-page and photo checks on a histogram and on integers.
"""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest

from s2c_desktop.engine import framing, hints, loading, skin_tone
from s2c_desktop.engine.fitting import fit_sketch, preshrink
from s2c_desktop.imaging import convert_mode

MONK_3, MONK_7, MONK_10 = (0xF7, 0xEA, 0xD0), (0x82, 0x5C, 0x43), (0x29, 0x24, 0x20)
BLACK_HAIR, BLOND_HAIR = (0x1B, 0x16, 0x14), (0xC8, 0xA0, 0x5A)


# --- the oracles: the formulations the engine used before --------------------------------------------------


def _plain_to_lab(rgb: np.ndarray) -> np.ndarray:
    flat = np.asarray(rgb, np.float32).reshape(-1, 1, 3) / 255.0
    return cv2.cvtColor(flat, cv2.COLOR_RGB2Lab).reshape(np.shape(rgb))


def _plain_from_lab(lab: np.ndarray) -> np.ndarray:
    flat = np.asarray(lab, np.float32).reshape(-1, 1, 3)
    rgb = cv2.cvtColor(flat, cv2.COLOR_Lab2RGB).reshape(np.shape(lab))
    return np.clip(rgb * 255.0 + 0.5, 0, 255).astype(np.uint8)


def _plain_reference(photo: np.ndarray) -> np.ndarray:
    patches = [skin_tone.patch_median(photo, x, y, skin_tone.SKIN_PATCH) for x, y in skin_tone.SKIN_PROBES]
    return np.median(_plain_to_lab(np.array(patches, np.uint8)), axis=0)


def _plain_mask(photo: np.ndarray, lab: np.ndarray, window: tuple[slice, slice] | None = None) -> np.ndarray:
    height, width = photo.shape[:2]
    difference = lab - _plain_reference(photo)
    distance = np.sqrt(difference[..., 1] ** 2 + difference[..., 2] ** 2 + (0.25 * difference[..., 0]) ** 2)
    similar = np.clip(1.0 - (distance - 12.0) / 16.0, 0.0, 1.0)
    face, neck = skin_tone.FACE_OVAL, skin_tone.NECK_OVAL
    prior = np.maximum(skin_tone.oval(height, width, *face), skin_tone.oval(height, width, *neck))
    if window is not None:
        prior = prior[window]
    return cv2.GaussianBlur((similar * prior).astype(np.float32), (0, 0), skin_tone.MASK_BLUR)


def _plain_shift(
    lab: np.ndarray, mask: np.ndarray, reference: np.ndarray, target: np.ndarray, flatten: bool = True
) -> np.ndarray:
    out = lab.copy()
    scale = np.sqrt(max(target[0], 1.0) / max(reference[0], 1.0))
    if not flatten:  # the anchor's rule (ADR 0017 addendum 2): lightness steps are never scaled down
        scale = max(scale, 1.0)
    lightness = target[0] + (lab[..., 0] - reference[0]) * scale
    out[..., 0] = lab[..., 0] + (lightness - lab[..., 0]) * mask
    chroma = float(np.clip(np.hypot(*target[1:]) / max(float(np.hypot(*reference[1:])), 1.0), 0.3, 1.5))
    chromatic = target[1:][None, None, :] + (lab[..., 1:] - reference[1:][None, None, :]) * chroma
    out[..., 1:] = lab[..., 1:] + (chromatic - lab[..., 1:]) * mask[..., None]
    out[..., 0] = np.clip(out[..., 0], 0.0, 100.0)
    return out


def _plain_anchor(photo: np.ndarray, target: np.ndarray, painted: np.ndarray | None = None) -> np.ndarray:
    window = skin_tone.skin_window(*photo.shape[:2])
    lab = _plain_to_lab(photo[window])
    mask = _plain_mask(photo, lab, window)
    reference = _plain_reference(photo) if painted is None else np.median(lab[painted[window]], axis=0)
    out = photo.copy()
    out[window] = _plain_from_lab(_plain_shift(lab, mask, reference, target, flatten=False))
    return out


def _plain_warp(rgba: np.ndarray, matrix: np.ndarray) -> np.ndarray:
    """The whole layer, premultiplied, pre-shrunk and warped linearly (the engine crops it first)."""
    premultiplied = rgba.astype(np.float32)
    premultiplied[:, :, 3] *= np.float32(1 / 255)
    source, m = preshrink(premultiplied, matrix)
    return cv2.warpAffine(
        source, m, framing.FRAME_SIZE, flags=cv2.INTER_LINEAR, borderMode=cv2.BORDER_CONSTANT, borderValue=0
    )


def _plain_hints_tensor(frame_hints: np.ndarray, height: int, width: int) -> np.ndarray:
    if frame_hints.shape[:2] != (height, width):
        shrinking = frame_hints.shape[1] > width
        interpolation = cv2.INTER_AREA if shrinking else cv2.INTER_LINEAR
        frame_hints = cv2.resize(frame_hints, (width, height), interpolation=interpolation)
    coverage = frame_hints[:, :, 3]
    mask = coverage >= np.float32(0.5)
    tensor = np.zeros((height, width, 4), np.float32)
    colour = frame_hints[mask, :3] / coverage[mask, None]
    tensor[mask, :3] = np.clip(colour, 0, 255) / np.float32(127.5) - np.float32(1.0)
    tensor[mask, 3] = 1.0
    return tensor


def _plain_witness_colours(frame_hints: np.ndarray) -> np.ndarray:
    coverage = frame_hints[..., 3]
    on_skin = (coverage >= skin_tone.HINT_COVERAGE) & skin_tone.inner_face(*frame_hints.shape[:2])
    return np.clip(frame_hints[on_skin, :3] / coverage[on_skin, None] + 0.5, 0, 255).astype(np.uint8)


def _plain_colourfulness(rgb: np.ndarray) -> float:
    rgb = rgb.astype(np.float64)
    red, green, blue = rgb[..., 0], rgb[..., 1], rgb[..., 2]
    red_green, yellow_blue = red - green, (red + green) / 2 - blue
    spread = np.hypot(red_green.std(), yellow_blue.std())
    return float(spread + 0.3 * np.hypot(red_green.mean(), yellow_blue.mean()))


# --- real inputs ---------------------------------------------------------------------------------------


def _frames(folder: Path, count: int) -> list[np.ndarray]:
    """Images of a dataset folder as 200×250 RGB frames."""
    frames = []
    for path in sorted(folder.iterdir())[:count]:
        image = loading.open_image_bytes(path.read_bytes(), path.name)
        rgb = convert_mode(image, "RGB").resize(framing.FRAME_SIZE)
        frames.append(np.asarray(rgb, np.uint8))
    return frames


@pytest.fixture(scope="module")
def photos(datasets: Path) -> list[np.ndarray]:
    faces = datasets / "faces"
    return [
        photo
        for name in ("cufs_cuhk", "cufs_ar", "cufs_xm2vts")
        for photo in _frames(faces / name / "photos", 8)
    ]


@pytest.fixture(scope="module")
def sketches(datasets: Path) -> list[Path]:
    faces = datasets / "faces"
    return [
        p
        for name in ("cufs_cuhk", "cufsf_unaligned")
        for p in sorted((faces / name / "sketches").iterdir())[:3]
    ]


def _strokes(width: int, height: int, skin: tuple[int, int, int], hair: tuple[int, int, int]) -> np.ndarray:
    """An artist's strokes at the frame's places, scaled to a sketch of this size: a forehead band, a stroke
    down each cheek, a chin band (skin) and a hair band, with antialiased edges (alpha between 0 and 255)."""
    layer = np.zeros((height, width, 4), np.uint8)
    sx, sy = width / framing.FRAME_WIDTH, height / framing.FRAME_HEIGHT
    thickness = max(2, round(8 * sx))
    for (x0, y0), (x1, y1), colour in (
        ((75, 95), (125, 95), skin),
        ((68, 145), (66, 178), skin),
        ((132, 145), (134, 178), skin),
        ((88, 212), (112, 212), skin),
        ((60, 45), (140, 45), hair),
    ):
        start, end = (round(x0 * sx), round(y0 * sy)), (round(x1 * sx), round(y1 * sy))
        cv2.line(layer, start, end, (*colour, 255), thickness, cv2.LINE_AA)
    return layer


# --- CIELAB -----------------------------------------------------------------------------------------------


def test_to_lab_gives_the_one_pixel_path_values_for_every_colour() -> None:
    codes = np.arange(2**24, dtype=np.uint32).reshape(64, -1)
    for chunk in codes:  # 2¹⁸ colours at a time
        rgb = np.stack([(chunk >> 16) & 255, (chunk >> 8) & 255, chunk & 255], axis=-1).astype(np.uint8)
        assert np.array_equal(
            skin_tone.to_lab(rgb.reshape(512, 512, 3)), _plain_to_lab(rgb.reshape(512, 512, 3))
        )
    assert np.array_equal(skin_tone.to_lab((130, 92, 67)), _plain_to_lab((130, 92, 67)))


def test_from_lab_gives_the_plain_values() -> None:
    rng = np.random.default_rng(24)
    lab = np.stack(
        [rng.uniform(-5, 105, 200_000), rng.uniform(-90, 90, 200_000), rng.uniform(-90, 90, 200_000)]
    )
    lab = lab.T.astype(np.float32).reshape(400, 500, 3)
    assert np.array_equal(skin_tone.from_lab(lab), _plain_from_lab(lab))
    assert np.array_equal(skin_tone.from_lab(lab[0, 0].astype(np.float64)), _plain_from_lab(lab[0, 0]))


# --- the skin-tone anchor ----------------------------------------------------------------------------------


def _targets(rng: np.random.Generator) -> list[np.ndarray]:
    tones = [skin_tone.to_lab(np.array(tone, np.uint8)) for tone in (MONK_3, MONK_7, MONK_10)]
    edges = [np.array([0.5, 2.0, -1.0], np.float32), np.array([100.0, 0.0, 0.0], np.float32)]
    return [*tones, *edges, rng.uniform([0, -40, -40], [100, 60, 60]).astype(np.float32)]


def test_the_anchor_moves_real_photos_as_before(photos: list[np.ndarray]) -> None:
    """The anchor's rule as ADR 0017 addendum 2 states it, read at the probes and where strokes are
    painted."""
    rng = np.random.default_rng(7)
    frame = hints.warp_hints(hints.load_hints(_strokes(200, 250, MONK_7, BLACK_HAIR)), None)
    painted = skin_tone.painted_skin(frame, skin_tone.witness_skin(frame))
    assert painted is not None
    for photo in photos:
        for target in _targets(rng):
            assert np.array_equal(skin_tone.anchor_skin(photo, target), _plain_anchor(photo, target))
            assert np.array_equal(
                skin_tone.anchor_skin(photo, target, painted), _plain_anchor(photo, target, painted)
            )


def test_the_recolouring_rule_training_shares_is_unchanged(photos: list[np.ndarray]) -> None:
    """skin_mask and shift_towards on whole photos (training/recolor.py, strokes.py, stroke_protocol.py)."""
    rng = np.random.default_rng(11)
    for photo in photos[::3]:
        lab = _plain_to_lab(photo)
        mask, reference = skin_tone.skin_mask(photo, lab)
        assert np.array_equal(mask, _plain_mask(photo, lab)) and np.array_equal(
            reference, _plain_reference(photo)
        )
        for target in _targets(rng):
            assert np.array_equal(
                skin_tone.shift_towards(lab, mask, reference, target),
                _plain_shift(lab, mask, reference, target),
            )
        # a float64 lab and a target darker than L* 1 keep their dtypes through the rule
        lab64, dark = lab.astype(np.float64), np.array([0.2, 5.0, 5.0], np.float32)
        shifted = skin_tone.shift_towards(lab64, mask, np.array([0.5, 1.0, 1.0]), dark)
        expected = _plain_shift(lab64, mask, np.array([0.5, 1.0, 1.0]), dark)
        assert shifted.dtype == expected.dtype and np.array_equal(shifted, expected)


# --- hints ------------------------------------------------------------------------------------------------


def test_hints_reach_the_model_and_the_anchor_as_before(sketches: list[Path]) -> None:
    """Framed sketches and a frame layer shifted by whole pixels (pasted) or by fractions (warped), the
    800×1000 paper (pre-shrunk, then pasted), CUFSF sketches (really warped: that warp is unchanged, the
    tensor and the skin target are checked)."""
    paper = np.diag([framing.FRAME_WIDTH / 800, framing.FRAME_HEIGHT / 1000, 0])[:2]
    shift = np.array([[1.0, 0.0, -7.0], [0.0, 1.0, 12.0]])
    half_shift = np.array([[1.0, 0.0, 0.5], [0.0, 1.0, -3.25]])
    cases = [(_strokes(800, 1000, MONK_3, BLOND_HAIR), paper)]
    cases += [(_strokes(200, 250, MONK_10, BLOND_HAIR), matrix) for matrix in (shift, half_shift)]
    for path in sketches:
        pixels = loading.load_sketch(path).pixels
        strokes = _strokes(pixels.shape[1], pixels.shape[0], MONK_7, BLACK_HAIR)
        cases.append((strokes, fit_sketch(pixels).matrix))
    scaled_or_shifted = 0
    for rgba, matrix in cases:
        layer = hints.load_hints(rgba)
        frame = hints.warp_hints(layer, matrix)
        if np.array_equal(matrix[:, :2], np.diag(np.diag(matrix[:, :2]))):  # a scale and a shift
            assert np.array_equal(frame, _plain_warp(layer.rgba, matrix))
            scaled_or_shifted += 1
        for height, width in ((256, 208), (250, 200), (160, 128)):
            tensor = hints.hints_tensor(frame, height, width)
            assert np.array_equal(tensor, _plain_hints_tensor(frame, height, width))
        lab = _plain_to_lab(_plain_witness_colours(frame))
        lab = lab[skin_tone._skin_like(lab)]
        assert np.array_equal(skin_tone.witness_skin(frame), np.median(lab, axis=0).astype(np.float32))
    assert scaled_or_shifted == 6 and len(cases) == 9


# --- the loader's checks ----------------------------------------------------------------------------------


def test_the_loader_checks_measure_as_before(photos: list[np.ndarray], sketches: list[Path]) -> None:
    rng = np.random.default_rng(3)
    images = photos + [
        np.asarray(convert_mode(loading.open_image_bytes(p.read_bytes()), "RGB")) for p in sketches
    ]
    images += [
        rng.integers(0, 256, (int(h), int(w), 3), dtype=np.uint8) for h, w in rng.integers(1, 60, (50, 2))
    ]
    for rgb in images:
        assert loading.colourfulness(rgb) == _plain_colourfulness(rgb)
        gray = cv2.cvtColor(rgb, cv2.COLOR_RGB2GRAY)
        for pixels in (gray, gray.ravel()[1:]):  # odd and even counts
            assert loading.pixel_median(pixels) == float(np.median(pixels))
