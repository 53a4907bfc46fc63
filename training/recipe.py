"""Recipes: one TOML file per shipped model holding every value of its training configuration (issue 24 §5).

``python -m training train --recipe training/recipes/v4.toml --out runs/v4`` reproduces a model: no flag, no
hand-edited ``config.json``. Tables (``[model]``, ``[losses]``, …) only group the keys for the reader; every
key is a ``TrainConfig`` field, given once. Paths are relative to the folder the command runs in (the
checkout's root). What belongs to one run and not to the recipe (where it writes, threads, a time budget,
resuming) stays a flag.
"""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path
from typing import Any

from s2c_desktop.errors import S2CError

# Fields a recipe may not hold: they belong to a run (``--out``) or are written by the trainer itself.
RUN_ONLY = ("out", "extra", "max_steps_per_epoch", "time_budget_min", "strategy")
PATH_KEYS = ("data_dirs", "init_from", "detail_teacher")


def read_toml(path: Path) -> dict[str, Any]:
    """A recipe file's TOML tables; one ``error:`` line when it cannot be read or parsed."""
    try:
        return tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise S2CError(f"cannot read recipe {path}: {error}") from error
    except tomllib.TOMLDecodeError as error:
        raise S2CError(f"recipe {path} is not valid TOML: {error}") from error


def read_recipe(path: Path) -> dict[str, Any]:
    """The recipe's fields, flattened from its tables; one ``error:`` line for anything unknown or
    repeated."""
    from training.config import TrainConfig
    from training.retired import SUPPORTED

    raw = read_toml(path)
    if "blend" in raw:
        raise S2CError(f"recipe {path} is a blend recipe: python -m training blend --recipe {path}")
    known = {f.name: f for f in dataclasses.fields(TrainConfig)}
    values: dict[str, Any] = {}
    for table, entries in raw.items():
        items = entries.items() if isinstance(entries, dict) else [(table, entries)]
        for key, value in items:
            if key in SUPPORTED and key not in known:
                raise S2CError(f"recipe {path}: {key!r} is retired (issue 24, ADR 0018)")
            if key not in known or key in RUN_ONLY:
                raise S2CError(f"recipe {path}: unknown key {key!r} (in [{table}])")
            if key in values:
                raise S2CError(f"recipe {path}: key {key!r} given twice")
            values[key] = value
    if "data_dirs" not in values:
        raise S2CError(f"recipe {path}: no data_dirs")
    return values


def config_from_recipe(path: Path, out: str, **run_options: Any):
    """A ``TrainConfig`` from the recipe at ``path`` and the run's own options (``out``, time budget, …)."""
    from training.config import TrainConfig

    values = read_recipe(path)
    for key in PATH_KEYS:
        if isinstance(values.get(key), list):
            values[key] = [str(Path(p).resolve()) for p in values[key]]
        elif values.get(key):
            values[key] = str(Path(values[key]).resolve())
    values["oversample"] = {str(k): int(v) for k, v in values.get("oversample", {}).items()}
    extra = {"recipe": str(path), "recipe_text": Path(path).read_text(encoding="utf-8")}
    try:
        return TrainConfig(out=out, extra=extra, **values, **run_options)
    except TypeError as error:
        raise S2CError(f"recipe {path}: {error}") from error
