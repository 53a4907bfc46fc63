"""``python -m training train|chain|blend|export|evaluate|judge|strokes|prepare``: see ``docs/model_card.md``
for the full recipe."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from s2c_desktop.errors import S2CError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m training", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)

    from training.cli_train import add_train_parser

    add_train_parser(sub)

    from training.chain import add_chain_parser

    add_chain_parser(sub)

    from training.blend import add_blend_parser

    add_blend_parser(sub)

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
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    try:
        args = build_parser().parse_args(argv)
        if args.command == "superres":
            from training.cli_train import limit_threads
            from training.superres import run

            limit_threads(args.threads)

            print(json.dumps(run(args.data, args.out, args.minutes), indent=2))
            return 0
        if args.command == "train":
            from training.cli_train import run_train

            return run_train(args, argv)
        if args.command == "chain":
            from training.chain import run_chain

            return run_chain(args)
        if args.command == "blend":
            from training.blend import run_blend

            return run_blend(args)
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
                f"exported {args.out} (sha256 {card['sha256'][:12]}…, parity "
                f"{card['export']['parity_max_abs_diff']:.2e})"
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
                f"(skipped: {counts['no_face_photo']} no face in photo, {counts['no_face_sketch']} in "
                "sketch, "
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
