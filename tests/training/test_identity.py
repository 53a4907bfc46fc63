"""The SSIM and identity terms, and the distilled face embedder behind the latter (real dlib teacher)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import numpy as np
import pytest
import tensorflow as tf

from training import losses
from training.__main__ import main

pytestmark = pytest.mark.slow

TINY = ["--size", "80x64", "--ngf", "8", "--ndf", "8", "--batch", "1", "--no-progress"]


def test_ssim_loss_is_zero_for_the_same_image_and_grows_with_damage() -> None:
    rng = np.random.default_rng(0)
    image = tf.constant(rng.uniform(-1, 1, (2, 64, 48, 3)).astype(np.float32))
    noisy = tf.clip_by_value(image + rng.normal(0, 0.3, image.shape).astype(np.float32), -1, 1)
    same = losses.ssim_loss(image, image).numpy()
    damaged = losses.ssim_loss(image, noisy).numpy()
    assert same.shape == (2,) and np.allclose(same, 0.0, atol=1e-5)
    assert np.all(damaged > 0.1)


def test_identity_loss_is_the_squared_distance_and_only_moves_the_generated_side() -> None:
    real = tf.Variable([[0.0, 0.0, 1.0]])
    fake = tf.Variable([[0.0, 2.0, 1.0]])
    with tf.GradientTape() as tape:
        loss = losses.identity_loss(real, fake)
    real_grad, fake_grad = tape.gradient(loss, [real, fake])
    assert loss.numpy().tolist() == [4.0]
    assert real_grad is None
    assert fake_grad.numpy().tolist() == [[0.0, 4.0, 0.0]]


@pytest.fixture(scope="module")
def tiny_embedder(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> tuple[Path, Path]:
    from tests.training.conftest import link_set
    from training.identity import train_embedder

    root = tmp_path_factory.mktemp("embedder")
    data_dir = link_set(datasets / "faces" / "cufs_ar", root / "tiny_ar", count=6)
    out = root / "embedder"
    train_embedder([data_dir], out, height=80, width=64, epochs=2, batch=2, progress=False)
    return data_dir, out


def test_embedder_learns_from_training_photos_only(tiny_embedder: tuple[Path, Path]) -> None:
    from training import data as data_mod

    data_dir, out = tiny_embedder
    meta = json.loads((out / "embedder.json").read_text())
    train, validation = data_mod.split_pairs(data_mod.discover_pairs([data_dir]))
    assert meta["train_photos"] == len(train) and meta["validation_photos"] == len(validation) >= 1
    assert (meta["height"], meta["width"]) == (80, 64)
    assert np.isfinite(meta["fit_validation"]["mse"]) and 0 <= meta["fit_validation"]["rank1"] <= 1
    assert (out / "embedder.weights.h5").stat().st_size > 0


def test_embedder_of_another_size_is_refused(tiny_embedder: tuple[Path, Path]) -> None:
    from s2c_desktop.errors import S2CError
    from training.identity import load_embedder

    _, out = tiny_embedder
    model = load_embedder(out, 80, 64)
    assert model.output_shape == (None, 128) and not model.trainable
    with pytest.raises(S2CError, match="is for 80×64"):
        load_embedder(out, 160, 128)


def test_training_with_ssim_and_identity_terms_logs_them(tiny_embedder, tmp_path: Path) -> None:
    data_dir, embedder = tiny_embedder
    run_dir = tmp_path / "run"
    args = [
        "train",
        "--data",
        str(data_dir),
        "--out",
        str(run_dir),
        *TINY,
        "--epochs",
        "1",
        "--max-steps-per-epoch",
        "2",
        "--ssim-weight",
        "50",
        "--identity-weight",
        "10",
        "--embedder",
        str(embedder),
    ]
    assert main(args) == 0
    with (run_dir / "metrics.csv").open(newline="") as handle:
        (row,) = list(csv.DictReader(handle))
    assert 0 < float(row["ssim"]) <= 2 and float(row["id"]) > 0
    config = json.loads((run_dir / "config.json").read_text())
    assert config["identity_weight"] == 10 and config["embedder"] == str(embedder.resolve())

    model_path = tmp_path / "model.onnx"
    assert main(["export", str(run_dir), "--out", str(model_path)]) == 0
    card_losses = json.loads(model_path.with_suffix(".json").read_text())["training"]["losses"]
    assert card_losses["ssim_weight"] == 50 and card_losses["identity_weight"] == 10
    assert (
        card_losses["identity_embedder"]["train_photos"]
        == json.loads((embedder / "embedder.json").read_text())["train_photos"]
    )


def test_identity_weight_without_an_embedder_fails_clearly(tiny_embedder, tmp_path: Path, capsys) -> None:
    data_dir, _ = tiny_embedder
    run_dir = tmp_path / "run"
    code = main(
        [
            "train",
            "--data",
            str(data_dir),
            "--out",
            str(run_dir),
            *TINY,
            "--epochs",
            "1",
            "--identity-weight",
            "10",
        ]
    )
    assert code != 0
    assert "--identity-weight needs --embedder" in capsys.readouterr().err
    assert not (run_dir / "checkpoints").exists() or not any((run_dir / "checkpoints").iterdir())


def test_embedder_command_on_a_missing_folder_fails_clearly(tmp_path: Path, capsys) -> None:
    code = main(["embedder", "--data", str(tmp_path / "nowhere"), "--out", str(tmp_path / "e")])
    assert code != 0
    assert "error:" in capsys.readouterr().err
    assert not (tmp_path / "e").exists()
