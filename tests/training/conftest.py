"""Small real sets for the training tests: links to a few shared pairs (never copies into the repo)."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest


def link_set(source: Path, target: Path, names: list[str] | None = None, count: int = 4) -> Path:
    """A set folder under ``target`` whose files are symlinks to ``count`` pairs (or ``names``) of
    ``source``."""
    sketches = sorted((source / "sketches").iterdir())
    chosen = [p for p in sketches if names is None or p.stem in names][: len(names) if names else count]
    for kind in ("sketches", "photos"):
        (target / kind).mkdir(parents=True, exist_ok=True)
    for sketch in chosen:
        photo = next((source / "photos").glob(f"{sketch.stem}.*"))
        (target / "sketches" / sketch.name).symlink_to(sketch)
        (target / "photos" / photo.name).symlink_to(photo)
    return target


# The smallest s2d generator with the hints input, and its discriminator, for the tiny training runs.
TINY_HINTS_GENERATOR = [
    *("--size", "64x48", "--ngf", "8", "--blocks", "1", "--hints"),
    *("--ndf", "8", "--batch", "2", "--d-scales", "1"),
]


# The smallest recipe with stroke hints and v4's stroke terms: one step trains and exports in seconds.
TINY_STROKE_RECIPE: dict[str, dict[str, object]] = {
    "model": {
        "architecture": "s2d",
        "height": 64,
        "width": 48,
        "ngf": 8,
        "blocks": 1,
        "hints": True,
        "hint_field": True,
        "anti_alias": True,
        "ndf": 8,
        "d_scales": 1,
    },
    "schedule": {"epochs": 1, "batch": 2, "snapshot_every": 1, "d_warmup_steps": 0},
    "losses": {"hint_weight": 0.0, "consistency_weight": 100.0, "imprint_weight": 50.0},
    "hints": {"hint_style": "strokes"},
}


def write_tiny_stroke_recipe(path: Path, data_dir: Path, **overrides: dict[str, object]) -> Path:
    """``TINY_STROKE_RECIPE`` on ``data_dir`` as a TOML file at ``path``, each table updated with
    ``overrides`` (e.g. ``losses={"consistency_mode": "regional"}``)."""
    tables = {"data": {"data_dirs": [str(data_dir)]}, **copy.deepcopy(TINY_STROKE_RECIPE)}
    for table, values in overrides.items():
        tables[table].update(values)
    lines = []
    for table, values in tables.items():
        lines.append(f"[{table}]")
        # JSON writes TOML's strings, numbers, booleans and string lists alike.
        lines += [f"{key} = {json.dumps(value)}" for key, value in values.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def refused_recipe_error(tmp_path: Path, recipe_name: str, old: str, new: str, capsys) -> str:
    """Train from the committed recipe ``recipe_name`` with ``old`` replaced by ``new``: the run must refuse
    with one error line and create nothing; that line."""
    from training.__main__ import main

    recipe = Path(__file__).parents[2] / "training" / "recipes" / recipe_name
    text = recipe.read_text(encoding="utf-8")
    assert old in text
    bad = tmp_path / "bad.toml"
    bad.write_text(text.replace(old, new), encoding="utf-8")
    assert main(["train", "--recipe", str(bad), "--out", str(tmp_path / "run"), "--no-progress"]) != 0
    error = capsys.readouterr().err.strip().splitlines()
    assert len(error) == 1, error
    assert not (tmp_path / "run").exists()
    return error[0]


@pytest.fixture
def tiny_set(datasets: Path, tmp_path: Path) -> Path:
    """Four real CUFS AR pairs."""
    return link_set(datasets / "faces" / "cufs_ar", tmp_path / "tiny_ar", count=4)


def train_tiny_run(root: Path, datasets: Path, options: list[str]) -> Path:
    """Train a tiny run on four real CUFS AR pairs (linked, never copied) with ``options``; its folder."""
    from training.__main__ import main

    data_dir = link_set(datasets / "faces" / "cufs_ar", root / "tiny_ar", count=4)
    run_dir = root / "run"
    assert (
        main(
            ["train", "--data", str(data_dir), "--out", str(run_dir), "--max-steps-per-epoch", "1", *options]
        )
        == 0
    )
    return run_dir
