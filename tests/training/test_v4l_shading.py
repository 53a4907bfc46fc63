"""v4l's shading term (ADR 0018 addendum 11): a painted skin keeps the spread of lightness of its true
(recoloured) photo, so a face painted a light tone is not a flat mask."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from training import losses  # noqa: E402

SIZE = (1, 32, 32)


def _skin() -> np.ndarray:
    regions = np.zeros((*SIZE, 2), np.float32)
    regions[0, 4:28, 4:28, 0] = 1.0
    return regions


def _shaded(contrast: float) -> np.ndarray:
    ramp = np.linspace(-contrast, contrast, SIZE[2], dtype=np.float32)[None, None, :, None]
    return np.broadcast_to(0.3 + ramp, (*SIZE, 3)).copy()


PAINTED = np.zeros((*SIZE, 4), np.float32)
PAINTED[0, 10:12, 8:20, 3] = 1.0


def test_zero_for_the_same_shading_and_the_gap_in_spread_otherwise() -> None:
    truth, skin = _shaded(0.3), _skin()
    assert float(losses.shading_loss(truth, truth, PAINTED, skin)[0]) == pytest.approx(0.0, abs=1e-3)
    brighter = truth + 0.2  # the same shading, another tone: free
    assert float(losses.shading_loss(truth, brighter, PAINTED, skin)[0]) == pytest.approx(0.0, abs=1e-3)
    flat = _shaded(0.1)
    expected = np.std(truth[0, 4:28, 4:28, 0]) - np.std(flat[0, 4:28, 4:28, 0])
    assert float(losses.shading_loss(truth, flat, PAINTED, skin)[0]) == pytest.approx(expected, rel=1e-2)


def test_only_painted_skins_count_and_only_the_skin_is_read() -> None:
    truth, skin = _shaded(0.3), _skin()
    flat = _shaded(0.0)
    assert float(losses.shading_loss(truth, flat, np.zeros_like(PAINTED), skin)[0]) == 0.0
    outside = truth.copy()
    outside[0, :4] = 1.0  # not skin
    assert float(losses.shading_loss(truth, outside, PAINTED, skin)[0]) == pytest.approx(0.0, abs=1e-3)


def test_a_recipe_with_the_shading_term_trains_and_logs_it(datasets: Path, tmp_path: Path) -> None:
    import json

    from tests.training.conftest import link_set, write_tiny_stroke_recipe
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    recipe = write_tiny_stroke_recipe(tmp_path / "v4l.toml", data_dir, losses={"shading_weight": 50.0})
    run_dir = tmp_path / "run"
    argv = ["train", "--recipe", str(recipe), "--out", str(run_dir), "--max-steps-per-epoch", "1"]
    assert main([*argv, "--no-progress"]) == 0
    header = (run_dir / "metrics.csv").read_text().splitlines()[0].split(",")
    assert "shading" in header
    assert main(["export", str(run_dir), "--out", str(tmp_path / "v4l.onnx")]) == 0
    card = json.loads((tmp_path / "v4l.json").read_text(encoding="utf-8"))
    assert card["training"]["losses"]["shading_weight"] == 50.0
