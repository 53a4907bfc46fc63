"""A blended generator is one command too (issue 24 §5): ``python -m training blend --recipe`` trains the
stages whose snapshots are missing, then writes the weighted mean of the snapshots' weights as a run that
``export`` reads like any other."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from tests.training.conftest import link_set, write_tiny_stroke_recipe
from training.__main__ import main

RECIPES = Path(__file__).parents[2] / "training" / "recipes"
FIRST = "runs/first/snapshots/generator_epoch001.weights.h5"
SECOND = "runs/first/snapshots/generator_epoch002.weights.h5"


def _blend_recipe(path: Path, architecture: str, parts: list[tuple[str, object]], extra: str = "") -> Path:
    listed = ",\n".join(f'  {{ snapshot = "{snapshot}", weight = {weight} }}' for snapshot, weight in parts)
    path.write_text(f'[blend]\narchitecture = "{architecture}"\nparts = [\n{listed},\n]\n{extra}')
    return path


def _weights(run_dir: Path, snapshot: Path) -> list[np.ndarray]:
    from training.train import load_generator

    generator, _ = load_generator(run_dir, str(snapshot))
    return generator.get_weights()


def test_the_shipped_blend_names_every_stage_it_would_train(tmp_path, monkeypatch, capsys) -> None:
    monkeypatch.chdir(tmp_path)  # no runs/ here: every part is missing
    assert main(["blend", "--recipe", str(RECIPES / "v4r.toml"), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("part 1: runs/v4i/snapshots/generator_epoch001.weights.h5 is missing")
    assert lines[8].endswith("v4i.toml → runs/v4i, to epoch 1")  # v4 … v4i: 8 stages
    assert lines[9].startswith("part 2: runs/v4q/snapshots/generator_epoch005.weights.h5 is missing")
    assert lines[-2].endswith("v4q.toml → runs/v4q, to epoch 5") and "stage 15/15" in lines[-2]
    assert (
        lines[-1]
        == "then: the weighted mean of the 2 parts into runs/v4r/snapshots/generator_epoch001.weights.h5"
    )
    assert not (tmp_path / "runs").exists()


@pytest.fixture
def tiny_stage(datasets, tmp_path, monkeypatch) -> Path:
    """A two-epoch tiny recipe ``first.toml`` in ``tmp_path``, the folder the commands run in."""
    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    monkeypatch.chdir(tmp_path)  # the recipes' runs/ paths are relative to where the command runs
    return write_tiny_stroke_recipe(tmp_path / "first.toml", data_dir, schedule={"epochs": 2})


def test_blend_trains_the_missing_stage_then_writes_the_weighted_mean(tiny_stage, tmp_path, capsys) -> None:
    recipe = _blend_recipe(tmp_path / "mix.toml", "first.toml", [(FIRST, 0.25), (SECOND, 0.75)])
    argv = ["blend", "--recipe", str(recipe), "--max-steps-per-epoch", "1", "--no-progress"]
    assert main(argv) == 0
    blend = tmp_path / "runs" / "mix"
    assert "blend: runs/mix/snapshots/generator_epoch001.weights.h5" in capsys.readouterr().out
    first = _weights(tmp_path / "runs" / "first", tmp_path / FIRST)
    second = _weights(tmp_path / "runs" / "first", tmp_path / SECOND)
    blended = _weights(blend, blend / "snapshots" / "generator_epoch001.weights.h5")
    assert any(not np.array_equal(a, b) for a, b in zip(first, second, strict=True))
    for a, b, mix in zip(first, second, blended, strict=True):
        np.testing.assert_allclose(mix, 0.25 * a + 0.75 * b, rtol=1e-5, atol=1e-6)
    assert "0.25 × runs/first/snapshots/generator_epoch001.weights.h5" in (blend / "blend.txt").read_text()

    # The blend is a run like any other: it exports, with its recipe in the configuration.
    snapshot = str(blend / "snapshots" / "generator_epoch001.weights.h5")
    assert main(["export", str(blend), "--checkpoint", snapshot, "--out", str(tmp_path / "mix.onnx")]) == 0
    assert (tmp_path / "mix.onnx").is_file()
    card = json.loads((tmp_path / "mix.json").read_text())
    assert card["training"]["blend"]["parts"][0] == {"snapshot": FIRST, "weight": 0.25}
    assert card["training"]["command"] == f"python -m training blend --recipe {recipe.as_posix()}"
    assert card["training"]["data"]  # the split of the runs it averages
    # What it cost: the stage behind both parts, logged once (two epochs), not the blend's own zero.
    assert card["training"]["epochs"] == 2
    assert card["training"]["blend"]["trained_by"]["stages"] == [
        {"run": "runs/first", "to_epoch": 2, "epochs_logged": 2}
    ]

    # Written once: a second run refuses to overwrite it.
    before = (blend / "snapshots" / "generator_epoch001.weights.h5").read_bytes()
    assert main(argv) != 0
    assert "already there" in capsys.readouterr().err
    assert (blend / "snapshots" / "generator_epoch001.weights.h5").read_bytes() == before


@pytest.mark.parametrize(
    ("parts", "extra", "message"),
    [
        ([(FIRST, 0.5), (SECOND, 0.4)], "", "sum to 0.9, not 1"),
        ([(FIRST, 1.5), (SECOND, -0.5)], "", "must be above 0 and at most 1"),
        ([(FIRST, '"half"'), (SECOND, 0.5)], "", "must be above 0 and at most 1"),
        ([(FIRST, 1.0)], "", "at least two snapshots"),
        ([(FIRST, 0.5), (FIRST, 0.5)], "", "listed twice"),
        ([("runs/first/model.onnx", 0.5), (SECOND, 0.5)], "", "generator's .weights.h5"),
        ([(FIRST, 0.5), (SECOND, 0.5)], "[model]\nngf = 8\n", "one [blend] table and nothing else"),
        ([("runs/gone/snapshots/generator_epoch001.weights.h5", 0.5), (SECOND, 0.5)], "", "no recipe"),
    ],
)
def test_a_bad_blend_recipe_is_refused_in_one_line_and_nothing_is_written(
    tiny_stage, tmp_path, capsys, parts, extra, message
) -> None:
    recipe = _blend_recipe(tmp_path / "mix.toml", "first.toml", parts, extra)
    assert main(["blend", "--recipe", str(recipe), "--no-progress"]) != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and message in error[0], error
    assert not (tmp_path / "runs").exists()


def test_a_snapshot_of_another_architecture_is_refused_in_one_line(tiny_stage, tmp_path, capsys) -> None:
    assert (
        main(
            [
                "train",
                "--recipe",
                str(tiny_stage),
                "--out",
                "runs/first",
                "--max-steps-per-epoch",
                "1",
                "--no-progress",
            ]
        )
        == 0
    )
    wider = write_tiny_stroke_recipe(tmp_path / "wider.toml", tmp_path / "tiny_ar", model={"ngf": 16})
    recipe = _blend_recipe(tmp_path / "mix.toml", wider.name, [(FIRST, 0.5), (SECOND, 0.5)])
    capsys.readouterr()
    assert main(["blend", "--recipe", str(recipe), "--no-progress"]) != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "not a generator of wider.toml" in error[0], error
    assert not (tmp_path / "runs" / "mix").exists()
