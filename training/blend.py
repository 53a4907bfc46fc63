"""``python -m training blend --recipe training/recipes/v4r.toml``: a generator made as a weighted mean of
earlier snapshots' weights (issue 24 §5: the shipped model from one command).

Every v4 stage since v4i starts from the one before, so their snapshots share one basin of the loss: a mean of
their weights is a generator of the same architecture that can keep the best of both ends (the "model soup" /
WiSE-FT observation; measured in docs/model_card.md, v4r). A blend recipe names the recipe whose generator
they all are (its configuration becomes the blend's ``config.json``) and each snapshot with its weight::

    [blend]
    architecture = "training/recipes/v4q.toml"
    parts = [
        { snapshot = "runs/v4i/snapshots/generator_epoch001.weights.h5", weight = 0.3 },
        { snapshot = "runs/v4q/snapshots/generator_epoch005.weights.h5", weight = 0.7 },
    ]

A snapshot that is not there yet is trained first, by the chain of the stage that writes it
(``runs/<stage>/snapshots/...`` → ``training/recipes/<stage>.toml``, ``chain --stop-after <epoch>``). The
blend is written as ``<out>/snapshots/generator_epoch001.weights.h5`` beside ``<out>/config.json``, the shape
every other command reads (``export``, ``judge_v4.sh <out> 1``).
"""

from __future__ import annotations

import argparse
import dataclasses
import math
import shutil
from pathlib import Path

from s2c_desktop.errors import S2CError

BLEND_SNAPSHOT = "snapshots/generator_epoch001.weights.h5"
WEIGHT_SUM_TOLERANCE = 1e-6


@dataclasses.dataclass(frozen=True)
class BlendRecipe:
    path: Path
    architecture: Path  # the train recipe whose generator every part is
    parts: tuple[tuple[Path, float], ...]  # (snapshot, weight); the weights sum to 1


def read_blend_recipe(path: Path) -> BlendRecipe:
    """The blend recipe at ``path``; one ``error:`` line for anything missing, unknown or out of range."""
    from training.recipe import read_toml

    raw = read_toml(path)
    blend = raw.get("blend")
    if set(raw) != {"blend"} or not isinstance(blend, dict):
        raise S2CError(f"recipe {path}: a blend recipe holds one [blend] table and nothing else")
    unknown = set(blend) - {"architecture", "parts"}
    if unknown:
        raise S2CError(f"recipe {path}: unknown key {sorted(unknown)[0]!r} (in [blend])")
    architecture = blend.get("architecture")
    if not isinstance(architecture, str) or not architecture.endswith(".toml"):
        raise S2CError(f"recipe {path}: [blend] architecture must name a train recipe (.toml)")
    parts = blend.get("parts")
    if not isinstance(parts, list) or len(parts) < 2:
        raise S2CError(f"recipe {path}: [blend] parts must list at least two snapshots")
    read: list[tuple[Path, float]] = []
    for number, part in enumerate(parts, 1):
        if not isinstance(part, dict) or set(part) != {"snapshot", "weight"}:
            raise S2CError(f'recipe {path}: part {number} must be {{ snapshot = "…", weight = … }}')
        snapshot, weight = part["snapshot"], part["weight"]
        if not isinstance(snapshot, str) or not snapshot.endswith(".weights.h5"):
            raise S2CError(f"recipe {path}: part {number}'s snapshot must be a generator's .weights.h5")
        if isinstance(weight, bool) or not isinstance(weight, int | float) or not 0 < weight <= 1:
            raise S2CError(f"recipe {path}: part {number}'s weight {weight!r} must be above 0 and at most 1")
        read.append((Path(snapshot), float(weight)))
    total = math.fsum(weight for _, weight in read)
    if abs(total - 1.0) > WEIGHT_SUM_TOLERANCE:
        raise S2CError(f"recipe {path}: the parts' weights sum to {total:g}, not 1")
    if len({snapshot for snapshot, _ in read}) != len(read):
        raise S2CError(f"recipe {path}: a snapshot is listed twice")
    return BlendRecipe(Path(path), Path(architecture), tuple(read))


def _stage_of(recipe: BlendRecipe, snapshot: Path) -> tuple[Path, int] | None:
    """The recipe beside ``recipe`` that writes ``snapshot`` (``runs/<stage>/snapshots/...epochNNN``) and
    that epoch; None when the path names no stage or its recipe is missing."""
    from training.chain import STAGE_SNAPSHOT

    match = STAGE_SNAPSHOT.match(snapshot.as_posix())
    stage_recipe = recipe.path.with_name(f"{match['stage']}.toml") if match else None
    if stage_recipe is None or not stage_recipe.is_file():
        return None
    return stage_recipe, int(match["epoch"])


def train_missing_parts(
    recipe: BlendRecipe,
    threads: int | None,
    progress: bool,
    max_steps_per_epoch: int | None = None,
    dry_run: bool = False,
) -> None:
    """Train the stage of each part whose snapshot is not there yet (``chain --stop-after`` its epoch)."""
    from training.chain import run_chain

    for number, (snapshot, _) in enumerate(recipe.parts, 1):
        if snapshot.is_file():
            print(f"part {number}: {snapshot.as_posix()} is there", flush=True)
            continue
        stage = _stage_of(recipe, snapshot)
        if stage is None:
            raise S2CError(
                f"{snapshot}: no such snapshot, and no recipe in {recipe.path.parent} that writes it"
            )
        stage_recipe, epoch = stage
        print(f"part {number}: {snapshot.as_posix()} is missing; trained by the chain of {stage_recipe}:")
        run_chain(
            argparse.Namespace(
                recipe=stage_recipe,
                stop_after=epoch,
                threads=threads,
                dry_run=dry_run,
                no_progress=not progress,
                max_steps_per_epoch=max_steps_per_epoch,
            )
        )


def trained_by(recipe: BlendRecipe) -> dict:
    """The stages behind the parts (each run once, to the latest epoch any part needs), with the epochs and
    the time their ``metrics.csv`` logged: what the blend cost, for its card."""
    import csv

    from training.chain import stages

    needed: dict[Path, int] = {}
    for snapshot, _ in recipe.parts:
        part_stage = _stage_of(recipe, snapshot)
        if part_stage is None:
            continue
        for stage in stages(*part_stage):
            needed[stage.run_dir] = max(needed.get(stage.run_dir, 0), stage.stop_after or 0)
    epochs, seconds, listed = 0, 0.0, []
    for run_dir, last_epoch in needed.items():
        logged: dict[int, float] = {}  # a resumed run logs an epoch again: the last row counts
        metrics = run_dir / "metrics.csv"
        if metrics.is_file():
            with metrics.open(newline="", encoding="utf-8") as handle:
                for row in csv.DictReader(handle):
                    if row.get("epoch") and int(row["epoch"]) <= last_epoch:
                        logged[int(row["epoch"])] = float(row.get("epoch_s") or 0.0)
        epochs += len(logged)
        seconds += sum(logged.values())
        listed.append({"run": run_dir.as_posix(), "to_epoch": last_epoch, "epochs_logged": len(logged)})
    return {"stages": listed, "epochs": epochs, "time_minutes": round(seconds / 60, 1)}


def blend_weights(recipe: BlendRecipe, out: Path) -> Path:
    """Write the blend and its configuration into ``out``; returns the snapshot written."""
    from s2c_desktop.atomic import atomic_write_text
    from training.recipe import config_from_recipe
    from training.trainer import build_generator

    config = config_from_recipe(recipe.architecture, out=str(out))
    parts = [{"snapshot": snapshot.as_posix(), "weight": weight} for snapshot, weight in recipe.parts]
    blend_extra = {
        "command": f"python -m training blend --recipe {recipe.path.as_posix()}",
        "blend": {
            "recipe": recipe.path.as_posix(),
            "architecture": recipe.architecture.as_posix(),
            "parts": parts,
            "trained_by": trained_by(recipe),
        },
        "blend_recipe_text": recipe.path.read_text(encoding="utf-8"),
    }
    config = dataclasses.replace(config, extra={**config.extra, **blend_extra})
    generator = build_generator(config)
    blended = None
    for snapshot, weight in recipe.parts:
        _load_strictly(generator, snapshot, recipe.architecture)
        scaled = [weight * array.astype("float64") for array in generator.get_weights()]
        blended = scaled if blended is None else [a + b for a, b in zip(blended, scaled, strict=True)]
    generator.set_weights([array.astype("float32") for array in blended])
    target = out / BLEND_SNAPSHOT
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(target.name.replace(".weights.h5", ".partial.weights.h5"))
    generator.save_weights(str(partial))
    partial.replace(target)
    config.save(out / "config.json")
    # The parts share one split (a hash of each pair's name): the last part's run lists the pairs held out.
    split = recipe.parts[-1][0].parent.parent / "split.json"
    if split.is_file():
        shutil.copyfile(split, out / "split.json")
    lines = [f"{weight:g} × {snapshot.as_posix()}" for snapshot, weight in recipe.parts]
    atomic_write_text(out / "blend.txt", f"{recipe.path.as_posix()}\n" + "\n".join(lines) + "\n")
    return target


def _load_strictly(generator, snapshot: Path, architecture: Path) -> None:
    """Load ``snapshot`` into ``generator`` or refuse: Keras loads a file of another architecture in part,
    with a warning, leaving the layers it skipped freshly initialised; any warning here is such a mismatch."""
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            generator.load_weights(str(snapshot))
        except (OSError, ValueError) as error:
            first = str(error).splitlines()[0] if str(error) else type(error).__name__
            raise S2CError(f"{snapshot}: not a generator of {architecture}: {first}") from error
    if caught:
        first = str(caught[0].message).splitlines()[0]
        raise S2CError(f"{snapshot}: not a generator of {architecture}: {first}")


def add_blend_parser(sub) -> None:
    blend = sub.add_parser(
        "blend", help="a generator as a weighted mean of earlier snapshots (a blend recipe)"
    )
    blend.add_argument("--recipe", required=True, type=Path, metavar="FILE.toml")
    blend.add_argument("--out", type=Path, default=None, help="run folder (default: runs/<recipe name>)")
    blend.add_argument("--threads", type=int, default=None, help="CPU threads for TensorFlow")
    blend.add_argument(
        "--dry-run", action="store_true", help="print what would be trained and blended, and stop"
    )
    blend.add_argument("--no-progress", action="store_true")
    blend.add_argument("--max-steps-per-epoch", type=int, default=None, help=argparse.SUPPRESS)


def run_blend(args: argparse.Namespace) -> int:
    from training.cli_train import limit_threads

    recipe = read_blend_recipe(args.recipe)
    out = args.out or Path("runs") / args.recipe.stem
    if (out / BLEND_SNAPSHOT).exists() and not args.dry_run:
        raise S2CError(f"{out / BLEND_SNAPSHOT} is already there; remove it or choose another --out")
    if not args.dry_run:
        limit_threads(args.threads)
    train_missing_parts(recipe, args.threads, not args.no_progress, args.max_steps_per_epoch, args.dry_run)
    if args.dry_run:
        print(f"then: the weighted mean of the {len(recipe.parts)} parts into {out / BLEND_SNAPSHOT}")
        return 0
    print(f"blend: {blend_weights(recipe, out)}")
    return 0
