"""v4e's scan-line notch (issue 24 §3, ADR 0018 addendum 4): horizontal line patterns leave the photo,
everything else stays; a generator made without it starts v4e and exports with parity."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from tests.training.conftest import link_set, write_tiny_stroke_recipe  # noqa: E402
from training import models  # noqa: E402
from training.models import ScanLineNotch  # noqa: E402

HEIGHT, WIDTH = 64, 48
LINE_FREQUENCY = 0.31  # cycles/px: where every v4 snapshot's spectrum peaked


def _notched(image: np.ndarray) -> np.ndarray:
    return ScanLineNotch()(tf.constant(image[None, ..., None], tf.float32)).numpy()[0, ..., 0]


def _ramp() -> np.ndarray:
    rows, cols = np.mgrid[0:HEIGHT, 0:WIDTH].astype(np.float32)
    return 0.4 * rows / HEIGHT - 0.3 * cols / WIDTH


def test_horizontal_lines_leave_and_a_smooth_photo_stays() -> None:
    rows = np.arange(HEIGHT, dtype=np.float32)[:, None]
    lines = 0.2 * np.sin(2 * np.pi * LINE_FREQUENCY * rows) * np.ones((1, WIDTH), np.float32)
    smooth = _ramp()
    out = _notched(smooth + lines)
    inner = (slice(8, -8), slice(8, -8))  # away from the mirrored edges
    left = out[inner] - smooth[inner]
    assert np.abs(left).max() < 0.2 * np.abs(lines[inner]).max(), "the lines are mostly gone"
    np.testing.assert_allclose(_notched(smooth)[inner], smooth[inner], atol=1e-3)  # a ramp is untouched
    flat = np.full((HEIGHT, WIDTH), 0.3, np.float32)
    np.testing.assert_allclose(_notched(flat), flat, atol=1e-6)


def test_vertical_lines_a_dot_and_a_short_edge_keep_their_contrast() -> None:
    cols = np.arange(WIDTH, dtype=np.float32)[None, :]
    vertical = 0.2 * np.sin(2 * np.pi * LINE_FREQUENCY * cols) * np.ones((HEIGHT, 1), np.float32)
    np.testing.assert_allclose(_notched(vertical), vertical, atol=1e-5)  # no vertical change: nothing to take
    dot = np.zeros((HEIGHT, WIDTH), np.float32)
    dot[30, 24] = 1.0
    assert _notched(dot)[30, 24] > 0.9, "a pore-sized detail keeps 90 % of itself"
    edge = np.zeros((HEIGHT, WIDTH), np.float32)
    edge[30:, 20:26] = 1.0  # the end of a 6-px wide stroke
    out = _notched(edge)
    assert out[32, 23] - out[27, 23] > 0.85, "a short horizontal edge keeps its step"


def test_a_notched_generator_starts_from_weights_made_without_it_and_exports_with_parity(
    datasets: Path, tmp_path: Path
) -> None:
    from training.__main__ import main

    source = models.build_generator_v3(HEIGHT, WIDTH, ngf=8, blocks=1, hint_field=True, anti_alias=True)
    parent = tmp_path / "parent.weights.h5"
    source.save_weights(parent)
    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    recipe = write_tiny_stroke_recipe(
        tmp_path / "notch.toml", data_dir, model={"scan_line_notch": True, "init_from": str(parent)}
    )
    run_dir = tmp_path / "run"
    argv = ["train", "--recipe", str(recipe), "--out", str(run_dir), "--max-steps-per-epoch", "1"]
    assert main([*argv, "--no-progress"]) == 0
    assert main(["export", str(run_dir), "--out", str(tmp_path / "notch.onnx")]) == 0
    card = json.loads((tmp_path / "notch.json").read_text(encoding="utf-8"))
    assert card["export"]["parity_max_abs_diff"] <= 1e-3
    assert card["architecture"]["scan_line_notch"] is True
    assert "line patterns" in card["architecture"]["summary"]


def test_a_discriminator_that_sees_the_hints_trains_a_tiny_stroke_recipe(
    datasets: Path, tmp_path: Path
) -> None:
    """v4g (ADR 0018 addendum 6): the discriminators take the sketch and the hints layer (5 channels)."""
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    recipe = write_tiny_stroke_recipe(
        tmp_path / "v4g.toml", data_dir, model={"scan_line_notch": True, "discriminator_sees_hints": True}
    )
    run_dir = tmp_path / "run"
    argv = ["train", "--recipe", str(recipe), "--out", str(run_dir), "--max-steps-per-epoch", "1"]
    assert main([*argv, "--no-progress"]) == 0
    header, row = (run_dir / "metrics.csv").read_text().splitlines()[:2]
    values = dict(zip(header.split(","), row.split(","), strict=True))
    assert float(values["d"]) > 0.0
    assert main(["export", str(run_dir), "--out", str(tmp_path / "v4g.onnx")]) == 0
    card = json.loads((tmp_path / "v4g.json").read_text(encoding="utf-8"))
    assert card["training"]["losses"]["discriminator_sees_hints"] is True


def test_a_discriminator_that_sees_the_hints_needs_a_generator_with_hints(tmp_path: Path) -> None:
    from s2c_desktop.errors import S2CError
    from training.config import TrainConfig
    from training.trainer import Trainer

    config = TrainConfig(
        data_dirs=[], out=str(tmp_path), height=64, width=48, ngf=8, blocks=1, discriminator_sees_hints=True
    )
    with pytest.raises(S2CError, match="needs a generator with hints"):
        Trainer(config)
