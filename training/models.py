"""The generator (U-Net) and the discriminators (PatchGAN, optionally at several scales).

Changes from the original pix2pix, each for a measured reason:

- **Resize-convolution** (nearest upsampling ×2, then a 3×3 convolution) instead of ``Conv2DTranspose``:
  transposed convolutions with stride 2 overlap unevenly and print a checkerboard on the face.
- **Instance normalisation** instead of batch normalisation: the original ran batch norm at batch size 1
  and in training mode even at inference; with instance norm the exported model behaves exactly as in
  training, at any batch size, and the contrast of a user's sketch matters less.
- The depth adapts to H×W (H:W = 5:4 is not a power of two): the encoder halves both sides while they
  stay even, at most eight times.
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


def downsamplings(height: int, width: int, limit: int = 8) -> int:
    """How many times both sides can be halved (each stays even and ≥ 2 before halving)."""
    count = 0
    while count < limit and height % 2 == 0 and width % 2 == 0 and min(height, width) >= 2:
        height, width, count = height // 2, width // 2, count + 1
    return count


def build_generator(height: int, width: int, ngf: int = 32, dropout: float = 0.5) -> keras.Model:
    """U-Net: sketch [N, H, W, 1] in [-1, 1] → photo [N, H, W, 3] in [-1, 1]."""
    depth = downsamplings(height, width)
    if depth < 3:
        raise ValueError(f"model size {height}×{width} must be divisible by 8 on both sides")
    sketch = keras.Input((height, width, 1), name="sketch")
    x = sketch
    skips = []
    for level in range(depth):
        filters = ngf * min(2**level, 8)
        innermost = level == depth - 1
        x = keras.layers.Conv2D(
            filters, 4, strides=2, padding="same", kernel_initializer=_INIT,
            use_bias=level == 0 or innermost, name=f"down{level}_conv",
        )(x)
        # Normalising a 1×1 bottleneck would zero it; the first layer keeps raw sketch contrast (pix2pix).
        if level > 0 and not innermost:
            x = InstanceNorm(name=f"down{level}_norm")(x)
        x = keras.layers.LeakyReLU(0.2, name=f"down{level}_act")(x)
        skips.append(x)
    dropout_blocks = min(3, depth - 3)
    for index, skip in enumerate(reversed(skips[:-1])):
        level = depth - 2 - index
        filters = ngf * min(2**level, 8)
        x = keras.layers.UpSampling2D(2, interpolation="nearest", name=f"up{level}_resize")(x)
        x = keras.layers.Conv2D(
            filters, 3, padding="same", kernel_initializer=_INIT, use_bias=False, name=f"up{level}_conv"
        )(x)
        x = InstanceNorm(name=f"up{level}_norm")(x)
        if dropout > 0 and index < dropout_blocks:
            x = keras.layers.Dropout(dropout, name=f"up{level}_dropout")(x)
        x = keras.layers.ReLU(name=f"up{level}_act")(x)
        x = keras.layers.Concatenate(name=f"up{level}_skip")([x, skip])
    x = keras.layers.UpSampling2D(2, interpolation="nearest", name="out_resize")(x)
    x = keras.layers.Conv2D(3, 3, padding="same", kernel_initializer=_INIT, name="out_conv")(x)
    photo = keras.layers.Activation("tanh", name="photo")(x)
    return keras.Model(sketch, photo, name="generator")


def build_discriminator(
    height: int, width: int, ndf: int = 64, name: str = "discriminator", last_mult: int = 8
) -> keras.Model:
    """PatchGAN on (sketch, photo). Returns the intermediate activations too (for feature matching);
    the last output is the patch logits (70×70 receptive field at full scale)."""
    sketch = keras.Input((height, width, 1), name="sketch")
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


def build_discriminators(height: int, width: int, ndf: int = 64, scales: int = 1) -> list[keras.Model]:
    """One PatchGAN per scale; scale k sees the pair average-pooled by 2**k (pix2pixHD)."""
    return [
        build_discriminator(height // 2**k, width // 2**k, ndf, name=f"discriminator{k}") for k in range(scales)
    ]


def downscale(images: tf.Tensor, factor: int) -> tf.Tensor:
    if factor == 1:
        return images
    return tf.nn.avg_pool2d(images, factor, factor, "VALID")


def count_parameters(model: keras.Model) -> int:
    return int(sum(int(tf.size(w)) for w in model.weights))
