"""Training options retired by issue 24 §5 (ADR 0018): no recipe uses them, and each cost code and tests.

A retired flag is refused in one line that says what it was; an older run's ``config.json`` still loads (its
retired keys are dropped), but a run that used a retired setting cannot be resumed, and one whose generator
had a retired shape (the v2 U-Net, the FaceNet-stem encoder) cannot be rebuilt: a checkout from before the
retirement can (``git log -- training/retired.py``).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable
from typing import NoReturn

from s2c_desktop.errors import S2CError

# flag (or flag and value) → what it was; ADR 0018's Consequences give the reason for each.
RETIRED_FLAGS = {
    "--architecture": "the choice of generator: the v2 U-Net (unet) is retired, every generator is s2d",
    "--encoder": "FaceNet's stem as an encoder branch (ADR 0013)",
    "--encoder-until": "FaceNet's stem as an encoder branch (ADR 0013)",
    "--encoder-downscale": "FaceNet's stem as an encoder branch (ADR 0013)",
    "--encoder-lr-scale": "FaceNet's stem as an encoder branch (ADR 0013)",
    "--witness-skin": "skin dots in the face's skin colour (strokes in each region's own colour replace it)",
    "--face-colour-weight": "the face's mean-colour loss (ADR 0014 addendum 2)",
    "--low-l1-region": "the face-weighted low-frequency L1 (face)",
    "--gan-loss": "the choice of adversarial loss: bce is retired, the loss is lsgan",
    "--no-jitter": "training without the resize-crop-mirror jitter",
    "--teacher": "the choice of identity teacher: the distilled embedder is retired, the teacher is FaceNet",
    "--embedder": "the distilled dlib embedder (v2's identity term)",
    "--recolour-targets real": "skin targets from other training photos (tones and continuous remain)",
}

# TrainConfig keys and the values still supported; a key missing from an older config.json is fine.
SUPPORTED = {
    "architecture": ("s2d",),
    "encoder": ("none",),
    "gan_loss": ("lsgan",),
    "recolour_targets": ("tones", "continuous", "independent"),
    "witness_skin": (0, 0.0),
    "face_colour_weight": (0, 0.0),
    "low_l1_region": ("frame",),
    "jitter": (True,),
    "teacher": ("facenet",),
}
GENERATOR_KEYS = ("architecture", "encoder")  # the settings that shape the generator's weights


def refuse_flag(flag: str) -> NoReturn:
    """One ``error:`` line and argparse's usage-error exit (2), before anything is read or written."""
    sys.stderr.write(f"error: {flag} is retired (issue 24, ADR 0018): {RETIRED_FLAGS[flag]}\n")
    raise SystemExit(2)


class _Refuse(argparse.Action):
    """Takes whatever follows the flag and refuses it (the run folder is never made)."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        refuse_flag(option_string)


def add_retired_flags(parser: argparse.ArgumentParser) -> None:
    for flag in RETIRED_FLAGS:
        if " " not in flag:
            parser.add_argument(
                flag, nargs="*", action=_Refuse, default=argparse.SUPPRESS, help=argparse.SUPPRESS
            )


def recolour_targets(text: str) -> str:
    """argparse type of ``--recolour-targets``: a supported target set, or one line for the retired one."""
    if f"--recolour-targets {text}" in RETIRED_FLAGS:
        refuse_flag(f"--recolour-targets {text}")
    if text not in SUPPORTED["recolour_targets"]:
        choices = " or ".join(SUPPORTED["recolour_targets"])
        raise argparse.ArgumentTypeError(f"expected {choices}, got {text!r}")
    return text


def retired_settings(raw: dict, keys: Iterable[str] = tuple(SUPPORTED)) -> list[str]:
    """``key = value`` of each retired setting in a run's configuration (``raw``: its config.json as read)."""
    found = []
    for key in keys:
        if key not in raw or raw[key] in SUPPORTED[key]:
            continue
        if key == "teacher" and not (raw.get("identity_weight") or raw.get("perceptual_weight")):
            continue  # the teacher was never loaded (v2's default named the embedder)
        found.append(f"{key} = {raw[key]!r}")
    return found


def refuse_retired(raw: dict, what: str, keys: Iterable[str] = tuple(SUPPORTED)) -> None:
    """One ``error:`` line when ``raw`` (the configuration of ``what``) holds a retired setting."""
    found = retired_settings(raw, keys)
    if found:
        raise S2CError(
            f"{what} uses settings retired by issue 24 (ADR 0018): {', '.join(found)}; "
            "a checkout from before the retirement can use it (git log -- training/retired.py)"
        )
