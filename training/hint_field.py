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

v4c (``split=True``, ADR 0018 addendum 2): two fields, one of the hints inside the face oval (skin, eyes) and
one of those outside it (hair, background). With one field a light skin stroke showed at the hair, through the
face-wide width and the mean of all hints, exactly as a faint light hair hint would: the branch could not tell
them apart, and light skin strokes lightened dark hair (skin → unhinted hair 9–11 ΔE in v4 and v4b).

v4k (``outside_local=True``, ADR 0018 addendum 10): the field outside the oval keeps only its local width. Its
face-wide width and its mean of all hints carried a hair band's colour to every pixel of the background, and a
white, grey or blond band moved the whole background (2.7–4.7 ΔE). Zeroing them in v4j's trained generator,
before any training, took the background shift for white / grey / blond from 3.2 / 2.1 / 2.1 to 2.2 / 1.3 /
1.6 ΔE. The channels stay (zero), so a generator trained without the option loads unchanged.
"""

from __future__ import annotations

from functools import lru_cache

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
# v4k: of a field's channels, the local width's colour and mass (the first four) are kept outside the oval.
LOCAL_CHANNELS = 4
# Below this much blurred mask the colour fades to 0 (mid-grey) instead of dividing by almost nothing.
_EPSILON = 1e-3


@lru_cache(maxsize=4)
def face_inside(height: int, width: int) -> np.ndarray:
    """[H, W, 1] float32: 1 inside the engine's face oval (``skin_tone.FACE_OVAL``, frame coordinates scaled
    to the model input, which is the 200×250 frame resized), 0 outside."""
    from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH
    from s2c_desktop.engine.skin_tone import FACE_OVAL

    (cx, cy), (ax, ay) = FACE_OVAL
    ys = (np.arange(height, dtype=np.float32) + 0.5) * FRAME_HEIGHT / height
    xs = (np.arange(width, dtype=np.float32) + 0.5) * FRAME_WIDTH / width
    inside = ((xs[None, :] - cx) / ax) ** 2 + ((ys[:, None] - cy) / ay) ** 2 <= 1.0
    return inside.astype(np.float32)[..., None]


def gaussian_taps(sigma: float) -> np.ndarray:
    """A 1-D Gaussian with peak 1 over ±3σ (peak 1, not sum 1: ``Σ g·mask`` then counts nearby hint
    pixels)."""
    radius = int(np.ceil(3 * sigma))
    offsets = np.arange(-radius, radius + 1, dtype=np.float32)
    return np.exp(-(offsets**2) / (2 * sigma**2)).astype(np.float32)


@keras.saving.register_keras_serializable(package="s2c")
class HintField(keras.layers.Layer):
    """hints [N, H, W, 4] (RGB × mask, mask) → field [N, H/2, W/2, 12]: per width (two Gaussians, then the
    whole image) the mean hint colour near each pixel and the hint mass there (``1 − e^(−mass)``). With
    ``split``, 24 channels: that field of the hints inside the face oval, then of those outside it; with
    ``outside_local`` the outside field's face-wide and whole-image channels are zero (v4k)."""

    def __init__(
        self,
        sigmas: tuple[float, ...] = FIELD_SIGMAS,
        pool: int = FIELD_POOL,
        split: bool = False,
        outside_local: bool = False,
        **kwargs,
    ) -> None:
        kwargs.setdefault("trainable", False)  # no weights; fixed Gaussians
        super().__init__(**kwargs)
        self.sigmas = tuple(float(s) for s in sigmas)
        self.pool = int(pool)
        self.split = bool(split)
        self.outside_local = bool(outside_local)
        if self.outside_local and not self.split:
            raise ValueError("outside_local needs the split field (inside and outside the face oval)")

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
        if not self.split:
            return self._field(hints)
        inside = tf.constant(face_inside(int(hints.shape[1]), int(hints.shape[2])))
        outside = self._field(hints * (1.0 - inside))
        if self.outside_local:
            local = np.zeros(FIELD_CHANNELS, np.float32)
            local[:LOCAL_CHANNELS] = 1.0
            outside = outside * tf.constant(local)
        return tf.concat([self._field(hints * inside), outside], axis=-1)

    def _field(self, hints):
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
        channels = FIELD_CHANNELS * (2 if self.split else 1)
        return (n, None if h is None else h // 2, None if w is None else w // 2, channels)

    def get_config(self) -> dict:
        return {
            **super().get_config(),
            "sigmas": list(self.sigmas),
            "pool": self.pool,
            "split": self.split,
            "outside_local": self.outside_local,
        }


def colour_branch(features, hints, ngf: int, split: bool = False, outside_local: bool = False):
    """The decoder's last features [N, H/2, W/2, ngf] and the hints → a correction to the output convolution's
    12 channels (a 2×2 pixel shuffle of RGB), zero at initialisation. ``split``: the field inside and outside
    the face oval apart; ``outside_local``: only the local width outside (``HintField``)."""
    field = HintField(split=split, outside_local=outside_local, name="hint_field")(hints)
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


def widen_colour_conv(kernel: np.ndarray, bias: np.ndarray, in_channels: int) -> list[np.ndarray] | None:
    """An unsplit branch's first convolution (kernel [3, 3, ngf + 12, out]) for a split branch's
    (``in_channels`` = ngf + 24): the field's weights read both the inside and the outside field, so a hint
    wholly inside or wholly outside the face oval gives exactly the unsplit model's output (the convolution is
    linear and the other field is zero there). None when the shapes are not an unsplit/split pair."""
    if kernel.ndim != 4 or kernel.shape[2] + FIELD_CHANNELS != in_channels:
        return None
    field_weights = kernel[:, :, -FIELD_CHANNELS:, :]
    return [np.concatenate([kernel, field_weights], axis=2), bias]
