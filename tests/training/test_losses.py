"""Loss terms whose shape is a decision: the low-frequency L1 and its face weighting."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from training import losses  # noqa: E402


def test_face_weights_cover_the_face_and_not_the_corners() -> None:
    weights = losses.face_weights(256, 208).numpy()[0, ..., 0]
    assert weights.shape == (32, 26)
    rows, cols = 256 / 250, 208 / 200  # model pixels per frame pixel
    centre = (int(150 * rows / 8), int(100 * cols / 8))
    assert weights[centre] == 1.0
    assert weights[0, 0] == weights[-1, -1] == losses.OUTSIDE_FACE_WEIGHT
    assert 0.15 < float(np.mean(weights == 1.0)) < 0.5  # the face, not the frame


def test_weighted_low_frequency_l1_counts_the_face_ten_times_the_background() -> None:
    target = tf.zeros((1, 256, 208, 3))
    weights = losses.face_weights(256, 208)
    assert float(losses.low_frequency_l1_loss(target, target + 0.5, weights=weights)[0]) == pytest.approx(0.5)
    assert float(losses.low_frequency_l1_loss(target, target + 0.5)[0]) == pytest.approx(0.5)
    face = np.zeros((1, 256, 208, 3), np.float32)
    face[:, 120:200, 80:130] = 1.0  # a patch on the face ellipse
    corner = np.zeros_like(face)
    corner[:, 0:80, 0:50] = 1.0  # the same area in the top-left background
    on_face = float(losses.low_frequency_l1_loss(target, tf.constant(face), weights=weights)[0])
    on_corner = float(losses.low_frequency_l1_loss(target, tf.constant(corner), weights=weights)[0])
    assert on_face == pytest.approx(10 * on_corner, rel=0.05)


def test_face_colour_loss_prices_a_shift_of_the_face_and_ignores_unhinted_samples() -> None:
    target = tf.zeros((2, 64, 48, 3))
    weights = losses.face_weights(64, 48, outside=0.0)
    hints = np.zeros((2, 64, 48, 4), np.float32)
    hints[0, 30, 24, 3] = 1.0  # the first sample carries a hint, the second none
    shifted = target + tf.constant([0.2, -0.1, 0.0])  # the whole face drifts in colour
    loss = losses.face_colour_loss(target, shifted, tf.constant(hints), weights).numpy()
    assert loss[0] == pytest.approx(0.1) and loss[1] == 0.0  # mean |Δ| over RGB; no hint, no price
    background = np.zeros((2, 64, 48, 3), np.float32)
    background[:, :8, :8] = 1.0  # a corner outside the face ellipse
    assert (
        losses.face_colour_loss(target, tf.constant(background), tf.constant(hints), weights).numpy()[0]
        == 0.0
    )
