"""``python -m training train``: its options and the run they make. A recipe (``--recipe FILE.toml``) holds
every value of a shipped model's run; the other options build a configuration for experiments."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from s2c_desktop.errors import S2CError
from training.retired import add_retired_flags, recolour_targets


def size(text: str) -> tuple[int, int]:
    from training.train import size_from_height

    if "x" in text.lower():
        height, width = (int(v) for v in text.lower().split("x"))
        return height, width
    return size_from_height(int(text))


def _share(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}") from None
    if not 0.0 <= value <= 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 to 1, got {text!r}")
    return value


def _decay(text: str) -> float:
    """A moving-average decay: 0 (off) up to, not including, 1 (an average that never moves)."""
    try:
        value = float(text)
    except ValueError:
        value = -1.0
    if not 0.0 <= value < 1.0:
        raise argparse.ArgumentTypeError(f"expected a number from 0 up to (not including) 1, got {text!r}")
    return value


def _oversample(items: list[str]) -> dict[str, int]:
    result = {}
    for item in items:
        name, _, times = item.partition("=")
        if not name or not times.isdigit() or int(times) < 1:
            raise S2CError(f"--oversample expects SET=K with K ≥ 1, got {item!r}")
        result[name] = int(times)
    return result


def add_train_parser(sub) -> None:
    from training.config import TrainConfig

    default = {f.name: f.default for f in dataclasses.fields(TrainConfig)}  # one copy of every default
    train = sub.add_parser("train", help="train (or resume) a generator")
    train.add_argument(
        "--data", nargs="+", default=None, metavar="DIR", help="sets with sketches/ and photos/"
    )
    train.add_argument(
        "--recipe",
        type=Path,
        default=None,
        metavar="FILE.toml",
        help="every value of the run from a recipe (training/recipes/); only run flags beside it",
    )
    train.add_argument("--out", required=True, metavar="RUN_DIR")
    train.add_argument("--epochs", type=int, default=default["epochs"])
    train.add_argument(
        "--size",
        type=size,
        default=(default["height"], default["width"]),
        help=f"H (W = 4H/5) or HxW; default {default['height']}",
    )
    train.add_argument("--ngf", type=int, default=default["ngf"], help="generator width")
    train.add_argument("--blocks", type=int, default=default["blocks"], help="s2d bottleneck blocks")
    train.add_argument("--hints", action="store_true", help="the generator takes colour hints")
    train.add_argument(
        "--hint-field",
        action="store_true",
        help="colour branch: the hints spread into a field that reaches the output (ADR 0014)",
    )
    train.add_argument(
        "--init-from",
        default=None,
        metavar="CHECKPOINT",
        help="start from another run's checkpoint prefix (RUN/checkpoints/ckpt-N), layers by name",
    )
    train.add_argument("--ndf", type=int, default=default["ndf"], help="discriminator width")
    train.add_argument(
        "--batch",
        type=int,
        default=None,
        help=f"per replica (default {default['batch']}; may change on --resume)",
    )
    train.add_argument("--lr", type=float, default=default["lr"])
    train.add_argument("--gan-weight", type=float, default=default["gan_weight"], help="adversarial term")
    train.add_argument("--l1-weight", type=float, default=default["l1_weight"])
    train.add_argument(
        "--low-l1-weight",
        type=float,
        default=default["low_l1_weight"],
        help="L1 of the 8×8-averaged photos (colour without blur); 0 = off",
    )
    train.add_argument(
        "--fm-weight", type=float, default=default["fm_weight"], help="feature matching; 0 = off"
    )
    train.add_argument("--ssim-weight", type=float, default=default["ssim_weight"], help="1 − SSIM; 0 = off")
    train.add_argument(
        "--identity-weight",
        type=float,
        default=default["identity_weight"],
        help="identity term from the FaceNet teacher; 0 turns it off",
    )
    train.add_argument(
        "--perceptual-weight",
        type=float,
        default=default["perceptual_weight"],
        help="FaceNet feature (perceptual) term; 0 turns it off",
    )
    train.add_argument(
        "--hint-weight",
        type=float,
        default=default["hint_weight"],
        help="L1 to the hint colours under the hints",
    )
    train.add_argument(
        "--d-scales", type=int, default=default["d_scales"], help="discriminators at 1, 1/2, ... scale"
    )
    train.add_argument(
        "--style-probability",
        type=float,
        default=default["style_probability"],
        help="sketch-style augmentation; 0 = off",
    )
    train.add_argument(
        "--skin-recolour",
        type=_share,
        default=default["skin_recolour"],
        metavar="P",
        help="share of the hinted samples whose skin is moved to a Monk tone (teaches hints to spread)",
    )
    train.add_argument(
        "--hair-recolour",
        type=_share,
        default=default["hair_recolour"],
        metavar="P",
        help="share of the hinted samples whose hair is recoloured",
    )
    train.add_argument(
        "--recolour-targets",
        type=recolour_targets,
        default=default["recolour_targets"],
        metavar="{tones,continuous}",
        help="tones: the ten Monk tones; continuous: between and around them (ADR 0014)",
    )
    train.add_argument(
        "--ema-decay",
        type=_decay,
        default=default["ema_decay"],
        metavar="D",
        help="keep an exponential moving average of the generator (e.g. 0.999); snapshots and "
        "exports carry it, the trained weights are kept beside it (0: off; ADR 0016)",
    )
    train.add_argument(
        "--warmup-steps",
        type=int,
        default=default["warmup_steps"],
        metavar="N",
        help="ramp the learning rate up over the run's first N steps (a run started with "
        "--init-from has fresh optimizer moments)",
    )
    train.add_argument(
        "--time-budget",
        type=float,
        default=None,
        metavar="MIN",
        help="fit the run into MIN minutes (fewer epochs, same decay shape)",
    )
    train.add_argument(
        "--oversample",
        nargs="*",
        default=[],
        metavar="SET=K",
        help="show each pair of the named set K times per epoch",
    )
    train.add_argument(
        "--drop-greyscale-photos",
        action="store_true",
        help="leave out training pairs whose photo is greyscale (they teach grey skin)",
    )
    train.add_argument(
        "--decay-start",
        type=float,
        default=default["decay_start"],
        help="fraction of the run after which the learning rate decays (1 = constant)",
    )
    train.add_argument(
        "--snapshot-every",
        type=int,
        default=default["snapshot_every"],
        metavar="K",
        help="keep the generator's weights every K epochs (for ablations at equal steps)",
    )
    train.add_argument("--seed", type=int, default=default["seed"])
    train.add_argument("--resume", action="store_true")
    train.add_argument(
        "--stop-after",
        type=int,
        default=None,
        metavar="EPOCH",
        help="end after this epoch; the learning rate still decays over all planned epochs",
    )
    train.add_argument(
        "--strategy", choices=["default", "mirrored", "multiworker"], default=default["strategy"]
    )
    train.add_argument("--max-steps-per-epoch", type=int, default=None, help=argparse.SUPPRESS)
    train.add_argument("--threads", type=int, default=None, help="CPU threads for TensorFlow")
    train.add_argument("--no-progress", action="store_true")
    add_retired_flags(train)


def _config_from_flags(args: argparse.Namespace, argv: list[str] | None):
    from training.config import TrainConfig

    if not args.data:
        raise S2CError("train needs --data DIR... or --recipe FILE.toml")
    height, width = args.size
    return TrainConfig(
        data_dirs=[str(Path(d).resolve()) for d in args.data],
        out=str(args.out),
        epochs=args.epochs,
        height=height,
        width=width,
        ngf=args.ngf,
        ndf=args.ndf,
        batch=args.batch or TrainConfig.batch,
        lr=args.lr,
        gan_weight=args.gan_weight,
        l1_weight=args.l1_weight,
        low_l1_weight=args.low_l1_weight,
        fm_weight=args.fm_weight,
        ssim_weight=args.ssim_weight,
        identity_weight=args.identity_weight,
        perceptual_weight=args.perceptual_weight,
        hint_weight=args.hint_weight,
        blocks=args.blocks,
        hints=args.hints,
        hint_field=args.hint_field,
        init_from=str(Path(args.init_from).resolve()) if args.init_from else None,
        d_scales=args.d_scales,
        style_probability=args.style_probability,
        time_budget_min=args.time_budget,
        seed=args.seed,
        decay_start=args.decay_start,
        snapshot_every=args.snapshot_every,
        strategy=args.strategy,
        max_steps_per_epoch=args.max_steps_per_epoch,
        oversample=_oversample(args.oversample),
        drop_greyscale_photos=args.drop_greyscale_photos,
        skin_recolour=args.skin_recolour,
        hair_recolour=args.hair_recolour,
        recolour_targets=args.recolour_targets,
        ema_decay=args.ema_decay,
        warmup_steps=args.warmup_steps,
        extra={"command": "python -m training " + " ".join(argv if argv is not None else sys.argv[1:])},
    )


def limit_threads(threads: int | None) -> None:
    """TensorFlow's CPU threads for this process. Once TensorFlow has run (a second command in one process, as
    in the tests) its thread pools are fixed: they stay as they are instead of failing the command."""
    if not threads:
        return
    import tensorflow as tf

    try:
        tf.config.threading.set_intra_op_parallelism_threads(threads)
        tf.config.threading.set_inter_op_parallelism_threads(1)
    except RuntimeError:  # "cannot be modified after initialization"
        pass


def check_stop_after(stop_after: int | None) -> None:
    if stop_after is not None and stop_after < 1:
        raise S2CError(f"--stop-after {stop_after}: an epoch number, 1 or more")


def run_train(args: argparse.Namespace, argv: list[str] | None) -> int:
    check_stop_after(args.stop_after)
    limit_threads(args.threads)
    from training.train import train

    if args.recipe is not None:
        from training.recipe import config_from_recipe

        config = config_from_recipe(
            args.recipe,
            out=str(args.out),
            time_budget_min=args.time_budget,
            max_steps_per_epoch=args.max_steps_per_epoch,
            strategy=args.strategy,
        )
    else:
        config = _config_from_flags(args, argv)
    run_dir = train(
        config,
        resume=args.resume,
        progress=not args.no_progress,
        batch=args.batch,
        stop_after=args.stop_after,
    )
    print(f"run: {run_dir}")
    return 0
