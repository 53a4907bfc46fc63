"""Generator v3 end to end, tiny: the FaceNet teacher, one real training step with hints, export with the
``hints`` input, ONNX parity with Keras and the card's declaration (64×48, ngf 8: seconds on a CPU)."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from tests.training.conftest import TINY_HINTS_GENERATOR
from training.__main__ import main

pytestmark = pytest.mark.slow

TINY_V3 = [
    *TINY_HINTS_GENERATOR,
    "--identity-weight",
    "40",
    "--perceptual-weight",
    "10",
    "--hint-weight",
    "20",
    "--ssim-weight",
    "20",
    "--no-progress",
]


@pytest.fixture(scope="module")
def teacher():
    from training.teacher import FaceNetTeacher

    return FaceNetTeacher()


def test_teacher_embeds_a_batch_and_passes_gradients(teacher, datasets: Path) -> None:
    import tensorflow as tf

    from training import data

    pairs = data.discover_pairs([datasets / "faces" / "cufs_ar"])[:3]
    photos = data.model_targets(data.PairArrays.load(pairs).photos, 64, 48)
    image = tf.Variable(photos)
    with tf.GradientTape() as tape:
        out = teacher(image)  # batch 3: the graph's batch-1 reshapes were rewritten
        loss = tf.reduce_sum(out.embedding[0]) + tf.reduce_mean(out.features[0][0])
    gradient = tape.gradient(loss, image).numpy()
    embedding = out.embedding.numpy()
    assert embedding.shape == (3, 512)
    assert np.allclose(np.linalg.norm(embedding, axis=1), 1.0, atol=1e-4)
    assert np.abs(gradient[0]).max() > 0 and np.abs(gradient[1:]).max() == 0  # per-image, nothing leaks
    same = teacher(tf.constant(photos[:1])).embedding.numpy()
    assert float(same[0] @ embedding[0]) > 0.999  # batch size does not change an image's embedding


@pytest.fixture(scope="module")
def tiny_v3_run(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    from tests.training.conftest import train_tiny_run

    return train_tiny_run(
        tmp_path_factory.mktemp("tiny_v3"),
        datasets,
        [
            *TINY_V3,
            "--epochs",
            "1",
            "--low-l1-weight",
            "10",
            "--drop-greyscale-photos",
        ],
    )


def test_one_v3_step_trains_every_loss(tiny_v3_run: Path) -> None:
    import csv

    with (tiny_v3_run / "metrics.csv").open(newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    for key in ("g", "l1", "low_l1", "ssim", "id", "perc", "val_detail", "val_skin_de"):
        assert np.isfinite(float(row[key])) and float(row[key]) > 0, key
    config = json.loads((tiny_v3_run / "config.json").read_text())
    assert (config["architecture"], config["hints"], config["teacher"]) == ("s2d", True, "facenet")
    assert config["drop_greyscale_photos"] is True


def test_v3_export_takes_hints_matches_keras_and_declares_them(tiny_v3_run: Path, tmp_path: Path) -> None:
    from training.export import parity_inputs
    from training.train import load_generator

    model_path = tmp_path / "v3.onnx"
    assert main(["export", str(tiny_v3_run), "--out", str(model_path)]) == 0
    model = onnx.load(str(model_path))
    assert [i.name for i in model.graph.input] == ["sketch", "hints"]
    dims = [d.dim_value or d.dim_param for d in model.graph.input[1].type.tensor_type.shape.dim]
    assert dims[1:] == [64, 48, 4] and isinstance(dims[0], str)
    assert [o.name for o in model.graph.output] == ["photo"]

    card = json.loads(model_path.with_suffix(".json").read_text())
    assert card["hints"]["name"] == "hints" and card["hints"]["shape"] == [None, 64, 48, 4]
    assert card["export"]["parity_max_abs_diff"] <= 1e-3
    assert "CASIA-WebFace" in card["training"]["losses"]["teacher"]["model"]

    generator, config = load_generator(tiny_v3_run)
    sketches, hints = parity_inputs(config)
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    got = session.run(["photo"], {"sketch": sketches, "hints": hints})[0]
    assert got.shape == (len(sketches), 64, 48, 3)
    assert np.max(np.abs(got - generator([sketches, hints], training=False).numpy())) <= 1e-3
    # The hints change the photo: the input is wired, not ignored.
    without = session.run(["photo"], {"sketch": sketches, "hints": np.zeros_like(hints)})[0]
    assert np.max(np.abs(without - got)) > 0


def test_low_frequency_l1_ignores_detail_but_not_colour() -> None:
    import tensorflow as tf

    from training.losses import l1_loss, low_frequency_l1_loss

    photo = tf.random.uniform((1, 64, 48, 3), -0.5, 0.5, seed=1)
    checker = tf.constant((np.indices((64, 48)).sum(axis=0) % 2 * 2 - 1)[None, :, :, None] * 0.2, tf.float32)
    detailed = photo + checker  # zero mean over every 8×8 block: pure high-frequency detail
    assert float(low_frequency_l1_loss(photo, detailed)[0]) < 1e-6 < float(l1_loss(photo, detailed)[0])
    tinted = photo + tf.constant([0.1, 0.0, -0.1])
    assert float(low_frequency_l1_loss(photo, tinted)[0]) == pytest.approx(0.2 / 3, rel=1e-4)
