"""The training loop: tf.function step under a tf.distribute strategy, checkpoints every epoch, resume,
progress bar, per-epoch metrics CSV and image strips, an animated GIF at the end.

A run directory holds everything about one run::

    RUN_DIR/config.json          the configuration (a resumed run reuses it)
    RUN_DIR/checkpoints/         tf.train.CheckpointManager, one per epoch (the last 3 kept)
    RUN_DIR/snapshots/           generator weights every ``snapshot_every`` epochs (for ablations)
    RUN_DIR/metrics.csv          one row per epoch: losses, learning rate, validation L1/SSIM, time
    RUN_DIR/strips/epoch_NNN.png fixed validation sketches, their generated photos, the true photos
    RUN_DIR/evolution.gif        the strips as an animation
"""

from __future__ import annotations

import csv
import dataclasses
import json
import math
import os
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from s2c_desktop.errors import S2CError
from training import data as data_mod
from training.trainer import LOSS_KEYS, Trainer, build_generator, shipped_generator_key


@dataclass
class TrainConfig:
    data_dirs: list[str]
    out: str
    epochs: int = 150
    height: int = 160
    width: int = 128
    ngf: int = 32
    ndf: int = 32
    batch: int = 4
    lr: float = 2e-4
    beta1: float = 0.5
    gan_loss: str = "lsgan"
    gan_weight: float = (
        1.0  # the adversarial term (pix2pix: 1 beside 100·L1); more of it trades L1 for sharpness
    )
    l1_weight: float = 100.0
    low_l1_region: str = "frame"  # "face": the low-frequency L1 weighs the face ellipse 10× the rest
    low_l1_weight: float = (
        0.0  # L1 between 8×8-averaged photos: colour and shading without pushing towards blur
    )
    fm_weight: float = 10.0
    ssim_weight: float = 0.0  # 1 − SSIM term
    identity_weight: float = 0.0  # needs the teacher (FaceNet) or ``embedder``
    perceptual_weight: float = 0.0  # FaceNet feature loss (teacher "facenet" only)
    hint_weight: float = 0.0  # L1 to the hint colours where hints are given
    face_colour_weight: float = 0.0  # L1 of the face's mean colour, on hinted samples (ADR 0014 addendum 2)
    teacher: str = "embedder"  # "facenet" (v3) or "embedder" (v2's distilled dlib embedder)
    embedder: str | None = None  # folder made by ``python -m training embedder``
    architecture: str = "unet"  # "unet" (v1/v2) or "s2d" (v3: full-resolution output)
    blocks: int = 4  # residual blocks at the s2d bottleneck
    hints: bool = False  # the generator takes the witness's colour hints
    encoder: str = "none"  # "facenet": FaceNet's pretrained stem beside the s2d encoder (ADR 0013)
    encoder_until: str = "4b"  # the stem's last layer: 2b, 3b or 4b
    encoder_downscale: int = 2  # the stem sees the sketch shrunk by this factor (1 or 2; latency, ADR 0013)
    encoder_lr_scale: float = 0.1  # the stem's learning rate ÷ lr; 0 freezes it
    hint_field: bool = (
        False  # the colour branch: hints spread into a field that reaches the output (ADR 0014)
    )
    init_from: str | None = (
        None  # checkpoint prefix of another run whose weights start this one (by layer name)
    )
    d_scales: int = 2
    dropout: float = 0.5
    style_probability: float = 0.5
    jitter: bool = True
    validation_fraction: float = data_mod.DEFAULT_VALIDATION_FRACTION
    decay_start: float = 0.5  # fraction of the run after which the learning rate falls linearly to 0
    time_budget_min: float | None = None  # shrink the planned epochs to fit, keeping the decay
    seed: int = 1234
    strategy: str = "default"
    snapshot_every: int = 10
    strip_count: int = 6
    max_steps_per_epoch: int | None = None  # tests and quick measurements
    oversample: dict[str, int] = field(default_factory=dict)  # set name → times each pair is seen per epoch
    skin_recolour: float = (
        0.25  # of the hinted samples; v3 to epoch 7 ran at 0.5 (recolor.SKIN_PROBABILITY then)
    )
    hair_recolour: float = 0.25
    recolour_targets: str = "tones"  # "continuous": between and around the tones (ADR 0014 addendum)
    witness_skin: float = 0.0  # of the hinted samples: skin dots take the face's skin colour, not the dot's
    drop_greyscale_photos: bool = (
        False  # leave out training pairs whose photo is greyscale (v3 runs kept them)
    )
    xla: bool = False  # jit-compile the step (single replica only)
    warmup_steps: int = (
        0  # the learning rate ramps up linearly over the run's first steps (ADR 0016 addendum)
    )
    ema_decay: float = (
        0.0  # > 0: keep an exponential moving average of the generator; it is what ships (ADR 0016)
    )
    # v4 (issue 24, ADR 0018):
    hint_style: str = (
        "dots"  # "strokes": an artist's strokes in each region's own colour (training/strokes.py)
    )
    consistency_weight: float = 0.0  # strokes: a region's hints must not move the photo outside that region
    imprint_weight: float = 0.0  # strokes: a stroke's outline must not show inside its region
    anti_alias: bool = False  # a fixed blur after the pixel shuffle: no 2-px grid (models.AntiAlias)
    d_warmup_steps: int = (
        0  # the first steps train only the discriminators (fresh ones beside trained weights)
    )
    extra: dict = field(default_factory=dict)

    def save(self, path: Path) -> None:
        from s2c_desktop.atomic import atomic_write_text

        atomic_write_text(path, json.dumps(dataclasses.asdict(self), indent=2))

    @classmethod
    def load(cls, path: Path) -> TrainConfig:
        raw = json.loads(path.read_text(encoding="utf-8"))
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


def size_from_height(height: int) -> tuple[int, int]:
    """H:W = 5:4, width rounded to a multiple of 16 (160 → 128, 256 → 208, 320 → 256)."""
    return height, max(16, round(height * 0.8 / 16) * 16)


def warmed_up(rate: float, step: int, warmup_steps: int) -> float:
    """The rate at the run's ``step`` (0-based), ramped linearly over the first ``warmup_steps`` steps. A run
    started from another run's weights begins with fresh Adam moments, whose first steps move every weight by
    about the full rate whatever its gradient; the ramp keeps that from undoing the weights it started from."""
    if warmup_steps <= 0 or step >= warmup_steps:
        return rate
    return rate * (step + 1) / warmup_steps


def learning_rate(config: TrainConfig, epoch: int, planned_epochs: int) -> float:
    """Constant, then linear decay to (almost) zero over the last part of the planned run."""
    start = config.decay_start * planned_epochs
    if epoch < start or planned_epochs <= start:
        return config.lr
    remaining = (planned_epochs - epoch) / (planned_epochs - start)
    return config.lr * max(remaining, 0.02)


def _strip(sketches: np.ndarray, generated: np.ndarray, photos: np.ndarray) -> np.ndarray:
    rows = []
    for images in (np.repeat(sketches, 3, axis=-1), generated, photos):
        rows.append(np.concatenate(list(data_mod.from_unit(images)), axis=1))
    return np.concatenate(rows, axis=0)


def _validation_metrics(
    tf, generated: np.ndarray, photos: np.ndarray, frame_photos: np.ndarray | None = None
) -> dict[str, float]:
    """L1 and SSIM at model size; with the frame photos also the issue's detail ratio and skin ΔE without
    hints (``training.measures``), so a long run shows the two hardest floors epoch by epoch."""
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


def _pick_strip(validation: list[data_mod.Pair], count: int) -> list[int]:
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


def _write_gif(strip_paths: list[Path], target: Path) -> None:
    from s2c_desktop.imaging import open_image

    if not strip_paths:
        return
    frames = [open_image(p, "RGB") for p in strip_paths]
    durations = [300] * (len(frames) - 1) + [2000]
    tmp = target.with_suffix(".tmp.gif")
    frames[0].save(tmp, save_all=True, append_images=frames[1:], duration=durations, loop=0)
    os.replace(tmp, target)


def init_source_config(prefix: str, config: TrainConfig | None = None) -> TrainConfig:
    """The configuration of the run whose checkpoint ``prefix`` (RUN/checkpoints/ckpt-N) starts another run. A
    shipped generator's ``.weights.h5`` has no run folder: it is read with this run's own generator (``config``),
    whose weighted layers must be the same (the anti-alias filter has no weights)."""
    if prefix.endswith(".weights.h5"):
        if not Path(prefix).is_file():
            raise S2CError(f"--init-from {prefix}: no such file")
        if config is None:
            raise S2CError(f"--init-from {prefix}: a weights file needs this run's configuration")
        return dataclasses.replace(config, anti_alias=False, ema_decay=0.0)
    if not Path(f"{prefix}.index").is_file():
        raise S2CError(f"--init-from {prefix}: no such checkpoint (expected {prefix}.index)")
    config_path = Path(prefix).parent.parent / "config.json"
    if not config_path.is_file():
        raise S2CError(f"--init-from {prefix}: no config.json in the run folder {config_path.parent}")
    return TrainConfig.load(config_path)


def train(
    config: TrainConfig, *, resume: bool = False, progress: bool = True, batch: int | None = None
) -> Path:
    """Run (or continue) training; returns the run directory. ``batch`` changes the batch size of a
    resumed run (the weights and optimizer state do not depend on it)."""
    import tensorflow as tf
    from PIL import Image
    from tqdm import tqdm

    run_dir = Path(config.out)
    config_path = run_dir / "config.json"
    checkpoint_dir = run_dir / "checkpoints"
    if resume and config_path.exists():
        saved = TrainConfig.load(config_path)
        # The architecture comes from the run; how long and where to read data may change.
        config = dataclasses.replace(
            saved,
            epochs=config.epochs,
            out=config.out,
            data_dirs=config.data_dirs or saved.data_dirs,
            time_budget_min=config.time_budget_min,
            strategy=config.strategy,
            max_steps_per_epoch=config.max_steps_per_epoch,
            batch=batch or saved.batch,
        )
    elif not resume and checkpoint_dir.exists() and any(checkpoint_dir.iterdir()):
        raise S2CError(
            f"{run_dir} already holds checkpoints; pass --resume to continue or choose another --out"
        )
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "strips").mkdir(exist_ok=True)
    (run_dir / "snapshots").mkdir(exist_ok=True)
    config.save(config_path)

    pairs = data_mod.discover_pairs(config.data_dirs)
    train_pairs, validation_pairs = data_mod.split_pairs(pairs, config.validation_fraction)
    if len(train_pairs) < config.batch:
        raise S2CError(f"only {len(train_pairs)} training pairs; need at least one batch of {config.batch}")
    from s2c_desktop.atomic import atomic_write_text

    atomic_write_text(
        run_dir / "split.json",
        json.dumps(
            {
                "train": [f"{p.set_name}/{p.name}" for p in train_pairs],
                "validation": [f"{p.set_name}/{p.name}" for p in validation_pairs],
            },
            indent=1,
        ),
    )
    train_pairs = [p for p in train_pairs for _ in range(max(1, int(config.oversample.get(p.set_name, 1))))]
    train_data = data_mod.PairArrays.load(train_pairs)
    if config.drop_greyscale_photos:
        train_data, dropped = train_data.without_greyscale_photos()
        if dropped:
            names = sorted({f"{p.set_name}/{p.name}" for p in dropped})
            print(
                f"left out {len(names)} training pairs with a greyscale photo: {', '.join(names[:5])}"
                + (", …" if len(names) > 5 else ""),
                flush=True,
            )
    validation_data = data_mod.PairArrays.load(validation_pairs) if validation_pairs else None
    height, width = config.height, config.width
    if validation_data is not None:
        val_sketches = data_mod.model_inputs(validation_data.sketches, height, width)
        val_photos = data_mod.model_targets(validation_data.photos, height, width)
    else:
        val_sketches = np.zeros((0, height, width, 1), np.float32)
        val_photos = np.zeros((0, height, width, 3), np.float32)
    strip_indices = _pick_strip(validation_pairs, config.strip_count)

    trainer = Trainer(config)
    manager = tf.train.CheckpointManager(trainer.checkpoint, checkpoint_dir, max_to_keep=3)
    restored = bool(resume and manager.latest_checkpoint)
    if restored:
        trainer.checkpoint.restore(manager.latest_checkpoint).assert_existing_objects_matched()
    elif config.init_from:
        fresh = trainer.initialise_from(config.init_from, init_source_config(config.init_from, config))
        print(f"started from {config.init_from}; new layers: {', '.join(fresh) or 'none'}", flush=True)
    if not restored:
        trainer.reset_average()  # a new run's average starts at its first weights
    start_epoch = int(trainer.epoch.numpy())
    steps_per_epoch = len(train_data) // trainer.global_batch
    if config.max_steps_per_epoch:
        steps_per_epoch = min(steps_per_epoch, config.max_steps_per_epoch)
    if steps_per_epoch == 0:
        raise S2CError("fewer training pairs than one global batch")

    metrics_path = run_dir / "metrics.csv"
    fields = [
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
    if metrics_path.exists():
        # A run started by an older version keeps its own columns.
        with metrics_path.open(newline="") as handle:
            fields = next(csv.reader(handle), fields)
    else:
        with metrics_path.open("w", newline="") as handle:
            csv.writer(handle).writerow(fields)

    planned = config.epochs
    started = time.monotonic()
    epoch_times: list[float] = []
    print(
        f"training {len(train_data)} pairs ({len(validation_pairs)} held out) at {height}×{width}, "
        f"ngf {config.ngf}, {trainer.replicas} replica(s), {steps_per_epoch} steps/epoch, "
        f"epochs {start_epoch}→{planned}",
        flush=True,
    )
    # Made once: the training photos do not change between epochs.
    skin_pool = data_mod.skin_pool_if_needed(train_data.photos, config.hints, config.recolour_targets)
    epoch = start_epoch
    while epoch < planned:
        epoch_start = time.monotonic()
        lr = learning_rate(config, epoch, planned)
        trainer.set_learning_rate(lr)
        sketches, hints, photos = data_mod.epoch_examples(
            train_data,
            height,
            width,
            seed=config.seed,
            epoch=epoch,
            style_probability=config.style_probability,
            jitter=config.jitter,
            with_hints=config.hints,
            as_uint8=True,
            skin_recolour=config.skin_recolour,
            hair_recolour=config.hair_recolour,
            recolour_targets=config.recolour_targets,
            witness_skin=config.witness_skin,
            skin_pool=skin_pool,
            hint_style=config.hint_style,
        )
        count = steps_per_epoch * trainer.global_batch
        arrays = [sketches[:count], photos[:count]] + ([hints[:count]] if hints is not None else [])
        ds = data_mod.dataset(*arrays, batch_size=trainer.global_batch, uint8=True)
        ds = trainer.strategy.experimental_distribute_dataset(ds)
        del sketches, hints, photos
        sums = dict.fromkeys(LOSS_KEYS, 0.0)
        bar = tqdm(
            ds,
            total=steps_per_epoch,
            desc=f"epoch {epoch + 1}/{planned}",
            disable=not progress,
            mininterval=1.0 if sys.stderr.isatty() else 30.0,
            file=sys.stderr,
        )
        steps_done = 0
        for batch_arrays in bar:
            run_step = epoch * steps_per_epoch + steps_done
            if run_step <= config.d_warmup_steps + config.warmup_steps:  # the last sets the full rate again
                frozen = run_step < config.d_warmup_steps
                rate = lr if frozen else warmed_up(lr, run_step - config.d_warmup_steps, config.warmup_steps)
                trainer.set_learning_rate(rate, generator_frozen=frozen)
            step_losses = trainer.train_step(*batch_arrays)
            steps_done += 1
            for key in sums:
                sums[key] += step_losses[key]
            bar.set_postfix({k: f"{v / steps_done:.3f}" for k, v in sums.items()}, refresh=False)
        bar.close()
        trainer.epoch.assign(epoch + 1)
        manager.save(checkpoint_number=epoch + 1)
        if config.snapshot_every and (epoch + 1) % config.snapshot_every == 0:
            # With an average, the snapshot is the average (what ships); the trained weights sit beside it.
            snapshot = run_dir / "snapshots" / f"generator_epoch{epoch + 1:03d}"
            trainer.shipped_generator.save_weights(f"{snapshot}.weights.h5")
            if trainer.averaged_generator is not None:
                trainer.generator.save_weights(f"{snapshot}_raw.weights.h5")
        generated = trainer.generate(val_sketches)
        val = _validation_metrics(
            tf, generated, val_photos, validation_data.photos if validation_data is not None else None
        )
        if strip_indices:
            strip = _strip(val_sketches[strip_indices], generated[strip_indices], val_photos[strip_indices])
            Image.fromarray(strip).save(run_dir / "strips" / f"epoch_{epoch + 1:03d}.png")
        epoch_seconds = time.monotonic() - epoch_start
        epoch_times.append(epoch_seconds)
        row = {
            "epoch": epoch + 1,
            **{k: v / steps_done for k, v in sums.items()},
            "lr": lr,
            **val,
            "epoch_s": epoch_seconds,
            "step_s": epoch_seconds / steps_done,
            "planned_epochs": planned,
        }
        with metrics_path.open("a", newline="") as handle:
            csv.writer(handle).writerow(
                [f"{row[k]:.6g}" if isinstance(row.get(k), float) else row.get(k, "") for k in fields]
            )
        epoch += 1
        if config.time_budget_min:
            # Fit the rest of the run into the budget; the decay follows the new plan.
            elapsed = time.monotonic() - started
            recent = float(np.median(epoch_times[-5:]))
            affordable = epoch + int(max(config.time_budget_min * 60 - elapsed, 0) // recent)
            planned = max(epoch, min(config.epochs, affordable))
        remaining = (planned - epoch) * float(np.median(epoch_times[-5:]))
        print(
            f"epoch {epoch}/{planned}: g {row['g']:.3f} d {row['d']:.3f} l1 {row['l1']:.4f} fm {row['fm']:.3f} "
            f"ssim {row['ssim']:.3f} id {row['id']:.4f} perc {row['perc']:.3f} hint {row['hint']:.3f} "
            f"lr {lr:.2e} val_l1 {val['val_l1']:.4f} val_ssim {val['val_ssim']:.4f} "
            f"val_detail {val.get('val_detail', math.nan):.2f} val_skin_de {val.get('val_skin_de', math.nan):.1f} "
            f"({epoch_seconds:.0f} s, ETA {remaining / 60:.1f} min)",
            flush=True,
        )
    strips = sorted((run_dir / "strips").glob("epoch_*.png"))
    _write_gif(strips, run_dir / "evolution.gif")
    return run_dir


def load_generator(run_dir: Path, checkpoint: str | None = None):
    """The generator of a run, restored from its latest (or the named) checkpoint or a snapshot .h5."""
    import tensorflow as tf

    config = TrainConfig.load(run_dir / "config.json")
    generator = build_generator(config)
    if checkpoint and checkpoint.endswith(".weights.h5"):
        generator.load_weights(checkpoint)
        return generator, config
    path = checkpoint or tf.train.latest_checkpoint(str(run_dir / "checkpoints"))
    if not path:
        raise S2CError(f"no checkpoint in {run_dir / 'checkpoints'}")
    tf.train.Checkpoint(**{shipped_generator_key(config): generator}).restore(path).expect_partial()
    return generator, config
