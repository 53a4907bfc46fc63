"""The stroke protocol (issue 24 §6): what the app does with colours painted as an artist paints them.

Every validation pair is run through the app's pipeline (``evaluate.OnnxGenerator``: the engine's hint warping
and skin-tone anchor) with artist strokes in the 200×250 frame (``ARTIST_STROKES``: a forehead band, a stroke
down each cheek, a chin band on the skin; a band across the hair), and measured in CIELAB:

- **imprint**: a stroke's contrast with a 4-px ring around it (ΔE of their median colours), with the hint
  minus without it, per skin stroke; mean and 90th percentile per Monk tone;
- **strokes' area**: ΔE between the tone and the median colour of the skin strokes and their 4-px ring;
- **shading**: the standard deviation of L* over the skin with the strokes, over the true photo's moved to the
  tone by the training recolouring rule (which scales lightness: dark skin has a smaller L* spread);
- **couplings**: ΔE of a region's median colour with and without the other region's strokes: hair → skin (skin
  strokes of Monk 3/5/7/9, with and without a black or blond hair band), skin → unhinted hair (each tone
  against no hints), hair band → background (each hair colour against no hints); median over the pairs;
- **hair colours**: the hair's median L*, chroma and hue with a band of each of seven colours;
- **no-hint lightness**: the skin's median L* without hints minus the true photo's, per set (CUFSF-style
  photos must not come out darker than the truth);
- **grid**: the mean power spectrum of face crops of the photos made without hints; in 0.3–0.5 cycles/px, the
  largest power over the mean power at its radius, beside the true photos' figure (and the band's peak over
  median, the figure first written, which measures the spectrum's slope).

Regions come from each true photo (``strokes.region_masks``): the photos share its framing.
"""

from __future__ import annotations

import cv2
import numpy as np

from s2c_desktop.engine.skin_tone import oval, shift_towards, skin_mask, to_lab
from training import strokes
from training.recolor import HAIR_COLOURS, MONK_TONES, delta_e, hex_rgb

# (polyline in frame pixels, width in frame pixels): 6–8 px is 24–32 px on the 800×1000 paper.
ARTIST_STROKES = {
    "forehead": ([(72, 88), (100, 86), (128, 88)], 8),
    "left_cheek": ([(70, 142), (68, 160), (70, 176)], 6),
    "right_cheek": ([(130, 142), (132, 160), (130, 176)], 6),
    "chin": ([(88, 214), (100, 216), (112, 214)], 6),
}
HAIR_BAND = ([(58, 48), (80, 34), (100, 30), (120, 34), (142, 48)], 8)
RING = 4
COUPLING_TONES = (3, 5, 7, 9)  # Monk tones (1-based) of the hair → skin condition
COUPLING_HAIR = ("black", "blond")
PROTOCOL_HAIR = ("black", "dark_brown", "brown", "blond", "red", "grey", "white")
GRID_BAND = (0.3, 0.5)  # cycles per pixel
FACE_CROP = (slice(70, 200), slice(40, 160))  # rows, columns of the frame


def _footprint(polyline: list[tuple[int, int]], width: int, shape=(250, 200)) -> np.ndarray:
    canvas = np.zeros(shape, np.uint8)
    cv2.polylines(canvas, [np.array(polyline, np.int32)], False, 1, width, lineType=cv2.LINE_8)
    return canvas.astype(bool)


def _grow(mask: np.ndarray, pixels: int) -> np.ndarray:
    size = 2 * pixels + 1
    kernel = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (size, size))
    return cv2.dilate(mask.astype(np.uint8), kernel).astype(bool)


SKIN_FOOTPRINTS = {name: _footprint(*shape) for name, shape in ARTIST_STROKES.items()}
ALL_SKIN = np.any(np.stack(list(SKIN_FOOTPRINTS.values())), axis=0)
HAIR_FOOTPRINT = _footprint(*HAIR_BAND)


def layer(
    skin_rgb: tuple[int, int, int] | None = None, hair_rgb: tuple[int, int, int] | None = None
) -> np.ndarray:
    """An RGBA frame hint layer with the artist's skin strokes and/or hair band."""
    rgba = np.zeros((250, 200, 4), np.uint8)
    if skin_rgb is not None:
        rgba[ALL_SKIN] = (*skin_rgb, 255)
    if hair_rgb is not None:
        rgba[HAIR_FOOTPRINT] = (*hair_rgb, 255)
    return rgba


def _median_lab(lab: np.ndarray, mask: np.ndarray) -> np.ndarray:
    return np.median(lab[mask], axis=0) if mask.any() else np.full(3, np.nan)


def _hue_chroma(lab: np.ndarray) -> tuple[float, float]:
    return float(np.degrees(np.arctan2(lab[2], lab[1])) % 360), float(np.hypot(lab[1], lab[2]))


def regions(true_photo: np.ndarray) -> dict[str, np.ndarray]:
    """Where each measure reads, from the true photo: skin (off the strokes' rings), hair (off the band's
    ring), and background (neither face, neck nor hair, above the shoulders)."""
    masks = strokes.region_masks(true_photo)
    skin = masks["skin"] & ~_grow(ALL_SKIN, RING)
    hair = masks["hair"] & ~_grow(HAIR_FOOTPRINT, RING)
    head = _grow(masks["hair"], 8) | (oval(250, 200, (100.0, 150.0), (66.0, 86.0)) > 0)
    background = ~head & ~_grow(HAIR_FOOTPRINT, 8)
    background[150:] = False
    return {"skin": skin, "hair": hair, "background": background, "skin_all": masks["skin"]}


def _mean_spectrum(photos: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(mean power spectrum of the photos' grey face crops, the radius in cycles/px of each frequency)."""
    crops = [
        cv2.cvtColor(np.ascontiguousarray(p), cv2.COLOR_RGB2GRAY)[FACE_CROP].astype(np.float64)
        for p in photos
    ]
    height, width = crops[0].shape
    window = np.outer(np.hanning(height), np.hanning(width))
    power = np.mean([np.abs(np.fft.fft2((c - c.mean()) * window)) ** 2 for c in crops], axis=0)
    fy, fx = np.meshgrid(np.fft.fftfreq(height), np.fft.fftfreq(width), indexing="ij")
    return power, np.hypot(fy, fx)


def grid_spike(photos: np.ndarray) -> float:
    """The largest power in ``GRID_BAND`` over the mean power at the same radius (a grid is a peak at a few
    frequencies among the others of its radius). The band's peak over its median, as first written, measured
    the spectrum's slope: its peak sat at the band's inner edge for real and generated photos alike."""
    power, radius = _mean_spectrum(photos)
    rings = np.round(radius * max(power.shape)).astype(int)
    profile = np.bincount(rings.ravel(), power.ravel()) / np.maximum(np.bincount(rings.ravel()), 1)
    whitened = power / np.maximum(profile[rings], 1e-12)
    return float(whitened[(radius >= GRID_BAND[0]) & (radius <= GRID_BAND[1])].max())


def band_peak_over_median(photos: np.ndarray) -> float:
    """The pre-registered figure (peak over median of the band): reported beside ``grid_spike``."""
    power, radius = _mean_spectrum(photos)
    band = power[(radius >= GRID_BAND[0]) & (radius <= GRID_BAND[1])]
    return float(band.max() / max(np.median(band), 1e-12))


def _ring_contrast(lab: np.ndarray, footprint: np.ndarray, skin: np.ndarray) -> float:
    ring = _grow(footprint, RING) & ~footprint & skin
    return float(delta_e(_median_lab(lab, footprint), _median_lab(lab, ring)))


def _recoloured_spread(true_photo: np.ndarray, skin: np.ndarray, tone_lab: np.ndarray) -> float:
    """The L* spread over the skin of the true photo moved to the tone by the training recolouring rule: a
    dark face has a smaller L* spread than a light one (the rule scales lightness), so this is the shading to
    keep."""
    if not skin.any():
        return float("nan")
    lab = to_lab(true_photo)
    soft, reference = skin_mask(true_photo, lab)
    moved = shift_towards(lab, soft, reference, tone_lab.astype(np.float32))
    return float(moved[skin][:, 0].std())


def _stats(values: list[float]) -> dict[str, float]:
    array = np.asarray([v for v in values if np.isfinite(v)], np.float64)
    if not len(array):
        return {"mean": float("nan"), "median": float("nan"), "p90": float("nan")}
    return {
        "mean": float(array.mean()),
        "median": float(np.median(array)),
        "p90": float(np.percentile(array, 90)),
    }


def run(generator, sketches: np.ndarray, photos: np.ndarray, set_names: list[str] | None = None) -> dict:
    """The protocol on frame sketches [N, 250, 200] and true photos [N, 250, 200, 3] → a JSON-ready report.
    ``set_names`` (one per pair) adds the no-hint skin lightness against the truth per set."""
    tones = [hex_rgb(t) for t in MONK_TONES]
    tone_lab = to_lab(np.array(tones, np.uint8))
    hair_rgb = {name: hex_rgb(HAIR_COLOURS[name]) for name in PROTOCOL_HAIR}
    count = len(sketches)

    def photos_with(skin=None, hair=None) -> np.ndarray:
        return generator(sketches, np.repeat(layer(skin, hair)[None], count, axis=0))

    masks = [regions(p) for p in photos]
    plain = generator(sketches, None)
    plain_lab = [to_lab(p) for p in plain]
    report: dict = {"pairs": count, "tones": {}, "hair": {}, "couplings": {}}
    skin_to_hair = []
    for index, rgb in enumerate(tones):
        made = photos_with(skin=rgb)
        imprint, area, spread = [], [], []
        for lab, base, region, truth in zip((to_lab(p) for p in made), plain_lab, masks, photos, strict=True):
            for footprint in SKIN_FOOTPRINTS.values():
                with_hint = _ring_contrast(lab, footprint, region["skin_all"])
                without = _ring_contrast(base, footprint, region["skin_all"])
                imprint.append(with_hint - without)
            area.append(float(delta_e(_median_lab(lab, _grow(ALL_SKIN, RING)), tone_lab[index])))
            true_spread = _recoloured_spread(truth, region["skin"], tone_lab[index])
            spread.append(float(lab[region["skin"]][:, 0].std()) / max(true_spread, 1e-6))
            skin_to_hair.append(
                (index, float(delta_e(_median_lab(lab, region["hair"]), _median_lab(base, region["hair"]))))
            )
        report["tones"][str(index + 1)] = {
            "imprint": _stats(imprint),
            "area_de": _stats(area),
            "shading_ratio": _stats(spread),
        }
    per_tone = {t: [v for i, v in skin_to_hair if i == t] for t in range(len(tones))}
    report["couplings"]["skin_to_hair"] = {
        str(t + 1): _stats(values)["median"] for t, values in per_tone.items()
    }
    for name, rgb in hair_rgb.items():
        made = photos_with(hair=rgb)
        labs = [to_lab(p) for p in made]
        hair_lab = np.nanmedian(
            [_median_lab(lab, m["hair"]) for lab, m in zip(labs, masks, strict=True)], axis=0
        )
        hue, chroma = _hue_chroma(hair_lab)
        background = [
            float(delta_e(_median_lab(lab, m["background"]), _median_lab(base, m["background"])))
            for lab, base, m in zip(labs, plain_lab, masks, strict=True)
        ]
        report["hair"][name] = {"L": float(hair_lab[0]), "chroma": chroma, "hue": hue}
        report["couplings"].setdefault("hair_to_background", {})[name] = _stats(background)["median"]
    for tone in COUPLING_TONES:
        skin_only = [to_lab(p) for p in photos_with(skin=tones[tone - 1])]
        for name in COUPLING_HAIR:
            both = [to_lab(p) for p in photos_with(skin=tones[tone - 1], hair=hair_rgb[name])]
            moved = [
                float(delta_e(_median_lab(a, m["skin"]), _median_lab(b, m["skin"])))
                for a, b, m in zip(both, skin_only, masks, strict=True)
            ]
            report["couplings"].setdefault("hair_to_skin", {})[f"monk{tone}_{name}"] = _stats(moved)["median"]
    gaps = [
        float(_median_lab(made, m["skin"])[0] - _median_lab(to_lab(truth), m["skin"])[0])
        for made, m, truth in zip(plain_lab, masks, photos, strict=True)
    ]
    names = set_names or ["all"] * count
    report["no_hint_skin_L_gap"] = {
        name: float(np.nanmean([g for g, n in zip(gaps, names, strict=True) if n == name]))
        for name in set(names)
    }
    report["grid"] = {
        "generated": grid_spike(plain),
        "true": grid_spike(photos),
        "band_peak_over_median": {
            "generated": band_peak_over_median(plain),
            "true": band_peak_over_median(photos),
        },
    }
    report["summary"] = summarise(report)
    return report


def summarise(report: dict) -> dict[str, float]:
    """The figures the criterion reads (docs/model_card.md, generator v4)."""
    tones = report["tones"].values()
    couplings = report["couplings"]
    hair = report["hair"]
    return {
        "imprint_mean_worst": max(t["imprint"]["mean"] for t in tones),
        "imprint_p90_worst": max(t["imprint"]["p90"] for t in tones),
        "area_de_worst": max(t["area_de"]["mean"] for t in tones),
        "shading_ratio_worst": min(t["shading_ratio"]["median"] for t in tones),
        "hair_to_skin": float(np.mean(list(couplings["hair_to_skin"].values()))),
        "skin_to_hair": float(np.mean(list(couplings["skin_to_hair"].values()))),
        "hair_to_background": float(np.mean(list(couplings["hair_to_background"].values()))),
        "blond_minus_black_L": hair["blond"]["L"] - hair["black"]["L"],
        "grey_minus_black_L": hair["grey"]["L"] - hair["black"]["L"],
        "blond_minus_red_hue": hair["blond"]["hue"] - hair["red"]["hue"],
        "grey_chroma_below": min(hair["blond"]["chroma"], hair["red"]["chroma"]) - hair["grey"]["chroma"],
        "grid_ratio": report["grid"]["generated"] / max(report["grid"]["true"], 1e-9),
    }


def evaluate_strokes(model_path, data_dirs: list[str], limit: int | None = None) -> dict:
    """The protocol on the validation split of ``data_dirs`` (every set pooled; ``limit`` pairs per set)."""
    from training import data as data_mod
    from training.evaluate import OnnxGenerator

    generator = OnnxGenerator(model_path)
    if not generator.accepts_hints:
        from s2c_desktop.errors import ModelError

        raise ModelError(f"{model_path} takes no colour hints: the stroke protocol needs the hints input")
    chosen = []
    for set_dir in data_dirs:
        _, validation = data_mod.split_pairs(data_mod.discover_pairs([set_dir]))
        chosen.extend(validation[:limit] if limit else validation)
    arrays = data_mod.PairArrays.load(chosen)
    report = run(generator, arrays.sketches, arrays.photos, [p.set_name for p in chosen])
    report["model"] = str(model_path)
    report["sets"] = sorted({p.set_name for p in chosen})
    return report
