"""How fast the shipped generator runs in onnxruntime on this CPU, next to other widths at the same size.

    .venv/bin/python bench/train_onnx_latency.py [--model resources/models/s2c_generator.onnx] [--repeats 5]

Each configuration: --repeats rounds of 20 timed runs (batch 1) after a warm-up; the median per round, then
the median of the rounds. "frame" includes the frame → H×W resize and the H×W → frame resize back, as the
engine does. Widths other than the shipped one are random-initialised s2d generators exported on the fly (same
architecture, same export), so the ratio column shows what a wider or narrower model would cost.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")


def _time(session, height: int, width: int, repeats: int, with_frame: bool) -> float:
    from training import data as data_mod

    frame = np.full((250, 200), 255, np.uint8)
    frame[60:200, 50:150] = 40
    name = session.get_inputs()[0].name
    # A model with a hints input runs without hints, as the app does when none are drawn.
    no_hints = {i.name: np.zeros((1, height, width, 4), np.float32) for i in session.get_inputs()[1:]}

    def once() -> None:
        x = (
            data_mod.model_inputs(frame[None], height, width)
            if with_frame
            else np.zeros((1, height, width, 1), np.float32)
        )
        out = session.run(None, {name: x, **no_hints})[0]
        if with_frame:
            data_mod.resize(data_mod.from_unit(out[0]), 250, 200)

    for _ in range(5):
        once()
    rounds = []
    for _ in range(repeats):
        times = []
        for _ in range(20):
            start = time.perf_counter()
            once()
            times.append(time.perf_counter() - start)
        rounds.append(statistics.median(times))
    return statistics.median(rounds) * 1000


def main() -> int:
    import onnxruntime as ort

    parser = argparse.ArgumentParser()
    parser.add_argument("--model", type=Path, default=Path("resources/models/s2c_generator.onnx"))
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--widths", type=int, nargs="*", default=[16, 32])
    args = parser.parse_args()

    rows = []
    session = ort.InferenceSession(str(args.model), providers=["CPUExecutionProvider"])
    _, height, width, _ = session.get_inputs()[0].shape
    shipped = _time(session, height, width, args.repeats, False)
    rows.append((f"shipped {args.model.name}", shipped, _time(session, height, width, args.repeats, True)))
    if args.widths:
        from training.export import to_onnx
        from training.models import build_generator_v3

        hints = len(session.get_inputs()) > 1
        for ngf in args.widths:
            generator = build_generator_v3(height, width, ngf, with_hints=hints)
            model = to_onnx(generator, height, width, hints=hints).SerializeToString()
            other = ort.InferenceSession(model, providers=["CPUExecutionProvider"])
            rows.append(
                (
                    f"ngf {ngf} (random weights)",
                    _time(other, height, width, args.repeats, False),
                    _time(other, height, width, args.repeats, True),
                )
            )
    print(f"{height}×{width}, batch 1, {os.cpu_count()} CPU cores, median of {args.repeats} rounds × 20 runs")
    print(f"{'model':<34}{'model ms':>10}{'frame ms':>10}{'ratio':>8}")
    for name, model_ms, frame_ms in rows:
        print(f"{name:<34}{model_ms:>10.1f}{frame_ms:>10.1f}{model_ms / shipped:>8.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
