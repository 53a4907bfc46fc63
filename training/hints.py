"""Witness colour hints for training and evaluation: where they go, what colour they take, how they are drawn.

The model's ``hints`` input (contract in ``docs/architecture.md``) is ``[H, W, 4]``: RGB in [-1, 1] and a mask
(1 where a colour was given). In training, hints are sampled from the true (possibly recoloured) photo: 0–10
small dots or short strokes on skin, hair, eyes, eyebrows, lips and clothes, each the median colour of a small
patch there, and no hints at all for a good share of samples so the model also works with none.

Positions are in the 200×250 frame (CUFS framing: eyes at (75, 126) and (125, 126)), read off the mean CUFS
face; a random offset of a few pixels keeps the model from relying on exact spots. The skin probes (where
colour fidelity is measured) and the patch median live in the engine, whose skin-tone anchor reads skin there
too.
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from s2c_desktop.engine.skin_tone import SKIN_PROBES, patch_median

# (x, y) in the frame, by the part of the face a witness describes.
REGIONS: dict[str, list[tuple[int, int]]] = {
    "skin": [(100, 92), (70, 160), (130, 160), (100, 210), (100, 152)],
    "hair": [(100, 38), (42, 85), (158, 85)],
    "eyes": [(75, 126), (125, 126)],
    "eyebrows": [(75, 108), (125, 108)],
    "lips": [(100, 186)],
    "clothes": [(100, 246), (35, 240), (165, 240)],
}
# Relative chance that a drawn hint is on each part (skin and hair are what witnesses describe most).
REGION_WEIGHTS = {"skin": 0.34, "hair": 0.24, "eyes": 0.12, "eyebrows": 0.08, "lips": 0.08, "clothes": 0.14}
# Patch (pixels, odd) whose median gives a hint's colour; eyes use a small one (the iris is small).
PATCH = {"eyes": 3, "eyebrows": 5}
DEFAULT_PATCH = 9
NO_HINT_PROBABILITY = 0.3
MAX_HINTS = 10


@dataclass(frozen=True)
class Hint:
    region: str
    x: float  # frame coordinates
    y: float
    rgb: tuple[int, int, int]
    radius: float
    stroke: tuple[float, float] | None = None  # (dx, dy) of a short stroke, None for a dot


def sample_hints(
    photo: np.ndarray,
    rng: np.random.Generator,
    *,
    no_hint_probability: float = NO_HINT_PROBABILITY,
    must_include: tuple[str, ...] = (),
) -> list[Hint]:
    """Random hints drawn from a frame photo [250, 200, 3] uint8. ``must_include`` regions get one hint each
    (a recoloured skin or hair must be told, or the model could not know it)."""
    if not must_include and rng.random() < no_hint_probability:
        return []
    count = max(int(rng.integers(1, MAX_HINTS + 1)), len(must_include))
    names = list(REGION_WEIGHTS)
    weights = np.array([REGION_WEIGHTS[n] for n in names])
    regions = list(must_include) + list(
        rng.choice(names, size=count - len(must_include), p=weights / weights.sum())
    )
    hints = []
    for region in regions:
        x0, y0 = REGIONS[region][int(rng.integers(len(REGIONS[region])))]
        spread = 2.0 if region == "eyes" else 5.0
        x = float(np.clip(x0 + rng.normal(0, spread), 2, FRAME_WIDTH - 3))
        y = float(np.clip(y0 + rng.normal(0, spread), 2, FRAME_HEIGHT - 3))
        rgb = patch_median(photo, x, y, PATCH.get(region, DEFAULT_PATCH))
        stroke = None
        if region not in ("eyes",) and rng.random() < 0.3:
            angle, length = rng.uniform(0, np.pi), rng.uniform(6, 18)
            stroke = (float(np.cos(angle) * length), float(np.sin(angle) * length))
        radius = float(rng.uniform(1.5, 2.5) if region == "eyes" else rng.uniform(2.0, 4.5))
        hints.append(Hint(region, float(x), float(y), rgb, radius, stroke))
    return hints


# Where the evaluation puts its skin hints: the nose and the chin, two of the training skin positions, 30–60
# px
# from every measured probe. A dot on a probe would let the model pass by copying the dot back (it was so
# until
# 2026-11-30: ΔE 3 with Monk-7 hints while the face stayed its own colour); here the colour must spread.
EVALUATION_SKIN_HINTS = [(100, 152), (100, 210)]


def fixed_hints(
    photo: np.ndarray | None, colours: dict[str, tuple[int, int, int]] | None = None
) -> list[Hint]:
    """Evaluation hints: skin dots on the nose and chin (never on a measured probe) and one on the hair,
    coloured by ``colours`` (region → RGB, e.g. Monk tone 7 skin and near-black hair) or from ``photo``: its
    skin colour (the median of the probes' patches, what a witness would describe) and its hair there."""
    hints = []
    for region, points in (("skin", EVALUATION_SKIN_HINTS), ("hair", REGIONS["hair"][:1])):
        for x, y in points:
            if colours and region in colours:
                rgb = colours[region]
            elif photo is not None and region == "skin":
                rgb = skin_colour(photo)
            elif photo is not None:
                rgb = patch_median(photo, x, y, DEFAULT_PATCH)
            else:
                continue
            hints.append(Hint(region, float(x), float(y), tuple(rgb), 3.5))
    return hints


def skin_colour(photo: np.ndarray) -> tuple[int, int, int]:
    """The photo's skin colour: the per-channel median of the probes' patch medians."""
    patches = np.array([patch_median(photo, x, y, DEFAULT_PATCH) for x, y in SKIN_PROBES])
    return tuple(int(v) for v in np.median(patches, axis=0))  # type: ignore[return-value]


def render(hints: list[Hint], height: int = FRAME_HEIGHT, width: int = FRAME_WIDTH) -> np.ndarray:
    """Hints drawn at frame scale (or at ``height``×``width`` of the same framing) → RGBA uint8 layer."""
    layer = np.zeros((height, width, 4), np.uint8)
    sx, sy = width / FRAME_WIDTH, height / FRAME_HEIGHT
    for hint in hints:
        colour = (*hint.rgb, 255)
        centre = (int(round(hint.x * sx)), int(round(hint.y * sy)))
        radius = max(1, int(round(hint.radius * (sx + sy) / 2)))
        if hint.stroke is None:
            cv2.circle(layer, centre, radius, colour, -1, lineType=cv2.LINE_8)
        else:
            end = (int(round((hint.x + hint.stroke[0]) * sx)), int(round((hint.y + hint.stroke[1]) * sy)))
            cv2.line(layer, centre, end, colour, max(1, radius), lineType=cv2.LINE_8)
    return layer


def to_model_input(layer: np.ndarray) -> np.ndarray:
    """RGBA uint8 layer → float32 [H, W, 4]: RGB in [-1, 1] where alpha ≥ 50 %, 0 elsewhere, then the mask."""
    mask = (layer[..., 3] >= 128).astype(np.float32)
    rgb = (layer[..., :3].astype(np.float32) / 127.5 - 1.0) * mask[..., None]
    return np.concatenate([rgb, mask[..., None]], axis=-1)
