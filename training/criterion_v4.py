"""Generator v4's shipping criterion, as code (docs/model_card.md, "Generator v4", fixed before the run).

It reads the candidate's stroke report (``python -m training strokes``), its evaluation report and the shipped
model's (``python -m training evaluate --gallery set``, the same code), the export parity and the end-to-end
latency with stroke hints. Every item must pass; an item that was not measured fails.
"""

from __future__ import annotations

import math

from training.criterion import (
    CUFS_SETS,
    CUFSF_SETS,
    PARITY_MAX,
    Check,
    _at_least,
    _at_most,
    pooled,
    pooled_colour,
)

IMPRINT_MEAN_MAX, IMPRINT_P90_MAX = 1.5, 3.0
AREA_DE_MAX, SHADING_RATIO_MIN = 4.0, 0.7
HAIR_TO_SKIN_MAX, SKIN_TO_HAIR_MAX, BACKGROUND_MAX = 2.0, 4.0, 2.0
BLOND_BLACK_L_MIN, GREY_BLACK_L_MIN, BLOND_RED_HUE_MIN = 20.0, 15.0, 15.0
GRID_RATIO_MAX = 1.5
IDENTITY_SLACK = 0.02  # rank-1 may fall this much below the shipped model's (2 points)
LATENCY_STROKES_MAX_MS = 40.0
ALL_SETS = CUFS_SETS + CUFSF_SETS


def judge_v4(
    strokes: dict,
    report: dict,
    baseline: dict,
    *,
    parity: float | None = None,
    latency_p50_ms: float | None = None,
) -> list[Check]:
    s = strokes["summary"]
    checks = [
        _at_most("1 imprint, mean (worst tone)", s["imprint_mean_worst"], IMPRINT_MEAN_MAX, "ΔE"),
        _at_most("1 imprint, p90 (worst tone)", s["imprint_p90_worst"], IMPRINT_P90_MAX, "ΔE"),
        _at_most("2 strokes' area (worst tone)", s["area_de_worst"], AREA_DE_MAX, "ΔE from the tone"),
        _at_least(
            "2 shading kept (worst tone)", s["shading_ratio_worst"], SHADING_RATIO_MIN, "L* spread ratio"
        ),
        _at_most("3 hair → skin", s["hair_to_skin"], HAIR_TO_SKIN_MAX, "ΔE"),
        _at_most("3 skin → unhinted hair", s["skin_to_hair"], SKIN_TO_HAIR_MAX, "ΔE"),
        _at_most("3 hair band → background", s["hair_to_background"], BACKGROUND_MAX, "ΔE"),
        _at_least("4 hair L*, blond − black", s["blond_minus_black_L"], BLOND_BLACK_L_MIN, "L*"),
        _at_least("4 hair L*, grey − black", s["grey_minus_black_L"], GREY_BLACK_L_MIN, "L*"),
        _at_least("4 hair hue, blond − red", s["blond_minus_red_hue"], BLOND_RED_HUE_MIN, "degrees"),
        _at_least("4 hair chroma, grey below blond and red", s["grey_chroma_below"], 1e-9, "chroma gap"),
        _at_most("5 grid spike", s["grid_ratio"], GRID_RATIO_MAX, "× the true photos'"),
    ]
    for name in ALL_SETS:
        photo = pooled(report, "model", "rank1_set", (name,))
        sketch = pooled(report, "raw_sketch", "rank1_set", (name,))
        checks.append(_at_least(f"6 identity vs sketch, {name}", photo, sketch, "rank-1 (set gallery)"))
    for name, sets in (("CUFS pooled", CUFS_SETS), ("CUFSF", CUFSF_SETS)):
        photo = pooled(report, "model", "rank1_set", sets)
        shipped = pooled(baseline, "model", "rank1_set", sets)
        checks.append(_at_least(f"6 identity vs v3, {name}", photo, shipped - IDENTITY_SLACK, "rank-1"))
    ssim = pooled(report, "model", "ssim", ALL_SETS)
    checks.append(_at_least("6 SSIM", ssim, pooled(baseline, "model", "ssim", ALL_SETS), "SSIM vs v3's"))
    checks.append(
        _at_most(
            "6 skin ΔE, no hints",
            pooled_colour(report, "skin_de_no_hints"),
            pooled_colour(baseline, "skin_de_no_hints"),
            "ΔE vs v3's",
        )
    )
    latency = math.nan if latency_p50_ms is None else latency_p50_ms
    checks.append(_at_most("7 latency, stroke hints", latency, LATENCY_STROKES_MAX_MS, "p50 ms"))
    checks.append(
        _at_most("7 ONNX parity", math.nan if parity is None else parity, PARITY_MAX, "max |ONNX − Keras|")
    )
    return checks
