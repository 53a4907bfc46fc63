"""Recolouring training photos so the model learns skin and hair colours the data lacks.

CUFS and CUFSF are mostly East Asian and European faces; the app is used in Peru, where most people are
mestizo or indigenous with darker skin. A photo's skin (and sometimes its hair) is shifted in CIELAB towards a
target colour — the 10-step Monk Skin Tone scale for skin, common hair colours for hair — and the hints are
then drawn from the recoloured photo, so the model must follow a hint to get the colour right.

Masks are soft and simple: pixels close in CIELAB to the photo's own skin (median of forehead and cheek
patches) inside a broad face-and-neck ellipse; for hair, pixels close to the hair patch's colour above the
mouth and outside the skin. Luminance detail is kept (scaled, not replaced), so shading and pores survive the
shift. The skin mask and the shift live in the engine (``s2c_desktop/engine/skin_tone.py``), which applies the
same rule to generated photos: the skin-tone anchor (ADR 0017).
"""

from __future__ import annotations

import cv2
import numpy as np

from s2c_desktop.engine.hints import MONK_SKIN_TONES
from s2c_desktop.engine.skin_tone import from_lab, oval, patch_median, shift_towards, skin_mask, to_lab
from training.hints import REGIONS

# Monk Skin Tone scale (Google, CC-BY 4.0), tones 1–10.
MONK_TONES = list(MONK_SKIN_TONES)  # the engine's one copy of the scale
# Chance of each Monk tone as a recolouring target: weighted towards the darker, mestizo and indigenous
# tones of the app's users, while keeping every tone.
MONK_WEIGHTS = np.array([0.04, 0.04, 0.05, 0.08, 0.12, 0.16, 0.17, 0.15, 0.11, 0.08])
HAIR_COLOURS = {
    "black": "#1b1614",
    "dark_brown": "#3b2a20",
    "brown": "#5e4330",
    "light_brown": "#8b6a4b",
    "blond": "#c9a66b",
    "red": "#8d3f22",
    "grey": "#8e8a86",
    "white": "#d8d4cf",
}
SKIN_PROBABILITY = 0.25  # of the samples that carry hints (0.5 pulled unhinted skin darker: ADR 0012)
HAIR_PROBABILITY = 0.25
# How targets are drawn (ADR 0014 addendum). "tones": one of the ten Monk tones (or eight hair colours) with a
# small jitter; a model trained so snaps a hint to the nearest tone (true AR skin, a* 25, came out a* 5).
# "continuous": half the time a point between two neighbouring Monk tones with a wide chroma jitter, half the
# time the photo's own skin moved a little, so every skin colour near the real ones and the tones is a target.
# ("real", skin of other training photos, is retired: issue 24, ADR 0018.)
# "independent" (v4h, v4i): always the point between two neighbouring tones, every tone alike, never the
# photo's own skin moved, so a target tells nothing about the person.
TARGETS = ("tones", "continuous", "independent")
TONE_JITTER = {"tones": (2.0, 1.5, 1.5), "continuous": (2.0, 4.0, 4.0)}  # L*, a*, b* standard deviations
TONE_JITTER["independent"] = TONE_JITTER["continuous"]  # the same point between tones, drawn alike
OWN_SKIN_SHIFT = (8.0, 5.0, 5.0)
HAIR_JITTER = (4.0, 3.0, 3.0)  # continuous only


def hex_rgb(code: str) -> tuple[int, int, int]:
    code = code.lstrip("#")
    return int(code[0:2], 16), int(code[2:4], 16), int(code[4:6], 16)


# The Monk tones in CIELAB, converted once (skin_target runs for every recoloured training sample).
_MONK_LAB = to_lab(np.array([hex_rgb(t) for t in MONK_TONES], np.uint8))


def delta_e(lab_a: np.ndarray, lab_b: np.ndarray) -> np.ndarray:
    """CIE 1976 colour difference."""
    return np.sqrt(np.sum((np.asarray(lab_a, np.float32) - np.asarray(lab_b, np.float32)) ** 2, axis=-1))


def hair_mask(photo: np.ndarray, lab: np.ndarray, skin: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    height, width = photo.shape[:2]
    x, y = REGIONS["hair"][0]
    reference = to_lab(np.array([patch_median(photo, x, y, 9)], np.uint8))[0]
    distance = delta_e(lab, reference)
    similar = np.clip(1.0 - (distance - 12.0) / 14.0, 0.0, 1.0)
    prior = oval(height, width, (100.0, 95.0), (95.0, 110.0)).copy()
    prior[185:] = 0.0
    mask = similar * prior * (1.0 - np.clip(skin * 1.5, 0, 1))
    return cv2.GaussianBlur(mask.astype(np.float32), (0, 0), 1.5), reference


def skin_target(reference: np.ndarray, rng: np.random.Generator, targets: str = "tones") -> np.ndarray:
    """A CIELAB skin target for a photo whose own skin is ``reference``."""
    # "independent" draws every tone alike: v4g's light-tone strokes (Monk 1–4, 21 % of its targets) bled into
    # the hair three times as far as the dark ones, the consistency term having seen few of them.
    weights = None if targets == "independent" else MONK_WEIGHTS / MONK_WEIGHTS.sum()
    index = int(rng.choice(len(MONK_TONES), p=weights))
    if targets == "tones":
        return _MONK_LAB[index] + rng.normal(0, TONE_JITTER["tones"])
    if targets not in TARGETS:
        raise ValueError(f"unknown recolouring targets {targets!r} ({' or '.join(TARGETS)})")
    if targets == "independent" or rng.random() < 0.5:
        position = float(np.clip(index + rng.uniform(-0.5, 0.5), 0, len(MONK_TONES) - 1))
        low = int(np.floor(position))
        high = min(low + 1, len(MONK_TONES) - 1)
        between = _MONK_LAB[low] + (position - low) * (_MONK_LAB[high] - _MONK_LAB[low])
        target = between + rng.normal(0, TONE_JITTER[targets])
    else:
        target = np.asarray(reference, np.float64) + rng.normal(0, OWN_SKIN_SHIFT)
    return np.array([np.clip(target[0], 15.0, 95.0), target[1], target[2]])


def recolour(
    photo: np.ndarray,
    rng: np.random.Generator,
    *,
    skin: bool,
    hair: bool,
    targets: str = "tones",
) -> np.ndarray:
    """A frame photo [250, 200, 3] uint8 with its skin and/or hair moved to random target colours
    (``targets``: see ``TARGETS``)."""
    if not (skin or hair):
        return photo
    lab = to_lab(photo)
    skin_soft, skin_ref = skin_mask(photo, lab)
    out = lab
    if skin:
        target = skin_target(skin_ref, rng, targets)
        out = shift_towards(out, skin_soft, skin_ref, target.astype(np.float32))
    if hair:
        hair_soft, hair_ref = hair_mask(photo, lab, skin_soft)
        name = list(HAIR_COLOURS)[int(rng.integers(len(HAIR_COLOURS)))]
        target = to_lab(np.array([hex_rgb(HAIR_COLOURS[name])], np.uint8))[0]
        if targets != "tones":
            target = target + rng.normal(0, HAIR_JITTER)
        out = shift_towards(out, hair_soft, hair_ref, target.astype(np.float32))
    return from_lab(out)
