"""Static INT8 (QDQ) quantisation of a generator, calibrated on training sketches: speed and output change.

    python bench/bench_int8.py [--model resources/models/s2c_generator.onnx] [--calibration 64] [--repeats 40]

Issue 24 asks to try it and ship it only if it passes the criterion. This writes the quantised model next to a
temporary copy (never into resources/), then, in one process and interleaved, times the float and INT8
sessions at 1 and 2 threads (medians) and reports the largest and mean absolute difference of their photos on
validation sketches (outputs in [-1, 1]). Calibration uses training-split sketches only
(``training.data.split_pairs``).
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


def _inputs(pairs, height: int, width: int, with_hints: bool) -> list[dict[str, np.ndarray]]:
    from training import data as data_mod

    arrays = data_mod.PairArrays.load(pairs)
    sketches = data_mod.model_inputs(arrays.sketches, height, width)
    feeds = []
    for sketch in sketches:
        feed = {"sketch": sketch[None]}
        if with_hints:
            feed["hints"] = np.zeros((1, height, width, 4), np.float32)
        feeds.append(feed)
    return feeds


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=str(REPO / "resources" / "models" / "s2c_generator.onnx"))
    parser.add_argument("--calibration", type=int, default=64, help="training sketches for calibration")
    parser.add_argument("--repeats", type=int, default=40)
    args = parser.parse_args()

    import onnxruntime as ort
    from onnxruntime.quantization import CalibrationDataReader, QuantFormat, QuantType, quantize_static
    from onnxruntime.quantization.shape_inference import quant_pre_process

    from s2c_desktop.paths import datasets_dir
    from training import data as data_mod

    model = Path(args.model)
    probe = ort.InferenceSession(str(model), providers=["CPUExecutionProvider"])
    names = [i.name for i in probe.get_inputs()]
    height, width = int(probe.get_inputs()[0].shape[1]), int(probe.get_inputs()[0].shape[2])
    faces = datasets_dir() / "faces"
    train, validation = data_mod.split_pairs(
        data_mod.discover_pairs([faces / "cufs_cuhk", faces / "cufs_xm2vts"])
    )
    rng = np.random.default_rng(0)
    chosen = [train[i] for i in rng.choice(len(train), size=min(args.calibration, len(train)), replace=False)]
    calibration = _inputs(chosen, height, width, "hints" in names)
    checks = _inputs(validation[:16], height, width, "hints" in names)

    class Reader(CalibrationDataReader):
        def __init__(self) -> None:
            self.items = iter(calibration)

        def get_next(self):
            return next(self.items, None)

    with tempfile.TemporaryDirectory() as folder:
        prepared = Path(folder) / "prepared.onnx"
        quantised = Path(folder) / "int8.onnx"
        quant_pre_process(str(model), str(prepared), skip_symbolic_shape=True)
        quantize_static(
            str(prepared),
            str(quantised),
            Reader(),
            quant_format=QuantFormat.QDQ,
            activation_type=QuantType.QUInt8,
            weight_type=QuantType.QInt8,
            per_channel=True,
        )
        print(f"float {model.stat().st_size / 1e6:.1f} MB, int8 {quantised.stat().st_size / 1e6:.1f} MB")
        sessions = {}
        for threads in (1, 2):
            options = ort.SessionOptions()
            options.intra_op_num_threads = threads
            options.inter_op_num_threads = 1
            for label, path in (("float", model), ("int8", quantised)):
                sessions[(label, threads)] = ort.InferenceSession(
                    str(path), options, providers=["CPUExecutionProvider"]
                )
        differences = [
            np.abs(sessions[("float", 1)].run(None, feed)[0] - sessions[("int8", 1)].run(None, feed)[0])
            for feed in checks
        ]
        samples: dict[tuple[str, int], list[float]] = {key: [] for key in sessions}
        feed = checks[0]
        for session in sessions.values():
            session.run(None, feed)
        for _ in range(args.repeats):
            for key, session in sessions.items():
                started = time.perf_counter()
                session.run(None, feed)
                samples[key].append((time.perf_counter() - started) * 1000)
    for threads in (1, 2):
        base = statistics.median(samples[("float", threads)])
        fast = statistics.median(samples[("int8", threads)])
        print(
            f"{threads} thread(s): float p50 {base:.1f} ms, int8 p50 {fast:.1f} ms, gain {base / fast:.2f}×"
        )
    print(
        f"output change on {len(checks)} validation sketches: max {max(d.max() for d in differences):.3f}, "
        f"mean {np.mean([d.mean() for d in differences]):.4f} (outputs in [-1, 1])"
    )


if __name__ == "__main__":
    main()
