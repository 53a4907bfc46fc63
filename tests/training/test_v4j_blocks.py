"""v4j's unpainted colour part by part (ADR 0018 addendum 9): an unpainted skin or hair keeps its true colour
in every 8×8 block, not only on average."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from tests.training.conftest import refused_recipe_error  # noqa: E402
from training import losses  # noqa: E402

SIZE = (1, 32, 32)
CHECKER = (np.indices(SIZE[1:]).sum(axis=0) % 2 * 0.4 - 0.2)[None, :, :, None].astype(np.float32)


def _regions() -> np.ndarray:
    regions = np.zeros((*SIZE, 2), np.float32)
    regions[0, 8:24, :, 0] = 1.0  # skin: 16 rows
    regions[0, 0:8, :, 1] = 1.0  # hair: 8 rows
    return regions


def _truth() -> np.ndarray:
    return np.random.default_rng(0).uniform(-0.5, 0.5, (*SIZE, 3)).astype(np.float32)


def test_the_block_term_is_zero_for_the_true_photo_and_blind_to_texture() -> None:
    truth, regions, no_hints = _truth(), _regions(), np.zeros((*SIZE, 4), np.float32)
    assert float(losses.unhinted_block_colour_loss(truth, truth, no_hints, regions)[0]) == 0.0
    textured = truth + CHECKER
    assert float(losses.unhinted_block_colour_loss(truth, textured, no_hints, regions)[0]) == pytest.approx(
        0.0, abs=1e-6
    )


def test_a_face_lighter_in_the_middle_and_darker_at_the_edges_costs_though_its_mean_is_right() -> None:
    truth, regions, no_hints = _truth(), _regions(), np.zeros((*SIZE, 4), np.float32)
    shaded = truth.copy()
    shaded[0, 8:24, 8:24] += 0.2  # the middle of the skin lighter ...
    shaded[0, 8:24, :8] -= 0.2  # ... and its edges darker, by as much in all
    shaded[0, 8:24, 24:] -= 0.2
    region_mean = float(losses.unhinted_colour_loss(truth, shaded, no_hints, regions)[0])
    blocks = float(losses.unhinted_block_colour_loss(truth, shaded, no_hints, regions)[0])
    assert region_mean == pytest.approx(0.0, abs=1e-6), "the region's mean is unchanged"
    assert blocks == pytest.approx(0.2 / 2, rel=1e-4), "every skin block is 0.2 off; the hair is right"


def test_a_painted_region_is_left_to_its_strokes() -> None:
    truth, regions = _truth(), _regions()
    off = truth + 0.3
    skin_painted = np.zeros((*SIZE, 4), np.float32)
    skin_painted[0, 12:14, 4:20, 3] = 1.0
    with_paint = float(losses.unhinted_block_colour_loss(truth, off, skin_painted, regions)[0])
    assert with_paint == pytest.approx(0.3, rel=1e-4), "only the hair counts, 0.3 off"


def test_a_recipe_with_an_unknown_unhinted_colour_mode_is_one_error_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new = '[losses]\nunhinted_colour_mode = "tiles"\n'
    assert "unhinted_colour_mode 'tiles'" in refused_recipe_error(
        tmp_path, "v4i.toml", "[losses]\n", new, capsys
    )


def test_a_recipe_with_the_block_term_trains_and_its_card_says_so(datasets: Path, tmp_path: Path) -> None:
    import json

    from tests.training.conftest import link_set, write_tiny_stroke_recipe
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    recipe = write_tiny_stroke_recipe(
        tmp_path / "v4j.toml",
        data_dir,
        losses={
            "unhinted_colour_weight": 100.0,
            "unhinted_colour_mode": "blocks",
        },
    )
    run_dir = tmp_path / "run"
    argv = ["train", "--recipe", str(recipe), "--out", str(run_dir), "--max-steps-per-epoch", "1"]
    assert main([*argv, "--no-progress"]) == 0
    assert main(["export", str(run_dir), "--out", str(tmp_path / "v4j.onnx")]) == 0
    card = json.loads((tmp_path / "v4j.json").read_text(encoding="utf-8"))
    assert card["training"]["losses"]["unhinted_colour_mode"] == "blocks"
