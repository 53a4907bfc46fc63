"""The training loop, split as pix2pix splits ``fit`` and ``train_step``: the run folder, its data, the
trainer (new, resumed or started from another run), one epoch of steps (``Trainer.train_step`` is the step),
and the epoch's outputs. tf.function steps under a tf.distribute strategy, checkpoints every epoch, resume.

A run directory holds everything about one run::

    RUN_DIR/config.json          the configuration (a resumed run reuses it)
    RUN_DIR/checkpoints/         tf.train.CheckpointManager, one per epoch (the last 3 kept)
    RUN_DIR/snapshots/           generator weights every ``snapshot_every`` epochs (for ablations)
    RUN_DIR/metrics.csv          one row per epoch: losses, learning rate, validation L1/SSIM, time
    RUN_DIR/strips/epoch_NNN.png fixed validation sketches, their generated photos, the true photos
    RUN_DIR/evolution.gif        the strips as an animation
"""

from __future__ import annotations

import dataclasses
import json
import math
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from s2c_desktop.errors import S2CError
from training import data as data_mod
from training import run_outputs
from training.config import TrainConfig, read_raw
from training.retired import GENERATOR_KEYS, refuse_retired
from training.trainer import (
    CONSISTENCY_MODES,
    LOSS_KEYS,
    UNHINTED_COLOUR_MODES,
    Trainer,
    build_generator,
    shipped_generator_key,
)


def size_from_height(height: int) -> tuple[int, int]:
    """H:W = 5:4, width rounded to a multiple of 16 (160 → 128, 256 → 208, 320 → 256)."""
    return height, max(16, round(height * 0.8 / 16) * 16)


def warmed_up(rate: float, step: int, warmup_steps: int) -> float:
    """The rate at the run's ``step`` (0-based), ramped linearly over the first ``warmup_steps`` steps. A run
    started from another run's weights begins with fresh Adam moments, whose first steps move every weight by
    about the full rate whatever its gradient; the ramp keeps that from undoing the weights it started
    from."""
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


def init_source_config(prefix: str, config: TrainConfig | None = None) -> TrainConfig:
    """The configuration of the run whose checkpoint ``prefix`` (RUN/checkpoints/ckpt-N) starts another run. A
    shipped generator's ``.weights.h5`` has no run folder: it is read with this run's own generator
    (``config``), whose weighted layers must be the same (the anti-alias filter has no weights)."""
    if prefix.endswith(".weights.h5"):
        if not Path(prefix).is_file():
            raise S2CError(f"--init-from {prefix}: no such file")
        if config is None:
            raise S2CError(f"--init-from {prefix}: a weights file needs this run's configuration")
        # v4c's split colour field starts from an unsplit generator's weights (trainer.initialise_from widens
        # the branch's first convolution); a split weights file is read as split.
        split = config.hint_field_split and _weights_have_split_field(prefix, config.ngf)
        # The outside field's width (v4k) has no weights: the source is read with the whole field.
        return dataclasses.replace(
            config, anti_alias=False, ema_decay=0.0, hint_field_split=split, hint_field_outside_local=False
        )
    if not Path(f"{prefix}.index").is_file():
        raise S2CError(f"--init-from {prefix}: no such checkpoint (expected {prefix}.index)")
    config_path = Path(prefix).parent.parent / "config.json"
    if not config_path.is_file():
        raise S2CError(f"--init-from {prefix}: no config.json in the run folder {config_path.parent}")
    raw = read_raw(config_path)
    refuse_retired(raw, f"--init-from {prefix}", GENERATOR_KEYS)
    return TrainConfig.from_raw(raw)


def _weights_have_split_field(path: str, ngf: int) -> bool:
    """Whether a generator's ``.weights.h5`` holds a split colour field: its branch's first convolution (a 3×3
    kernel to ``ngf`` channels) reads the decoder's ``ngf`` features and 24 field channels, not 12. Keras 3
    files name layers by class and index, so the kernel is found by its shape."""
    import h5py

    from training.hint_field import FIELD_CHANNELS

    kernels: list[tuple[int, ...]] = []

    def collect(name: str, item) -> None:
        if getattr(item, "ndim", 0) == 4:
            kernels.append(tuple(item.shape))

    with h5py.File(path, "r") as weights:
        weights.visititems(collect)
    return (3, 3, ngf + 2 * FIELD_CHANNELS, ngf) in kernels


# -- the run, phase by phase ------------------------------------------------------------------------------


def open_run(config: TrainConfig, resume: bool, batch: int | None) -> TrainConfig:
    """The run folder and the configuration it runs with: a resumed run keeps its own, except how long, where
    it reads data and the batch size (the weights and optimizer state do not depend on it)."""
    run_dir = Path(config.out)
    config_path = run_dir / "config.json"
    checkpoint_dir = run_dir / "checkpoints"
    if resume and config_path.exists():
        raw = read_raw(config_path)
        refuse_retired(raw, f"the run {run_dir}")
        saved = TrainConfig.from_raw(raw)
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
    refuse_retired(vars(config), f"the run {run_dir}")
    for key, modes in (
        ("consistency_mode", CONSISTENCY_MODES),
        ("unhinted_colour_mode", UNHINTED_COLOUR_MODES),
    ):
        if getattr(config, key) not in modes:
            raise S2CError(f"{key} {getattr(config, key)!r}: one of {' or '.join(modes)}")
    cell = config.unhinted_colour_cell
    if not isinstance(cell, int) or not 1 <= cell <= 64:
        raise S2CError(f"unhinted_colour_cell {cell!r}: a whole number of px, 1 to 64")
    teacher = config.detail_teacher or ""
    if config.detail_weight > 0 and not (teacher.endswith(".weights.h5") and Path(teacher).is_file()):
        raise S2CError(f"detail_teacher {teacher!r}: not an earlier generator's .weights.h5")
    run_dir.mkdir(parents=True, exist_ok=True)
    (run_dir / "strips").mkdir(exist_ok=True)
    (run_dir / "snapshots").mkdir(exist_ok=True)
    config.save(config_path)
    return config


@dataclass
class RunData:
    """What a run trains and validates on, loaded once (the photos do not change between epochs)."""

    train: data_mod.PairArrays
    held_out: int
    frame_photos: np.ndarray | None  # the validation photos in the frame, for the detail and skin measures
    val_sketches: np.ndarray
    val_photos: np.ndarray
    strip_indices: list[int]


def load_data(config: TrainConfig, run_dir: Path) -> RunData:
    """The pairs, their split (written to split.json), oversampling, and the validation arrays."""
    from s2c_desktop.atomic import atomic_write_text

    pairs = data_mod.discover_pairs(config.data_dirs)
    train_pairs, validation_pairs = data_mod.split_pairs(pairs, config.validation_fraction)
    if len(train_pairs) < config.batch:
        raise S2CError(f"only {len(train_pairs)} training pairs; need at least one batch of {config.batch}")
    split = {
        "train": [f"{p.set_name}/{p.name}" for p in train_pairs],
        "validation": [f"{p.set_name}/{p.name}" for p in validation_pairs],
    }
    atomic_write_text(run_dir / "split.json", json.dumps(split, indent=1))
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
    validation = data_mod.PairArrays.load(validation_pairs) if validation_pairs else None
    height, width = config.height, config.width
    if validation is not None:
        val_sketches = data_mod.model_inputs(validation.sketches, height, width)
        val_photos = data_mod.model_targets(validation.photos, height, width)
    else:
        val_sketches = np.zeros((0, height, width, 1), np.float32)
        val_photos = np.zeros((0, height, width, 3), np.float32)
    return RunData(
        train=train_data,
        held_out=len(validation_pairs),
        frame_photos=validation.photos if validation is not None else None,
        val_sketches=val_sketches,
        val_photos=val_photos,
        strip_indices=run_outputs.pick_strip(validation_pairs, config.strip_count),
    )


def set_up_trainer(config: TrainConfig, run_dir: Path, resume: bool):
    """(trainer, checkpoint manager): restored from the run's last checkpoint on resume, else started from
    ``init_from`` when given; a new run's weight average starts at its first weights; the frozen detail
    teacher loaded when the recipe has one."""
    import tensorflow as tf

    trainer = Trainer(config)
    manager = tf.train.CheckpointManager(trainer.checkpoint, run_dir / "checkpoints", max_to_keep=3)
    restored = bool(resume and manager.latest_checkpoint)
    if restored:
        trainer.checkpoint.restore(manager.latest_checkpoint).assert_existing_objects_matched()
    elif config.init_from:
        fresh = trainer.initialise_from(config.init_from, init_source_config(config.init_from, config))
        print(f"started from {config.init_from}; new layers: {', '.join(fresh) or 'none'}", flush=True)
    if not restored:
        trainer.reset_average()
    if config.detail_weight > 0:  # read as it ran: the anti-alias filter has no weights but shapes its output
        source = init_source_config(config.detail_teacher, config)
        trainer.set_detail_teacher(
            config.detail_teacher, dataclasses.replace(source, anti_alias=config.anti_alias)
        )
    return trainer, manager


def steps_per_epoch(config: TrainConfig, data: RunData, trainer: Trainer) -> int:
    steps = len(data.train) // trainer.global_batch
    if config.max_steps_per_epoch:
        steps = min(steps, config.max_steps_per_epoch)
    if steps == 0:
        raise S2CError("fewer training pairs than one global batch")
    return steps


def train_epoch(
    trainer: Trainer, data: RunData, epoch: int, steps: int, lr: float, bar_options: dict
) -> dict[str, float]:
    """One epoch of ``steps`` steps on freshly drawn examples; the mean of each loss. The first steps of a run
    may train the discriminators alone (``d_warmup_steps``) and then ramp the rate up (``warmup_steps``)."""
    from tqdm import tqdm

    config = trainer.config
    trainer.set_learning_rate(lr)
    sketches, hints, photos = data_mod.epoch_examples(
        data.train,
        config.height,
        config.width,
        seed=config.seed,
        epoch=epoch,
        style_probability=config.style_probability,
        with_hints=config.hints,
        as_uint8=True,
        skin_recolour=config.skin_recolour,
        hair_recolour=config.hair_recolour,
        recolour_targets=config.recolour_targets,
        hint_style=config.hint_style,
        recolour_painted=config.recolour_painted,
    )
    count = steps * trainer.global_batch
    arrays = [sketches[:count], photos[:count]] + ([hints[:count]] if hints is not None else [])
    ds = data_mod.dataset(*arrays, batch_size=trainer.global_batch, uint8=True)
    ds = trainer.strategy.experimental_distribute_dataset(ds)
    del sketches, hints, photos
    sums = dict.fromkeys(LOSS_KEYS, 0.0)
    bar = tqdm(ds, total=steps, **bar_options)
    done = 0
    for batch_arrays in bar:
        run_step = epoch * steps + done
        if run_step <= config.d_warmup_steps + config.warmup_steps:  # the last sets the full rate again
            frozen = run_step < config.d_warmup_steps
            rate = lr if frozen else warmed_up(lr, run_step - config.d_warmup_steps, config.warmup_steps)
            trainer.set_learning_rate(rate, generator_frozen=frozen)
        step_losses = trainer.train_step(*batch_arrays)
        done += 1
        for key in sums:
            sums[key] += step_losses[key]
        bar.set_postfix({k: f"{v / done:.3f}" for k, v in sums.items()}, refresh=False)
    bar.close()
    return {k: v / done for k, v in sums.items()}


def write_epoch_outputs(
    trainer: Trainer, manager, data: RunData, run_dir: Path, epoch: int
) -> dict[str, float]:
    """After epoch ``epoch`` (1-based): the checkpoint, a snapshot every ``snapshot_every`` epochs, the strip;
    returns the validation measures."""
    config = trainer.config
    trainer.epoch.assign(epoch)
    manager.save(checkpoint_number=epoch)
    if config.snapshot_every and epoch % config.snapshot_every == 0:
        # With an average, the snapshot is the average (what ships); the trained weights sit beside it.
        snapshot = run_dir / "snapshots" / f"generator_epoch{epoch:03d}"
        trainer.shipped_generator.save_weights(f"{snapshot}.weights.h5")
        if trainer.averaged_generator is not None:
            trainer.generator.save_weights(f"{snapshot}_raw.weights.h5")
    generated = trainer.generate(data.val_sketches)
    val = run_outputs.validation_metrics(generated, data.val_photos, data.frame_photos)
    if data.strip_indices:
        picked = data.strip_indices
        target = run_dir / "strips" / f"epoch_{epoch:03d}.png"
        run_outputs.write_strip(target, data.val_sketches[picked], generated[picked], data.val_photos[picked])
    return val


def replanned(config: TrainConfig, epoch: int, planned: int, elapsed: float, epoch_times: list[float]) -> int:
    """With a time budget, the epochs that fit into what is left of it (the decay follows the new plan)."""
    if not config.time_budget_min:
        return planned
    recent = float(np.median(epoch_times[-5:]))
    affordable = epoch + int(max(config.time_budget_min * 60 - elapsed, 0) // recent)
    return max(epoch, min(config.epochs, affordable))


def train(
    config: TrainConfig,
    *,
    resume: bool = False,
    progress: bool = True,
    batch: int | None = None,
    stop_after: int | None = None,
) -> Path:
    """Run (or continue) training; returns the run directory. ``batch`` changes the batch size of a
    resumed run (the weights and optimizer state do not depend on it). ``stop_after``: end after that epoch,
    the learning-rate schedule still planned over all of the configuration's epochs (a stage of a chain of
    recipes, ``training.chain``)."""
    config = open_run(config, resume, batch)
    run_dir = Path(config.out)
    data = load_data(config, run_dir)
    trainer, manager = set_up_trainer(config, run_dir, resume)
    steps = steps_per_epoch(config, data, trainer)
    metrics = run_outputs.MetricsLog(run_dir / "metrics.csv")
    epoch = int(trainer.epoch.numpy())
    planned = config.epochs
    started = time.monotonic()
    epoch_times: list[float] = []
    print(
        f"training {len(data.train)} pairs ({data.held_out} held out) at {config.height}×{config.width}, "
        f"ngf {config.ngf}, {trainer.replicas} replica(s), {steps} steps/epoch, epochs {epoch}→{planned}",
        flush=True,
    )
    while epoch < planned and (stop_after is None or epoch < stop_after):
        epoch_start = time.monotonic()
        lr = learning_rate(config, epoch, planned)
        bar_options = {
            "desc": f"epoch {epoch + 1}/{planned}",
            "disable": not progress,
            "mininterval": 1.0 if sys.stderr.isatty() else 30.0,
            "file": sys.stderr,
        }
        losses = train_epoch(trainer, data, epoch, steps, lr, bar_options)
        val = write_epoch_outputs(trainer, manager, data, run_dir, epoch + 1)
        epoch_seconds = time.monotonic() - epoch_start
        epoch_times.append(epoch_seconds)
        row = {"epoch": epoch + 1, **losses, "lr": lr, **val, "epoch_s": epoch_seconds}
        metrics.append({**row, "step_s": epoch_seconds / steps, "planned_epochs": planned})
        epoch += 1
        planned = replanned(config, epoch, planned, time.monotonic() - started, epoch_times)
        remaining = (planned - epoch) * float(np.median(epoch_times[-5:]))
        print(
            f"epoch {epoch}/{planned}: g {row['g']:.3f} d {row['d']:.3f} l1 {row['l1']:.4f} fm "
            f"{row['fm']:.3f} "
            f"ssim {row['ssim']:.3f} id {row['id']:.4f} perc {row['perc']:.3f} hint {row['hint']:.3f} "
            f"lr {lr:.2e} val_l1 {val['val_l1']:.4f} val_ssim {val['val_ssim']:.4f} "
            f"val_detail {val.get('val_detail', math.nan):.2f} val_skin_de "
            f"{val.get('val_skin_de', math.nan):.1f} "
            f"({epoch_seconds:.0f} s, ETA {remaining / 60:.1f} min)",
            flush=True,
        )
    run_outputs.write_gif(sorted((run_dir / "strips").glob("epoch_*.png")), run_dir / "evolution.gif")
    return run_dir


def load_generator(run_dir: Path, checkpoint: str | None = None):
    """The generator of a run, restored from its latest (or the named) checkpoint or a snapshot .h5."""
    import tensorflow as tf

    raw = read_raw(run_dir / "config.json")
    refuse_retired(raw, f"the run {run_dir}", GENERATOR_KEYS)
    config = TrainConfig.from_raw(raw)
    generator = build_generator(config)
    if checkpoint and checkpoint.endswith(".weights.h5"):
        generator.load_weights(checkpoint)
        return generator, config
    path = checkpoint or tf.train.latest_checkpoint(str(run_dir / "checkpoints"))
    if not path:
        raise S2CError(f"no checkpoint in {run_dir / 'checkpoints'}")
    tf.train.Checkpoint(**{shipped_generator_key(config): generator}).restore(path).expect_partial()
    return generator, config
