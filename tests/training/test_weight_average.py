"""The generator's exponential moving average (``--ema-decay``): kept beside the trained weights, restored on
resume, snapshotted and exported in their place (ADR 0016). Tiny s2d runs on four real pairs, no teacher."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.training.conftest import TINY_HINTS_GENERATOR
from training.__main__ import main

pytestmark = pytest.mark.slow

TINY_S2D = [*TINY_HINTS_GENERATOR, "--no-progress", "--snapshot-every", "1"]


def _weights(path: Path) -> list[np.ndarray]:
    from training.train import load_generator

    generator, _ = load_generator(path.parent.parent, str(path))
    return [w.numpy() for w in generator.weights]


def test_one_step_moves_the_average_by_one_minus_decay_of_the_step(tiny_set: Path, tmp_path: Path) -> None:
    from training.train import TrainConfig
    from training.trainer import Trainer

    config = TrainConfig(
        data_dirs=[str(tiny_set)],
        out=str(tmp_path / "run"),
        height=64,
        width=48,
        architecture="s2d",
        ngf=8,
        blocks=1,
        hints=True,
        ndf=8,
        batch=2,
        d_scales=1,
        ema_decay=0.75,
    )
    trainer = Trainer(config)
    trainer.reset_average()
    before = [w.numpy() for w in trainer.generator.weights]
    rng = np.random.default_rng(0)
    sketch = rng.integers(0, 255, (2, 64, 48, 1), dtype=np.uint8).astype(np.float32) / 127.5 - 1
    photo = rng.integers(0, 255, (2, 64, 48, 3), dtype=np.uint8).astype(np.float32) / 127.5 - 1
    trainer.train_step(sketch, photo, np.zeros((2, 64, 48, 4), np.float32))
    after = [w.numpy() for w in trainer.generator.weights]
    average = [w.numpy() for w in trainer.averaged_generator.weights]
    moved = [i for i, (b, a) in enumerate(zip(before, after, strict=True)) if not np.allclose(b, a)]
    assert moved, "the step changed no weight"
    for b, a, m in zip(before, after, average, strict=True):
        np.testing.assert_allclose(m, 0.75 * b + 0.25 * a, rtol=1e-5, atol=1e-6)


def test_averaged_run_snapshots_both_and_resumes_its_average(tiny_set: Path, tmp_path: Path) -> None:
    from training.train import load_generator

    run = tmp_path / "run"
    # a decay this close to 1 keeps the average at the initial weights while the trained ones move
    common = [
        "train",
        "--data",
        str(tiny_set),
        "--out",
        str(run),
        "--max-steps-per-epoch",
        "2",
        *TINY_S2D,
        "--ema-decay",
        "0.999999",
    ]
    assert main([*common, "--epochs", "1"]) == 0
    averaged = _weights(run / "snapshots" / "generator_epoch001.weights.h5")
    raw = _weights(run / "snapshots" / "generator_epoch001_raw.weights.h5")
    assert any(not np.allclose(a, r, atol=1e-4) for a, r in zip(averaged, raw, strict=True))
    latest, _ = load_generator(run)  # what export loads from a checkpoint: the average
    for a, w in zip(averaged, latest.weights, strict=True):
        np.testing.assert_array_equal(a, w.numpy())
    assert (
        main(
            [
                "train",
                "--data",
                str(tiny_set),
                "--out",
                str(run),
                "--max-steps-per-epoch",
                "2",
                "--resume",
                "--epochs",
                "2",
                "--no-progress",
            ]
        )
        == 0
    )
    # resumed, the average continues from the checkpoint instead of restarting at the trained weights
    second = _weights(run / "snapshots" / "generator_epoch002.weights.h5")
    for s, a in zip(second, averaged, strict=True):
        np.testing.assert_allclose(s, a, atol=1e-4)
    # the export carries the average, matches it in onnxruntime and says so on its card
    model_path = tmp_path / "model.onnx"
    assert main(["export", str(run), "--out", str(model_path)]) == 0
    card = json.loads(model_path.with_suffix(".json").read_text())
    assert "moving average" in card["training"]["optimizer"]["weight_average"]
    assert card["export"]["parity_max_abs_diff"] <= 1e-3


def test_a_run_started_from_an_averaged_run_starts_from_its_average(tiny_set: Path, tmp_path: Path) -> None:
    source, target = tmp_path / "source", tmp_path / "target"
    steps = ["--max-steps-per-epoch", "2", *TINY_S2D, "--ema-decay", "0.999999", "--epochs", "1"]
    assert main(["train", "--data", str(tiny_set), "--out", str(source), *steps]) == 0
    assert (
        main(
            [
                "train",
                "--data",
                str(tiny_set),
                "--out",
                str(target),
                *steps,
                "--init-from",
                str(source / "checkpoints" / "ckpt-1"),
            ]
        )
        == 0
    )
    source_average = _weights(source / "snapshots" / "generator_epoch001.weights.h5")
    source_raw = _weights(source / "snapshots" / "generator_epoch001_raw.weights.h5")
    # the target's own average barely moves from where it started: the source's average, not its raw weights
    target_average = _weights(target / "snapshots" / "generator_epoch001.weights.h5")
    for t, a in zip(target_average, source_average, strict=True):
        np.testing.assert_allclose(t, a, atol=1e-4)
    assert any(not np.allclose(t, r, atol=1e-4) for t, r in zip(target_average, source_raw, strict=True))


def test_warmup_ramps_the_rate_linearly_then_holds_it() -> None:
    from training.train import warmed_up

    assert [warmed_up(1e-4, step, 4) for step in range(6)] == pytest.approx(
        [2.5e-5, 5e-5, 7.5e-5, 1e-4, 1e-4, 1e-4]
    )
    assert warmed_up(1e-4, 0, 0) == 1e-4


def test_a_warmed_up_start_moves_the_weights_it_started_from_far_less(tiny_set: Path, tmp_path: Path) -> None:
    def distance_moved(run: Path, extra: list[str]) -> float:
        # the average at decay 0.999999 stays at the first weights: raw − average is how far the steps moved
        assert (
            main(
                [
                    "train",
                    "--data",
                    str(tiny_set),
                    "--out",
                    str(run),
                    "--max-steps-per-epoch",
                    "2",
                    *TINY_S2D,
                    "--ema-decay",
                    "0.999999",
                    "--epochs",
                    "1",
                    *extra,
                ]
            )
            == 0
        )
        average = _weights(run / "snapshots" / "generator_epoch001.weights.h5")
        raw = _weights(run / "snapshots" / "generator_epoch001_raw.weights.h5")
        return sum(float(np.abs(r - a).sum()) for r, a in zip(raw, average, strict=True))

    plain = distance_moved(tmp_path / "plain", [])
    warmed = distance_moved(tmp_path / "warmed", ["--warmup-steps", "100"])
    assert warmed < plain / 10  # two steps at 1 % and 2 % of the rate


def test_decay_outside_zero_to_one_is_refused_before_the_run_folder_exists(
    tiny_set: Path, tmp_path: Path, capsys
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main(
            [
                "train",
                "--data",
                str(tiny_set),
                "--out",
                str(tmp_path / "run"),
                *TINY_S2D,
                "--ema-decay",
                "1.5",
            ]
        )
    assert exit_info.value.code != 0
    assert (
        capsys.readouterr()
        .err.strip()
        .splitlines()[-1]
        .endswith("--ema-decay: expected a number from 0 up to (not including) 1, got '1.5'")
    )
    assert not (tmp_path / "run").exists()
