"""Sketch-style augmentation: deterministic under a seed, valid images, really different styles."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from training import augment, data


@pytest.fixture
def pair(tiny_set: Path) -> tuple[np.ndarray, np.ndarray]:
    arrays = data.PairArrays.load(data.discover_pairs([tiny_set])[:1])
    return arrays.sketches[0], arrays.photos[0]


def test_restyle_is_deterministic_under_a_seed(pair) -> None:
    sketch, photo = pair
    first = [augment.restyle(sketch, photo, np.random.default_rng(7)) for _ in range(3)]
    assert all(np.array_equal(first[0], other) for other in first[1:])
    rng_a, rng_b = np.random.default_rng(11), np.random.default_rng(11)
    assert all(
        np.array_equal(augment.restyle(sketch, photo, rng_a), augment.restyle(sketch, photo, rng_b))
        for _ in range(8)
    )


def test_restyled_sketches_are_valid_varied_and_keep_ink(pair) -> None:
    sketch, photo = pair
    rng = np.random.default_rng(0)
    outputs = [augment.restyle(sketch, photo, rng) for _ in range(24)]
    for out in outputs:
        assert out.shape == sketch.shape and out.dtype == np.uint8
        assert augment.ink(out) >= augment.MIN_INK
    distinct = {out.tobytes() for out in outputs}
    assert len(distinct) == len(outputs)
    assert sum(not np.array_equal(out, sketch) for out in outputs) == len(outputs)


@pytest.mark.parametrize("name", sorted(augment.BASES))
def test_each_photo_derived_rendering_is_a_line_drawing(pair, name: str) -> None:
    _, photo = pair
    out = augment.BASES[name](photo, np.random.default_rng(1))
    assert out.shape == photo.shape[:2] and out.dtype == np.uint8
    # Mostly paper with some ink: a drawing, not a grey photo.
    assert np.median(out) > 180 and augment.ink(out) > 0.01


@pytest.mark.parametrize("name", sorted(augment.MODIFIERS))
def test_each_modifier_changes_the_sketch_and_keeps_its_shape(pair, name: str) -> None:
    sketch, _ = pair
    out = augment.MODIFIERS[name](sketch, np.random.default_rng(2))
    assert out.shape == sketch.shape and out.dtype == np.uint8
    assert not np.array_equal(out, sketch)
