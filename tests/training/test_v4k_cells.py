"""v4k's unpainted colour per cell (ADR 0018 addendum 10): the mean colour of an unpainted region's pixels in
each large cell, so the face's large parts keep their true colour and the shading inside them stays free."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from tests.training.conftest import refused_recipe_error  # noqa: E402
from training import losses  # noqa: E402

SIZE = (1, 32, 32)


def _truth() -> np.ndarray:
    return np.random.default_rng(0).uniform(-0.5, 0.5, (*SIZE, 3)).astype(np.float32)


def _skin(rows: slice = slice(0, 32), cols: slice = slice(0, 32)) -> np.ndarray:
    regions = np.zeros((*SIZE, 2), np.float32)
    regions[0, rows, cols, 0] = 1.0
    return regions


NO_HINTS = np.zeros((*SIZE, 4), np.float32)


def test_the_shading_inside_a_cell_is_free_and_a_cast_over_it_is_not() -> None:
    truth, skin = _truth(), _skin()
    cells = (np.indices(SIZE[1:]) // 8).sum(axis=0) % 2 * 0.4 - 0.2  # ±0.2 in 8-px squares
    shaded = truth + cells[None, :, :, None].astype(np.float32)
    assert float(losses.unhinted_cell_colour_loss(truth, truth, NO_HINTS, skin, 16)[0]) == 0.0
    assert float(losses.unhinted_cell_colour_loss(truth, shaded, NO_HINTS, skin, 16)[0]) == pytest.approx(
        0.0, abs=1e-6
    )
    assert float(losses.unhinted_block_colour_loss(truth, shaded, NO_HINTS, skin)[0]) == pytest.approx(
        0.2, rel=1e-4
    ), "v4j's 8-px blocks ask for every shade"
    cast = truth.copy()
    cast[0, :16] += 0.1  # the upper half lighter, the lower darker: the region's mean is right
    cast[0, 16:] -= 0.1
    assert float(losses.unhinted_colour_loss(truth, cast, NO_HINTS, skin)[0]) == pytest.approx(0.0, abs=1e-6)
    assert float(losses.unhinted_cell_colour_loss(truth, cast, NO_HINTS, skin, 16)[0]) == pytest.approx(
        0.1, rel=1e-4
    )


def test_a_cell_reads_only_the_region_in_it_and_counts_when_half_covered() -> None:
    truth = _truth()
    skin = _skin(rows=slice(0, 24))  # the lower cells are half skin
    moved = truth.copy()
    moved[0, 24:] += 0.5  # not skin: free
    assert float(losses.unhinted_cell_colour_loss(truth, moved, NO_HINTS, skin, 16)[0]) == pytest.approx(
        0.0, abs=1e-6
    )
    moved[0, 16:24] += 0.2  # the skin half of the lower cells
    assert float(losses.unhinted_cell_colour_loss(truth, moved, NO_HINTS, skin, 16)[0]) == pytest.approx(
        0.1, rel=1e-4
    ), "two of four cells 0.2 off"


def test_a_painted_region_is_left_to_its_strokes() -> None:
    truth, skin = _truth(), _skin()
    painted = NO_HINTS.copy()
    painted[0, 4:6, 4:20, 3] = 1.0
    assert float(losses.unhinted_cell_colour_loss(truth, truth + 0.3, painted, skin, 16)[0]) == 0.0


def test_a_recipe_with_the_cell_term_trains_and_its_card_says_so(datasets: Path, tmp_path: Path) -> None:
    import json

    from tests.training.conftest import link_set, write_tiny_stroke_recipe
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    losses_table = {
        "unhinted_colour_weight": 100.0,
        "unhinted_colour_mode": "cells",
        "unhinted_colour_cell": 16,
    }
    recipe = write_tiny_stroke_recipe(tmp_path / "v4k.toml", data_dir, losses=losses_table)
    run_dir = tmp_path / "run"
    argv = ["train", "--recipe", str(recipe), "--out", str(run_dir), "--max-steps-per-epoch", "1"]
    assert main([*argv, "--no-progress"]) == 0
    assert main(["export", str(run_dir), "--out", str(tmp_path / "v4k.onnx")]) == 0
    card = json.loads((tmp_path / "v4k.json").read_text(encoding="utf-8"))
    assert (
        card["training"]["losses"]["unhinted_colour_mode"],
        card["training"]["losses"]["unhinted_colour_cell"],
    ) == (
        "cells",
        16,
    )


def test_a_cell_size_out_of_range_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = "[losses]\nunhinted_colour_cell = 0\n"
    assert "unhinted_colour_cell 0" in refused_recipe_error(tmp_path, "v4j.toml", "[losses]\n", new, capsys)
