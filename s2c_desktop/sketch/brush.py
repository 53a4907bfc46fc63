"""Pixel maths of the brushes, Qt-free so it is testable on plain arrays.

A pencil or eraser stroke is rasterised (by the canvas, with QPainter) into a *coverage* mask: 0 where the
stroke did not pass, up to 255 where it passed at full strength. Overlapping parts of one stroke take the
maximum, never the sum, so a stroke at 50 % opacity stays at 50 % where it crosses itself, as on paper
with one pass of a pencil. The mask then blends the committed pixels into the stroke's result.
"""

from __future__ import annotations

import cv2
import numpy as np

WHITE = 255
INK = 0


def apply_ink(before: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """Black ink laid over ``before`` with per-pixel strength ``coverage`` (both uint8, same shape)."""
    scaled = before.astype(np.uint16) * (WHITE - coverage.astype(np.uint16))
    return ((scaled + 127) // WHITE).astype(np.uint8)


def apply_erase(before: np.ndarray, coverage: np.ndarray) -> np.ndarray:
    """Paper white brought back over ``before`` with strength ``coverage``."""
    before16 = before.astype(np.uint16)
    lifted = (WHITE - before16) * coverage.astype(np.uint16)
    return (before16 + (lifted + 127) // WHITE).astype(np.uint8)


def round_mask(radius: float, hardness: float = 0.5) -> np.ndarray:
    """A float32 disc of side ``2·ceil(radius)+1``: 1 at the centre, fading to 0 at ``radius``.

    ``hardness`` is the fraction of the radius kept at full strength before the fade starts.
    """
    half = max(1, int(np.ceil(radius)))
    axis = np.arange(-half, half + 1, dtype=np.float32)
    distance = np.hypot(axis[None, :], axis[:, None])
    inner = radius * hardness
    fade = np.clip((radius - distance) / max(radius - inner, 1e-3), 0.0, 1.0)
    return fade.astype(np.float32)


def soften_dab(
    pixels: np.ndarray, centre: tuple[float, float], radius: float, strength: float
) -> tuple[int, int, int, int] | None:
    """Blur ``pixels`` in place inside a soft disc; returns the touched rect (x, y, w, h) or None.

    The blur reads a margin around the disc so the edge of the dab does not pull in a hard border.
    """
    height, width = pixels.shape
    mask = round_mask(radius)
    half = mask.shape[0] // 2
    cx, cy = int(round(centre[0])), int(round(centre[1]))
    sigma = max(0.6, radius / 3.0)
    margin = int(np.ceil(3 * sigma))
    # Window of the disc on the paper, and of the disc itself.
    left, top = max(0, cx - half), max(0, cy - half)
    right, bottom = min(width, cx + half + 1), min(height, cy + half + 1)
    if right <= left or bottom <= top or strength <= 0:
        return None
    outer_left, outer_top = max(0, left - margin), max(0, top - margin)
    outer_right, outer_bottom = min(width, right + margin), min(height, bottom + margin)
    area = pixels[outer_top:outer_bottom, outer_left:outer_right].astype(np.float32)
    blurred = cv2.GaussianBlur(area, (0, 0), sigmaX=sigma, sigmaY=sigma, borderType=cv2.BORDER_REFLECT)
    inner = (slice(top - outer_top, bottom - outer_top), slice(left - outer_left, right - outer_left))
    weight = mask[top - (cy - half) : bottom - (cy - half), left - (cx - half) : right - (cx - half)]
    weight = weight * float(min(1.0, strength))
    mixed = area[inner] * (1.0 - weight) + blurred[inner] * weight
    pixels[top:bottom, left:right] = np.clip(mixed + 0.5, 0, 255).astype(np.uint8)
    return left, top, right - left, bottom - top


class Smudge:
    """Drag pigment along the stroke: each dab mixes the carried colour into the paper and picks some up."""

    def __init__(self, radius: float, strength: float) -> None:
        self.radius = radius
        self.strength = min(1.0, max(0.0, strength))
        self._mask = round_mask(radius, hardness=0.3)
        self._carried: np.ndarray | None = None

    def dab(self, pixels: np.ndarray, centre: tuple[float, float]) -> tuple[int, int, int, int] | None:
        height, width = pixels.shape
        half = self._mask.shape[0] // 2
        cx, cy = int(round(centre[0])), int(round(centre[1]))
        # Only whole dabs carry pigment; at the border we fall back to the part on the paper.
        left, top = max(0, cx - half), max(0, cy - half)
        right, bottom = min(width, cx + half + 1), min(height, cy + half + 1)
        if right <= left or bottom <= top:
            return None
        window = (
            slice(top - (cy - half), bottom - (cy - half)),
            slice(left - (cx - half), right - (cx - half)),
        )
        patch = pixels[top:bottom, left:right].astype(np.float32)
        full = np.full(self._mask.shape, float(WHITE), dtype=np.float32)
        full[window] = patch
        if self._carried is None:
            self._carried = full
            return None
        weight = self._mask * self.strength
        mixed = full * (1.0 - weight) + self._carried * weight
        # Pick up part of what is under the brush now, as a finger would.
        self._carried = self._carried * 0.6 + mixed * 0.4
        pixels[top:bottom, left:right] = np.clip(mixed[window] + 0.5, 0, 255).astype(np.uint8)
        return left, top, right - left, bottom - top
