"""Check the engine's CUDA path on a machine with an NVIDIA GPU and onnxruntime-gpu, and time it against the
CPU.

    python bench/bench_cuda.py [--model FILE.onnx] [--repeats 50] [--json OUT.json]

Not a test (CI has no GPU); run it where a GPU is. All in one process, same weights, same inputs:
- ``Colorizer(device="auto")`` and ``device="cuda"`` must pick CUDAExecutionProvider with no fallback;
- parity: the CUDA output against the CPU output on the same tensors (max abs difference, model units [-1,
  1]);
- latency p50 / p95 over ``--repeats`` runs after warm-up, the providers interleaved round-robin: the model
  alone at batch 1, ``Colorizer.colorize`` end to end (fit none), then the model at batch 8 in a round of its
  own, and the cost of switching one CUDA session between batch 1 and 8 (cuDNN searches again);
- ``--sweep``: the same for each cuDNN search mode with and without TF32 (docs/adr/0005).
Exit status 1 when CUDA does not start or parity is worse than 1e-3.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

from bench_engine import measure_interleaved  # noqa: E402

from s2c_desktop.engine.colorizer import Colorizer  # noqa: E402
from s2c_desktop.engine.model import CPU, CUDA  # noqa: E402
from s2c_desktop.errors import ModelError  # noqa: E402

PARITY_LIMIT = 1e-3


def synthetic_sketch(seed: int) -> np.ndarray:
    """A framed face-like line drawing (200×250, white paper): the speed and parity do not depend on who it
    is."""
    rng = np.random.default_rng(seed)
    image = Image.new("L", (200, 250), 255)
    draw = ImageDraw.Draw(image)
    draw.ellipse((40, 40, 160, 210), outline=40, width=3)
    for eye_x in (75, 125):
        draw.ellipse((eye_x - 12, 105, eye_x + 12, 117), outline=30, width=2)
    draw.line((100, 120, 95, 150, 105, 152), fill=50, width=2)
    draw.arc((75, 160, 125, 185), 20, 160, fill=40, width=2)
    for _ in range(40):  # hatching, like shading strokes
        x, y = rng.integers(30, 170), rng.integers(20, 230)
        draw.line((x, y, x + rng.integers(-15, 15), y + rng.integers(5, 20)), fill=int(rng.integers(60, 160)))
    return np.asarray(image)


def sweep_cuda_options(
    model: Path, name_in: str, one: np.ndarray, batch: np.ndarray, cpu_one: np.ndarray, repeats: int
) -> list[dict[str, object]]:
    """Session load, steady latency, shape-switch cost and CPU parity for each CUDA provider option set."""
    import onnxruntime as ort

    from s2c_desktop.engine.model import CUDA_OPTIONS, session_options

    data = model.read_bytes()
    rows = []
    print(
        f"\n{'cudnn search':12} {'tf32':>4} {'load ms':>8} {'1st ms':>7} {'b1 p50':>7} {'b8 p50':>7} "
        f"{'switch':>7} {'parity':>9}"
    )
    for search in ("EXHAUSTIVE", "HEURISTIC", "DEFAULT"):
        for tf32 in ("1", "0"):
            options = {**CUDA_OPTIONS, "cudnn_conv_algo_search": search, "use_tf32": tf32}
            started = time.perf_counter()
            session = ort.InferenceSession(
                data, sess_options=session_options(), providers=[(CUDA, options), CPU]
            )
            load_ms = (time.perf_counter() - started) * 1000
            started = time.perf_counter()
            out = session.run(None, {name_in: one})[0]
            first_ms = (time.perf_counter() - started) * 1000
            parity = float(np.max(np.abs(out - cpu_one)))
            steady = measure_interleaved({"b1": lambda s=session: s.run(None, {name_in: one})}, repeats, 5)
            steady8 = measure_interleaved({"b8": lambda s=session: s.run(None, {name_in: batch})}, repeats, 5)
            switch = measure_interleaved(
                {"sw": lambda s=session: (s.run(None, {name_in: one}), s.run(None, {name_in: batch}))},
                max(5, repeats // 5),
                1,
            )
            row = {
                "search": search,
                "tf32": tf32,
                "load_ms": load_ms,
                "first_ms": first_ms,
                "b1_p50": steady["b1"][0],
                "b8_p50": steady8["b8"][0],
                "switch_p50": switch["sw"][0],
                "parity": parity,
            }
            rows.append(row)
            print(
                f"{search:12} {tf32:>4} {load_ms:8.0f} {first_ms:7.1f} {row['b1_p50']:7.2f} "
                f"{row['b8_p50']:7.2f} "
                f"{row['switch_p50']:7.1f} {parity:9.2e}"
            )
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=str(REPO / "resources" / "models" / "s2c_generator.onnx"))
    parser.add_argument("--repeats", type=int, default=50)
    parser.add_argument("--json", help="write the figures here too")
    parser.add_argument("--sweep", action="store_true", help="also compare CUDA provider options")
    parser.add_argument(
        "--dry-run", action="store_true", help="no GPU: both sides on the CPU (checks the script)"
    )
    args = parser.parse_args(argv)

    import onnxruntime as ort

    report: dict[str, object] = {
        "onnxruntime": ort.__version__,
        "available_providers": ort.get_available_providers(),
    }
    print(f"onnxruntime {ort.__version__}: {', '.join(ort.get_available_providers())}")
    started = time.perf_counter()
    auto = Colorizer(args.model, device="auto")
    report["auto"] = {
        "provider": auto.provider,
        "fallback_reason": auto.fallback_reason,
        "load_ms": auto.load_ms,
    }
    print(
        f"device auto → {auto.provider} (fallback: {auto.fallback_reason}), loaded in {auto.load_ms:.0f} ms"
    )
    try:
        cuda = Colorizer(args.model, device="cpu" if args.dry_run else "cuda")
    except ModelError as exc:
        print(f"FAIL: {exc}")
        return 1
    cpu = Colorizer(args.model, device="cpu")
    report["load_s"] = time.perf_counter() - started
    failures = []
    if not args.dry_run and (auto.provider != CUDA or cuda.provider != CUDA or cpu.provider != CPU):
        failures.append(f"providers: auto {auto.provider}, cuda {cuda.provider}, cpu {cpu.provider}")

    sketches = [synthetic_sketch(seed) for seed in range(8)]
    batch = np.stack([cuda._to_model_input(s) for s in sketches])  # noqa: SLF001 - same tensors for both
    one = batch[:1]
    cuda_session, cpu_session = cuda._model.session, cpu._model.session  # noqa: SLF001
    name_in = cuda._model.input_name  # noqa: SLF001
    max_batch = cuda._model.max_batch  # noqa: SLF001

    def run(session, tensor):  # noqa: ANN001, ANN202
        return session.run(None, {name_in: tensor})[0]

    difference = float(np.max(np.abs(run(cuda_session, one) - run(cpu_session, one))))
    if max_batch is None or max_batch >= 8:
        difference = max(
            difference, float(np.max(np.abs(run(cuda_session, batch) - run(cpu_session, batch))))
        )
    photo_cuda = np.asarray(cuda.colorize(sketches[0], fit="none").photo, np.int16)
    photo_cpu = np.asarray(cpu.colorize(sketches[0], fit="none").photo, np.int16)
    report["parity_max_abs"] = difference
    report["photo_max_abs_8bit"] = int(np.max(np.abs(photo_cuda - photo_cpu)))
    print(
        f"parity CUDA vs CPU: max abs {difference:.2e} (model units), {report['photo_max_abs_8bit']} (8-bit "
        "photo)"
    )
    if difference > PARITY_LIMIT:
        failures.append(f"parity {difference:.2e} > {PARITY_LIMIT}")

    # Batch 1 and batch 8 are timed in separate rounds: switching the input shape of a CUDA session
    # re-runs cuDNN's algorithm search (measured separately below as "shape switch").
    rounds = [
        {
            "model alone, batch 1, CUDA": lambda: run(cuda_session, one),
            "model alone, batch 1, CPU": lambda: run(cpu_session, one),
            "colorize end to end, CUDA": lambda: cuda.colorize(sketches[1], fit="none"),
            "colorize end to end, CPU": lambda: cpu.colorize(sketches[1], fit="none"),
        }
    ]
    if max_batch is None or max_batch >= 8:
        rounds.append(
            {
                "model alone, batch 8, CUDA": lambda: run(cuda_session, batch),
                "model alone, batch 8, CPU": lambda: run(cpu_session, batch),
            }
        )
        rounds.append(
            {"shape switch 1↔8, CUDA (per run)": lambda: (run(cuda_session, one), run(cuda_session, batch))}
        )
    timings: dict[str, tuple[float, float]] = {}
    for paths in rounds:
        timings.update(measure_interleaved(paths, repeats=args.repeats, warmup=5))
    report["latency_ms"] = {name: {"p50": p50, "p95": p95} for name, (p50, p95) in timings.items()}
    print(f"\n{'path':36} {'p50 ms':>9} {'p95 ms':>9}")
    for name, (p50, p95) in timings.items():
        print(f"{name:36} {p50:9.2f} {p95:9.2f}")
    for label in ("model alone, batch 1", "colorize end to end", "model alone, batch 8"):
        if f"{label}, CUDA" in timings:
            ratio = timings[f"{label}, CPU"][0] / timings[f"{label}, CUDA"][0]
            report.setdefault("speedup_cuda_over_cpu", {})[label] = ratio  # type: ignore[union-attr]
            print(f"{label}: CUDA {ratio:.1f}× faster than CPU (p50)")
    if args.sweep and not args.dry_run:
        report["sweep"] = sweep_cuda_options(
            Path(args.model), name_in, one, batch, run(cpu_session, one), args.repeats
        )
    report["failures"] = failures
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1))
    for failure in failures:
        print(f"FAIL: {failure}")
    return 1 if failures else 0


if __name__ == "__main__":
    raise SystemExit(main())
