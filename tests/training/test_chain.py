"""A model grown over several recipes is one command (issue 24 §5): ``python -m training chain`` walks the
recipes' ``init_from`` snapshots back to the first stage and trains each up to the epoch the next starts from;
``train --stop-after`` ends a stage there with its planned schedule."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.training.conftest import link_set, write_tiny_stroke_recipe
from training.__main__ import main

RECIPES = Path(__file__).parents[2] / "training" / "recipes"


def _rows(run_dir: Path) -> list[dict[str, str]]:
    with (run_dir / "metrics.csv").open(encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


def test_the_committed_v4_chain_runs_every_stage_to_the_epoch_the_next_starts_from(capsys) -> None:
    assert main(["chain", "--recipe", str(RECIPES / "v4m.toml"), "--dry-run"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 12
    assert lines[0].startswith("stage 1/12: ") and "v4.toml → runs/v4, to epoch 10" in lines[0]
    assert "v4l.toml → runs/v4l, to epoch 3" in lines[10]
    assert "v4m.toml → runs/v4m, to its last epoch" in lines[11]


def test_a_stage_without_its_recipe_is_refused_in_one_line_before_anything_runs(tmp_path, capsys) -> None:
    recipe = tmp_path / "late.toml"
    recipe.write_text(
        '[data]\ndata_dirs = ["faces"]\n'
        '[model]\ninit_from = "runs/gone/snapshots/generator_epoch002.weights.h5"\n'
    )
    assert main(["chain", "--recipe", str(recipe)]) != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1 and "no recipe" in error[0] and "gone.toml" in error[0], error
    assert not (tmp_path / "runs").exists()


@pytest.mark.parametrize("command", ["train", "chain"])
def test_stop_after_below_one_is_refused_in_one_line(tmp_path, capsys, command) -> None:
    recipe = write_tiny_stroke_recipe(tmp_path / "a.toml", tmp_path)
    argv = [command, "--recipe", str(recipe), "--stop-after", "0"]
    assert main(argv + (["--out", str(tmp_path / "run")] if command == "train" else [])) != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert error == ["error: --stop-after 0: an epoch number, 1 or more"]
    assert not (tmp_path / "run").exists() and not (tmp_path / "runs").exists()


def test_a_two_stage_chain_trains_stops_early_and_resumes(datasets, tmp_path, monkeypatch, capsys) -> None:
    data_dir = link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)
    monkeypatch.chdir(tmp_path)  # the recipes' runs/ paths are relative to where the command runs
    write_tiny_stroke_recipe(tmp_path / "first.toml", data_dir, schedule={"epochs": 3})
    second = write_tiny_stroke_recipe(
        tmp_path / "second.toml",
        data_dir,
        model={"init_from": "runs/first/snapshots/generator_epoch001.weights.h5"},
    )
    argv = ["chain", "--recipe", str(second), "--max-steps-per-epoch", "1", "--no-progress"]
    assert main(argv) == 0
    first_rows = _rows(tmp_path / "runs" / "first")
    # Stopped after epoch 1 of 3, with the 3-epoch plan (the schedule the stage ran with).
    assert [row["epoch"] for row in first_rows] == ["1"] and first_rows[0]["planned_epochs"] == "3"
    assert not (tmp_path / "runs" / "first" / "snapshots" / "generator_epoch002.weights.h5").exists()
    assert [row["epoch"] for row in _rows(tmp_path / "runs" / "second")] == ["1"]
    out = capsys.readouterr().out
    assert "runs/first/snapshots/generator_epoch001.weights.h5" in out  # where the second stage started

    # Again: the first stage's snapshot is there (skipped), the second is resumed and already done.
    assert main(argv) == 0
    assert "stage 1: runs/first/snapshots/generator_epoch001.weights.h5 is there; skipped" in (
        capsys.readouterr().out
    )
    assert len(_rows(tmp_path / "runs" / "first")) == 1
    assert len(_rows(tmp_path / "runs" / "second")) == 1
