"""What the optional branches cost the v3 generator in the app: FaceNet's stem (ADR 0013) and the colour branch
(ADR 0014). Not a test: run it, read the table.

    python bench/bench_encoder.py [--size 256x208] [--ngf 32] [--repeats 40] [--threads 1]

Every variant is ``training.models.build_generator_v3`` with random weights (speed does not depend on the
values), exported by the same ``training.export.to_onnx`` as a training run, and opened with the app's own
session settings (``s2c_desktop.engine.model.session_options``). The model alone (``session.run`` on ready
tensors, batch 1, sketch + hints) is timed round-robin over all variants in one process, so load from
other processes (the machine is shared) hits them alike: the ratio to the plain v3 generator is the number
to read; the p50 is the median of ``--repeats`` runs after a warm-up.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

from bench_engine import measure_interleaved  # noqa: E402 (this folder; one copy of the timing loop)

# name → build_generator_v3 keyword arguments beyond size/ngf/blocks/hints
VARIANTS = {
    "v3 s2d (no encoder)": {},
    "facenet stem to 4b, full res": {"encoder": "facenet", "stem_until": "4b", "stem_downscale": 1},
    "facenet stem to 3b, full res": {"encoder": "facenet", "stem_until": "3b", "stem_downscale": 1},
    "facenet stem to 2b, full res": {"encoder": "facenet", "stem_until": "2b", "stem_downscale": 1},
    "facenet stem to 4b, half res": {"encoder": "facenet", "stem_until": "4b", "stem_downscale": 2},
    "facenet stem to 3b, half res": {"encoder": "facenet", "stem_until": "3b", "stem_downscale": 2},
    "colour branch (hint field)": {"hint_field": True},
}


def main() -> int:
    import onnxruntime as ort

    from s2c_desktop.engine.model import session_options
    from training.export import to_onnx
    from training.models import build_generator_v3, count_parameters

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--size", default="256x208", help="H×W of the model")
    parser.add_argument("--ngf", type=int, default=32)
    parser.add_argument("--blocks", type=int, default=4)
    parser.add_argument("--repeats", type=int, default=40)
    parser.add_argument("--threads", type=int, default=1, help="onnxruntime intra-op threads")
    parser.add_argument("--only", nargs="*", default=None, help="variant names (default: all)")
    args = parser.parse_args()
    height, width = (int(v) for v in args.size.lower().split("x"))

    rng = np.random.default_rng(0)
    sketch = rng.uniform(-1, 1, (1, height, width, 1)).astype(np.float32)
    hints = np.zeros((1, height, width, 4), np.float32)
    runs, params = {}, {}
    for name, extra in VARIANTS.items():
        if args.only and name not in args.only:
            continue
        generator = build_generator_v3(height, width, args.ngf, args.blocks, True, **extra)
        params[name] = count_parameters(generator)
        model = to_onnx(generator, height, width, hints=True).SerializeToString()
        session = ort.InferenceSession(
            model, session_options(args.threads), providers=["CPUExecutionProvider"]
        )
        feed = {"sketch": sketch, "hints": hints}
        runs[name] = lambda session=session, feed=feed: session.run(["photo"], feed)
        print(f"built {name}: {params[name] / 1e6:.2f} M parameters", flush=True)
    results = measure_interleaved(runs, args.repeats, warmup=3)
    base = next(iter(results.values()))[0]
    print(
        f"\n{height}×{width}, batch 1, {args.threads} onnxruntime thread(s), {os.cpu_count()} CPU cores (shared), "
        f"model alone, {args.repeats} runs each, round-robin"
    )
    print(f"{'variant':<32}{'params M':>10}{'p50 ms':>9}{'p95 ms':>9}{'× v3':>7}")
    for name, (p50, p95) in results.items():
        print(f"{name:<32}{params[name] / 1e6:>10.2f}{p50:>9.1f}{p95:>9.1f}{p50 / base:>7.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
