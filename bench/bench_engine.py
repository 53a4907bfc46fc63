"""Benchmark the colorization engine (issue 4). Not a test: run it by hand, read the table.

    python bench/bench_engine.py [--model FILE.onnx] [--repeats 60]   # latency table
    python bench/bench_engine.py --build-generator 256x208 --ngf 32  # the s2d generator, random weights
    python bench/bench_engine.py --run-dir runs/x [--checkpoint C]   # Keras side from a training run
    python bench/bench_engine.py --sweep                             # session settings, one by one
    python bench/bench_fitting.py [--sample 100] [--detector dlib]   # eye placement on CUFSF

Latency, all in one process on the same weights, batch 1, after warm-up (p50 / p95 of --repeats runs):
- end to end: ``Colorizer.colorize(path)``: decode → fit → model → postprocess, on a framed CUFS sketch,
  and on an unaligned CUFSF sketch (face detection included);
- the model alone in onnxruntime (``session.run`` on a ready tensor);
- the same generator in Keras (``tf.function``, graph mode), when TensorFlow is importable: from a training
  run (``--run-dir``), else, for an s2d card (v3, v4), ``training.models.build_generator_v3`` with the
  card's size, ngf, blocks, colour branch and filter (same architecture, random weights: speed does not depend
  on the values), else, for small conv-only test models, a Keras copy of the ONNX graph with the same weights
  (v2's U-Net is retired from training; its cards get no Keras side);
- first call: a fresh process importing the engine, creating the Colorizer and colorizing once.
Ratios: ORT vs TF (TF p50 ÷ ORT p50, target ≥ 1.5) and engine overhead (end to end ÷ model alone, ≤ 1.3).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from s2c_desktop.paths import datasets_dir  # noqa: E402


def percentiles(samples_ms: list[float]) -> tuple[float, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return statistics.median(ordered), p95


def measure(function: Callable[[], object], repeats: int, warmup: int) -> tuple[float, float]:
    return measure_interleaved({"only": function}, repeats, warmup)["only"]


def measure_interleaved(
    functions: dict[str, Callable[[], object]], repeats: int, warmup: int, pause_s: float = 0.0
) -> dict[str, tuple[float, float]]:
    """Time several paths round-robin, so that load from other processes (this machine is shared)
    hits all of them alike and their ratios stay meaningful. ``pause_s`` between calls lets the spinning
    thread pools of one onnxruntime session go idle before the next session is timed."""
    for function in functions.values():
        for _ in range(warmup):
            function()
    samples: dict[str, list[float]] = {name: [] for name in functions}
    for _ in range(repeats):
        for name, function in functions.items():
            if pause_s:
                time.sleep(pause_s)
            started = time.perf_counter()
            function()
            samples[name].append((time.perf_counter() - started) * 1000)
    return {name: percentiles(values) for name, values in samples.items()}


# --- models to measure --------------------------------------------------------------------------------


def build_generator_model(size: str, ngf: int, folder: Path) -> tuple[Path, object]:
    """The s2d generator (sketch input only) with random weights, exported to ONNX with its card."""
    import hashlib

    from training.export import to_onnx
    from training.models import build_generator_v3

    height, width = (int(v) for v in size.lower().split("x"))
    generator = build_generator_v3(height, width, ngf, with_hints=False)
    model = to_onnx(generator, height, width)
    path = folder / "bench_generator.onnx"
    data = model.SerializeToString()
    path.write_bytes(data)
    card = {
        "name": f"bench_s2d_{height}x{width}_ngf{ngf}",
        "sha256": hashlib.sha256(data).hexdigest(),
        "architecture": {"name": "s2d", "ngf": ngf},
        "input": {"name": "sketch"},
        "output": {"name": "photo"},
    }
    path.with_suffix(".json").write_text(json.dumps(card))
    return path, generator


def keras_generator(model_path: Path, card: dict, run_dir: str | None, checkpoint: str | None):
    """(keras model, how it was obtained) or (None, why not)."""
    try:
        import tensorflow as tf  # noqa: F401
    except Exception as exc:
        return None, f"TensorFlow not importable ({type(exc).__name__})"
    if run_dir:
        from training.train import load_generator

        generator, _ = load_generator(Path(run_dir), checkpoint)
        return generator, f"training run {run_dir} (same weights)"
    architecture = card.get("architecture") if isinstance(card.get("architecture"), dict) else {}
    ngf = architecture.get("ngf")
    shape = (card.get("input") or {}).get("shape")
    if ngf and shape and architecture.get("name") == "s2d":  # v3 and later (issue 24)
        try:
            from training.models import build_generator_v3

            colour_branch = "colour_branch" in (card.get("training") or {}).get("hints", {})
            model = build_generator_v3(
                int(shape[1]),
                int(shape[2]),
                int(ngf),
                int(architecture.get("blocks", 4)),
                with_hints=bool(card.get("hints")),
                hint_field=colour_branch,
                anti_alias=bool(architecture.get("anti_alias", False)),
                scan_line_notch=bool(architecture.get("scan_line_notch", False)),
            )
            return model, "training.models (s2d), card's size/ngf (random weights)"
        except ImportError as exc:
            return None, f"training.models not importable ({exc})"
    try:
        return keras_copy_of_onnx(model_path), "Keras copy of the ONNX graph (same weights)"
    except NotImplementedError as exc:
        return None, str(exc)


def keras_copy_of_onnx(model_path: Path):
    """Rebuild a conv-only ONNX graph (Transpose, Conv, Relu, LeakyRelu, Tanh) in Keras, weights included."""
    import keras
    import onnx
    from onnx import numpy_helper

    graph = onnx.load(str(model_path)).graph
    weights = {t.name: numpy_helper.to_array(t) for t in graph.initializer}
    shape = [d.dim_value for d in graph.input[0].type.tensor_type.shape.dim]
    inputs = keras.Input((shape[1], shape[2], shape[3]), name="sketch")
    tensors = {graph.input[0].name: inputs}
    for node in graph.node:
        x = tensors[node.input[0]]
        if node.op_type == "Transpose":
            y = x  # Keras stays NHWC throughout; the ONNX graph only transposes around its NCHW convs
        elif node.op_type == "Conv":
            kernel = weights[node.input[1]].transpose(2, 3, 1, 0)  # OIHW → HWIO
            attrs = {a.name: onnx.helper.get_attribute_value(a) for a in node.attribute}
            padding = "same" if any(attrs.get("pads", [0])) else "valid"
            layer = keras.layers.Conv2D(
                kernel.shape[3], kernel.shape[:2], padding=padding, use_bias=len(node.input) > 2
            )
            y = layer(x)
            layer.set_weights([kernel, weights[node.input[2]]] if len(node.input) > 2 else [kernel])
        elif node.op_type == "Relu":
            y = keras.layers.ReLU()(x)
        elif node.op_type == "Tanh":
            y = keras.layers.Activation("tanh")(x)
        else:
            raise NotImplementedError(
                f"no Keras copy for ONNX op {node.op_type}; pass --run-dir or --build-generator"
            )
        tensors[node.output[0]] = y
    return keras.Model(inputs, tensors[graph.output[0].name])


# --- latency ------------------------------------------------------------------------------------------


FIRST_CALL = """
import json, sys, time
t0 = time.perf_counter()
from s2c_desktop.engine.colorizer import Colorizer
t1 = time.perf_counter()
c = Colorizer(sys.argv[1], device=sys.argv[3])
t2 = time.perf_counter()
c.colorize(sys.argv[2])
t3 = time.perf_counter()
c.colorize(sys.argv[2])
t4 = time.perf_counter()
print(json.dumps({"import": (t1 - t0) * 1000, "session": (t2 - t1) * 1000, "first_run": (t3 - t2) * 1000,
                  "second_run": (t4 - t3) * 1000}))
"""


def first_call(model: Path, sketch: Path, device: str, repeats: int = 3) -> dict[str, float]:
    runs = []
    for _ in range(repeats):
        out = subprocess.run(
            [sys.executable, "-c", FIRST_CALL, str(model), str(sketch), device],
            capture_output=True,
            text=True,
            cwd=REPO,
            check=True,
            env=dict(os.environ, PYTHONPATH=str(REPO)),
        )
        runs.append(json.loads(out.stdout.strip().splitlines()[-1]))
    return {key: statistics.median(run[key] for run in runs) for key in runs[0]}


def session_sweep(model: Path, repeats: int, warmup: int) -> None:
    import onnxruntime as ort

    from s2c_desktop.engine.model import default_threads, session_options

    data = model.read_bytes()
    session = ort.InferenceSession(data, providers=["CPUExecutionProvider"])
    shape = session.get_inputs()[0].shape
    feed = {
        session.get_inputs()[0].name: np.random.default_rng(0)
        .uniform(-1, 1, (1, shape[1], shape[2], 1))
        .astype(np.float32)
    }
    feed.update(
        {i.name: np.zeros((1, shape[1], shape[2], 4), np.float32) for i in session.get_inputs()[1:]}
    )  # no hints
    levels = ort.GraphOptimizationLevel

    def engine(level=None, threads=None, spinning=None):
        options = session_options(threads=threads)
        if level is not None:
            options.graph_optimization_level = level
        if spinning is not None:
            options.add_session_config_entry("session.intra_op.allow_spinning", spinning)
        return options

    engine_label = f"engine: opt all, {default_threads()} thread(s), inter 1, no spin"
    # Spinning thread pools keep a core busy after their run and slow whatever runs next, so sessions
    # that spin are timed in their own group, each against the engine's settings.
    groups = [
        {
            engine_label: engine(),
            "engine, but optimisation disabled": engine(level=levels.ORT_DISABLE_ALL),
            "engine, but optimisation basic": engine(level=levels.ORT_ENABLE_BASIC),
            "engine, but optimisation extended": engine(level=levels.ORT_ENABLE_EXTENDED),
            "engine, but 1 thread": engine(threads=1),
            f"engine, but {os.cpu_count()} threads": engine(threads=os.cpu_count()),
        },
        {engine_label + " ": engine(), "onnxruntime defaults (spinning)": ort.SessionOptions()},
        {engine_label + "  ": engine(), "engine, but spinning threads": engine(spinning="1")},
    ]
    print(
        f"\nsession settings, model alone, batch 1, interleaved within each group ({repeats} runs each): "
        "p50 / p95 ms"
    )
    for group in groups:
        sessions = {
            label: ort.InferenceSession(data, sess_options=o, providers=["CPUExecutionProvider"])
            for label, o in group.items()
        }
        calls = {label: (lambda s=sess: s.run(None, feed)) for label, sess in sessions.items()}
        for label, (p50, p95) in measure_interleaved(calls, repeats, warmup, pause_s=0.02).items():
            print(f"  {label:<52} {p50:8.2f} {p95:8.2f}")
        print()


def witness_hints(sketch: Path) -> np.ndarray:
    """An RGBA layer the size of the sketch with four dots (skin ×2, hair, eyes), as an artist would draw."""
    from PIL import Image, ImageDraw

    with Image.open(sketch) as image:
        layer = Image.new("RGBA", image.size, (0, 0, 0, 0))
    draw, (w, h) = ImageDraw.Draw(layer), layer.size
    for (x, y), colour in (
        ((0.35, 0.64), (130, 92, 67)),
        ((0.65, 0.64), (130, 92, 67)),
        ((0.5, 0.15), (27, 22, 20)),
        ((0.375, 0.5), (60, 40, 30)),
    ):
        draw.ellipse((x * w - 4, y * h - 4, x * w + 4, y * h + 4), fill=(*colour, 255))
    return np.asarray(layer)


STROKES_PATH = "end to end, framed sketch + artist strokes"  # generator v4's latency item


def artist_strokes(sketch: Path) -> np.ndarray:
    """The stroke protocol's artist strokes (Monk 7 skin bands and cheek strokes, a black hair band) as an
    RGBA layer the size of a framed 200×250 sketch: the latency item of generator v4's criterion."""
    from PIL import Image

    from training.recolor import HAIR_COLOURS, MONK_TONES, hex_rgb
    from training.stroke_protocol import layer

    frame_layer = layer(hex_rgb(MONK_TONES[6]), hex_rgb(HAIR_COLOURS["black"]))
    with Image.open(sketch) as image:
        size = image.size
    return np.asarray(Image.fromarray(frame_layer).resize(size, Image.Resampling.NEAREST))


def latency(args: argparse.Namespace) -> None:
    temp = Path(tempfile.mkdtemp(prefix="s2c-bench-"))
    try:
        _latency(args, temp)
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _latency(args: argparse.Namespace, temp: Path) -> None:
    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.engine.model import default_threads

    threads = args.threads or default_threads()
    if not args.no_keras:
        try:
            import tensorflow as tf

            # Like for like: TensorFlow gets the engine's thread count (set before TF runs anything).
            tf.config.threading.set_intra_op_parallelism_threads(threads)
            tf.config.threading.set_inter_op_parallelism_threads(1)
        except Exception:
            pass
    keras_model = None
    if args.build_generator:
        model_path, keras_model = build_generator_model(args.build_generator, args.ngf, temp)
        keras_how = "training.models via tf2onnx (same weights)"
    elif args.model:
        model_path = Path(args.model)
    else:
        from tests.engine.tiny_model import write_tiny_model

        model_path = write_tiny_model(temp)
    card = json.loads(model_path.with_suffix(".json").read_text())
    faces = datasets_dir() / "faces"
    framed = Path(args.sketch) if args.sketch else sorted((faces / "cufs_cuhk" / "sketches").iterdir())[0]
    unaligned = sorted((faces / "cufsf_unaligned" / "sketches").iterdir())[0]

    first = first_call(model_path, framed, args.device)
    colorizer = Colorizer(model_path, device=args.device, threads=threads)
    height, width = colorizer.input_size
    print(
        f"model {model_path.name} ({card.get('name')}), input {height}×{width}, provider "
        f"{colorizer.provider}, "
        f"{os.cpu_count()} CPU cores, {threads} thread(s) for ORT and TF, {args.repeats} runs after "
        f"{args.warmup} warm-up, batch 1"
    )
    session = colorizer._model.session  # the very session the engine uses
    feed = {
        colorizer._model.input_name: colorizer._to_model_input(colorizer.prepare(framed).fitted.pixels)[None]
    }
    hints_name = colorizer._model.hints_name
    if hints_name:  # a v3 model: the model alone runs without hints, as the app does when none are drawn
        feed[hints_name] = np.zeros((1, height, width, 4), np.float32)
    paths: dict[str, Callable[[], object]] = {
        "end to end, framed CUFS sketch": lambda: colorizer.colorize(framed),
        "model alone, onnxruntime": lambda: session.run(None, feed),
    }
    if hints_name:
        layer = witness_hints(framed)
        paths["end to end, framed sketch + 4 colour hints"] = lambda: colorizer.colorize(framed, hints=layer)
        strokes = artist_strokes(framed)
        paths[STROKES_PATH] = lambda: colorizer.colorize(framed, hints=strokes)
    keras_note = ""
    if not args.no_keras:
        if keras_model is None:
            keras_model, keras_how = keras_generator(model_path, card, args.run_dir, args.checkpoint)
        if keras_model is not None:
            import tensorflow as tf

            x = tf.constant(feed[colorizer._model.input_name])
            if hints_name:
                x = [x, tf.constant(feed[hints_name])]
            graph_call = tf.function(lambda t: keras_model(t, training=False))
            difference = float(np.max(np.abs(graph_call(x).numpy() - session.run(None, feed)[0])))
            paths["model alone, TensorFlow/Keras (tf.function)"] = lambda: graph_call(x).numpy()
            keras_note = f"Keras: {keras_how}; max |ORT − Keras| = {difference:.1e}"
        else:
            keras_note = f"Keras: skipped ({keras_how})"
    timings = measure_interleaved(paths, args.repeats, args.warmup)
    rows = [(label, *timings[label]) for label in paths]
    rows.insert(
        1,
        (
            "end to end, unaligned CUFSF (detection)",
            *measure(lambda: colorizer.colorize(unaligned), max(10, args.repeats // 3), 2),
        ),
    )

    print(f"\n{'path':<48} {'p50 ms':>8} {'p95 ms':>8}")
    for label, p50, p95 in rows:
        print(f"{label:<48} {p50:8.2f} {p95:8.2f}")
    total = first["import"] + first["session"] + first["first_run"]
    print(
        f"first call (fresh process, median of 3): import {first['import']:.0f} ms + session "
        f"{first['session']:.0f} ms "
        f"+ first colorize {first['first_run']:.0f} ms = {total:.0f} ms (second colorize "
        f"{first['second_run']:.0f} ms)"
    )
    by_label = {label: p50 for label, p50, _ in rows}
    model_p50 = by_label["model alone, onnxruntime"]
    print(
        "\nengine overhead (end to end ÷ model alone): "
        f"{by_label['end to end, framed CUFS sketch'] / model_p50:.2f} (target ≤ 1.3)"
    )
    tf_p50 = by_label.get("model alone, TensorFlow/Keras (tf.function)")
    if tf_p50:
        print(f"onnxruntime vs TensorFlow (TF p50 ÷ ORT p50): {tf_p50 / model_p50:.2f}× (target ≥ 1.5)")
    if keras_note:
        print(keras_note)
    if args.sweep:
        session_sweep(model_path, args.repeats, args.warmup)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", help="ONNX model with its card (default: the tiny test model)")
    parser.add_argument(
        "--build-generator", metavar="HxW", help="export training.models' s2d generator (random weights)"
    )
    parser.add_argument("--ngf", type=int, default=32)
    parser.add_argument("--run-dir", help="training run for the Keras side (same weights as its export)")
    parser.add_argument("--checkpoint")
    parser.add_argument("--no-keras", action="store_true")
    parser.add_argument("--sketch", help="framed sketch for the end-to-end path (default: a CUFS one)")
    parser.add_argument("--device", choices=("auto", "cpu", "cuda"), default="cpu")
    parser.add_argument("--threads", type=int)
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument("--sweep", action="store_true", help="also time session settings one by one")
    args = parser.parse_args()
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
    latency(args)


if __name__ == "__main__":
    main()
