"""Export a run's generator to ONNX (tf2onnx) and write its model card (``training.card``) beside it.

The graph has the input ``sketch`` float32 ``[N, H, W, 1]``, for a v3 model also ``hints`` float32
``[N, H, W, 4]`` (RGB in [-1, 1] + mask), and one output ``photo`` float32 ``[N, H, W, 3]``, N dynamic. Before
anything is written, the ONNX model is run in onnxruntime on validation sketches and random inputs and
compared with Keras; a difference above 1e-3 aborts the export.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np

from s2c_desktop.atomic import atomic_write_bytes, atomic_write_text
from s2c_desktop.errors import S2CError
from training import data as data_mod
from training.card import HINTS_NAME, INPUT_NAME, OUTPUT_NAME, PARITY_TOLERANCE, build_card


def _rename_io(model, old_inputs: list[str], old_outputs: list[str]) -> None:
    renames = dict(zip(old_inputs, [INPUT_NAME, HINTS_NAME], strict=False)) | {old_outputs[0]: OUTPUT_NAME}
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
        new_nodes.append(
            helper.make_node("Cast", [half_name], [name], to=onnx.TensorProto.FLOAT, name=f"{name}__cast")
        )
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
                images=inputs,
                size=[shape[1] * self.size[0], shape[2] * self.size[1]],
                align_corners=False,
                half_pixel_centers=False,
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


def to_onnx(generator, height: int, width: int, opset: int = 17, *, hints: bool = False):
    """The generator as an ONNX ModelProto with the contract's names and a dynamic batch."""
    import tensorflow as tf
    import tf2onnx

    spec = [tf.TensorSpec([None, height, width, 1], tf.float32, name=INPUT_NAME)]
    if hints:
        spec.append(tf.TensorSpec([None, height, width, 4], tf.float32, name=HINTS_NAME))
    twin = export_twin(generator)

    @tf.function(input_signature=spec)
    def serve(*inputs):
        return twin(list(inputs) if hints else inputs[0], training=False)

    model, _ = tf2onnx.convert.from_function(serve, input_signature=spec, opset=opset)
    _rename_io(model, [i.name for i in model.graph.input], [o.name for o in model.graph.output])
    model.producer_name = "s2c-training"
    return model


def parity(model_bytes: bytes, generator, sketches: np.ndarray, hints: np.ndarray | None = None) -> float:
    """Max |ONNX − Keras| over the given inputs, in onnxruntime on CPU."""
    import onnxruntime as ort

    session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
    feed = {INPUT_NAME: sketches.astype(np.float32)}
    if hints is not None:
        feed[HINTS_NAME] = hints.astype(np.float32)
    expected = generator([sketches, hints] if hints is not None else sketches, training=False).numpy()
    actual = session.run([OUTPUT_NAME], feed)[0]
    return float(np.max(np.abs(expected - actual)))


def parity_inputs(config, count: int = 6, seed: int = 0) -> tuple[np.ndarray, np.ndarray | None]:
    """Real validation sketches of the run when available, plus random ones (both in [-1, 1]); with hints,
    dots sampled from the true photos (and none for the first), plus random hint layers."""
    from training import hints as hints_mod

    height, width = config.height, config.width
    rng = np.random.default_rng(seed)
    random = rng.uniform(-1, 1, (2, height, width, 1)).astype(np.float32)
    random_hints = rng.uniform(-1, 1, (2, height, width, 4)).astype(np.float32)
    random_hints[..., 3] = random_hints[..., 3] > 0.8
    random_hints[..., :3] *= random_hints[..., 3:]
    try:
        pairs = data_mod.discover_pairs(config.data_dirs)
        _, validation = data_mod.split_pairs(pairs, config.validation_fraction)
        real = data_mod.PairArrays.load(validation[:count])
    except S2CError:
        return random, (random_hints if config.hints else None)
    sketches = np.concatenate([data_mod.model_inputs(real.sketches, height, width), random])
    if not config.hints:
        return sketches, None
    layers = [
        hints_mod.render(hints_mod.sample_hints(photo, rng) if i else [], height, width)
        for i, photo in enumerate(real.photos)
    ]
    real_hints = np.stack([hints_mod.to_model_input(layer) for layer in layers])
    return sketches, np.concatenate([real_hints, random_hints])


def export_run(
    run_dir: Path,
    out: Path,
    *,
    checkpoint: str | None = None,
    opset: int = 17,
    float16: bool = False,
    metrics_path: Path | None = None,
) -> dict:
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
    model = to_onnx(generator, config.height, config.width, opset, hints=config.hints)
    if float16:
        weights_to_float16(model)
    model_bytes = model.SerializeToString()
    difference = parity(model_bytes, generator, *parity_inputs(config))
    if difference > PARITY_TOLERANCE:
        raise S2CError(
            f"ONNX output differs from Keras by {difference:.2e} (> {PARITY_TOLERANCE}); not written"
        )
    card = build_card(
        model_bytes,
        generator,
        config,
        run_dir,
        opset=opset,
        float16=float16,
        parity_value=difference,
        metrics=metrics,
    )
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(out, model_bytes)
    atomic_write_text(out.with_suffix(".json"), json.dumps(card, indent=2, ensure_ascii=False) + "\n")
    return card
