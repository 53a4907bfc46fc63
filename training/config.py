"""The configuration of a training run: every value a recipe (``training/recipes/*.toml``) may hold, saved as
the run's ``config.json``. ``training.train`` runs it; options retired by issue 24 are in
``training.retired``."""

from __future__ import annotations

import dataclasses
import json
from dataclasses import dataclass, field
from pathlib import Path

from training import data as data_mod


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
    gan_loss: str = "lsgan"  # the only one left (bce retired, ADR 0018); kept so recipes and cards say it
    gan_weight: float = (
        1.0  # the adversarial term (pix2pix: 1 beside 100·L1); more of it trades L1 for sharpness
    )
    l1_weight: float = 100.0
    low_l1_weight: float = (
        0.0  # L1 between 8×8-averaged photos: colour and shading without pushing towards blur
    )
    fm_weight: float = 10.0
    ssim_weight: float = 0.0  # 1 − SSIM term
    identity_weight: float = 0.0  # FaceNet teacher: 1 − cosine of the embeddings
    perceptual_weight: float = 0.0  # FaceNet teacher: feature loss
    # v4q: the detail above an 8-px blur taken from a frozen earlier generator (losses.detail_loss)
    detail_teacher: str | None = None  # that generator's .weights.h5 (same architecture)
    detail_weight: float = 0.0
    hint_weight: float = 0.0  # L1 to the hint colours where hints are given
    teacher: str = "facenet"  # the only one left (v2's distilled embedder retired, ADR 0018)
    architecture: str = "s2d"  # the only one left (v1/v2's U-Net retired, ADR 0018)
    blocks: int = 4  # residual blocks at the s2d bottleneck
    hints: bool = False  # the generator takes the witness's colour hints
    hint_field: bool = (
        False  # the colour branch: hints spread into a field that reaches the output (ADR 0014)
    )
    init_from: str | None = (
        None  # checkpoint prefix of another run whose weights start this one (by layer name)
    )
    d_scales: int = 2
    style_probability: float = 0.5
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
    # v4h: the shares above are of the painted skins / hairs, drawn first (data._stroke_example)
    recolour_painted: bool = False
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
    # v4b: "pixel" (v4) or "regional" (8×8 blocks, each region alike: losses.regional_consistency_loss)
    consistency_mode: str = "pixel"
    unhinted_colour_weight: float = 0.0  # strokes: an unpainted skin or hair keeps its true mean colour
    # v4j: "blocks", the true colour in every 8×8 block of the region; v4k: "cells", in each cell's part of it
    unhinted_colour_mode: str = "region"
    unhinted_colour_cell: int = 32  # px of the model input: the cells' size ("cells")
    hinted_colour_weight: float = 0.0  # v4d: a painted skin or hair takes its painted (true) mean colour
    shading_weight: float = 0.0  # v4l: a painted skin keeps its true photo's spread of lightness
    hint_field_split: bool = False  # v4c: the colour field of hints inside / outside the face oval apart
    hint_field_outside_local: bool = False  # v4k: outside the oval, the field's local width only
    anti_alias: bool = False  # a fixed blur after the pixel shuffle: no 2-px grid (models.AntiAlias)
    scan_line_notch: bool = False  # v4e: no horizontal line pattern, made or compared (models.ScanLineNotch)
    # v4g: the discriminators see the hints beside the sketch (a recoloured photo is real with its strokes)
    discriminator_sees_hints: bool = False
    d_warmup_steps: int = (
        0  # the first steps train only the discriminators (fresh ones beside trained weights)
    )
    extra: dict = field(default_factory=dict)

    def save(self, path: Path) -> None:
        from s2c_desktop.atomic import atomic_write_text

        atomic_write_text(path, json.dumps(dataclasses.asdict(self), indent=2))

    @classmethod
    def load(cls, path: Path) -> TrainConfig:
        """An older run's configuration loads too: keys this version no longer has (retired options) are
        dropped; ``training.retired`` says which of them a run used."""
        return cls.from_raw(read_raw(path))

    @classmethod
    def from_raw(cls, raw: dict) -> TrainConfig:
        known = {f.name for f in dataclasses.fields(cls)}
        return cls(**{k: v for k, v in raw.items() if k in known})


def read_raw(path: Path) -> dict:
    """A run's config.json as written. One written before v3 has no ``architecture``: its generator was the
    U-Net."""
    raw = json.loads(path.read_text(encoding="utf-8"))
    raw.setdefault("architecture", "unet")
    return raw
