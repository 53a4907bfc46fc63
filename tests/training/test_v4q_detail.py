"""v4q's detail term (ADR 0018 addendum 15): the detail above an 8-px blur asked of a frozen earlier
generator, colour and lighting left to the colour terms."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from training import losses  # noqa: E402

SIZE = (1, 64, 48, 3)


def _face_like(seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    return rng.uniform(-0.5, 0.5, SIZE).astype(np.float32)


def test_the_detail_of_a_flat_photo_is_zero_and_a_colour_shift_leaves_it() -> None:
    flat = np.full(SIZE, 0.3, np.float32)
    assert float(tf.reduce_max(tf.abs(losses.detail(flat)))) < 1e-5
    photo = _face_like(1)
    recoloured = photo + np.array([0.2, -0.1, 0.05], np.float32)  # another colour, the same detail
    assert float(losses.detail_loss(photo, recoloured)[0]) < 1e-5


def test_zero_for_the_same_detail_and_positive_otherwise() -> None:
    photo = _face_like(1)
    assert float(losses.detail_loss(photo, photo)[0]) == pytest.approx(0.0, abs=1e-7)
    assert float(losses.detail_loss(photo, _face_like(2))[0]) > 0.1


def test_gradients_reach_the_generated_photo_only() -> None:
    teacher, generated = tf.constant(_face_like(1)), tf.Variable(_face_like(2))
    with tf.GradientTape(persistent=True) as tape:
        tape.watch(teacher)
        loss = losses.detail_loss(teacher, generated)
    teacher_gradient = tape.gradient(loss, teacher)
    assert teacher_gradient is None or not np.any(teacher_gradient.numpy())
    assert np.any(tape.gradient(loss, generated).numpy())


def test_a_recipe_with_an_earlier_generator_as_detail_teacher_trains_and_records_it(
    tiny_set: Path, tmp_path: Path
) -> None:
    import json

    from tests.training.conftest import write_tiny_stroke_recipe
    from training.__main__ import main

    first = write_tiny_stroke_recipe(tmp_path / "first.toml", tiny_set)
    base = ["--max-steps-per-epoch", "1", "--no-progress"]
    assert main(["train", "--recipe", str(first), "--out", str(tmp_path / "first"), *base]) == 0
    earlier = tmp_path / "first" / "snapshots" / "generator_epoch001.weights.h5"
    recipe = write_tiny_stroke_recipe(
        tmp_path / "v4q.toml",
        tiny_set,
        losses={"detail_weight": 100.0, "detail_teacher": str(earlier)},
    )
    run_dir = tmp_path / "run"
    assert main(["train", "--recipe", str(recipe), "--out", str(run_dir), *base]) == 0
    rows = list(csv.DictReader((run_dir / "metrics.csv").open()))
    assert float(rows[-1]["detail"]) > 0.0
    assert main(["export", str(run_dir), "--out", str(tmp_path / "v4q.onnx")]) == 0
    card = json.loads((tmp_path / "v4q.json").read_text(encoding="utf-8"))
    assert card["training"]["losses"]["detail_weight"] == 100.0
    assert card["training"]["losses"]["detail_teacher"].endswith("generator_epoch001.weights.h5")


def test_a_detail_weight_without_a_teacher_is_refused_before_anything_is_made(
    tiny_set: Path, tmp_path: Path, capsys
) -> None:
    from tests.training.conftest import write_tiny_stroke_recipe
    from training.__main__ import main

    for teacher in (None, str(tmp_path / "missing.weights.h5")):
        extra = {"detail_weight": 100.0, **({"detail_teacher": teacher} if teacher else {})}
        recipe = write_tiny_stroke_recipe(tmp_path / "bad.toml", tiny_set, losses=extra)
        assert main(["train", "--recipe", str(recipe), "--out", str(tmp_path / "run"), "--no-progress"]) != 0
        error = capsys.readouterr().err.strip().splitlines()
        assert len(error) == 1 and "detail_teacher" in error[0]
        assert not (tmp_path / "run").exists()
