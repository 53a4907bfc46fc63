"""v4k (ADR 0018 addendum 10): outside the face oval the colour field keeps its local width only, so a hair
band's colour does not reach every pixel of the background."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from s2c_desktop.errors import S2CError  # noqa: E402
from tests.training.conftest import link_set, write_tiny_stroke_recipe  # noqa: E402
from training import models  # noqa: E402
from training.hint_field import FIELD_CHANNELS, LOCAL_CHANNELS, HintField  # noqa: E402

HEIGHT, WIDTH = 64, 48


def _hints(rows: slice, cols: slice) -> np.ndarray:
    hints = np.zeros((1, HEIGHT, WIDTH, 4), np.float32)
    hints[0, rows, cols] = (0.8, 0.7, 0.6, 1.0)
    return hints


HAIR_BAND = _hints(slice(2, 5), slice(10, 38))  # above the face oval
CHEEK = _hints(slice(36, 40), slice(18, 22))  # inside it


def test_outside_the_oval_only_the_local_width_is_left() -> None:
    whole = HintField(split=True)(HAIR_BAND).numpy()
    local = HintField(split=True, outside_local=True)(HAIR_BAND).numpy()
    outside = slice(FIELD_CHANNELS, 2 * FIELD_CHANNELS)
    np.testing.assert_array_equal(local[..., :FIELD_CHANNELS], whole[..., :FIELD_CHANNELS])
    np.testing.assert_allclose(
        local[..., outside][..., :LOCAL_CHANNELS], whole[..., outside][..., :LOCAL_CHANNELS], atol=1e-6
    )
    assert not local[..., outside][..., LOCAL_CHANNELS:].any()
    assert whole[..., outside][..., LOCAL_CHANNELS:].any(), "without the option the band reaches far"
    inside_only = HintField(split=True, outside_local=True)(CHEEK).numpy()
    np.testing.assert_array_equal(inside_only, HintField(split=True)(CHEEK).numpy())


def test_a_generator_with_the_option_loads_one_without_and_differs_only_for_hints_outside(
    tmp_path: Path,
) -> None:
    kwargs = dict(ngf=8, blocks=1, hint_field=True, anti_alias=True, hint_field_split=True)
    source = models.build_generator_v3(HEIGHT, WIDTH, **kwargs)
    colour_out = source.get_layer("colour_out")
    colour_out.set_weights(
        [np.random.default_rng(0).normal(0, 0.05, w.shape) for w in colour_out.get_weights()]
    )
    path = tmp_path / "source.weights.h5"
    source.save_weights(path)
    local = models.build_generator_v3(HEIGHT, WIDTH, **kwargs, hint_field_outside_local=True)
    local.load_weights(path)
    sketch = np.random.default_rng(1).uniform(-1, 1, (1, HEIGHT, WIDTH, 1)).astype(np.float32)
    np.testing.assert_allclose(local([sketch, CHEEK]).numpy(), source([sketch, CHEEK]).numpy(), atol=1e-6)
    assert np.abs(local([sketch, HAIR_BAND]).numpy() - source([sketch, HAIR_BAND]).numpy()).max() > 1e-4


def test_the_option_without_the_split_field_is_refused() -> None:
    with pytest.raises(ValueError, match="split"):
        HintField(split=False, outside_local=True)
    from training.config import TrainConfig
    from training.trainer import build_generator

    config = TrainConfig(
        data_dirs=[], out="unused", hints=True, hint_field=True, hint_field_outside_local=True
    )
    with pytest.raises(S2CError, match="hint_field_split"):
        build_generator(config)


def test_a_recipe_with_the_local_outside_field_starts_from_a_whole_field_run_and_exports(
    datasets: Path, tmp_path: Path
) -> None:
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    model = {"hint_field": True, "hint_field_split": True, "anti_alias": True}
    first = write_tiny_stroke_recipe(tmp_path / "first.toml", data_dir, model=model)
    argv = ["--max-steps-per-epoch", "1", "--no-progress"]
    assert main(["train", "--recipe", str(first), "--out", str(tmp_path / "first"), *argv]) == 0
    snapshot = next((tmp_path / "first" / "snapshots").glob("generator_epoch*[0-9].weights.h5"))
    second = write_tiny_stroke_recipe(
        tmp_path / "v4k.toml",
        data_dir,
        model={**model, "hint_field_outside_local": True, "init_from": str(snapshot)},
    )
    assert main(["train", "--recipe", str(second), "--out", str(tmp_path / "v4k"), *argv]) == 0
    assert main(["export", str(tmp_path / "v4k"), "--out", str(tmp_path / "v4k.onnx")]) == 0
    card = json.loads((tmp_path / "v4k.json").read_text(encoding="utf-8"))
    assert "only the local width" in json.dumps(card)
    assert card["export"]["parity_max_abs_diff"] <= 1e-3
