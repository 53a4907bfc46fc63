"""Loss terms whose shape is a decision: SSIM and the least-squares adversarial terms."""

from __future__ import annotations

import numpy as np
import pytest

tf = pytest.importorskip("tensorflow")

from training import losses  # noqa: E402


def test_ssim_loss_is_zero_for_the_same_image_and_grows_with_damage() -> None:
    rng = np.random.default_rng(0)
    image = tf.constant(rng.uniform(-1, 1, (2, 64, 48, 3)).astype(np.float32))
    noisy = tf.clip_by_value(image + rng.normal(0, 0.3, image.shape).astype(np.float32), -1, 1)
    same = losses.ssim_loss(image, image).numpy()
    damaged = losses.ssim_loss(image, noisy).numpy()
    assert same.shape == (2,) and np.allclose(same, 0.0, atol=1e-5)
    assert np.all(damaged > 0.1)


def test_adversarial_terms_are_least_squares_per_example() -> None:
    ones, zeros = tf.ones((2, 4, 3, 1)), tf.zeros((2, 4, 3, 1))
    assert np.allclose(losses.discriminator_loss(ones, zeros).numpy(), [0.0, 0.0])  # a perfect discriminator
    assert np.allclose(losses.discriminator_loss(zeros, ones).numpy(), [1.0, 1.0])
    assert np.allclose(losses.generator_adversarial_loss(ones * 0.5).numpy(), [0.25, 0.25])
