"""v4b's stroke losses (issue 24, ADR 0018 addendum): the consistency counted per region in 8×8 blocks, and an
unpainted region keeping its true colour."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from tests.training.conftest import refused_recipe_error  # noqa: E402
from training import losses  # noqa: E402

SIZE = (1, 32, 32)
# A ±0.2 checkerboard: texture with a zero mean in every 8×8 block and every region.
CHECKER = (np.indices(SIZE[1:]).sum(axis=0) % 2 * 0.4 - 0.2)[None, :, :, None].astype(np.float32)


def _regions(skin_rows: slice, hair_rows: slice) -> np.ndarray:
    regions = np.zeros((*SIZE, 2), np.float32)
    regions[0, skin_rows, :, 0] = 1.0
    regions[0, hair_rows, :, 1] = 1.0
    return regions


def test_regional_consistency_is_zero_for_identical_photos_and_counts_a_small_region_like_a_large_one() -> (
    None
):
    rng = np.random.default_rng(0)
    photo = rng.uniform(-1, 1, (*SIZE, 3)).astype(np.float32)
    keep = np.ones((*SIZE, 1), np.float32)
    regions = _regions(slice(8, 24), slice(0, 8))  # skin 16 rows, hair 8 rows, the rest 8 rows
    assert float(losses.regional_consistency_loss(photo, photo, keep, regions)[0]) == 0.0
    hair_moved, rest_moved = photo.copy(), photo.copy()
    hair_moved[0, 0:8] += 0.2
    rest_moved[0, 24:32] += 0.2
    on_hair = float(losses.regional_consistency_loss(hair_moved, photo, keep, regions)[0])
    on_rest = float(losses.regional_consistency_loss(rest_moved, photo, keep, regions)[0])
    assert on_hair == pytest.approx(0.2 / 3, rel=1e-4), "one of three regions moved by 0.2"
    assert on_hair == pytest.approx(on_rest, rel=1e-4)
    # The pixel L1 of v4 gives the same shift a quarter of the weight (8 of 32 rows).
    pixel = float(losses.consistency_loss(hair_moved, photo, keep)[0])
    assert pixel == pytest.approx(0.05, rel=1e-4)


def test_regional_consistency_sees_colour_shifts_not_texture_and_only_where_nothing_may_move() -> None:
    rng = np.random.default_rng(1)
    photo = rng.uniform(-1, 1, (*SIZE, 3)).astype(np.float32)
    regions = _regions(slice(8, 24), slice(0, 8))
    keep = np.ones((*SIZE, 1), np.float32)
    textured = photo + CHECKER
    assert float(losses.regional_consistency_loss(textured, photo, keep, regions)[0]) == pytest.approx(
        0.0, abs=1e-6
    )
    moved = photo.copy()
    moved[0, 8:24] += 0.5  # the skin, where its strokes were taken away: allowed to move
    keep[0, 6:26] = 0.0
    assert float(losses.regional_consistency_loss(moved, photo, keep, regions)[0]) == pytest.approx(
        0.0, abs=1e-6
    )


def test_the_unhinted_colour_loss_asks_only_unpainted_regions_for_their_true_colour() -> None:
    rng = np.random.default_rng(2)
    truth = rng.uniform(-0.5, 0.5, (*SIZE, 3)).astype(np.float32)
    regions = _regions(slice(8, 24), slice(0, 8))
    no_hints = np.zeros((*SIZE, 4), np.float32)
    assert float(losses.unhinted_colour_loss(truth, truth, no_hints, regions)[0]) == 0.0
    darker_skin = truth.copy()
    darker_skin[0, 8:24] -= 0.3
    unpainted = float(losses.unhinted_colour_loss(truth, darker_skin, no_hints, regions)[0])
    assert unpainted == pytest.approx(0.15, rel=1e-4), "skin off by 0.3, hair right: the mean of the two"
    skin_painted = no_hints.copy()
    skin_painted[0, 12:14, 10:20, 3] = 1.0  # a stroke on the skin: its colour is the witness's to give
    assert float(losses.unhinted_colour_loss(truth, darker_skin, skin_painted, regions)[0]) == 0.0
    # Texture is free: only the region's mean colour counts.
    assert float(losses.unhinted_colour_loss(truth, truth + CHECKER, no_hints, regions)[0]) == pytest.approx(
        0.0, abs=1e-6
    )


def test_the_hinted_colour_loss_asks_only_painted_regions_for_their_painted_colour() -> None:
    rng = np.random.default_rng(4)
    truth = rng.uniform(-0.5, 0.5, (*SIZE, 3)).astype(np.float32)
    regions = _regions(slice(8, 24), slice(0, 8))
    hair_painted = np.zeros((*SIZE, 4), np.float32)
    hair_painted[0, 2:4, 10:20, 3] = 1.0
    paler_hair, darker_skin = truth.copy(), truth.copy()
    paler_hair[0, 0:8] += 0.4
    darker_skin[0, 8:24] -= 0.3
    assert float(losses.hinted_colour_loss(truth, truth, hair_painted, regions)[0]) == 0.0
    assert float(losses.hinted_colour_loss(truth, paler_hair, hair_painted, regions)[0]) == pytest.approx(
        0.4, rel=1e-4
    ), "the painted hair is off by 0.4"
    assert float(losses.hinted_colour_loss(truth, darker_skin, hair_painted, regions)[0]) == 0.0, (
        "the unpainted skin is the other term's"
    )
    no_hints = np.zeros_like(hair_painted)
    assert float(losses.hinted_colour_loss(truth, paler_hair, no_hints, regions)[0]) == 0.0


def test_a_recipe_with_an_unknown_consistency_mode_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new = 'consistency_mode = "regional"', 'consistency_mode = "region"'
    assert "consistency_mode 'region'" in refused_recipe_error(tmp_path, "v4b.toml", old, new, capsys)
