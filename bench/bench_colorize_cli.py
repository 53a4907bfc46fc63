"""``s2c colorize`` per image against the bare model at batch 1 (issue 24, speed): batch size and PNG level.

    python bench/bench_colorize_cli.py [--model FILE.onnx] [--count 30] [--repeats 3] [--threads 1]

In one process, on the same ``--count`` CUFS sketches, interleaved round by round so that load from other
processes hits every variant alike; medians of ``--repeats`` rounds, per image:
- the bare model: ``session.run`` at batch 1 on ready tensors;
- the command itself (``s2c colorize`` in this process: model load, decode, fit, model, mark, PNG with
  provenance) at batch sizes 1, 4 and 8 with the engine's PNG level, and at batch 1 with PNG levels 6 and 9.
Target: the command per image ≤ 1.3× the bare model at batch 1.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from s2c_desktop.paths import datasets_dir  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=str(REPO / "resources" / "models" / "s2c_generator.onnx"))
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    args = parser.parse_args()

    from s2c_desktop.cli.main import main as s2c
    from s2c_desktop.engine import provenance, tensors
    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.engine.model import load_model

    faces = datasets_dir() / "faces"
    sketches = [str(p) for p in sorted((faces / "cufs_cuhk" / "sketches").iterdir())[: args.count]]
    model = load_model(Path(args.model), device="cpu", threads=args.threads)
    colorizer = Colorizer(Path(args.model), threads=args.threads)
    height, width = colorizer.input_size
    feeds = []
    for path in sketches:
        pixels = colorizer.prepare(path).fitted.pixels
        feed = {model.input_name: tensors.frame_to_model(pixels, height, width)[None].astype(np.float32)}
        if model.hints_name:
            feed[model.hints_name] = np.zeros((1, height, width, 4), np.float32)
        feeds.append(feed)

    def bare() -> None:
        for feed in feeds:
            model.session.run(None, feed)

    def command(batch: int, level: int | None = None):
        def go() -> None:
            default = provenance.PNG_COMPRESS_LEVEL
            provenance.PNG_COMPRESS_LEVEL = default if level is None else level
            try:
                with tempfile.TemporaryDirectory() as folder:
                    argv = [
                        "colorize",
                        *sketches,
                        "-o",
                        folder,
                        "--model",
                        args.model,
                        "--batch-size",
                        str(batch),
                    ]
                    assert s2c(argv) == 0
            finally:
                provenance.PNG_COMPRESS_LEVEL = default

        return go

    variants = {
        "bare model, batch 1": bare,
        **{f"s2c colorize, batch {b}": command(b) for b in (1, 4, 8)},
        "s2c colorize, batch 1, PNG level 6 (Pillow's)": command(1, 6),
        "s2c colorize, batch 1, PNG level 9": command(1, 9),
    }
    for go in variants.values():  # warm-up
        go()
    samples: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(args.repeats):
        for name, go in variants.items():
            started = time.perf_counter()
            go()
            samples[name].append((time.perf_counter() - started) * 1000 / len(sketches))
    loads = []
    for _ in range(args.repeats):
        started = time.perf_counter()
        Colorizer(Path(args.model), threads=args.threads)
        loads.append((time.perf_counter() - started) * 1000)
    load_ms = statistics.median(loads)
    base = statistics.median(samples["bare model, batch 1"])
    print(
        f"{len(sketches)} sketches, model {height}×{width}, {args.threads} thread(s), {args.repeats} rounds"
    )
    print(
        f"model load (once per command): {load_ms:.0f} ms, {load_ms / len(sketches):.1f} ms per image of "
        "this run"
    )
    print(f"{'variant':<44} {'ms/image':>9} {'× bare':>7} {'× bare, load excluded':>22}")
    for name, values in samples.items():
        median = statistics.median(values)
        loop = median - (load_ms / len(sketches) if name.startswith("s2c") else 0.0)
        print(f"{name:<44} {median:9.1f} {median / base:7.2f} {loop / base:22.2f}")


if __name__ == "__main__":
    main()
