"""The case sheet's legend of hint colours: the colours that still cover an area of the paper, each with the
part of the face it sits on.

A colour painted over leaves slivers at the edges of the new strokes (a blond dab covered by black kept 17
edge pixels); a sliver is not a colour the witness gave. A colour counts when some of it is at least
:data:`CORE_SIZE` pixels thick (it survives an erosion by that square), which the smallest hint dot the tool
paints (3 % of the paper's width) always is. Regions come from the framing the sketch is drawn in
(:mod:`s2c_desktop.engine.framing`): the boxes the skin-tone anchor keeps off the skin (eyes, brows, mouth),
the face oval, the neck, the hair above and beside the face, and the rest.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import cv2
import numpy as np

from s2c_desktop.engine import framing
from s2c_desktop.engine.skin_tone import FACE_OVAL, NECK_OVAL, NOT_SKIN_BOXES

CORE_SIZE = 5  # document pixels; the hint tool's smallest dot is 24 across on the 800-pixel paper
# Region names (the sheet translates them), in the order a tie is broken.
EYES, BROWS, LIPS, FACE, NECK, HAIR, ELSEWHERE = (
    "eyes",
    "eyebrows",
    "lips",
    "face",
    "neck",
    "hair",
    "elsewhere",
)
REGIONS = (EYES, BROWS, LIPS, FACE, NECK, HAIR, ELSEWHERE)
SECOND_REGION_SHARE = 0.25  # a second region is named when it holds this much of the colour


@dataclass(frozen=True)
class LegendEntry:
    rgb: tuple[int, int, int]
    pixels: int
    regions: tuple[str, ...]  # where most of it is first


@lru_cache(maxsize=4)
def region_map(height: int, width: int) -> np.ndarray:
    """Index into :data:`REGIONS` per pixel of a paper of this size (read-only)."""
    ys, xs = np.mgrid[0:height, 0:width].astype(np.float32)
    fx = (xs + 0.5) * framing.FRAME_WIDTH / width
    fy = (ys + 0.5) * framing.FRAME_HEIGHT / height

    def inside(oval: tuple[tuple[float, float], tuple[float, float]]) -> np.ndarray:
        (cx, cy), (ax, ay) = oval
        return ((fx - cx) / ax) ** 2 + ((fy - cy) / ay) ** 2 <= 1.0

    def box(cx: float, cy: float, half_w: float, half_h: float) -> np.ndarray:
        return (np.abs(fx - cx) <= half_w) & (np.abs(fy - cy) <= half_h)

    regions = np.full((height, width), REGIONS.index(ELSEWHERE), np.int8)
    # Painted from the broadest to the most specific, each over the one before.
    regions[fy < framing.MOUTH_CENTRE[1]] = REGIONS.index(HAIR)
    regions[inside(NECK_OVAL)] = REGIONS.index(NECK)
    regions[inside(FACE_OVAL)] = REGIONS.index(FACE)
    eyes, brows, mouth = NOT_SKIN_BOXES[:2], NOT_SKIN_BOXES[2:4], NOT_SKIN_BOXES[4:]
    for name, boxes in ((EYES, eyes), (BROWS, brows), (LIPS, mouth)):
        for spec in boxes:
            regions[box(*spec)] = REGIONS.index(name)
    regions.flags.writeable = False
    return regions


def legend(rgba: np.ndarray, limit: int = 12) -> list[LegendEntry]:
    """The hint colours of an RGBA layer (the paper's size) that cover an area, most used first."""
    painted = rgba[:, :, 3] > 0
    if not painted.any():
        return []
    colours, inverse = np.unique(rgba[painted, :3].reshape(-1, 3), axis=0, return_inverse=True)
    labels = np.full(painted.shape, -1, np.int32)
    labels[painted] = inverse.reshape(-1)
    regions = region_map(*painted.shape)
    kernel = np.ones((CORE_SIZE, CORE_SIZE), np.uint8)
    entries = []
    for index, colour in enumerate(colours):
        mask = labels == index
        if not cv2.erode(mask.astype(np.uint8), kernel).any():
            continue  # only slivers left: painted over
        counts = np.bincount(regions[mask], minlength=len(REGIONS))
        order = [i for i in np.argsort(-counts, kind="stable") if counts[i]]
        named = [REGIONS[order[0]]]
        named += [REGIONS[i] for i in order[1:2] if counts[i] >= SECOND_REGION_SHARE * mask.sum()]
        entries.append(LegendEntry(tuple(int(v) for v in colour), int(mask.sum()), tuple(named)))  # type: ignore[arg-type]
    entries.sort(key=lambda entry: -entry.pixels)
    return entries[:limit]
