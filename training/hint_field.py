"""The colour branch of the v3 generator: hints spread into a dense colour field that reaches the output.

Why (ADR 0014): every decoder layer of v3 ends in instance normalisation, which removes each feature map's
per-image mean, and a witness's "darker skin" is exactly such a per-image shift. The hints entered only at the
first layer, so to follow a skin dot on the nose the network had to re-encode its colour as a spatial pattern
through four normalisations; measured, it barely did (skin ΔE 11.9 with true hints, 12.7 without).

Here the hints take a shortcut to the output:
- ``HintField`` turns the sparse dots into a dense field by normalised convolution: the Gaussian-weighted mean
  colour of the hints near each pixel (``Σ g·rgb·mask / Σ g·mask``) and how much hint is near (``Σ g·mask``),
  at a local and a face-wide width, plus the mean of all hints; a dot on the nose thus colours the forehead.
- ``colour_branch`` reads the field beside the decoder's last features (which know where skin is) and adds its
  output to the output convolution's, before the pixel shuffle and ``tanh``. Its last layer starts at zero, so
  a generator trained without the branch keeps its exact output when the branch is added (``--init-from``).

Everything is plain convolution, pooling and resizing, so the ONNX graph needs no custom operator.
"""

from __future__ import annotations

import keras
import numpy as np
import tensorflow as tf

# Gaussian widths in pixels of a 256-row model input (about the 200×250 frame's): a dot's neighbourhood, and
# the
# whole face. Smaller models (tests) scale them with their height.
FIELD_SIGMAS = (16.0, 48.0)
_REFERENCE_HEIGHT = 256
FIELD_POOL = 4  # the field is built at 1/4 resolution (cheap), then brought to the decoder's 1/2
FIELD_CHANNELS = 4 * (len(FIELD_SIGMAS) + 1)
# Below this much blurred mask the colour fades to 0 (mid-grey) instead of dividing by almost nothing.
_EPSILON = 1e-3


def gaussian_taps(sigma: float) -> np.ndarray:
    """A 1-D Gaussian with peak 1 over ±3σ (peak 1, not sum 1: ``Σ g·mask`` then counts nearby hint
    pixels)."""
    radius = int(np.ceil(3 * sigma))
    offsets = np.arange(-radius, radius + 1, dtype=np.float32)
    return np.exp(-(offsets**2) / (2 * sigma**2)).astype(np.float32)


@keras.saving.register_keras_serializable(package="s2c")
class HintField(keras.layers.Layer):
    """hints [N, H, W, 4] (RGB × mask, mask) → field [N, H/2, W/2, 12]: per width (two Gaussians, then the
    whole image) the mean hint colour near each pixel and the hint mass there (``1 − e^(−mass)``)."""

    def __init__(self, sigmas: tuple[float, ...] = FIELD_SIGMAS, pool: int = FIELD_POOL, **kwargs) -> None:
        kwargs.setdefault("trainable", False)  # no weights; fixed Gaussians
        super().__init__(**kwargs)
        self.sigmas = tuple(float(s) for s in sigmas)
        self.pool = int(pool)

    def _blur(self, pooled, sigma: float):
        taps = tf.constant(gaussian_taps(max(sigma / self.pool, 0.5)))
        size = int(taps.shape[0])
        rows = tf.tile(tf.reshape(taps, (size, 1, 1, 1)), (1, 1, 4, 1))
        cols = tf.tile(tf.reshape(taps, (1, size, 1, 1)), (1, 1, 4, 1))
        blurred = tf.nn.depthwise_conv2d(pooled, rows, (1, 1, 1, 1), "SAME")
        return tf.nn.depthwise_conv2d(blurred, cols, (1, 1, 1, 1), "SAME")

    @staticmethod
    def _colour_and_mass(sums):
        mass = sums[..., 3:4]
        return [sums[..., :3] / (mass + _EPSILON), 1.0 - tf.exp(-mass)]

    def call(self, hints):
        # Pooling by summing (average × area) keeps the mask's mass, so a dot weighs the same at any scale.
        pooled = tf.nn.avg_pool2d(hints, self.pool, self.pool, "VALID") * float(self.pool**2)
        scale = (hints.shape[1] or _REFERENCE_HEIGHT) / _REFERENCE_HEIGHT
        parts = []
        for sigma in self.sigmas:
            parts += self._colour_and_mass(self._blur(pooled, sigma * scale))
        total = tf.reduce_sum(pooled, axis=[1, 2], keepdims=True)
        parts += [tf.zeros_like(pooled[..., :1]) + part for part in self._colour_and_mass(total)]
        field = tf.concat(parts, axis=-1)
        # Static sizes when known (the exported graph then has a constant Resize).
        height = hints.shape[1] // 2 if hints.shape[1] is not None else tf.shape(hints)[1] // 2
        width = hints.shape[2] // 2 if hints.shape[2] is not None else tf.shape(hints)[2] // 2
        return tf.image.resize(field, (height, width), method="bilinear")

    def compute_output_shape(self, input_shape):
        n, h, w, _ = input_shape
        return (n, None if h is None else h // 2, None if w is None else w // 2, FIELD_CHANNELS)

    def get_config(self) -> dict:
        return {**super().get_config(), "sigmas": list(self.sigmas), "pool": self.pool}


def colour_branch(features, hints, ngf: int):
    """The decoder's last features [N, H/2, W/2, ngf] and the hints → a correction to the output convolution's
    12 channels (a 2×2 pixel shuffle of RGB), zero at initialisation."""
    field = HintField(name="hint_field")(hints)
    x = keras.layers.Concatenate(name="colour_in")([features, field])
    x = keras.layers.Conv2D(
        ngf,
        3,
        padding="same",
        kernel_initializer=keras.initializers.RandomNormal(0.0, 0.02),
        name="colour_conv",
    )(x)
    x = keras.layers.ReLU(name="colour_act")(x)
    return keras.layers.Conv2D(12, 3, padding="same", kernel_initializer="zeros", name="colour_out")(x)
