"""One training step of the generator and its discriminators, and the objects it updates.

The generator is ``s2d`` (v3, v4): full-resolution output, ``hints`` input; L1, low-frequency L1, SSIM,
feature matching, the FaceNet teacher's identity (cosine) and perceptual (feature) losses, a hint-colour term,
and v4's consistency and imprint terms. The U-Net (v1/v2) and its distilled embedder are retired (ADR 0018).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from s2c_desktop.errors import S2CError

if TYPE_CHECKING:
    from training.config import TrainConfig

CONSISTENCY_MODES = ("pixel", "regional")  # losses.consistency_loss (v4), regional_consistency_loss (v4b)
# losses.unhinted_colour_loss (v4b: the region's mean), unhinted_block_colour_loss (v4j: every 8×8 block),
# unhinted_cell_colour_loss (v4k: the region's mean in each cell)
UNHINTED_COLOUR_MODES = ("region", "blocks", "cells")
LOSS_KEYS = (
    "g",
    "d",
    "l1",
    "low_l1",
    "fm",
    "ssim",
    "id",
    "perc",
    "hint",
    "consist",
    "imprint",
    "unhinted",
    "hinted",
    "shading",
    "detail",
)


def make_strategy(name: str):
    import tensorflow as tf

    if name == "default":
        return tf.distribute.get_strategy()
    if name == "mirrored":
        gpus = tf.config.list_logical_devices("GPU")
        if gpus:
            return tf.distribute.MirroredStrategy()
        cpus = [d.name for d in tf.config.list_logical_devices("CPU")]
        # Several logical CPUs (tests, or a CPU box) need an explicit one-device reduction (no NCCL).
        return tf.distribute.MirroredStrategy(
            devices=cpus, cross_device_ops=tf.distribute.ReductionToOneDevice()
        )
    if name == "multiworker":
        # Reads the cluster from TF_CONFIG; every worker runs the same command.
        return tf.distribute.MultiWorkerMirroredStrategy()
    raise S2CError(f"unknown strategy {name!r} (default, mirrored or multiworker)")


def build_generator(config: TrainConfig):
    from training import models
    from training.retired import GENERATOR_KEYS, refuse_retired

    refuse_retired(vars(config), "this run's generator", GENERATOR_KEYS)
    if config.hint_field and not config.hints:
        raise S2CError("--hint-field needs --hints (the field is made of the hints)")
    if config.hint_field_outside_local and not (config.hint_field and config.hint_field_split):
        raise S2CError(
            "hint_field_outside_local needs hint_field and hint_field_split (the field outside the oval)"
        )
    return models.build_generator_v3(
        config.height,
        config.width,
        config.ngf,
        config.blocks,
        config.hints,
        hint_field=config.hint_field,
        anti_alias=config.anti_alias,
        hint_field_split=config.hint_field_split,
        scan_line_notch=config.scan_line_notch,
        hint_field_outside_local=config.hint_field_outside_local,
    )


def shipped_generator_key(config: TrainConfig) -> str:
    """The checkpoint entry holding the generator a run ships: its weight average when it keeps one (ADR
    0016)."""
    return "averaged_generator" if config.ema_decay > 0 else "generator"


def generator_inputs(config: TrainConfig, sketches, hints=None):
    """What the generator is called with: the sketch alone, or [sketch, hints] (zeros when none given)."""
    if not config.hints:
        return sketches
    if hints is None:
        hints = np.zeros((*np.shape(sketches)[:3], 4), np.float32)
    return [sketches, hints]


class Trainer:
    def __init__(self, config: TrainConfig) -> None:
        import tensorflow as tf

        from training import losses, models

        self.config = config
        self.tf = tf
        self.losses = losses
        self.strategy = make_strategy(config.strategy)
        self.replicas = self.strategy.num_replicas_in_sync
        self.global_batch = config.batch * self.replicas
        with self.strategy.scope():
            self.generator = build_generator(config)
            if config.discriminator_sees_hints and not config.hints:
                raise S2CError("discriminator_sees_hints needs a generator with hints")
            self.discriminators = models.build_discriminators(
                config.height,
                config.width,
                config.ndf,
                config.d_scales,
                condition_channels=5 if config.discriminator_sees_hints else 1,
            )
            self.g_variables = list(self.generator.trainable_variables)
            self.g_optimizer = tf.keras.optimizers.Adam(config.lr, beta_1=config.beta1)
            self.d_optimizer = tf.keras.optimizers.Adam(config.lr, beta_1=config.beta1)
            self.g_optimizer.build(self.g_variables)
            self.d_variables = [v for d in self.discriminators for v in d.trainable_variables]
            self.d_optimizer.build(self.d_variables)
            self.epoch = tf.Variable(0, dtype=tf.int64, trainable=False, name="epoch")
            # The exponential moving average of the generator's weights (ADR 0016): it evens out the swings
            # between adjacent epochs, and it is what snapshots and exports carry.
            self.averaged_generator = build_generator(config) if config.ema_decay > 0 else None
        # v4e: the photos the losses compare with lose their scan lines as the generator's do (one filter).
        self._notch_targets = models.ScanLineNotch() if config.scan_line_notch else None
        self.detail_teacher = None  # set_detail_teacher (v4q)
        self.teacher = None
        if config.identity_weight > 0 or config.perceptual_weight > 0:
            from training.teacher import FaceNetTeacher

            self.teacher = FaceNetTeacher()
        extra = {}
        if self.averaged_generator is not None:
            extra["averaged_generator"] = self.averaged_generator
            self._average_step = tf.function(self._update_average)
        self.checkpoint = tf.train.Checkpoint(
            generator=self.generator,
            discriminators=self.discriminators,
            g_optimizer=self.g_optimizer,
            d_optimizer=self.d_optimizer,
            epoch=self.epoch,
            **extra,
        )
        if config.xla and self.replicas == 1:
            self._step = tf.function(self._single_step, jit_compile=True)
        else:
            self._step = tf.function(self._distributed_step)

    def set_detail_teacher(self, path: str, source_config: TrainConfig) -> None:
        """The frozen generator whose detail ``losses.detail_loss`` asks for (v4q), read from a
        ``.weights.h5`` with ``source_config``, the configuration it was trained with."""
        teacher = build_generator(source_config)
        try:
            teacher.load_weights(path)
        except (ValueError, OSError) as error:
            raise S2CError(f"detail_teacher {path}: its weights do not fit ({error})") from error
        teacher.trainable = False
        self.detail_teacher = teacher

    def initialise_from(self, prefix: str, source_config: TrainConfig) -> list[str]:
        """Start from another run's checkpoint (``source_config``: that run's configuration): its
        discriminators as they were, its generator (the average, if it kept one) layer by layer by name;
        layers it lacks (a new branch) keep their initial weights and are returned. The optimizers start
        afresh. A generator built with the colour branch thus begins with exactly the other run's output."""
        tf = self.tf
        source = build_generator(source_config)
        if prefix.endswith(".weights.h5"):
            # A shipped generator's weights (resources/models/*.weights.h5): no discriminators beside them.
            try:
                source.load_weights(prefix)
            except (ValueError, OSError) as error:
                message = f"--init-from {prefix}: its weights do not fit this run's generator ({error})"
                raise S2CError(message) from error
        else:
            try:
                tf.train.Checkpoint(
                    **{shipped_generator_key(source_config): source}, discriminators=self.discriminators
                ).restore(prefix).expect_partial()
            except (ValueError, tf.errors.OpError) as error:
                raise S2CError(f"--init-from {prefix}: its models do not fit this run's ({error})") from error
        by_name = {layer.name: layer for layer in source.layers}
        fresh = []
        for layer in self.generator.layers:
            if not layer.weights:
                continue
            old = by_name.get(layer.name)
            if old is None:
                fresh.append(layer.name)
                continue
            shapes, old_shapes = [w.shape for w in layer.weights], [w.shape for w in old.weights]
            weights = old.get_weights()
            if shapes != old_shapes and layer.name == "colour_conv":
                from training.hint_field import widen_colour_conv

                weights = widen_colour_conv(*weights, in_channels=shapes[0][2]) or weights
            if [tuple(w.shape) for w in weights] != [tuple(s) for s in shapes]:
                raise S2CError(
                    f"--init-from {prefix}: layer {layer.name} has shapes {old_shapes} there, {shapes} here"
                )
            layer.set_weights(weights)
        return fresh

    # -- the step -------------------------------------------------------------------------------------
    def _replica_step(self, sketch, hints, photo, aux=None):
        tf, losses, cfg = self.tf, self.losses, self.config

        def average(per_example):
            return tf.nn.compute_average_loss(per_example, global_batch_size=self.global_batch)

        if self._notch_targets is not None:
            photo = tf.clip_by_value(self._notch_targets(photo), -1.0, 1.0)
        with tf.GradientTape() as g_tape, tf.GradientTape() as d_tape:
            generated = self.generator(generator_inputs(cfg, sketch, hints), training=True)
            g_adv, d_total, fm = 0.0, 0.0, 0.0
            # v4g: a real photo whose skin was recoloured is real only beside the strokes that asked for it;
            # a sketch-only discriminator pulls unpainted faces towards the recoloured tones.
            condition = sketch
            if cfg.discriminator_sees_hints:
                layer = hints if hints is not None else tf.zeros(tf.concat([tf.shape(sketch)[:3], [4]], 0))
                condition = tf.concat([sketch, layer], axis=-1)
            for scale, discriminator in enumerate(self.discriminators):
                factor = 2**scale
                small_sketch = self._downscale(condition, factor)
                real_out = discriminator([small_sketch, self._downscale(photo, factor)], training=True)
                fake_out = discriminator([small_sketch, self._downscale(generated, factor)], training=True)
                d_total += losses.discriminator_loss(real_out[-1], fake_out[-1])
                g_adv += losses.generator_adversarial_loss(fake_out[-1])
                if cfg.fm_weight > 0:
                    fm += losses.feature_matching_loss(real_out[:-1], fake_out[:-1])
            scales = float(len(self.discriminators))
            l1 = losses.l1_loss(photo, generated)
            zero = tf.zeros_like(l1)
            ssim = losses.ssim_loss(photo, generated) if cfg.ssim_weight > 0 else zero
            identity, perceptual = zero, zero
            if self.teacher is not None:
                real = self.teacher(tf.stop_gradient(photo))
                fake = self.teacher(generated)
                identity = losses.cosine_identity_loss(real.embedding, fake.embedding)
                perceptual = losses.perceptual_loss(real.features, fake.features)
            hint = losses.hint_colour_loss(hints, generated) if hints is not None else zero
            low_l1 = losses.low_frequency_l1_loss(photo, generated) if cfg.low_l1_weight > 0 else zero
            consistency, imprint, unhinted, hinted = zero, zero, zero, zero
            if aux is not None and cfg.consistency_weight > 0:
                # The same sketch with one region's strokes taken away (strokes.consistency_channels).
                without = hints * (1.0 - aux[..., 0:1])
                held = self.generator(generator_inputs(cfg, sketch, without), training=True)
                if cfg.consistency_mode == "regional":
                    consistency = losses.regional_consistency_loss(
                        generated, held, aux[..., 1:2], aux[..., 2:4]
                    )
                else:
                    consistency = losses.consistency_loss(generated, held, aux[..., 1:2])
            if aux is not None and cfg.unhinted_colour_weight > 0:
                if cfg.unhinted_colour_mode == "blocks":
                    unhinted = losses.unhinted_block_colour_loss(photo, generated, hints, aux[..., 2:4])
                elif cfg.unhinted_colour_mode == "cells":
                    unhinted = losses.unhinted_cell_colour_loss(
                        photo, generated, hints, aux[..., 2:4], cfg.unhinted_colour_cell
                    )
                else:
                    unhinted = losses.unhinted_colour_loss(photo, generated, hints, aux[..., 2:4])
            if aux is not None and cfg.hinted_colour_weight > 0:
                hinted = losses.hinted_colour_loss(photo, generated, hints, aux[..., 2:4])
            detail = zero
            if self.detail_teacher is not None and cfg.detail_weight > 0:
                earlier = self.detail_teacher(generator_inputs(cfg, sketch, hints), training=False)
                detail = losses.detail_loss(earlier, generated)
            shading = zero
            if aux is not None and cfg.shading_weight > 0:
                shading = losses.shading_loss(photo, generated, hints, aux[..., 2:4])
            if hints is not None and cfg.imprint_weight > 0:
                imprint = losses.imprint_loss(photo, generated, hints)
            g_loss = average(
                cfg.consistency_weight * consistency
                + cfg.imprint_weight * imprint
                + cfg.unhinted_colour_weight * unhinted
                + cfg.hinted_colour_weight * hinted
                + cfg.shading_weight * shading
                + cfg.detail_weight * detail
                + cfg.gan_weight * g_adv / scales
                + cfg.l1_weight * l1
                + cfg.fm_weight * fm / scales
                + cfg.ssim_weight * ssim
                + cfg.identity_weight * identity
                + cfg.perceptual_weight * perceptual
                + cfg.hint_weight * hint
                + cfg.low_l1_weight * low_l1
            )
            d_loss = average(d_total / scales)
        g_grads = g_tape.gradient(g_loss, self.g_variables)
        d_grads = d_tape.gradient(d_loss, self.d_variables)
        self.g_optimizer.apply_gradients(zip(g_grads, self.g_variables, strict=True))
        self.d_optimizer.apply_gradients(zip(d_grads, self.d_variables, strict=True))
        return {
            "g": g_loss,
            "d": d_loss,
            "l1": average(l1),
            "low_l1": average(low_l1),
            "fm": average(fm / scales if cfg.fm_weight > 0 else zero),
            "ssim": average(ssim),
            "id": average(identity),
            "perc": average(perceptual),
            "hint": average(hint),
            "consist": average(consistency),
            "imprint": average(imprint),
            "unhinted": average(unhinted),
            "hinted": average(hinted),
            "shading": average(shading),
            "detail": average(detail),
        }

    def _downscale(self, images, factor):
        from training.models import downscale

        return downscale(images, factor)

    def _distributed_step(self, sketch, hints, photo, aux=None):
        per_replica = self.strategy.run(self._replica_step, args=(sketch, hints, photo, aux))
        return {
            k: self.strategy.reduce(self.tf.distribute.ReduceOp.SUM, v, axis=None)
            for k, v in per_replica.items()
        }

    def _single_step(self, sketch, hints, photo, aux=None):
        return self._replica_step(sketch, hints, photo, aux)

    def train_step(self, sketch, photo, hints=None, aux=None) -> dict[str, float]:
        """One step; ``aux`` ([N, H, W, 4]: strokes taken away, where nothing may move, skin, hair) feeds the
        stroke losses (``data.dataset`` makes it from an eight-channel layer)."""
        step_losses = self._step(sketch, hints, photo, aux)
        if self.averaged_generator is not None:
            self._average_step()
        return {k: float(v) for k, v in step_losses.items()}

    # -- the weight average -----------------------------------------------------------------------------
    @property
    def shipped_generator(self):
        """The generator that is validated, snapshotted and exported: the average when there is one."""
        return self.averaged_generator if self.averaged_generator is not None else self.generator

    def reset_average(self) -> None:
        """Start the average at the current weights (a new run, or one initialised from another run)."""
        if self.averaged_generator is not None:
            for shadow, weight in zip(self.averaged_generator.weights, self.generator.weights, strict=True):
                shadow.assign(weight)

    def _update_average(self) -> None:
        decay = self.config.ema_decay
        for shadow, weight in zip(self.averaged_generator.weights, self.generator.weights, strict=True):
            shadow.assign(decay * shadow + (1.0 - decay) * weight)

    def set_learning_rate(self, value: float, generator_frozen: bool = False) -> None:
        """``generator_frozen``: only the discriminators learn (a fresh discriminator beside a trained
        generator first learns to tell, ``TrainConfig.d_warmup_steps``, before its gradients steer the
        generator)."""
        self.g_optimizer.learning_rate.assign(0.0 if generator_frozen else value)
        self.d_optimizer.learning_rate.assign(value)

    def generate(self, sketches: np.ndarray, hints: np.ndarray | None = None, batch: int = 16) -> np.ndarray:
        outputs = []
        for i in range(0, len(sketches), batch):
            part_hints = None if hints is None else hints[i : i + batch]
            inputs = generator_inputs(self.config, sketches[i : i + batch], part_hints)
            outputs.append(self.shipped_generator(inputs, training=False).numpy())
        return np.concatenate(outputs) if outputs else np.zeros((0, *sketches.shape[1:3], 3), np.float32)
