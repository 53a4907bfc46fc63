"""Export a run's generator to ONNX (tf2onnx) and write its model card beside it.

The graph has one input ``sketch`` float32 ``[N, H, W, 1]`` and one output ``photo`` float32
``[N, H, W, 3]``, N dynamic. Before anything is written, the ONNX model is run in onnxruntime on
validation sketches and random inputs and compared with Keras; a difference above 1e-3 aborts the export.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import platform
from pathlib import Path

import numpy as np

from s2c_desktop.atomic import atomic_write_bytes, atomic_write_text
from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH, LEFT_EYE, RIGHT_EYE
from s2c_desktop.errors import S2CError
from training import data as data_mod

PARITY_TOLERANCE = 1e-3
INPUT_NAME = "sketch"
OUTPUT_NAME = "photo"

CITATIONS = [
    "X. Wang and X. Tang, 'Face Photo-Sketch Synthesis and Recognition', IEEE TPAMI 31(11), 2009 "
    "(CUFS: CUHK student, AR and XM2VTS subsets; Multimedia Lab, The Chinese University of Hong Kong).",
    "W. Zhang, X. Wang and X. Tang, 'Coupled Information-Theoretic Encoding for Face Photo-Sketch "
    "Recognition', CVPR 2011 (CUFSF).",
    "P. J. Phillips, H. Moon, S. A. Rizvi, P. J. Rauss, 'The FERET Evaluation Methodology for "
    "Face-Recognition Algorithms', IEEE TPAMI 22(10), 2000 (Color FERET photos of CUFSF).",
    "A. M. Martinez and R. Benavente, 'The AR Face Database', CVC Technical Report 24, 1998.",
    "K. Messer et al., 'XM2VTSDB: The Extended M2VTS Database', AVBPA 1999.",
    "P. Isola, J.-Y. Zhu, T. Zhou, A. A. Efros, 'Image-to-Image Translation with Conditional Adversarial "
    "Networks', CVPR 2017 (pix2pix).",
    "T.-C. Wang et al., 'High-Resolution Image Synthesis and Semantic Manipulation with Conditional GANs', "
    "CVPR 2018 (pix2pixHD: multi-scale discriminators, feature matching).",
    "D. E. King, 'Dlib-ml: A Machine Learning Toolkit', JMLR 10, 2009 (landmarks and face descriptor "
    "used for alignment and evaluation).",
]


def _rename_io(model, old_inputs: list[str], old_outputs: list[str]) -> None:
    renames = {old_inputs[0]: INPUT_NAME, old_outputs[0]: OUTPUT_NAME}
    for node in model.graph.node:
        node.input[:] = [renames.get(n, n) for n in node.input]
        node.output[:] = [renames.get(n, n) for n in node.output]
    for value in [*model.graph.input, *model.graph.output]:
        value.name = renames.get(value.name, value.name)
        batch = value.type.tensor_type.shape.dim[0]
        if not batch.dim_value:
            batch.dim_param = "N"


def weights_to_float16(model, min_elements: int = 1024) -> int:
    """Store large float32 initializers as float16 followed by a Cast back to float32: the file halves,
    the arithmetic stays float32. Returns how many tensors were converted."""
    import onnx
    from onnx import helper, numpy_helper

    converted = 0
    new_nodes = []
    for initializer in list(model.graph.initializer):
        if initializer.data_type != onnx.TensorProto.FLOAT:
            continue
        array = numpy_helper.to_array(initializer)
        if array.size < min_elements:
            continue
        name = initializer.name
        half_name = f"{name}__fp16"
        model.graph.initializer.remove(initializer)
        model.graph.initializer.append(numpy_helper.from_array(array.astype(np.float16), half_name))
        new_nodes.append(helper.make_node("Cast", [half_name], [name], to=onnx.TensorProto.FLOAT, name=f"{name}__cast"))
        converted += 1
    # Casts first, so the graph stays topologically sorted.
    nodes = new_nodes + list(model.graph.node)
    del model.graph.node[:]
    model.graph.node.extend(nodes)
    return converted


def _nearest_resize_layer():
    import keras
    import tensorflow as tf

    class NearestResize(keras.layers.Layer):
        """×k nearest upsampling as one ResizeNearestNeighbor op (floor of out/k: the same pixels as
        UpSampling2D)."""

        def __init__(self, size=(2, 2), **kwargs) -> None:
            super().__init__(**kwargs)
            self.size = tuple(size)

        def call(self, inputs):
            shape = tf.shape(inputs)
            return tf.raw_ops.ResizeNearestNeighbor(
                images=inputs, size=[shape[1] * self.size[0], shape[2] * self.size[1]],
                align_corners=False, half_pixel_centers=False,
            )

    return NearestResize


def export_twin(generator):
    """The same network and weights with every ``UpSampling2D`` swapped for one resize op.

    Keras 3 writes nearest upsampling as a 5-D tile/reshape chain, which tf2onnx turns into 10 Tile,
    20 Slice and 10 Transpose nodes; a resize becomes one ONNX ``Resize`` per level and tf2onnx can then
    drop all but one transpose. The outputs are bit-identical (parity is still checked against the
    original); onnxruntime runs it faster (``bench/bench_engine.py``)."""
    import keras

    nearest_resize = _nearest_resize_layer()

    def clone(layer):
        if isinstance(layer, keras.layers.UpSampling2D) and layer.interpolation == "nearest":
            return nearest_resize(layer.size, name=layer.name)
        return layer.__class__.from_config(layer.get_config())

    twin = keras.models.clone_model(generator, clone_function=clone)
    twin.set_weights(generator.get_weights())
    return twin


def to_onnx(generator, height: int, width: int, opset: int = 17):
    """The generator as an ONNX ModelProto with the contract's names and a dynamic batch."""
    import tensorflow as tf
    import tf2onnx

    spec = (tf.TensorSpec([None, height, width, 1], tf.float32, name=INPUT_NAME),)
    twin = export_twin(generator)

    @tf.function(input_signature=spec)
    def serve(sketch):
        return twin(sketch, training=False)

    model, _ = tf2onnx.convert.from_function(serve, input_signature=spec, opset=opset)
    _rename_io(model, [i.name for i in model.graph.input], [o.name for o in model.graph.output])
    model.producer_name = "s2c-training"
    return model


def parity(model_bytes: bytes, generator, sketches: np.ndarray) -> float:
    """Max |ONNX − Keras| over the given inputs, in onnxruntime on CPU."""
    import onnxruntime as ort

    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    expected = generator(sketches, training=False).numpy()
    actual = session.run([OUTPUT_NAME], {INPUT_NAME: sketches.astype(np.float32)})[0]
    return float(np.max(np.abs(expected - actual)))


def parity_inputs(config, count: int = 6, seed: int = 0) -> np.ndarray:
    """Real validation sketches of the run when available, plus random ones (both in [-1, 1])."""
    height, width = config.height, config.width
    rng = np.random.default_rng(seed)
    random = rng.uniform(-1, 1, (2, height, width, 1)).astype(np.float32)
    try:
        pairs = data_mod.discover_pairs(config.data_dirs)
        _, validation = data_mod.split_pairs(pairs, config.validation_fraction)
        real = data_mod.PairArrays.load(validation[:count])
        return np.concatenate([data_mod.model_inputs(real.sketches, height, width), random])
    except S2CError:
        return random


def _embedder_summary(config) -> dict:
    """Where the identity term came from: the distilled embedder's size, teacher and fit."""
    if not config.identity_weight or not config.embedder:
        return {}
    meta_path = Path(config.embedder) / "embedder.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8")) if meta_path.is_file() else {}
    keep = ("parameters", "teacher", "train_photos", "epochs", "fit_train", "fit_validation")
    return {"identity_embedder": {"summary": "CNN distilled from dlib's face descriptor on the training photos "
                                             "only (training/identity.py)", **{k: meta[k] for k in keep if k in meta}}}


def _training_summary(run_dir: Path, config) -> dict:
    rows = []
    metrics_path = run_dir / "metrics.csv"
    if metrics_path.exists():
        with metrics_path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
    split_path = run_dir / "split.json"
    split = json.loads(split_path.read_text(encoding="utf-8")) if split_path.exists() else {}
    per_set: dict[str, dict[str, int]] = {}
    for part in ("train", "validation"):
        for key in split.get(part, []):
            per_set.setdefault(key.split("/", 1)[0], {"train": 0, "validation": 0})[part] += 1
    last = rows[-1] if rows else {}
    return {
        "data": per_set,
        "split": f"validation = {config.validation_fraction:.0%} of every set by a SHA-256 hash of "
        "'set/name' (training/data.py:is_validation), never trained on",
        "oversample": config.oversample,
        "epochs": int(last.get("epoch", 0) or 0),
        "time_minutes": round(sum(float(r["epoch_s"]) for r in rows) / 60, 1),
        "final_losses": {k: float(last[k]) for k in ("g", "d", "l1", "fm", "ssim", "id") if last.get(k)},
        "validation_during_training": {k: float(last[k]) for k in ("val_l1", "val_ssim") if k in last},
        "augmentation": {
            "jitter": "resize ×1.12, random crop back, random mirror" if config.jitter else "none",
            "sketch_style_probability": config.style_probability,
            "sketch_styles": "artist sketch, XDoG and pencil-dodge line drawings and contour strokes derived "
            "from the photo; stroke width, contrast/gamma, blur, paper texture, partial sketches "
            "(training/augment.py)",
        },
        "optimizer": {"adam_lr": config.lr, "beta1": config.beta1, "decay": f"linear to 0 after {config.decay_start:.0%} of the epochs"},
        "losses": {"gan": config.gan_loss, "l1_weight": config.l1_weight, "feature_matching_weight": config.fm_weight,
                   "discriminator_scales": config.d_scales, "ssim_weight": config.ssim_weight,
                   "identity_weight": config.identity_weight, **_embedder_summary(config)},
        "batch": config.batch,
        "hardware": f"{platform.machine()} CPU, {os.cpu_count()} cores (shared), no GPU",
        "command": config.extra.get("command", ""),
    }


def build_card(model_bytes: bytes, generator, config, run_dir: Path, *, opset: int, float16: bool,
               parity_value: float, metrics: dict | None) -> dict:
    import onnx
    import tensorflow as tf
    import tf2onnx

    from training.models import count_parameters, downsamplings

    height, width = config.height, config.width
    return {
        "name": "s2c_generator",
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "size_bytes": len(model_bytes),
        "architecture": {
            "summary": f"pix2pix U-Net generator, {downsamplings(height, width)} levels, ngf {config.ngf}, "
            "resize-convolution decoder (nearest ×2 + 3×3 conv), instance normalisation, dropout "
            f"{config.dropout} in training only, tanh output; trained against {config.d_scales} PatchGAN "
            "discriminator(s) with feature matching",
            "ngf": config.ngf,
            "ndf": config.ndf,
        },
        "parameters": count_parameters(generator),
        "input": {"name": INPUT_NAME, "shape": ["N", height, width, 1], "layout": "NHWC", "dtype": "float32",
                  "range": [-1.0, 1.0], "meaning": "grayscale sketch, white paper = +1, ink = -1"},
        "output": {"name": OUTPUT_NAME, "shape": ["N", height, width, 3], "layout": "NHWC", "dtype": "float32",
                   "range": [-1.0, 1.0], "meaning": "RGB photo"},
        "framing": {"frame": [FRAME_WIDTH, FRAME_HEIGHT], "left_eye": list(LEFT_EYE), "right_eye": list(RIGHT_EYE),
                    "note": "CUFS framing (s2c_desktop/engine/framing.py); the frame is resized to H×W"},
        "training": _training_summary(run_dir, config),
        "metrics": metrics or {},
        "export": {"parity_max_abs_diff": parity_value, "parity_tolerance": PARITY_TOLERANCE,
                   "weights": "float16 (cast to float32 in the graph)" if float16 else "float32"},
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "versions": {"tensorflow": tf.__version__, "tf2onnx": tf2onnx.__version__, "onnx": onnx.__version__,
                     "onnx_opset": opset},
        "citations": CITATIONS,
    }


def export_run(run_dir: Path, out: Path, *, checkpoint: str | None = None, opset: int = 17,
               float16: bool = False, metrics_path: Path | None = None) -> dict:
    """Write ``out`` (.onnx) and ``out.with_suffix('.json')`` (the card); returns the card."""
    from training.train import load_generator

    run_dir, out = Path(run_dir), Path(out)
    if not (run_dir / "config.json").exists():
        raise S2CError(f"not a training run (no config.json): {run_dir}")
    if opset < 13:
        raise S2CError("opset must be 13 or newer")
    metrics = None
    if metrics_path is not None:
        try:
            metrics = json.loads(Path(metrics_path).read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise S2CError(f"cannot read metrics {metrics_path}: {exc}") from exc
    generator, config = load_generator(run_dir, checkpoint)
    model = to_onnx(generator, config.height, config.width, opset)
    if float16:
        weights_to_float16(model)
    model_bytes = model.SerializeToString()
    difference = parity(model_bytes, generator, parity_inputs(config))
    if difference > PARITY_TOLERANCE:
        raise S2CError(f"ONNX output differs from Keras by {difference:.2e} (> {PARITY_TOLERANCE}); not written")
    card = build_card(model_bytes, generator, config, run_dir, opset=opset, float16=float16,
                      parity_value=difference, metrics=metrics)
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, model_bytes)
    atomic_write_text(out.with_suffix(".json"), json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return card
