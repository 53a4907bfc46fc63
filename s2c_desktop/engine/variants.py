"""Variants for the witness: nine whole faces from one sketch, and the next nine around the one picked (issue
26).

Witnesses recognise whole faces far better than they recall parts (EvoFIT's arrays of faces are named in
25–60 % of cases, feature-by-feature composites in 3–8 %). A round is nine :class:`Variant` s: each varies
what the witness may be unsure of, the colours (skin tone, hair, eyes: colour hints, so the generator and the
skin-tone anchor carry them) and the face's shape (:mod:`s2c_desktop.engine.warp`). Variant 1 is the centre
(the sketch as it stands, or the last pick); the other eight step away from it. Each later round halves the
step around the pick. All nine run through the colorizer as one batch.

A variant is plain data (:meth:`Variant.to_json`), so a round can be written, picked from and replayed:
``s2c variants`` and the drawing tab's grid use this module alike.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import numpy as np

from s2c_desktop.engine import skin_tone
from s2c_desktop.engine.hints import MONK_SKIN_TONES
from s2c_desktop.engine.warp import SHAPE_PARAMETERS, clamp_shape
from s2c_desktop.errors import InputError

ROUND_SIZE = 9
FIRST_STEP = 1.0
STEP_FACTOR = 0.5  # each round around a pick varies half as much
MIN_STEP = 0.05
FORMAT = "s2c-variant"
FORMAT_VERSION = 1
# Natural hair and eye colours (sRGB) for faces with no colour given yet: the first round draws from these.
HAIR_COLOURS = ("#14110f", "#2b1e16", "#4a3223", "#6f4e37", "#a67b5b", "#d1b280", "#8d4a2f", "#9a9a9a")
EYE_COLOURS = ("#2a1a12", "#4b2e1d", "#6b4a2b", "#7a6a3a", "#4f6b4a", "#5a7fa0", "#7d8a94")
# How far (CIELAB L, a, b) a colour moves at step 1 around the centre's.
COLOUR_SPREAD = {"skin": (14.0, 5.0, 7.0), "hair": (18.0, 6.0, 10.0), "eyes": (15.0, 8.0, 12.0)}
COLOURS = ("skin", "hair", "eyes")

Lab = tuple[float, float, float]


@dataclass(frozen=True)
class Variant:
    """One face of a round: shape parameters in [-1, 1] and colours in CIELAB (None: not set by the
    variant)."""

    shape: dict[str, float] = field(default_factory=dict)
    skin: Lab | None = None
    hair: Lab | None = None
    eyes: Lab | None = None
    round: int = 1
    index: int = 1  # 1–9, reading order of the grid; 1 is the centre
    step: float = FIRST_STEP
    seed: int | None = None

    def colour(self, name: str) -> Lab | None:
        return getattr(self, name)

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "round": self.round,
            "index": self.index,
            "step": round(self.step, 6),
            "seed": self.seed,
            "shape": {name: round(value, 6) for name, value in clamp_shape(self.shape).items()},
            **{name: _rounded(self.colour(name)) for name in COLOURS},
            "colours_rgb": {name: _hex(self.colour(name)) for name in COLOURS},
        }

    @classmethod
    def from_json(cls, data: Any) -> Variant:
        """A variant written by :meth:`to_json`; anything else is an InputError naming what is wrong."""
        if not isinstance(data, dict) or data.get("format") != FORMAT:
            raise InputError(f"not a variant file (its 'format' must be {FORMAT!r})")
        shape = data.get("shape", {})
        if not isinstance(shape, dict):
            raise InputError("variant: 'shape' must be an object of numbers")
        unknown = sorted(set(shape) - set(SHAPE_PARAMETERS))
        if unknown:
            raise InputError(f"variant: unknown shape parameter {unknown[0]!r}")
        return cls(
            shape=clamp_shape({name: _number(value, f"shape.{name}") for name, value in shape.items()}),
            **{name: _lab(data.get(name), name) for name in COLOURS},
            round=int(_number(data.get("round", 1), "round")),
            index=int(_number(data.get("index", 1), "index")),
            step=_number(data.get("step", FIRST_STEP), "step"),
            seed=None if data.get("seed") is None else int(_number(data["seed"], "seed")),
        )


def _number(value: Any, name: str) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise InputError(f"variant: {name} must be a finite number")
    return float(value)


def _lab(value: Any, name: str) -> Lab | None:
    if value is None:
        return None
    if not isinstance(value, list | tuple) or len(value) != 3:
        raise InputError(f"variant: {name} must be null or [L, a, b]")
    lightness, a, b = (_number(v, name) for v in value)
    return (min(100.0, max(0.0, lightness)), min(127.0, max(-128.0, a)), min(127.0, max(-128.0, b)))


def _rounded(colour: Lab | None) -> list[float] | None:
    return None if colour is None else [round(v, 3) for v in colour]


def to_rgb(colour: Lab) -> tuple[int, int, int]:
    return tuple(int(v) for v in skin_tone.from_lab(np.array(colour, np.float32)))  # type: ignore[return-value]


def _hex(colour: Lab | None) -> str | None:
    return None if colour is None else "#{:02x}{:02x}{:02x}".format(*to_rgb(colour))


def _lab_of_hex(code: str) -> Lab:
    rgb = np.array([int(code[i : i + 2], 16) for i in (1, 3, 5)], np.uint8)
    return tuple(float(v) for v in skin_tone.to_lab(rgb))  # type: ignore[return-value]


PALETTES: dict[str, tuple[str, ...]] = {"skin": MONK_SKIN_TONES, "hair": HAIR_COLOURS, "eyes": EYE_COLOURS}


# --- rounds -----------------------------------------------------------------------------------------------


def next_step(centre: Variant | None, step: float | None) -> float:
    """The step of the round after ``centre``: given, or half the centre's (the first round: 1)."""
    if step is not None:
        if not math.isfinite(step) or step <= 0 or step > 1:
            raise InputError(f"step must be in (0, 1], not {step}")
        return step
    if centre is None:
        return FIRST_STEP
    return max(MIN_STEP, centre.step * STEP_FACTOR)


def make_round(
    centre: Variant | None = None,
    *,
    step: float | None = None,
    seed: int | None = None,
    colours: bool = True,
    start: Variant | None = None,
) -> list[Variant]:
    """Nine variants: the centre (the pick, or ``start``: the sketch and its hints as they are) and eight
    around it. ``colours=False`` for a model without the hints input (shape only)."""
    size = next_step(centre, step)
    number = 1 if centre is None else centre.round + 1
    base = centre or start or Variant()
    if not colours:
        base = replace(base, skin=None, hair=None, eyes=None)
    rng = np.random.default_rng(seed)
    out = [replace(base, round=number, index=1, step=size, seed=seed)]
    # Colours never given are drawn from their palette, spread (stratified) over the eight: at step 1 every
    # one
    # gets a colour, at smaller steps a share of them, so a pick without that colour can still be kept.
    draws = {name: _palette_draws(rng, PALETTES[name], ROUND_SIZE - 1) for name in COLOURS}
    for index in range(2, ROUND_SIZE + 1):
        shape = {
            name: base.shape.get(name, 0.0) + float(rng.uniform(-1.0, 1.0)) * size
            for name in SHAPE_PARAMETERS
        }
        picked: dict[str, Lab | None] = {}
        for name in COLOURS:
            current = base.colour(name) if colours else None
            if not colours:
                picked[name] = None
            elif current is not None:
                picked[name] = _jitter(current, COLOUR_SPREAD[name], size, rng)
            else:
                picked[name] = draws[name][index - 2] if rng.uniform() < size else None
        out.append(Variant(clamp_shape(shape), **picked, round=number, index=index, step=size, seed=seed))
    return out


def _palette_draws(rng: np.random.Generator, palette: Sequence[str], count: int) -> list[Lab]:
    order = np.concatenate([rng.permutation(len(palette)) for _ in range(-(-count // len(palette)))])
    return [_lab_of_hex(palette[i]) for i in order[:count]]


def _jitter(colour: Lab, spread: tuple[float, float, float], step: float, rng: np.random.Generator) -> Lab:
    moved = [c + float(rng.uniform(-1.0, 1.0)) * s * step for c, s in zip(colour, spread, strict=True)]
    return (min(100.0, max(0.0, moved[0])), moved[1], moved[2])


def round_record(
    variants: Sequence[Variant], pick: int | None, elapsed_ms: float, picked_at: str = ""
) -> dict[str, Any]:
    """One round as the case file keeps it: the nine parameter sets, the pick (1–9, or None when the witness
    picked none), how long the nine took to make, and when the pick was made (ISO 8601)."""
    return {
        "round": variants[0].round if variants else 0,
        "step": variants[0].step if variants else 0.0,
        "variants": [variant.to_json() for variant in variants],
        "pick": pick,
        "elapsed_ms": round(elapsed_ms, 1),
        "picked_at": picked_at,
    }


def round_from_json(data: Any) -> dict[str, Any]:
    """A round record read back from a case file (untrusted): normalised, or an InputError naming the
    problem."""
    if not isinstance(data, dict):
        raise InputError("a variant round must be an object")
    raw = data.get("variants")
    if not isinstance(raw, list) or not 1 <= len(raw) <= ROUND_SIZE:
        raise InputError(f"a variant round must list 1 to {ROUND_SIZE} variants")
    variants = [Variant.from_json(item) for item in raw]
    pick = data.get("pick")
    if pick is not None and (
        isinstance(pick, bool) or not isinstance(pick, int) or not 1 <= pick <= len(raw)
    ):
        raise InputError(f"a variant round's pick must be 1 to {len(raw)} or null")
    elapsed = _number(data.get("elapsed_ms", 0.0), "elapsed_ms")
    picked_at = data.get("picked_at", "")
    if not isinstance(picked_at, str) or len(picked_at) > 40:
        raise InputError("a variant round's picked_at must be a short text")
    return round_record(variants, pick, elapsed, picked_at)


def shape_summary(shape: Mapping[str, float]) -> str:
    """A short text of the non-zero shape parameters (for the case sheet)."""
    parts = [f"{name} {value:+.2f}" for name, value in clamp_shape(shape).items() if abs(value) >= 0.005]
    return ", ".join(parts) or "—"
