"""What a training run writes besides its checkpoints: the metrics CSV, the validation measures, the image
strips and the animated GIF (``training.train`` calls these once per epoch and once at the end)."""

from __future__ import annotations

import csv
import math
import os
from pathlib import Path

import numpy as np

from training import data as data_mod
from training.trainer import LOSS_KEYS

METRICS_FIELDS = [
    "epoch",
    *LOSS_KEYS,
    "lr",
    "val_l1",
    "val_ssim",
    "val_detail",
    "val_skin_de",
    "epoch_s",
    "step_s",
    "planned_epochs",
]


class MetricsLog:
    """``metrics.csv``, one row per epoch. A run started by an older version keeps its own columns."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.fields = list(METRICS_FIELDS)
        if path.exists():
            with path.open(newline="") as handle:
                self.fields = next(csv.reader(handle), self.fields)
        else:
            with path.open("w", newline="") as handle:
                csv.writer(handle).writerow(self.fields)

    def append(self, row: dict) -> None:
        with self.path.open("a", newline="") as handle:
            csv.writer(handle).writerow(
                [f"{row[k]:.6g}" if isinstance(row.get(k), float) else row.get(k, "") for k in self.fields]
            )


def validation_metrics(
    generated: np.ndarray, photos: np.ndarray, frame_photos: np.ndarray | None = None
) -> dict[str, float]:
    """L1 and SSIM at model size; with the frame photos also the issue's detail ratio and skin ΔE without
    hints (``training.measures``), so a long run shows the two hardest floors epoch by epoch."""
    import tensorflow as tf

    if len(generated) == 0:
        return {"val_l1": math.nan, "val_ssim": math.nan, "val_detail": math.nan, "val_skin_de": math.nan}
    ssim = tf.image.ssim(tf.constant((generated + 1) / 2), tf.constant((photos + 1) / 2), max_val=1.0)
    values = {
        "val_l1": float(np.mean(np.abs(generated - photos)) / 2),
        "val_ssim": float(tf.reduce_mean(ssim)),
    }
    if frame_photos is not None:
        from s2c_desktop.engine import tensors
        from training import measures

        frames = np.stack([tensors.model_to_frame(photo) for photo in generated])
        values["val_detail"] = measures.detail_ratio(frames, frame_photos)
        values["val_skin_de"] = measures.skin_delta_e(frames, frame_photos)
    return values


def pick_strip(validation: list[data_mod.Pair], count: int) -> list[int]:
    """Up to ``count`` validation pairs, spread over the sets (round robin)."""
    by_set: dict[str, list[int]] = {}
    for index, pair in enumerate(validation):
        by_set.setdefault(pair.set_name, []).append(index)
    picked: list[int] = []
    while len(picked) < count and any(by_set.values()):
        for members in by_set.values():
            if members and len(picked) < count:
                picked.append(members.pop(0))
    return picked


def write_strip(target: Path, sketches: np.ndarray, generated: np.ndarray, photos: np.ndarray) -> None:
    """Fixed validation sketches, their generated photos and the true photos, one row each."""
    from PIL import Image

    rows = []
    for images in (np.repeat(sketches, 3, axis=-1), generated, photos):
        rows.append(np.concatenate(list(data_mod.from_unit(images)), axis=1))
    Image.fromarray(np.concatenate(rows, axis=0)).save(target)


def write_gif(strip_paths: list[Path], target: Path) -> None:
    from s2c_desktop.imaging import open_image

    if not strip_paths:
        return
    frames = [open_image(p, "RGB") for p in strip_paths]
    durations = [300] * (len(frames) - 1) + [2000]
    tmp = target.with_suffix(".tmp.gif")
    frames[0].save(tmp, save_all=True, append_images=frames[1:], duration=durations, loop=0)
    os.replace(tmp, target)
