"""A variant made real: its colours as hints, its shape as a warp, in the model's input and in the sketch.

:mod:`s2c_desktop.engine.variants` says what a variant is; this module turns one into the warped frame sketch
and the frame hint layer the colorizer runs (:func:`run_round`: nine at once, one batch), and, for "Aplicar",
into the artist's own sketch and hint layer (:func:`apply_to_sketch`).
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import numpy as np

from s2c_desktop.engine import framing, skin_tone
from s2c_desktop.engine.hints import HintLayer, load_hints, warp_hints
from s2c_desktop.engine.variants import COLOURS, Lab, Variant, to_rgb
from s2c_desktop.engine.warp import FRAMING_LANDMARKS, Landmarks, landmarks_for, remap, warp_maps

if TYPE_CHECKING:
    from s2c_desktop.engine.colorizer import Colorizer, ColorizeResult

# Where each colour is painted in the frame (the training hints' regions, training/hints.py) and how big.
HAIR_SPOTS = ((100.0, 38.0), (42.0, 85.0), (158.0, 85.0))
SKIN_SPOTS = tuple((float(x), float(y)) for x, y in skin_tone.SKIN_PROBES)
SPOT_RADIUS = {"skin": 3, "hair": 3, "eyes": 2}
# The witness's own hints a variant's colour replaces: near the hair spots, on the eyes; skin: the inner face.
REPLACE_RADIUS = {"hair": 14, "eyes": 8}


# --- the witness's hints, and what a variant adds to them -------------------------------------------------


def start_from_hints(frame_rgba: np.ndarray | None) -> Variant:
    """The first round's centre: the sketch unchanged, with the colours the witness already gave (frame
    layer)."""
    if frame_rgba is None or not frame_rgba[..., 3].any():
        return Variant()
    premultiplied = frame_rgba.astype(np.float32)
    premultiplied[..., 3] /= 255.0
    skin = skin_tone.witness_skin(premultiplied)
    return Variant(
        skin=None if skin is None else tuple(float(v) for v in skin),  # type: ignore[arg-type]
        hair=_median_near(frame_rgba, HAIR_SPOTS, REPLACE_RADIUS["hair"]),
        eyes=_median_near(frame_rgba, (framing.LEFT_EYE, framing.RIGHT_EYE), REPLACE_RADIUS["eyes"]),
    )


def _spots_mask(points: Sequence[tuple[float, float]], radius: float) -> np.ndarray:
    ys, xs = np.mgrid[0 : framing.FRAME_HEIGHT, 0 : framing.FRAME_WIDTH]
    mask = np.zeros(xs.shape, bool)
    for x, y in points:
        mask |= (xs - x) ** 2 + (ys - y) ** 2 <= radius**2
    return mask


def _median_near(rgba: np.ndarray, points: Sequence[tuple[float, float]], radius: float) -> Lab | None:
    chosen = (rgba[..., 3] > 0) & _spots_mask(points, radius)
    if not chosen.any():
        return None
    return tuple(float(v) for v in np.median(skin_tone.to_lab(rgba[chosen, :3]), axis=0))  # type: ignore[return-value]


def _region(name: str, marks: Landmarks) -> np.ndarray:
    if name == "skin":
        return np.asarray(skin_tone.inner_face())
    if name == "hair":
        return _spots_mask(HAIR_SPOTS, REPLACE_RADIUS["hair"])
    return _spots_mask((marks.left_eye, marks.right_eye), REPLACE_RADIUS["eyes"])


def _spots(name: str, marks: Landmarks) -> Sequence[tuple[float, float]]:
    return {"skin": SKIN_SPOTS, "hair": HAIR_SPOTS, "eyes": (marks.left_eye, marks.right_eye)}[name]


def colour_frame(
    variant: Variant, frame_rgba: np.ndarray | None, marks: Landmarks = FRAMING_LANDMARKS
) -> np.ndarray | None:
    """The frame hint layer (RGBA uint8, unwarped) of a variant: the witness's hints, where the variant sets a
    colour replaced by its spots. None when there is no hint at all."""
    import cv2

    layer = (
        np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, 4), np.uint8)
        if frame_rgba is None
        else frame_rgba.copy()
    )
    for name in COLOURS:
        colour = variant.colour(name)
        if colour is None:
            continue
        layer[_region(name, marks)] = 0
        rgba = (*to_rgb(colour), 255)
        for x, y in _spots(name, marks):
            cv2.circle(
                layer, (int(round(x)), int(round(y))), SPOT_RADIUS[name], rgba, -1, lineType=cv2.LINE_8
            )
    return layer if layer[..., 3].any() else None


def frame_hint_layer(layer: HintLayer | None, matrix: np.ndarray | None) -> np.ndarray | None:
    """The witness's hint layer moved into the frame as a binary RGBA layer (the model's reading of it)."""
    if layer is None or layer.is_empty:
        return None
    frame = warp_hints(layer, matrix)
    coverage = frame[..., 3]
    rgba = np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH, 4), np.uint8)
    keep = coverage >= 0.5
    rgba[keep, :3] = np.clip(frame[keep, :3] / coverage[keep, None] + 0.5, 0, 255).astype(np.uint8)
    rgba[keep, 3] = 255
    return rgba


# --- running a round ----------------------------------------------------------------------------------------


@dataclass
class RoundInput:
    """A sketch fitted once, its landmarks and the witness's hints in the frame: what every variant starts
    from."""

    frame: np.ndarray  # uint8 (250, 200)
    marks: Landmarks
    frame_hints: np.ndarray | None  # RGBA uint8 (250, 200, 4), or None
    matrix: np.ndarray | None  # the sketch's fitting transform (source → frame)


def prepare_round(colorizer: Colorizer, sketch: Any, hints: Any = None, fit: str = "auto") -> RoundInput:
    """Decode and fit the sketch (and its hints) once; InputError / ModelError as the colorizer raises
    them."""
    prepared = colorizer.prepare(sketch, fit, hints=hints)
    layer = prepared.hints if prepared.hints is not None else None
    return RoundInput(
        prepared.fitted.pixels,
        landmarks_for(prepared.fitted),
        frame_hint_layer(layer, prepared.fitted.matrix),
        prepared.fitted.matrix,
    )


def variant_inputs(base: RoundInput, variant: Variant) -> tuple[np.ndarray, np.ndarray | None]:
    """The warped frame sketch and its frame hint layer (the colours warped with the face)."""
    maps = warp_maps(variant.shape, framing.FRAME_SIZE, None, base.marks)  # once for the sketch and its hints
    sketch = remap(base.frame, maps)
    layer = colour_frame(variant, base.frame_hints, base.marks)
    if layer is not None:
        layer = remap(layer, maps, fill=(0, 0, 0, 0), nearest=True)
    return sketch, layer


def run_round(
    colorizer: Colorizer, base: RoundInput, variants: Sequence[Variant]
) -> tuple[list[ColorizeResult], float]:
    """The variants' photos, as ONE batch through the colorizer, and the milliseconds it all took."""
    started = time.perf_counter()
    inputs = [variant_inputs(base, variant) for variant in variants]
    layers = [None if layer is None else load_hints(layer) for _, layer in inputs]
    results = colorizer.colorize_batch(
        [sketch for sketch, _ in inputs], hints=layers, fit="auto", batch_size=max(1, len(inputs))
    )
    return results, (time.perf_counter() - started) * 1000


def apply_to_sketch(
    variant: Variant,
    sketch: np.ndarray,
    hints: np.ndarray | None,
    matrix: np.ndarray | None,
    marks: Landmarks = FRAMING_LANDMARKS,
) -> tuple[np.ndarray, np.ndarray | None]:
    """ "Aplicar": the sketch (its own pixels, L or RGBA) warped by the variant's shape, and its hint layer
    (RGBA, sketch-sized, or None) with the variant's colours written in and warped alike."""
    import cv2

    maps = warp_maps(variant.shape, (sketch.shape[1], sketch.shape[0]), matrix, marks)
    warped_sketch = remap(sketch, maps, fill=_paper(sketch))
    layer = hints
    if any(variant.colour(name) is not None for name in COLOURS):
        height, width = sketch.shape[:2]
        layer = np.zeros((height, width, 4), np.uint8) if hints is None else hints.copy()
        overlay = colour_frame(variant, None, marks)
        cleared = np.zeros((framing.FRAME_HEIGHT, framing.FRAME_WIDTH), np.uint8)
        for name in COLOURS:
            if variant.colour(name) is not None:
                cleared[_region(name, marks)] = 255
        to_sketch = cv2.invertAffineTransform(
            np.eye(2, 3) if matrix is None else np.asarray(matrix, np.float64)
        )

        def back(image: np.ndarray) -> np.ndarray:
            return cv2.warpAffine(image, to_sketch, (width, height), flags=cv2.INTER_NEAREST, borderValue=0)

        layer[back(cleared) > 0] = 0
        if overlay is not None:
            spots = back(overlay)
            painted = spots[..., 3] > 0
            layer[painted] = spots[painted]
    if layer is not None:
        layer = remap(layer, maps, fill=(0, 0, 0, 0), nearest=True)
    return warped_sketch, layer


def _paper(sketch: np.ndarray) -> int | tuple[int, ...]:
    if sketch.ndim == 2:
        return 255
    return (255,) * 3 + ((0,) if sketch.shape[2] == 4 else ())
