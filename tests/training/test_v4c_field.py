"""v4c's split colour field (issue 24, ADR 0018 addendum 2): hints inside the face oval and outside it reach
the colour branch apart, and a generator starts from an unsplit one with the same photos."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from tests.training.conftest import link_set, write_tiny_stroke_recipe  # noqa: E402
from training import hint_field, models  # noqa: E402
from training.hint_field import FIELD_CHANNELS, HintField  # noqa: E402

HEIGHT, WIDTH = 64, 48


def _hints(rows: slice, cols: slice, rgb=(0.6, 0.2, -0.1)) -> np.ndarray:
    hints = np.zeros((1, HEIGHT, WIDTH, 4), np.float32)
    hints[0, rows, cols, :3] = rgb
    hints[0, rows, cols, 3] = 1.0
    return hints


INSIDE = (slice(36, 40), slice(20, 28))  # the cheeks and nose of the frame: inside the face oval
OUTSIDE = (slice(2, 6), slice(16, 32))  # the crown: hair


def test_the_face_oval_holds_the_cheeks_not_the_crown() -> None:
    inside = hint_field.face_inside(HEIGHT, WIDTH)[..., 0]
    assert inside[INSIDE].all() and not inside[OUTSIDE].any()


@pytest.mark.parametrize(("where", "empty"), [(INSIDE, "outside"), (OUTSIDE, "inside")])
def test_a_hint_on_one_side_of_the_oval_fills_only_its_own_field(where, empty: str) -> None:
    hints = _hints(*where)
    whole = HintField()(hints).numpy()
    split = HintField(split=True)(hints).numpy()
    assert split.shape[-1] == 2 * FIELD_CHANNELS
    own, other = (split[..., :FIELD_CHANNELS], split[..., FIELD_CHANNELS:])
    if empty == "inside":
        own, other = other, own
    assert np.abs(other).max() == 0.0, "nothing of the hint in the other side's field"
    np.testing.assert_allclose(own, whole, atol=1e-6)


def test_a_split_generator_started_from_an_unsplit_one_makes_its_photos(
    datasets: Path, tmp_path: Path
) -> None:
    from training.__main__ import main

    source = models.build_generator_v3(HEIGHT, WIDTH, ngf=8, blocks=1, hint_field=True, anti_alias=True)
    rng = np.random.default_rng(3)
    branch_out = source.get_layer("colour_out")
    branch_out.set_weights(
        [rng.normal(0, 0.05, w.shape).astype(np.float32) for w in branch_out.get_weights()]
    )
    parent = tmp_path / "parent.weights.h5"
    source.save_weights(parent)
    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    recipe = write_tiny_stroke_recipe(
        tmp_path / "split.toml",
        data_dir,
        model={"hint_field_split": True, "init_from": str(parent)},
        schedule={"d_warmup_steps": 1},
        losses={"imprint_weight": 0.0, "consistency_mode": "regional", "unhinted_colour_weight": 100.0},
    )
    run_dir = tmp_path / "run"
    argv = ["train", "--recipe", str(recipe), "--out", str(run_dir), "--max-steps-per-epoch", "1"]
    assert main([*argv, "--no-progress"]) == 0  # the one step trains the discriminator alone
    split = models.build_generator_v3(
        HEIGHT, WIDTH, ngf=8, blocks=1, hint_field=True, anti_alias=True, hint_field_split=True
    )
    split.load_weights(run_dir / "snapshots" / "generator_epoch001.weights.h5")
    sketch = rng.uniform(-1, 1, (1, HEIGHT, WIDTH, 1)).astype(np.float32)
    for where in (INSIDE, OUTSIDE):
        hints = _hints(*where)
        np.testing.assert_allclose(split([sketch, hints]).numpy(), source([sketch, hints]).numpy(), atol=1e-5)
    assert main(["export", str(run_dir), "--out", str(tmp_path / "split.onnx")]) == 0  # the app runs it
    card = json.loads((tmp_path / "split.json").read_text(encoding="utf-8"))
    assert card["export"]["parity_max_abs_diff"] <= 1e-3
    both = _hints(*INSIDE) + _hints(*OUTSIDE, rgb=(-0.8, -0.8, -0.8))
    assert np.abs(split([sketch, both]).numpy() - source([sketch, both]).numpy()).max() > 1e-4, (
        "with hints on both sides the fields are apart: the photos differ"
    )
