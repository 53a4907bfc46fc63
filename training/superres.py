"""The 2× face super-resolution stage (issue 25 §3): a small ESPCN-like network, trained, exported, measured.

The app's photo is 200×250; a print wants 400×500. There are no 400×500 ground-truth faces in the data sets
(the CUFS photos are 200×250), so the network learns 2× at the scale below and is applied one scale up (the
usual assumption that the mapping is scale-equivariant): each training photo of the split is the
high-resolution target, and its input is the photo brought to 100×125 and degraded the way the generator's
photos are — a blur of random strength (the generator's softness), a little noise, and a mild JPEG-like
blockiness standing in for the generator's own texture.

Network: three convolutions (5×5 → 32, 3×3 → 32, 3×3 → 12) and a depth-to-space 2×, added to the input
upsampled by nearest neighbour (also a depth-to-space), so it learns only the missing detail; ≈ 15 k
parameters. ONNX holds only Conv, Relu, Concat, DepthToSpace and Add.

    python -m training superres --data DIR [DIR...] --out runs/superres --minutes 25 [--threads 1]

writes ``superres.onnx``, ``superres.json`` (card: sha256, sizes, measurements) and ``report.json``.
"""

from __future__ import annotations

import hashlib
import io
import json
import time
from pathlib import Path

import numpy as np
from PIL import Image, ImageFilter

from s2c_desktop.imaging import decode_image
from training import data as data_mod

LOW = (100, 125)  # (width, height) the training input
HIGH = (200, 250)  # the training target; the app then runs 200×250 → 400×500
PATCH = 40  # low-resolution patch side (80 at the target)
FEATURES = 32


def degrade(photo: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """A 200×250 photo → the 100×125 input, softened like the generator's photos."""
    image = Image.fromarray(photo).resize(LOW, Image.Resampling.BICUBIC)
    radius = float(rng.uniform(0.0, 0.9))
    if radius > 0.05:
        image = image.filter(ImageFilter.GaussianBlur(radius))
    if rng.random() < 0.5:  # blockiness and ringing, as a textured generator output has
        buffer = io.BytesIO()
        image.save(buffer, "JPEG", quality=int(rng.integers(70, 95)))
        image = decode_image(buffer.getvalue(), "RGB", label="degraded photo")
    low = np.asarray(image, np.float32) + rng.normal(0.0, float(rng.uniform(0.0, 2.5)), (LOW[1], LOW[0], 3))
    return np.clip(np.rint(low), 0, 255).astype(np.uint8)


def build_model():
    import tensorflow as tf

    inputs = tf.keras.Input((None, None, 3), name="photo")
    x = tf.keras.layers.Conv2D(FEATURES, 5, padding="same", activation="relu")(inputs)
    x = tf.keras.layers.Conv2D(FEATURES, 3, padding="same", activation="relu")(x)
    x = tf.keras.layers.Conv2D(12, 3, padding="same")(x)
    detail = tf.keras.layers.Lambda(lambda t: tf.nn.depth_to_space(t, 2))(x)
    tiled = tf.keras.layers.Concatenate()([inputs, inputs, inputs, inputs])
    nearest = tf.keras.layers.Lambda(lambda t: tf.nn.depth_to_space(t, 2))(tiled)
    outputs = tf.keras.layers.Add(name="upscaled")([nearest, detail])
    return tf.keras.Model(inputs, outputs)


def _to_unit(pixels: np.ndarray) -> np.ndarray:
    return pixels.astype(np.float32) / 127.5 - 1.0


def _batch(photos: np.ndarray, rng: np.random.Generator, size: int) -> tuple[np.ndarray, np.ndarray]:
    lows, highs = [], []
    for index in rng.integers(0, len(photos), size):
        photo = photos[index]
        if rng.random() < 0.5:
            photo = photo[:, ::-1]
        low = degrade(np.ascontiguousarray(photo), rng)
        y, x = int(rng.integers(0, LOW[1] - PATCH)), int(rng.integers(0, LOW[0] - PATCH))
        lows.append(low[y : y + PATCH, x : x + PATCH])
        highs.append(photo[2 * y : 2 * (y + PATCH), 2 * x : 2 * (x + PATCH)])
    return _to_unit(np.stack(lows)), _to_unit(np.stack(highs))


def train(photos: np.ndarray, minutes: float, seed: int = 0):
    import tensorflow as tf

    tf.keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    model = build_model()
    optimizer = tf.keras.optimizers.Adam(1e-3)

    @tf.function
    def step(low, high):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.abs(model(low, training=True) - high))
        optimizer.apply_gradients(
            zip(tape.gradient(loss, model.trainable_variables), model.trainable_variables, strict=True)
        )
        return loss

    deadline = time.monotonic() + minutes * 60
    steps, losses = 0, []
    while time.monotonic() < deadline:
        losses.append(float(step(*_batch(photos, rng, 16))))
        steps += 1
        if steps % 500 == 0:
            print(f"step {steps}: L1 {np.mean(losses[-500:]):.4f}", flush=True)
    return model, steps


def upscale(session, photo: np.ndarray) -> np.ndarray:
    """[H, W, 3] uint8 → [2H, 2W, 3] uint8 through the exported ONNX session."""
    result = session.run(None, {session.get_inputs()[0].name: _to_unit(photo)[None]})[0][0]
    return np.clip(np.rint((result + 1.0) * 127.5), 0, 255).astype(np.uint8)


def export(model, path: Path) -> bytes:
    import tensorflow as tf
    import tf2onnx

    spec = (tf.TensorSpec((None, None, None, 3), tf.float32, name="photo"),)
    onnx_model, _ = tf2onnx.convert.from_keras(model, input_signature=spec, opset=17)
    data = onnx_model.SerializeToString()
    path.write_bytes(data)
    return data


def laplacian_detail(photo: np.ndarray) -> float:
    import cv2

    grey = cv2.cvtColor(np.ascontiguousarray(photo), cv2.COLOR_RGB2GRAY).astype(np.float64)
    return float(cv2.Laplacian(grey, cv2.CV_64F).var())


def measure(session, photos: np.ndarray, seed: int = 1) -> dict:
    """On held-out photos degraded like the generator's: PSNR/SSIM of the network and of bicubic against the
    true 200×250 photo, and the detail ratio (Laplacian variance over the true photo's)."""
    from skimage.metrics import peak_signal_noise_ratio, structural_similarity

    rng = np.random.default_rng(seed)
    rows = {"network": [], "bicubic": []}
    details = {"network": [], "bicubic": [], "true": []}
    for photo in photos:
        low = degrade(photo, rng)
        outputs = {
            "network": upscale(session, low),
            "bicubic": np.asarray(Image.fromarray(low).resize(HIGH, Image.Resampling.BICUBIC)),
        }
        details["true"].append(laplacian_detail(photo))
        for name, output in outputs.items():
            rows[name].append(
                (
                    peak_signal_noise_ratio(photo, output, data_range=255),
                    structural_similarity(photo, output, channel_axis=2, data_range=255),
                )
            )
            details[name].append(laplacian_detail(output))
    true_detail = float(np.mean(details["true"]))
    return {
        name: {
            "psnr": float(np.mean([r[0] for r in values])),
            "ssim": float(np.mean([r[1] for r in values])),
            "detail_ratio": float(np.mean(details[name]) / true_detail),
        }
        for name, values in rows.items()
    } | {"pairs": len(photos)}


def latency_ms(model_bytes: bytes, repeats: int = 30) -> float:
    """Median time of one 200×250 → 400×500 run on one CPU thread."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(model_bytes, options, providers=["CPUExecutionProvider"])
    photo = np.random.default_rng(0).integers(0, 255, (HIGH[1], HIGH[0], 3), dtype=np.uint8)
    upscale(session, photo)
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        upscale(session, photo)
        times.append((time.perf_counter() - started) * 1000)
    return float(np.median(times))


def run(data_dirs: list[str | Path], out: Path, minutes: float) -> dict:
    import onnxruntime as ort

    pairs = data_mod.discover_pairs(data_dirs)
    training, validation = data_mod.split_pairs(pairs)
    train_photos = data_mod.PairArrays.load(training).photos
    held_out = data_mod.PairArrays.load(validation).photos
    out.mkdir(parents=True, exist_ok=True)
    model, steps = train(train_photos, minutes)
    model_bytes = export(model, out / "superres.onnx")
    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    report = {
        "steps": steps,
        "minutes": minutes,
        "training_photos": len(train_photos),
        "parameters": int(model.count_params()),
        "validation": measure(session, held_out),
        "latency_ms_1_thread_200x250": latency_ms(model_bytes),
    }
    card = {
        "name": "s2c_superres",
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "size_bytes": len(model_bytes),
        "input": {"name": session.get_inputs()[0].name, "layout": "NHWC", "range": [-1.0, 1.0]},
        "output": {"name": session.get_outputs()[0].name, "scale": 2},
        "trained_on": [str(Path(d).name) for d in data_dirs],
        "recipe": __doc__.split("\n\n")[1].replace("\n", " "),
        **report,
    }
    (out / "superres.json").write_text(json.dumps(card, indent=2), encoding="utf-8")
    (out / "report.json").write_text(json.dumps(report, indent=2), encoding="utf-8")
    return report
