"""The shipping criterion for a generator snapshot, as code (docs/model_card.md, "Shipping criterion").

The criterion was fixed before the v3 run. Here it reads two evaluation reports (``python -m training
evaluate --gallery set``): the candidate's and the shipped model's, scored with the same code. Optionally it
also takes the candidate's card (export parity) and a measured end-to-end latency. Every item must pass. An
item that was not measured fails, so a verdict is never "pass" by omission.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path

from s2c_desktop.errors import S2CError

CUFS_SETS = ("cufs_ar", "cufs_cuhk", "cufs_xm2vts")
CUFSF_SETS = ("cufsf_aligned",)
DETAIL_RATIO_FLOOR = 0.30
SKIN_DE_TRUE_HINTS_MAX = 6.0
SKIN_DE_MONK7_HINTS_MAX = 10.0
LATENCY_P50_MAX_MS = 40.0
PARITY_MAX = 1e-3


@dataclass(frozen=True)
class Check:
    item: str  # the criterion's number and subject
    value: float
    limit: float
    passed: bool
    detail: str

    def line(self) -> str:
        mark = "pass" if self.passed else "FAIL"
        return f"{mark}  {self.item}: {self.detail}"


def pooled(report: dict, method: str, key: str, sets: tuple[str, ...]) -> float:
    """Mean of ``key`` over the pairs of ``sets`` (each set weighted by its pairs); NaN when none are
    there."""
    present = [s for s in sets if s in report["sets"] and key in report["sets"][s][method]]
    pairs = sum(report["sets"][s]["pairs"] for s in present)
    if not pairs:
        return math.nan
    return sum(report["sets"][s][method][key] * report["sets"][s]["pairs"] for s in present) / pairs


def pooled_colour(report: dict, key: str) -> float:
    """Skin ΔE ``key`` pooled over every set that measured it (pairs-weighted)."""
    present = [s for s, r in report["sets"].items() if key in r.get("colour", {})]
    pairs = sum(report["sets"][s]["pairs"] for s in present)
    if not pairs:
        return math.nan
    return sum(report["sets"][s]["colour"][key] * report["sets"][s]["pairs"] for s in present) / pairs


def _at_most(item: str, value: float, limit: float, what: str) -> Check:
    passed = not math.isnan(value) and value <= limit
    shown = "not measured" if math.isnan(value) else f"{value:.4g}"
    return Check(item, value, limit, passed, f"{what} {shown} (≤ {limit:.4g})")


def _at_least(item: str, value: float, limit: float, what: str) -> Check:
    passed = not math.isnan(value) and value >= limit
    shown = "not measured" if math.isnan(value) else f"{value:.4g}"
    return Check(item, value, limit, passed, f"{what} {shown} (≥ {limit:.4g})")


def judge(
    report: dict, baseline: dict, *, parity: float | None = None, latency_p50_ms: float | None = None
) -> list[Check]:
    """Every item of the criterion for ``report`` against the shipped model's ``baseline`` report."""
    checks = []
    for name, sets in (("CUFS pooled", CUFS_SETS), ("CUFSF", CUFSF_SETS)):
        photo = pooled(report, "model", "rank1_set", sets)
        sketch = pooled(report, "raw_sketch", "rank1_set", sets)
        checks.append(
            _at_least(
                f"1 identity, {name}", photo, sketch, "rank-1 among all photos of the set, photo vs sketch:"
            )
        )
    for name, sets in (("CUFS pooled", CUFS_SETS), ("CUFSF", CUFSF_SETS)):
        detail = pooled(report, "model", "detail_ratio", sets)
        checks.append(_at_least(f"2 detail ratio, {name}", detail, DETAIL_RATIO_FLOOR, "detail ratio"))
    checks.append(
        _at_most(
            "3 skin ΔE, true hints", pooled_colour(report, "skin_de_true_hints"), SKIN_DE_TRUE_HINTS_MAX, "ΔE"
        )
    )
    checks.append(
        _at_most(
            "3 skin ΔE, Monk-7 hints",
            pooled_colour(report, "skin_de_monk7_hints"),
            SKIN_DE_MONK7_HINTS_MAX,
            "ΔE",
        )
    )
    checks.append(
        _at_most(
            "3 skin ΔE, no hints",
            pooled_colour(report, "skin_de_no_hints"),
            pooled_colour(baseline, "skin_de_no_hints"),
            "ΔE against the shipped model's",
        )
    )
    checks.append(
        _at_most(
            "4 latency",
            math.nan if latency_p50_ms is None else latency_p50_ms,
            LATENCY_P50_MAX_MS,
            "end-to-end p50 ms",
        )
    )
    checks.append(
        _at_most("4 ONNX parity", math.nan if parity is None else parity, PARITY_MAX, "max |ONNX − Keras|")
    )
    return checks


def passes(checks: list[Check]) -> bool:
    return all(check.passed for check in checks)


def load_report(path: Path) -> dict:
    """An evaluation report from disk, or one ``S2CError`` line saying why it cannot be one."""
    try:
        report = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise S2CError(f"{path}: no such report") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise S2CError(f"{path}: not a readable JSON report ({exc.__class__.__name__})") from None
    sets = report.get("sets") if isinstance(report, dict) else None
    if not isinstance(sets, dict) or not all(
        isinstance(r, dict)
        and "pairs" in r
        and all(isinstance(r.get(m), dict) for m in ("model", "raw_sketch"))
        for r in sets.values()
    ):
        raise S2CError(f"{path}: not an evaluation report (python -m training evaluate --out)")
    return report
