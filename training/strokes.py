"""Witness colours as an artist paints them: strokes inside a region, in the region's colour (issue 24, ADR
0018).

v3 learned from dots whose colour was the pixel under the dot, so it learned to copy a hint's shape into the
photo: an artist's forehead band in Monk 7 came out as a brown bar. Here every hint is a stroke drawn the way
a sketch artist paints one — a band, a straight or curved stroke, a scribble, a blob or a filled area, 3–40 px
wide on the 800×1000 paper (0.75–10 px in the 200×250 frame) — anywhere inside the region it colours, and its
colour is the region's own colour as a witness gives it: a robust mean of the region, jittered by a few ΔE,
never the pixel under the stroke. A stroke therefore says "this region is this colour" and nothing about its
shape.

Regions (frame coordinates, CUFS framing):
- ``skin``: the engine's skin mask (face and neck, close to the face's own skin colour) without the eyes,
  brows and lips (``skin_tone.NOT_SKIN_BOXES``: one copy of where a hint is not skin);
- ``hair``: the recolouring rule's hair mask (``recolor.hair_mask``);
- ``irises``: a small disc on each eye centre of the framing.

Any subset of regions is hinted, none included. Each stroke pixel also records its region, so the trainer can
take one region's strokes away and ask that nothing outside that region moves (the consistency loss,
``losses``).
"""

from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from s2c_desktop.engine import framing
from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
from s2c_desktop.engine.skin_tone import NOT_SKIN_BOXES, from_lab, skin_mask, to_lab
from training.recolor import hair_mask

REGION_NAMES = ("skin", "hair", "irises")
# Chance that a hinted sample hints each region (independently; a recoloured region is always hinted).
REGION_PROBABILITY = {"skin": 0.7, "hair": 0.5, "irises": 0.25}
NO_HINT_PROBABILITY = 0.25
STROKES_PER_REGION = {"skin": (1, 4), "hair": (1, 3), "irises": (1, 2)}  # inclusive range
STROKE_KINDS = ("band", "stroke", "scribble", "blob", "fill")
PAPER_TO_FRAME = FRAME_WIDTH / 800.0  # the drawing tab's paper is 800×1000
WIDTH_RANGE_PAPER = (3.0, 40.0)
IRIS_RADIUS = 4.0  # frame pixels: the iris disc around each eye centre of the framing
COLOUR_JITTER = 2.0  # ΔE (standard deviation per CIELAB axis) between the region's colour and the witness's
MIN_REGION_PIXELS = 12
# Where the consistency loss looks: outside the taken-away region grown by this many frame pixels (the soft
# mask's
# edge and the generator's receptive field at the border are not the region's "elsewhere").
CONSISTENCY_MARGIN = 4


@dataclass(frozen=True)
class StrokeHints:
    """One sample's strokes at frame size: ``layer`` RGBA uint8 (alpha 255 where painted) and ``regions``, the
    index + 1 in ``REGION_NAMES`` of the region each painted pixel colours (0 where nothing is painted)."""

    layer: np.ndarray  # [250, 200, 4] uint8
    regions: np.ndarray  # [250, 200] uint8

    @property
    def hinted(self) -> tuple[str, ...]:
        return tuple(name for index, name in enumerate(REGION_NAMES) if np.any(self.regions == index + 1))


def _not_skin(height: int, width: int) -> np.ndarray:
    blocked = np.zeros((height, width), bool)
    for cx, cy, half_w, half_h in NOT_SKIN_BOXES:
        top, bottom = int(max(cy - half_h, 0)), int(min(cy + half_h + 1, height))
        left, right = int(max(cx - half_w, 0)), int(min(cx + half_w + 1, width))
        blocked[top:bottom, left:right] = True
    return blocked


def iris_mask(height: int = FRAME_HEIGHT, width: int = FRAME_WIDTH) -> np.ndarray:
    mask = np.zeros((height, width), np.uint8)
    for x, y in (framing.LEFT_EYE, framing.RIGHT_EYE):
        cv2.circle(mask, (int(round(x)), int(round(y))), int(IRIS_RADIUS), 1, -1)
    return mask.astype(bool)


def region_masks(photo: np.ndarray) -> dict[str, np.ndarray]:
    """Boolean masks of the regions a witness colours, for a frame photo [250, 200, 3] uint8."""
    lab = to_lab(photo)
    skin_soft, _ = skin_mask(photo, lab)
    hair_soft, _ = hair_mask(photo, lab, skin_soft)
    height, width = photo.shape[:2]
    return {
        "skin": (skin_soft > 0.5) & ~_not_skin(height, width),
        "hair": hair_soft > 0.5,
        "irises": iris_mask(height, width),
    }


def region_colour(photo: np.ndarray, mask: np.ndarray, rng: np.random.Generator) -> tuple[int, int, int]:
    """The region's colour as a witness gives it: the interquartile mean of its CIELAB values (shadows and
    highlights left out), jittered by ``COLOUR_JITTER``."""
    lab = to_lab(photo)[mask].astype(np.float64)
    low, high = np.percentile(lab, [25, 75], axis=0)
    middle = np.where((lab >= low) & (lab <= high), lab, np.nan)
    mean = np.nanmean(middle, axis=0)
    mean = np.where(np.isfinite(mean), mean, np.median(lab, axis=0)) + rng.normal(0, COLOUR_JITTER, 3)
    mean[0] = np.clip(mean[0], 0.0, 100.0)
    rgb = from_lab(mean.astype(np.float32).reshape(1, 1, 3))[0, 0]
    return int(rgb[0]), int(rgb[1]), int(rgb[2])


def _inside_point(mask: np.ndarray, rng: np.random.Generator) -> tuple[int, int]:
    ys, xs = np.nonzero(mask)
    index = int(rng.integers(len(xs)))
    return int(xs[index]), int(ys[index])


def _stroke_width(rng: np.random.Generator, region: str) -> int:
    if region == "irises":
        return int(rng.integers(2, 5))
    # Log-uniform: thin and wide strokes equally likely per octave, as artists use both.
    paper = float(np.exp(rng.uniform(*np.log(WIDTH_RANGE_PAPER))))
    return max(1, int(round(paper * PAPER_TO_FRAME)))


def draw_stroke(
    mask: np.ndarray, rng: np.random.Generator, region: str, kind: str | None = None
) -> np.ndarray:
    """One painted shape inside ``mask`` (boolean, frame size) → boolean footprint (empty if the mask is)."""
    height, width = mask.shape
    canvas = np.zeros((height, width), np.uint8)
    if mask.sum() < MIN_REGION_PIXELS:
        return canvas.astype(bool)
    kind = kind or str(rng.choice(STROKE_KINDS))
    thickness = _stroke_width(rng, region)
    x, y = _inside_point(mask, rng)
    if kind == "fill":
        axes = (int(rng.integers(12, 60)), int(rng.integers(10, 50)))
        cv2.ellipse(canvas, (x, y), axes, float(rng.uniform(0, 180)), 0, 360, 1, -1)
    elif kind == "blob":
        axes = (max(1, thickness + int(rng.integers(0, 8))), max(1, thickness + int(rng.integers(0, 6))))
        cv2.ellipse(canvas, (x, y), axes, float(rng.uniform(0, 180)), 0, 360, 1, -1)
    else:
        points = [(x, y)]
        if kind == "band":  # across the region, mostly horizontal (a forehead or chin band)
            angle, steps, step = rng.normal(0, 0.25), 2, rng.uniform(15, 45)
        elif kind == "stroke":
            angle, steps, step = rng.uniform(0, np.pi), int(rng.integers(1, 3)), rng.uniform(8, 30)
        else:  # scribble: a zig-zag random walk
            angle, steps, step = rng.uniform(0, 2 * np.pi), int(rng.integers(3, 8)), rng.uniform(4, 14)
        for _ in range(steps):
            if kind == "scribble":
                angle += rng.uniform(2.0, 4.0)
            x = int(np.clip(x + np.cos(angle) * step, 0, width - 1))
            y = int(np.clip(y + np.sin(angle) * step, 0, height - 1))
            points.append((x, y))
        cv2.polylines(canvas, [np.array(points, np.int32)], False, 1, thickness, lineType=cv2.LINE_8)
    return canvas.astype(bool) & mask


def choose_regions(
    rng: np.random.Generator,
    *,
    must_include: tuple[str, ...] = (),
    no_hint_probability: float = NO_HINT_PROBABILITY,
) -> tuple[str, ...]:
    """The regions a sample's witness paints: none for ``no_hint_probability`` of samples (unless a region
    must be told, e.g. a recoloured one), else every region with its ``REGION_PROBABILITY`` plus
    ``must_include``."""
    if not must_include and rng.random() < no_hint_probability:
        return ()
    return tuple(n for n in REGION_NAMES if n in must_include or rng.random() < REGION_PROBABILITY[n])


def sample_strokes(
    photo: np.ndarray,
    rng: np.random.Generator,
    *,
    must_include: tuple[str, ...] = (),
    no_hint_probability: float = NO_HINT_PROBABILITY,
    masks: dict[str, np.ndarray] | None = None,
    chosen: tuple[str, ...] | None = None,
) -> StrokeHints:
    """Strokes for a frame photo in the regions ``chosen`` (none: no hints), by default drawn by
    ``choose_regions``."""
    height, width = photo.shape[:2]
    layer = np.zeros((height, width, 4), np.uint8)
    regions = np.zeros((height, width), np.uint8)
    if chosen is None:
        chosen = choose_regions(rng, must_include=must_include, no_hint_probability=no_hint_probability)
    if not chosen:
        return StrokeHints(layer, regions)
    masks = masks if masks is not None else region_masks(photo)
    for name in chosen:
        mask = masks[name]
        if mask.sum() < MIN_REGION_PIXELS:
            continue
        colour = region_colour(photo, mask, rng)
        low, high = STROKES_PER_REGION[name]
        for _ in range(int(rng.integers(low, high + 1))):
            footprint = draw_stroke(mask, rng, name)
            layer[footprint] = (*colour, 255)
            regions[footprint] = REGION_NAMES.index(name) + 1
    return StrokeHints(layer, regions)


def consistency_channels(
    strokes: StrokeHints, masks: dict[str, np.ndarray] | None, rng: np.random.Generator
) -> np.ndarray:
    """Four uint8 channels [250, 200, 4] for the consistency and unhinted-colour losses: 255 on the strokes of
    one hinted region picked at random (taken away in the second generator pass); 255 where the photo must
    not move when they are taken away (outside that region, grown by ``CONSISTENCY_MARGIN``); then the skin
    and hair regions (255 inside), so the losses can weigh each region alike and see which is unhinted. The
    first two are zero when nothing is hinted."""
    height, width = strokes.regions.shape
    channels = np.zeros((height, width, 4), np.uint8)
    if masks is None:
        return channels
    channels[..., 2] = masks["skin"] * 255
    channels[..., 3] = masks["hair"] * 255
    hinted = strokes.hinted
    if not hinted:
        return channels
    name = hinted[int(rng.integers(len(hinted)))]
    taken = strokes.regions == REGION_NAMES.index(name) + 1
    region = (masks[name] | taken).astype(np.uint8)
    size = 2 * CONSISTENCY_MARGIN + 1
    grown = cv2.dilate(region, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size)))
    channels[..., 0] = taken * 255
    channels[..., 1] = (grown == 0) * 255
    return channels
