"""Brush pixel maths (Qt-free): ink and erase blending, soften and smudge dabs."""

from __future__ import annotations

import numpy as np

from s2c_desktop.sketch.brush import Smudge, apply_erase, apply_ink, round_mask, soften_dab


def test_ink_and_erase_blend_by_coverage() -> None:
    before = np.array([[255, 255, 255, 100]], np.uint8)
    coverage = np.array([[0, 255, 128, 255]], np.uint8)
    assert apply_ink(before, coverage).tolist() == [[255, 0, 127, 0]]
    assert apply_erase(np.array([[0, 0, 0, 100]], np.uint8), coverage).tolist() == [[0, 255, 128, 255]]
    # Full-strength erase over anything gives white; zero coverage changes nothing.
    rng = np.random.default_rng(0)
    pixels = rng.integers(0, 256, (20, 20), dtype=np.uint8)
    assert (apply_erase(pixels, np.full_like(pixels, 255)) == 255).all()
    assert np.array_equal(apply_ink(pixels, np.zeros_like(pixels)), pixels)


def test_round_mask_is_a_soft_disc() -> None:
    mask = round_mask(4.0)
    assert mask.shape == (9, 9)
    assert mask[4, 4] == 1.0 and mask[0, 0] == 0.0
    assert np.allclose(mask, mask.T) and np.allclose(mask, mask[::-1])


def test_soften_lowers_contrast_only_inside_the_dab() -> None:
    pixels = np.full((60, 60), 255, np.uint8)
    pixels[:, 30] = 0
    original = pixels.copy()
    rect = soften_dab(pixels, (30, 30), radius=6, strength=1.0)
    assert rect is not None
    x, y, w, h = rect
    assert pixels[30, 30] > 0 and pixels[30, 29] < 255, "the line spreads"
    outside = np.ones_like(pixels, bool)
    outside[y : y + h, x : x + w] = False
    assert np.array_equal(pixels[outside], original[outside])
    assert soften_dab(pixels, (-100, -100), radius=6, strength=1.0) is None
    assert soften_dab(pixels, (30, 30), radius=6, strength=0.0) is None


def test_smudge_carries_dark_pixels_into_white() -> None:
    pixels = np.full((40, 80), 255, np.uint8)
    pixels[:, :20] = 0
    smudge = Smudge(radius=5, strength=0.8)
    assert smudge.dab(pixels, (18, 20)) is None, "the first dab only picks up pigment"
    for x in range(19, 40):
        smudge.dab(pixels, (x, 20))
    assert pixels[20, 25:35].min() < 200
    assert (pixels[:10] == np.where(np.arange(80) < 20, 0, 255)).all(), (
        "rows far from the stroke are untouched"
    )
