"""The generator (s2d: full-resolution output, colour hints) and the discriminators (PatchGAN, optionally at
several scales).

Changes from the original pix2pix, each for a measured reason:

- **Resize-convolution** (nearest upsampling ×2, then a convolution) instead of ``Conv2DTranspose``:
  transposed convolutions with stride 2 overlap unevenly and print a checkerboard on the face.
- **Instance normalisation** instead of batch normalisation: the original ran batch norm at batch size 1
  and in training mode even at inference; with instance norm the exported model behaves exactly as in
  training, at any batch size, and the contrast of a user's sketch matters less.

v1 and v2 were a U-Net at 160×128 (``build_generator``, retired by issue 24; ADR 0018).
"""

from __future__ import annotations

import keras
import tensorflow as tf


@keras.saving.register_keras_serializable(package="s2c")
class InstanceNorm(keras.layers.Layer):
    """Per-image, per-channel normalisation over H and W, with a learned scale and offset."""

    def __init__(self, epsilon: float = 1e-5, **kwargs) -> None:
        super().__init__(**kwargs)
        self.epsilon = epsilon

    def build(self, input_shape) -> None:
        channels = int(input_shape[-1])
        self.gamma = self.add_weight(name="gamma", shape=(channels,), initializer="ones")
        self.beta = self.add_weight(name="beta", shape=(channels,), initializer="zeros")

    def call(self, inputs):
        mean, variance = tf.nn.moments(inputs, axes=[1, 2], keepdims=True)
        return (inputs - mean) * tf.math.rsqrt(variance + self.epsilon) * self.gamma + self.beta

    def get_config(self) -> dict:
        return {**super().get_config(), "epsilon": self.epsilon}


_INIT = keras.initializers.RandomNormal(0.0, 0.02)


def build_discriminator(
    height: int,
    width: int,
    ndf: int = 64,
    name: str = "discriminator",
    last_mult: int = 8,
    condition_channels: int = 1,
) -> keras.Model:
    """PatchGAN on (condition, photo): the condition is the sketch, or the sketch and the hints layer
    (``condition_channels`` 5, v4g). Returns the intermediate activations too (for feature matching); the
    last output is the patch logits (70×70 receptive field at full scale)."""
    sketch = keras.Input((height, width, condition_channels), name="sketch")
    photo = keras.Input((height, width, 3), name="photo")
    x = keras.layers.Concatenate()([sketch, photo])
    features = []
    for level, (filters, stride) in enumerate([(ndf, 2), (ndf * 2, 2), (ndf * 4, 2), (ndf * last_mult, 1)]):
        x = keras.layers.Conv2D(
            filters, 4, strides=stride, padding="same", kernel_initializer=_INIT, use_bias=level == 0
        )(x)
        if level > 0:
            x = InstanceNorm()(x)
        x = keras.layers.LeakyReLU(0.2)(x)
        features.append(x)
    logits = keras.layers.Conv2D(1, 4, padding="same", kernel_initializer=_INIT)(x)
    return keras.Model([sketch, photo], [*features, logits], name=name)


def build_discriminators(
    height: int, width: int, ndf: int = 64, scales: int = 1, condition_channels: int = 1
) -> list[keras.Model]:
    """One PatchGAN per scale; scale k sees the pair average-pooled by 2**k (pix2pixHD)."""
    return [
        build_discriminator(
            height // 2**k,
            width // 2**k,
            ndf,
            name=f"discriminator{k}",
            condition_channels=condition_channels,
        )
        for k in range(scales)
    ]


def downscale(images: tf.Tensor, factor: int) -> tf.Tensor:
    if factor == 1:
        return images
    return tf.nn.avg_pool2d(images, factor, factor, "VALID")


def count_parameters(model: keras.Model) -> int:
    return int(sum(int(tf.size(w)) for w in model.weights))


# -- v3: full-resolution output, colour hints
# -----------------------------------------------------------------


@keras.saving.register_keras_serializable(package="s2c")
class SpaceToDepth(keras.layers.Layer):
    """2×2 blocks of pixels → channels (ONNX ``SpaceToDepth``); a layer, not a Lambda, so it serialises."""

    def call(self, inputs):
        return tf.nn.space_to_depth(inputs, 2)


@keras.saving.register_keras_serializable(package="s2c")
class DepthToSpace(keras.layers.Layer):
    """Channels → 2×2 blocks of pixels (pixel shuffle; ONNX ``DepthToSpace``)."""

    def call(self, inputs):
        return tf.nn.depth_to_space(inputs, 2)


@keras.saving.register_keras_serializable(package="s2c")
class AntiAlias(keras.layers.Layer):
    """A fixed [1, 2, 1]⊗[1, 2, 1] / 16 blur with mirrored edges, after the pixel shuffle (issue 24 §3).

    The pixel shuffle predicts each of a 2×2 block's pixels with its own kernel; wherever those kernels
    disagree a little in gain or offset the photo carries a 2-px grid (the mean spectrum of v3's faces peaked
    at that period at about 4× a real photo's). This filter's response is exactly zero at the 2-px period on
    both axes, so no weights can bring the grid back; the model runs at 256×208 and the app shows 200×250, so
    the little it removes below that period is mostly resampled away anyway. No weights: a generator trained
    without it loads unchanged (``--init-from``)."""

    def call(self, inputs):
        taps = tf.constant([0.25, 0.5, 0.25], inputs.dtype)
        kernel = tf.reshape(taps[:, None] * taps[None, :], (3, 3, 1, 1))
        kernel = tf.tile(kernel, (1, 1, int(inputs.shape[-1]), 1))
        padded = tf.pad(inputs, [[0, 0], [1, 1], [1, 1], [0, 0]], mode="REFLECT")
        return tf.nn.depthwise_conv2d(padded, kernel, (1, 1, 1, 1), "VALID")


# The notch's shape (issue 24 §3, ADR 0018 addendum 4): a line pattern's rows are found by a vertical
# high-pass (identity minus a Gaussian of this sigma, in px) and kept only where they run this many px across.
NOTCH_SIGMA_Y = 1.0
NOTCH_WIDTH_X = 15


@keras.saving.register_keras_serializable(package="s2c")
class ScanLineNotch(keras.layers.Layer):
    """A fixed filter that takes horizontal line patterns out of an image: x − box_x(x − gauss_y(x)).

    The true photos carry scan-line and interlace patterns (CUFSF's whitened spectrum peaks at 6.6× its ring
    at 0.5 cycles/px vertically, CUHK's 3.9× at 0.35) and every v4 snapshot learned one: its spectrum's peak
    sits at 0.31 cycles/px with no horizontal frequency, 1.5–1.8× the true photos'. Only rows that stay alike
    over ``NOTCH_WIDTH_X`` px and change within a few px vertically are taken away, so edges, pores and
    hair strands keep their detail (SSIM to the true photos rose 0.614 → 0.615 when applied to v4d's
    photos). Applied to the photos the losses compare with too, so the discriminator cannot learn the
    lines as a sign of a real photo. No weights: any generator's weights load unchanged."""

    def call(self, inputs):
        channels = int(inputs.shape[-1])
        radius = 4
        offsets = tf.range(-radius, radius + 1, dtype=inputs.dtype)
        gauss = tf.exp(-0.5 * tf.square(offsets / NOTCH_SIGMA_Y))
        gauss = gauss / tf.reduce_sum(gauss)
        vertical = tf.tile(tf.reshape(gauss, (2 * radius + 1, 1, 1, 1)), (1, 1, channels, 1))
        box = tf.fill((1, NOTCH_WIDTH_X, channels, 1), tf.constant(1.0 / NOTCH_WIDTH_X, inputs.dtype))
        half = NOTCH_WIDTH_X // 2
        rows = tf.pad(inputs, [[0, 0], [radius, radius], [0, 0], [0, 0]], mode="REFLECT")
        high = inputs - tf.nn.depthwise_conv2d(rows, vertical, (1, 1, 1, 1), "VALID")
        wide = tf.pad(high, [[0, 0], [0, 0], [half, half], [0, 0]], mode="REFLECT")
        return inputs - tf.nn.depthwise_conv2d(wide, box, (1, 1, 1, 1), "VALID")


def _norm_act(x, name: str, act: str = "relu"):
    x = InstanceNorm(name=f"{name}_norm")(x)
    return (
        keras.layers.LeakyReLU(0.2, name=f"{name}_act")(x)
        if act == "lrelu"
        else keras.layers.ReLU(name=f"{name}_act")(x)
    )


def _bottleneck_block(x, channels: int, name: str):
    """Residual 1×1 → 3×3 → 1×1 block: global context at the 16×13 bottleneck for little compute."""
    inner = channels // 2
    y = keras.layers.Conv2D(inner, 1, use_bias=False, kernel_initializer=_INIT, name=f"{name}_reduce")(x)
    y = _norm_act(y, f"{name}_reduce")
    y = keras.layers.Conv2D(
        inner, 3, padding="same", use_bias=False, kernel_initializer=_INIT, name=f"{name}_conv"
    )(y)
    y = _norm_act(y, f"{name}_conv")
    y = keras.layers.Conv2D(channels, 1, use_bias=False, kernel_initializer=_INIT, name=f"{name}_expand")(y)
    y = InstanceNorm(name=f"{name}_expand_norm")(y)
    return keras.layers.Add(name=f"{name}_add")([x, y])


def build_generator_v3(
    height: int = 256,
    width: int = 208,
    ngf: int = 24,
    blocks: int = 4,
    with_hints: bool = True,
    hint_field: bool = False,
    anti_alias: bool = False,
    hint_field_split: bool = False,
    scan_line_notch: bool = False,
    hint_field_outside_local: bool = False,
) -> keras.Model:
    """Sketch [N, H, W, 1] (+ hints [N, H, W, 4]) → photo [N, H, W, 3] at full resolution.

    Why this shape (v2 made a 160×128 image that the engine stretched to the 200×250 frame):
    - the network runs at half resolution between a space-to-depth input and a depth-to-space (pixel
      shuffle) output, so every output pixel is predicted without paying for full-resolution convolutions;
    - the decoder's wide layers are depthwise-separable, the bottleneck has residual 1×1/3×3 blocks: the
      whole model stays within the CPU latency budget (bench/bench_engine.py);
    - hints enter with the sketch at the first layer; the 16×13 bottleneck spreads a dot's colour over the
      whole region it belongs to.

    ``hint_field=True`` adds the colour branch (``training.hint_field``, ADR 0014): the hints spread into a
    dense colour field that enters after the decoder's last normalisation, through a zero-initialised output;
    ``hint_field_split`` makes that field twice, of the hints inside and outside the face oval (v4c);
    ``hint_field_outside_local`` keeps only the local width of the outside one (v4k).
    """
    if height % 32 or width % 16:
        raise ValueError(f"model size {height}×{width}: H must be a multiple of 32 and W of 16")
    sketch = keras.Input((height, width, 1), name="sketch")
    inputs = [sketch]
    x = sketch
    if with_hints:
        hints = keras.Input((height, width, 4), name="hints")
        inputs.append(hints)
        x = keras.layers.Concatenate(name="in_concat")([sketch, hints])
    x = SpaceToDepth(name="in_s2d")(x)
    e0 = keras.layers.Conv2D(ngf, 3, padding="same", kernel_initializer=_INIT, name="e0_conv")(x)
    e0 = keras.layers.LeakyReLU(0.2, name="e0_act")(e0)
    skips = [e0]
    x = e0
    for level, mult in enumerate((2, 4, 8), start=1):
        x = keras.layers.Conv2D(
            ngf * mult,
            4,
            strides=2,
            padding="same",
            use_bias=False,
            kernel_initializer=_INIT,
            name=f"e{level}_conv",
        )(x)
        x = _norm_act(x, f"e{level}", "lrelu")
        skips.append(x)
    for index in range(blocks):
        x = _bottleneck_block(x, ngf * 8, f"b{index}")
    for level, mult in ((2, 4), (1, 2), (0, 1)):
        x = keras.layers.UpSampling2D(2, interpolation="nearest", name=f"d{level}_resize")(x)
        x = keras.layers.Concatenate(name=f"d{level}_skip")([x, skips[level]])
        x = keras.layers.SeparableConv2D(
            ngf * mult,
            3,
            padding="same",
            use_bias=False,
            depthwise_initializer=_INIT,
            pointwise_initializer=_INIT,
            name=f"d{level}_sep",
        )(x)
        x = _norm_act(x, f"d{level}_sep")
        if level < 2:
            x = keras.layers.Conv2D(
                ngf * mult, 3, padding="same", use_bias=False, kernel_initializer=_INIT, name=f"d{level}_conv"
            )(x)
            x = _norm_act(x, f"d{level}_conv")
    features = x
    x = keras.layers.Conv2D(12, 3, padding="same", kernel_initializer=_INIT, name="out_conv")(x)
    if with_hints and hint_field:
        from training.hint_field import colour_branch

        branch = colour_branch(features, hints, ngf, hint_field_split, hint_field_outside_local)
        x = keras.layers.Add(name="colour_add")([x, branch])
    x = DepthToSpace(name="out_d2s")(x)
    if anti_alias:
        x = AntiAlias(name="out_anti_alias")(x)
    if scan_line_notch:
        x = ScanLineNotch(name="out_scan_line_notch")(x)
    photo = keras.layers.Activation("tanh", name="photo")(x)
    return keras.Model(inputs, photo, name="generator_v3")
