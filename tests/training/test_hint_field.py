"""The colour branch (ADR 0014): the hint field spreads a dot's colour, a run starts from another run's
checkpoint with the branch silent, and the exported model matches Keras with the branch in it."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pytest

from s2c_desktop.errors import S2CError
from tests.training.conftest import TINY_HINTS_GENERATOR
from training import hints as hints_mod
from training.__main__ import main

pytestmark = pytest.mark.slow

TINY = [
    *TINY_HINTS_GENERATOR,
    "--identity-weight",
    "0",
    "--perceptual-weight",
    "0",
    "--hint-weight",
    "5",
    "--epochs",
    "1",
    "--no-progress",
]


def _field(layer: np.ndarray) -> np.ndarray:
    from training.hint_field import HintField

    return HintField()(hints_mod.to_model_input(layer)[None]).numpy()[0]


def test_a_dot_on_the_nose_colours_the_cheeks_and_fades_far_away() -> None:
    colour = (200, 100, 50)
    field = _field(hints_mod.render([hints_mod.Hint("skin", 100, 152, colour, 3.5)], 256, 208))
    expected = np.array(colour) / 127.5 - 1.0
    assert field.shape == (128, 104, 12)
    cheek = field[82, 35]  # 40 px from the dot in the frame
    assert (
        np.allclose(cheek[4:7], expected, atol=0.02) and cheek[7] > 0.99
    )  # face-wide width: the dot's colour
    assert np.allclose(field[0, 0, 8:11], expected, atol=0.02)  # the mean of all hints reaches every pixel
    assert field[5, 5, 3] < 0.01 < field[78, 52, 3]  # the local width's mass falls with distance
    assert np.abs(_field(np.zeros((256, 208, 4), np.uint8))).max() == 0.0  # no hints, no field


def test_two_colours_mix_by_distance_in_the_local_field() -> None:
    skin, hair = (200, 100, 50), (20, 20, 20)
    field = _field(
        hints_mod.render(
            [hints_mod.Hint("skin", 100, 152, skin, 3.5), hints_mod.Hint("hair", 100, 38, hair, 3.5)],
            256,
            208,
        )
    )
    assert np.allclose(
        field[78, 52, :3], np.array(skin) / 127.5 - 1.0, atol=0.02
    )  # on the nose: the skin dot
    assert np.allclose(
        field[20, 52, :3], np.array(hair) / 127.5 - 1.0, atol=0.02
    )  # on the hair: the hair dot


@pytest.fixture(scope="module")
def source_run(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> Path:
    from tests.training.conftest import train_tiny_run

    return train_tiny_run(tmp_path_factory.mktemp("source"), datasets, TINY)


def test_the_branch_starts_silent_so_a_started_run_keeps_the_sources_output(source_run: Path) -> None:
    from training.export import parity_inputs
    from training.train import TrainConfig, init_source_config, load_generator
    from training.trainer import Trainer

    source, config = load_generator(source_run)
    branched = TrainConfig(
        **{**config.__dict__, "hint_field": True, "out": str(source_run.parent / "unused")}
    )
    trainer = Trainer(branched)
    prefix = str(source_run / "checkpoints" / "ckpt-1")
    fresh = trainer.initialise_from(prefix, init_source_config(prefix))
    assert fresh == ["colour_conv", "colour_out"]
    sketches, hints = parity_inputs(config)
    expected = source([sketches, hints], training=False).numpy()
    got = trainer.generator([sketches, hints], training=False).numpy()
    assert np.max(np.abs(got - expected)) < 1e-6


def test_init_from_refuses_a_missing_checkpoint_and_a_field_without_hints(
    source_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from training.train import TrainConfig, init_source_config
    from training.trainer import build_generator

    config = TrainConfig.load(source_run / "config.json")
    with pytest.raises(S2CError, match="no such checkpoint"):
        init_source_config(str(source_run / "checkpoints" / "ckpt-99"))
    with pytest.raises(S2CError, match="--hint-field needs --hints"):
        build_generator(TrainConfig(**{**config.__dict__, "hint_field": True, "hints": False}))
    code = main(
        [
            "train",
            "--data",
            str(source_run.parent / "tiny_ar"),
            "--out",
            str(tmp_path / "run"),
            *TINY,
            "--hint-field",
            "--init-from",
            str(tmp_path / "nothing" / "ckpt-3"),
        ]
    )
    lines = capsys.readouterr().err.strip().splitlines()
    assert code != 0 and lines[-1].startswith("error:") and "no such checkpoint" in lines[-1]


def test_a_branched_run_trains_exports_and_matches_keras(source_run: Path, tmp_path: Path) -> None:
    from training.export import parity_inputs
    from training.train import load_generator

    run_dir = tmp_path / "branched"
    assert (
        main(
            [
                "train",
                "--data",
                str(source_run.parent / "tiny_ar"),
                "--out",
                str(run_dir),
                *TINY,
                "--max-steps-per-epoch",
                "1",
                "--hint-field",
                "--init-from",
                str(source_run / "checkpoints" / "ckpt-1"),
            ]
        )
        == 0
    )
    model_path = tmp_path / "branched.onnx"
    assert main(["export", str(run_dir), "--out", str(model_path)]) == 0
    card = json.loads(model_path.with_suffix(".json").read_text())
    assert card["export"]["parity_max_abs_diff"] <= 1e-3
    assert "colour field" in card["training"]["hints"]["colour_branch"]
    generator, config = load_generator(run_dir)
    sketches, hints = parity_inputs(config)
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    got = session.run(["photo"], {"sketch": sketches, "hints": hints})[0]
    assert np.max(np.abs(got - generator([sketches, hints], training=False).numpy())) <= 1e-3
