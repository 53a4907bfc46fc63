"""Sketch-style augmentation made from the pairs themselves.

Users draw with a mouse or a pen on the canvas, or scan paper sketches by other artists. To make the
generator robust to that, a training sketch is sometimes replaced by another *rendering* of the same face:

- a line drawing derived from the photo (XDoG, a pencil "colour dodge", or thick contour strokes like a
  mouse drawing), or the artist's own sketch;
- then a few modifiers: stroke width (erode/dilate), contrast and gamma, blur, paper texture and grain,
  and partial sketches (regions left blank, or only the darkest strokes kept).

Every function takes and returns frame-sized uint8 grayscale (white paper = 255) and draws all its
randomness from the ``numpy.random.Generator`` it is given, so a seed reproduces the result exactly.
"""

from __future__ import annotations

import cv2
import numpy as np

# Relative weights of the base renderings; the artist's sketch stays the most common.
BASE_WEIGHTS = {"artist": 0.45, "xdog": 0.25, "dodge": 0.15, "contour": 0.15}
MODIFIER_PROBABILITY = {
    "stroke": 0.35,
    "contrast": 0.5,
    "blur": 0.3,
    "paper": 0.35,
    "partial": 0.25,
}


def _gray(photo: np.ndarray) -> np.ndarray:
    return cv2.cvtColor(photo, cv2.COLOR_RGB2GRAY) if photo.ndim == 3 else photo


def xdog(photo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """eXtended Difference of Gaussians (Winnemöller 2012, sharpened form): soft ink lines with some tone."""
    gray = _gray(photo).astype(np.float32) / 255.0
    sigma = rng.uniform(0.6, 1.2)
    sharpen, phi = rng.uniform(15.0, 30.0), rng.uniform(10.0, 40.0)
    g1 = cv2.GaussianBlur(gray, (0, 0), sigma)
    g2 = cv2.GaussianBlur(gray, (0, 0), sigma * 1.6)
    response = (1 + sharpen) * g1 - sharpen * g2
    # The threshold follows the image, so dark and light photos get a similar amount of ink.
    eps = float(np.quantile(response, rng.uniform(0.06, 0.18)))
    out = np.where(response >= eps, 1.0, 1.0 + np.tanh(phi * (response - eps)))
    return np.clip(out * 255.0, 0, 255).astype(np.uint8)


def dodge(photo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Pencil look: the photo divided by its blurred negative ("colour dodge")."""
    gray = _gray(photo).astype(np.float32)
    blurred_negative = cv2.GaussianBlur(255.0 - gray, (0, 0), rng.uniform(4.0, 10.0))
    out = gray * 255.0 / np.maximum(255.0 - blurred_negative, 1.0)
    out = np.clip(out, 0, 255)
    # Deepen the faint pencil lines a little, as a real graphite sketch would show them.
    out = 255.0 * (out / 255.0) ** rng.uniform(1.5, 3.0)
    return out.astype(np.uint8)


def contour(photo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Uniform dark strokes along strong edges: what a quick mouse or tablet drawing looks like."""
    gray = cv2.GaussianBlur(_gray(photo), (0, 0), rng.uniform(1.0, 2.0))
    low = int(rng.integers(8, 25))
    edges = cv2.Canny(gray, low, low * 3)
    width = int(rng.integers(1, 3))
    if width > 1:
        edges = cv2.dilate(edges, np.ones((width, width), np.uint8))
    return (255 - edges).astype(np.uint8)


def stroke_width(sketch: np.ndarray, rng: np.random.Generator, *, allow_thinner: bool = True) -> np.ndarray:
    """Thicker (erode: ink is dark) or thinner (dilate) strokes; thin line art is only thickened."""
    kernel = np.ones((2, 2), np.uint8) if rng.random() < 0.6 else np.ones((3, 3), np.uint8)
    thinner = allow_thinner and rng.random() < 0.4
    return cv2.dilate(sketch, np.ones((2, 2), np.uint8)) if thinner else cv2.erode(sketch, kernel)


def contrast(sketch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Lighter or heavier ink and a gamma on the paper tone."""
    ink = (255.0 - sketch.astype(np.float32)) * rng.uniform(0.7, 1.5)
    out = np.clip(255.0 - ink, 0, 255) / 255.0
    out = out ** rng.uniform(0.8, 1.8)
    return (out * 255.0).astype(np.uint8)


def blur(sketch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    return cv2.GaussianBlur(sketch, (0, 0), rng.uniform(0.5, 1.6))


def paper(sketch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Scanned paper: a low-frequency tint, fibre grain, a slightly grey white."""
    height, width = sketch.shape
    coarse = rng.normal(0.0, 1.0, (max(height // 40, 2), max(width // 40, 2))).astype(np.float32)
    tint = cv2.resize(coarse, (width, height), interpolation=cv2.INTER_CUBIC) * rng.uniform(3.0, 12.0)
    grain = rng.normal(0.0, rng.uniform(2.0, 8.0), (height, width)).astype(np.float32)
    base = rng.uniform(225.0, 250.0) / 255.0
    out = sketch.astype(np.float32) * base + tint + grain
    return np.clip(out, 0, 255).astype(np.uint8)


def partial(sketch: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """An unfinished sketch: blank regions (hair, one side, the bottom) or only the darkest strokes."""
    out = sketch.copy()
    height, width = sketch.shape
    if rng.random() < 0.35:
        # Keep strokes, drop shading: everything lighter than a threshold becomes paper.
        threshold = rng.uniform(90.0, 170.0)
        out[out > threshold] = 255
        return out
    for _ in range(int(rng.integers(1, 3))):
        centre = (int(rng.integers(0, width)), int(rng.integers(0, height)))
        axes = (int(rng.integers(width // 8, width // 3)), int(rng.integers(height // 10, height // 3)))
        mask = np.zeros_like(out)
        cv2.ellipse(mask, centre, axes, float(rng.uniform(0, 180)), 0, 360, 255, -1)
        # Feather the edge so the model does not learn a hard "missing" border.
        mask = cv2.GaussianBlur(mask, (0, 0), 4.0).astype(np.float32) / 255.0
        out = (out.astype(np.float32) * (1 - mask) + 255.0 * mask).astype(np.uint8)
    return out


BASES = {"xdog": xdog, "dodge": dodge, "contour": contour}
MODIFIERS = {"stroke": stroke_width, "contrast": contrast, "blur": blur, "paper": paper, "partial": partial}


MIN_INK = 0.035  # mean darkness below which a rendering no longer shows a face


def ink(sketch: np.ndarray) -> float:
    return float(np.mean(255.0 - sketch.astype(np.float32)) / 255.0)


def restyle(sketch: np.ndarray, photo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Another plausible drawing of the same face: a base rendering plus at least one modifier.
    A rendering that came out almost blank (smooth photo, faint lines) falls back to the artist's sketch."""
    names = list(BASE_WEIGHTS)
    weights = np.array([BASE_WEIGHTS[n] for n in names])
    base = names[int(rng.choice(len(names), p=weights / weights.sum()))]
    out = sketch if base == "artist" else BASES[base](photo, rng)
    if ink(out) < MIN_INK:
        base, out = "artist", sketch
    applied = [name for name, p in MODIFIER_PROBABILITY.items() if rng.random() < p]
    if base == "artist" and not applied:
        applied = [list(MODIFIERS)[int(rng.integers(len(MODIFIERS)))]]
    for name in applied:
        styled = (
            stroke_width(out, rng, allow_thinner=base == "artist")
            if name == "stroke"
            else MODIFIERS[name](out, rng)
        )
        out = styled if ink(styled) >= MIN_INK else out
    return np.ascontiguousarray(out, dtype=np.uint8)
