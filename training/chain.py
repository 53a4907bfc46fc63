"""``python -m training chain --recipe training/recipes/v4m.toml``: a model grown over several recipes, in one
command (issue 24 §5).

Generator v4 was trained in stages: each recipe after the first starts from a snapshot of the one before
(``init_from = "runs/v4l/snapshots/generator_epoch003.weights.h5"``). That path names the earlier stage (the
recipe ``v4l.toml`` beside this one, run in ``runs/v4l``) and the epoch it was taken at (3). The chain walks
those paths back to a recipe that starts from something else (v3's shipped weights), then trains every stage
in order up to the epoch the next one starts from (``train --stop-after``: the learning rate still decays over
the stage's planned epochs, as it did). A stage whose snapshot is already there is skipped, and a stage with
checkpoints is resumed, so the same command continues after a stop.
"""

from __future__ import annotations

import argparse
import dataclasses
import re
from pathlib import Path

from s2c_desktop.errors import S2CError

# runs/<stage>/snapshots/generator_epoch<NNN>.weights.h5: the snapshot written by ``train``.
STAGE_SNAPSHOT = re.compile(
    r"^(?P<runs>.+)/(?P<stage>[^/]+)/snapshots/generator_epoch(?P<epoch>\d+)\.weights\.h5$"
)


@dataclasses.dataclass(frozen=True)
class Stage:
    recipe: Path
    run_dir: Path
    stop_after: int | None  # None: the recipe's own epochs (or the chain's --stop-after, for the last)

    @property
    def snapshot(self) -> Path:
        return self.run_dir / "snapshots" / f"generator_epoch{self.stop_after:03d}.weights.h5"


def stages(recipe: Path, stop_after: int | None = None) -> list[Stage]:
    """The chain ending with ``recipe``, first stage first; the last runs to ``stop_after``."""
    from training.recipe import read_recipe

    chain = [Stage(recipe, Path("runs") / recipe.stem, stop_after)]
    seen = {recipe.resolve()}
    while True:
        init_from = str(read_recipe(chain[0].recipe).get("init_from") or "")
        match = STAGE_SNAPSHOT.match(init_from.replace("\\", "/"))
        if match is None:
            if len(chain) > 1:  # the last stage's run beside the earlier ones
                chain[-1] = dataclasses.replace(chain[-1], run_dir=chain[-2].run_dir.parent / recipe.stem)
            return chain
        earlier = chain[0].recipe.with_name(f"{match['stage']}.toml")
        if not earlier.is_file():
            raise S2CError(
                f"recipe {chain[0].recipe} starts from {init_from}, but there is no recipe {earlier} "
                "for that stage"
            )
        if earlier.resolve() in seen:
            raise S2CError(f"recipe {earlier} is part of a loop of init_from paths")
        seen.add(earlier.resolve())
        chain.insert(0, Stage(earlier, Path(match["runs"]) / match["stage"], int(match["epoch"])))


def add_chain_parser(sub) -> None:
    chain = sub.add_parser("chain", help="train every stage of a recipe chain (init_from), then the recipe")
    chain.add_argument("--recipe", required=True, type=Path, metavar="FILE.toml")
    chain.add_argument("--stop-after", type=int, default=None, metavar="EPOCH", help="of the last stage")
    chain.add_argument("--threads", type=int, default=None, help="CPU threads for TensorFlow")
    chain.add_argument("--dry-run", action="store_true", help="print the stages and stop")
    chain.add_argument("--no-progress", action="store_true")
    chain.add_argument("--max-steps-per-epoch", type=int, default=None, help=argparse.SUPPRESS)


def run_chain(args: argparse.Namespace) -> int:
    from training.cli_train import check_stop_after, limit_threads

    check_stop_after(args.stop_after)
    plan = stages(args.recipe, args.stop_after)
    for number, stage in enumerate(plan, 1):
        until = f"to epoch {stage.stop_after}" if stage.stop_after else "to its last epoch"
        print(f"stage {number}/{len(plan)}: {stage.recipe} → {stage.run_dir}, {until}", flush=True)
    if args.dry_run:
        return 0
    limit_threads(args.threads)
    from training.recipe import config_from_recipe
    from training.train import train

    for number, stage in enumerate(plan, 1):
        if number < len(plan) and stage.snapshot.is_file():
            print(f"stage {number}: {stage.snapshot} is there; skipped", flush=True)
            continue
        config = config_from_recipe(
            stage.recipe, out=str(stage.run_dir), max_steps_per_epoch=args.max_steps_per_epoch
        )
        checkpoints = stage.run_dir / "checkpoints"
        resume = checkpoints.is_dir() and any(checkpoints.iterdir())
        train(config, resume=resume, progress=not args.no_progress, stop_after=stage.stop_after)
        if number < len(plan) and not stage.snapshot.is_file():
            raise S2CError(
                f"stage {number} ({stage.recipe}) left no {stage.snapshot}: its recipe plans fewer epochs "
                "or snapshots less often than the next stage needs"
            )
    print(f"run: {plan[-1].run_dir}")
    return 0
