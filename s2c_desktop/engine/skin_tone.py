"""The witness's skin colour, carried onto the photo: the skin-tone anchor (ADR 0017).

The generator follows a skin hint only roughly: with hints taken from the true photo its skin tone (the median
of the forehead and cheek patches) is 5.6 ΔE from the hint on average, and a dark hint comes out lighter. So
when the hint layer holds skin hints, the engine moves the photo's skin to their colour with the very rule
that recoloured the training photos (``training/recolor.py`` imports it from here, so there is one copy):

- **The photo's skin** is a soft mask: pixels close in CIELAB to its own skin colour (median of the forehead
  and cheek patches, :data:`SKIN_PROBES`) inside a broad face-and-neck oval.
- **The shift** moves chroma to the target and scales lightness around the reference, so shading, pores and
  the generator's detail survive; only the tone changes.
- **The anchor** (the app's use of that rule, ADR 0017 addendum 2) reads the reference where the witness
  painted the skin colour (the strokes and :data:`PAINT_REACH` pixels around them), so the painted places take
  the painted tone, and it never scales lightness down: the generator has already drawn a dark face with its
  own (flatter) shading, and the rule's compression would flatten it a second time.
- **Skin hints** are the hint pixels on the inner face (the part of the face oval where that prior is full),
  away from the eyes, brows and mouth, where a witness's eye or lip colour goes, whose colour can be a skin
  tone (a red scar dot on the cheek is not); their median colour is the target.

Nothing here is learned: the oval, probes and distances are the recolouring rule's, fixed before the anchor
existed; where the anchor reads the photo (:data:`PAINT_MATCH`, :data:`PAINT_REACH`) was chosen among measured
alternatives (ADR 0017 addendum 2). A photo without skin hints is returned untouched.
"""

from __future__ import annotations

from functools import lru_cache

import cv2
import numpy as np

from s2c_desktop.engine import framing
from s2c_desktop.engine.hints import unpremultiplied

# Frame points (x, y) where "the skin colour" of a face is read: forehead, both cheeks (issue 11's probes).
SKIN_PROBES = [(100, 92), (70, 160), (130, 160)]
SKIN_PATCH = 9  # pixels (odd) of the patch whose median is a probe's colour
FACE_OVAL = ((100.0, 150.0), (62.0, 82.0))  # centre, semi-axes in frame pixels
NECK_OVAL = ((100.0, 235.0), (40.0, 30.0))
# Boxes (centre x, centre y, half width, half height) on the inner face where a hint is not skin.
_BROW_RAISE = 18.0  # brows sit this far above the eye centres in the framing
NOT_SKIN_BOXES = [
    (*framing.LEFT_EYE, 16.0, 9.0),
    (*framing.RIGHT_EYE, 16.0, 9.0),
    (framing.LEFT_EYE[0], framing.LEFT_EYE[1] - _BROW_RAISE, 18.0, 7.0),
    (framing.RIGHT_EYE[0], framing.RIGHT_EYE[1] - _BROW_RAISE, 18.0, 7.0),
    (framing.MOUTH_CENTRE[0], framing.MOUTH_CENTRE[1] + 4.0, 22.0, 10.0),
]
HINT_COVERAGE = 0.5  # of a warped hint pixel, as the model input counts it
# Hint colours that can be skin (CIELAB hue angle from a*, and chroma): the Monk tones span hues 49–89° and
# chroma 4–28; the skin of the 1,352 CUFS/CUFSF photos hues 0–114° and chroma up to 50. Near-grey counts too
# (its hue is noise): a greyscale photo's skin is grey.
SKIN_HUE_DEGREES = (0.0, 120.0)
SKIN_CHROMA_MAX = 55.0
NEUTRAL_CHROMA = 4.0
# A hint pixel this close (ΔE) to the skin target was painted with the skin colour: hint layers hold pure
# colours, and resampling into the frame moves one by less than 1 ΔE, while the nearest hair colour to a Monk
# tone is 3.9 away (brown, Monk 8) and the two closest tones 2.7 (Monk 1 and 2).
PAINT_MATCH = 2.0
# Frame pixels (16 on the paper) around a skin stroke that it speaks for: the stroke protocol's ring. The
# photo right under a stroke is where the generator prints it (the imprint), so the stroke alone is a biased
# place to read the skin, and a hair stroke near the face moves it more than the skin around it.
PAINT_REACH = 4


def patch_median(photo: np.ndarray, x: float, y: float, size: int) -> tuple[int, int, int]:
    """Median colour of the ``size``×``size`` patch of a frame photo centred at (x, y)."""
    half = size // 2
    height, width = photo.shape[:2]
    cx, cy = int(round(x)), int(round(y))
    top, left = max(cy - half, 0), max(cx - half, 0)
    patch = photo[top : min(cy + half + 1, height), left : min(cx + half + 1, width)].reshape(-1, 3)
    return tuple(int(v) for v in np.median(patch, axis=0))  # type: ignore[return-value]


def to_lab(rgb: np.ndarray) -> np.ndarray:
    """uint8 RGB (any shape ending in 3) → float32 CIELAB (L 0–100).

    One row of pixels, so OpenCV converts them with its vector code: for every one of the 2²⁴ colours it
    gives the very values of its one-pixel-at-a-time path (tests/engine/test_exact_fast_paths.py), three
    times faster."""
    unit = np.divide(np.asarray(rgb), np.float32(255.0), dtype=np.float32)
    return cv2.cvtColor(unit.reshape(1, -1, 3), cv2.COLOR_RGB2Lab).reshape(np.shape(rgb))


def from_lab(lab: np.ndarray) -> np.ndarray:
    # One pixel per row on purpose: OpenCV's vector path for Lab → RGB rounds a few hundred of the 2²⁴
    # colours the other way, so it would change photos; one-pixel rows keep the scalar path's values.
    flat = np.asarray(lab, np.float32).reshape(-1, 1, 3)
    rgb = cv2.cvtColor(flat, cv2.COLOR_Lab2RGB).reshape(np.shape(lab))
    rgb *= np.float32(255.0)
    rgb += np.float32(0.5)
    return np.clip(rgb, 0, 255, out=rgb).astype(np.uint8)


@lru_cache(maxsize=8)
def oval(height: int, width: int, centre: tuple[float, float], axes: tuple[float, float]) -> np.ndarray:
    """A soft oval prior: 1 inside half its area, falling to 0 a little outside it (read-only, cached)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    d = ((xs - centre[0]) / axes[0]) ** 2 + ((ys - centre[1]) / axes[1]) ** 2
    prior = np.clip(1.5 - d, 0.0, 1.0)
    prior.flags.writeable = False
    return prior


def skin_reference(photo: np.ndarray) -> np.ndarray:
    """The face's skin colour in CIELAB: the median of the probes' patch medians."""
    patches = np.array([patch_median(photo, x, y, SKIN_PATCH) for x, y in SKIN_PROBES], np.uint8)
    return np.median(to_lab(patches), axis=0)


MASK_BLUR = 3.0  # σ in pixels of the skin mask's soft edge


def skin_mask(
    photo: np.ndarray, lab: np.ndarray, window: tuple[slice, slice] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """(soft mask [H, W] in [0, 1], reference skin Lab) of a frame photo and its CIELAB; with ``window``,
    ``lab`` and the mask cover only that part of the photo (the reference is still read from the whole
    photo)."""
    return _planes_mask(photo, lab_planes(lab), window)


def lab_planes(lab: np.ndarray) -> list[np.ndarray]:
    """L*, a* and b* as three contiguous arrays: numpy runs several times faster on them than on the
    interleaved channels, and every pixel goes through the same arithmetic either way."""
    return [np.ascontiguousarray(lab[..., channel]) for channel in range(3)]


def _planes_mask(
    photo: np.ndarray, planes: list[np.ndarray], window: tuple[slice, slice] | None
) -> tuple[np.ndarray, np.ndarray]:
    """:func:`skin_mask` on the L*, a* and b* planes of ``lab``."""
    reference = skin_reference(photo)
    prior = skin_prior(*photo.shape[:2])
    if window is not None:
        prior = prior[window]
    lightness, red_green, yellow_blue = (
        plane - value for plane, value in zip(planes, reference, strict=True)
    )
    # Hue and chroma decide; lightness counts a quarter, so shadows and highlights on the skin are kept in.
    distance = np.sqrt(red_green**2 + yellow_blue**2 + (0.25 * lightness) ** 2)
    similar = np.clip(1.0 - (distance - 12.0) / 16.0, 0.0, 1.0)
    return cv2.GaussianBlur((similar * prior).astype(np.float32, copy=False), (0, 0), MASK_BLUR), reference


@lru_cache(maxsize=2)
def skin_prior(height: int = framing.FRAME_HEIGHT, width: int = framing.FRAME_WIDTH) -> np.ndarray:
    """Where skin can be: the face and neck ovals (read-only, cached)."""
    prior = np.maximum(oval(height, width, *FACE_OVAL), oval(height, width, *NECK_OVAL))
    prior.flags.writeable = False
    return prior


@lru_cache(maxsize=2)
def skin_window(height: int = framing.FRAME_HEIGHT, width: int = framing.FRAME_WIDTH) -> tuple[slice, slice]:
    """The part of a frame the skin mask can reach: the face and neck ovals' support and the blur's reach. The
    anchor converts only this part to CIELAB and back (a third less work on every hinted photo)."""
    prior = skin_prior(height, width) > 0
    rows, cols = np.flatnonzero(prior.any(axis=1)), np.flatnonzero(prior.any(axis=0))
    reach = int(np.ceil(3 * MASK_BLUR))
    return (
        slice(max(int(rows[0]) - reach, 0), min(int(rows[-1]) + reach + 1, height)),
        slice(max(int(cols[0]) - reach, 0), min(int(cols[-1]) + reach + 1, width)),
    )


def shift_towards(lab: np.ndarray, mask: np.ndarray, reference: np.ndarray, target: np.ndarray) -> np.ndarray:
    """Move the masked pixels so their reference colour becomes ``target``: chroma shifted, lightness scaled
    around the reference so the shading stays."""
    out = np.empty_like(lab)
    for channel, plane in enumerate(_shift_planes(lab_planes(lab), mask, reference, target)):
        out[..., channel] = plane
    return out


def _shift_planes(
    planes: list[np.ndarray],
    mask: np.ndarray,
    reference: np.ndarray,
    target: np.ndarray,
    flatten: bool = True,
) -> list[np.ndarray]:
    """:func:`shift_towards` on L*, a* and b* planes (see :func:`lab_planes`); the planes keep their dtype.
    ``flatten=False`` never scales lightness deviations down (the anchor's rule: a darker target keeps
    them)."""
    lightness, red_green, yellow_blue = planes
    scale = np.sqrt(max(target[0], 1.0) / max(reference[0], 1.0))
    if not flatten:
        scale = max(scale, 1.0)
    scaled = target[0] + (lightness - reference[0]) * scale
    shifted = [(lightness + (scaled - lightness) * mask).astype(lightness.dtype, copy=False)]
    np.clip(shifted[0], 0.0, 100.0, out=shifted[0])
    # Chroma deviations scale with the target's chroma: a shadow on dark brown skin stays brown, not
    # grey-green.
    chroma = float(np.clip(np.hypot(*target[1:]) / max(float(np.hypot(*reference[1:])), 1.0), 0.3, 1.5))
    for channel, plane in ((1, red_green), (2, yellow_blue)):
        chromatic = target[channel] + (plane - reference[channel]) * chroma
        shifted.append((plane + (chromatic - plane) * mask).astype(plane.dtype, copy=False))
    return shifted


def _off_features(region: np.ndarray) -> np.ndarray:
    """``region`` (bool, frame-sized) less the eyes, brows and mouth (:data:`NOT_SKIN_BOXES`), read-only."""
    for x, y, half_width, half_height in NOT_SKIN_BOXES:
        top, left = int(round(y - half_height)), int(round(x - half_width))
        region[
            max(top, 0) : int(round(y + half_height)) + 1, max(left, 0) : int(round(x + half_width)) + 1
        ] = False
    region.flags.writeable = False
    return region


@lru_cache(maxsize=2)
def inner_face(height: int = framing.FRAME_HEIGHT, width: int = framing.FRAME_WIDTH) -> np.ndarray:
    """Where a frame hint counts as skin: the full part of the face oval, less the eyes, brows and mouth."""
    return _off_features(oval(height, width, *FACE_OVAL) >= 1.0)


@lru_cache(maxsize=2)
def _paintable(height: int = framing.FRAME_HEIGHT, width: int = framing.FRAME_WIDTH) -> np.ndarray:
    """Where a skin stroke is read for the anchor's reference: the face and neck ovals themselves (the
    forehead and chin bands lie outside the inner face), less the eyes, brows and mouth."""
    return _off_features(skin_prior(height, width) >= 0.5)


def painted_skin(frame_hints: np.ndarray | None, target: np.ndarray | None) -> np.ndarray | None:
    """Where the witness painted the skin colour ``target`` (CIELAB) in the face and neck ovals, with
    :data:`PAINT_REACH` pixels around each stroke (bool [H, W]), or None when no hint there has that colour
    (hints of several skin colours whose median is none of them; then the probes are read)."""
    if frame_hints is None or target is None:
        return None
    height, width = frame_hints.shape[:2]
    candidates, colours = _hint_colours(frame_hints, _paintable(height, width))
    if not candidates.size:
        return None
    same_paint = np.linalg.norm(to_lab(colours) - np.asarray(target, np.float32), axis=1) <= PAINT_MATCH
    if not same_paint.any():
        return None
    strokes = np.zeros(height * width, np.uint8)
    strokes[candidates[same_paint]] = 1
    reach = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (2 * PAINT_REACH + 1, 2 * PAINT_REACH + 1))
    return cv2.dilate(strokes.reshape(height, width), reach).astype(bool) & (skin_prior(height, width) > 0)


def _hint_colours(frame_hints: np.ndarray, region: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(flat indices, uint8 RGB colours) of the frame hint pixels inside ``region`` that count as hints
    (coverage ≥ :data:`HINT_COVERAGE`, as the model input counts them)."""
    pixels = frame_hints.reshape(-1, 4)
    chosen = np.flatnonzero((pixels[:, 3] >= HINT_COVERAGE) & region.ravel())
    return chosen, np.clip(unpremultiplied(pixels[chosen]) + 0.5, 0, 255).astype(np.uint8)


def witness_skin(frame_hints: np.ndarray | None) -> np.ndarray | None:
    """The skin colour (CIELAB) the hints give, or None: the median of the hint pixels on the inner face.

    ``frame_hints``: the engine's frame layer, float32 [250, 200, 4], premultiplied RGB (0–255) and
    coverage."""
    if frame_hints is None:
        return None
    _, colours = _hint_colours(frame_hints, inner_face(*frame_hints.shape[:2]))
    if not len(colours):
        return None
    lab = to_lab(colours)
    lab = lab[_skin_like(lab)]
    if not len(lab):
        return None
    return np.median(lab, axis=0).astype(np.float32)


def _skin_like(lab: np.ndarray) -> np.ndarray:
    """Which CIELAB colours could be a skin tone: the Monk scale and real skin lie between red-orange and
    yellow with modest chroma; a red scar or a blue tattoo painted on the cheek is not the face's colour."""
    hue = np.degrees(np.arctan2(lab[:, 2], lab[:, 1]))
    chroma = np.hypot(lab[:, 1], lab[:, 2])
    hue_fits = (hue >= SKIN_HUE_DEGREES[0]) & (hue <= SKIN_HUE_DEGREES[1])
    return (chroma <= SKIN_CHROMA_MAX) & (hue_fits | (chroma < NEUTRAL_CHROMA))


def anchor_skin(photo: np.ndarray, target: np.ndarray, painted: np.ndarray | None = None) -> np.ndarray:
    """A frame photo [250, 200, 3] uint8 with its skin moved to ``target`` (CIELAB), shading kept: the
    photo's median colour over ``painted`` (:func:`painted_skin`; without it, over the probes) becomes the
    target, and lightness deviations are never scaled down."""
    window = skin_window(*photo.shape[:2])
    planes = lab_planes(to_lab(photo[window]))
    mask, reference = _planes_mask(photo, planes, window)
    if painted is not None:
        where = painted[window]
        reference = np.array([np.median(plane[where]) for plane in planes], np.float32)
    shifted = _shift_planes(planes, mask, reference, np.asarray(target, np.float32), flatten=False)
    out = photo.copy()
    out[window] = from_lab(cv2.merge(shifted))
    return out


def anchor(photo: np.ndarray, frame_hints: np.ndarray | None) -> tuple[np.ndarray, np.ndarray | None]:
    """The frame photo as the app shows it, and the skin target (CIELAB) it was moved to, or None when the
    hints hold no skin (then the photo is returned as it is)."""
    target = witness_skin(frame_hints)
    if target is None:
        return photo, None
    return anchor_skin(photo, target, painted_skin(frame_hints, target)), target


def describe(target: np.ndarray | None) -> str:
    """The provenance value: the CIELAB the skin was moved to, or "none"."""
    if target is None:
        return "none"
    return "L*a*b* " + " ".join(f"{value:.1f}" for value in target)
