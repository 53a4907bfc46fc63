"""Evaluation reports: JSON + CSV files and the console table."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from s2c_desktop.atomic import atomic_write_text

METHODS = ("model", "mean_photo", "raw_sketch")
METRIC_KEYS = ("ssim", "psnr", "l1", "rank1", "rank5", "face_found", "colourfulness", "detail_ratio")
SET_RANK_KEYS = ("rank1_set", "rank5_set")
TEACHER_KEYS = ("teacher_rank1", "teacher_rank1_set")
COLOUR_KEYS = ("skin_de_no_hints", "skin_de_true_hints", "skin_de_monk7_hints")
GENERATOR_ALONE = "_generator"  # key suffix: the generator's own photo, before the engine's skin-tone anchor
GENERATOR_COLOUR_KEYS = tuple(key + GENERATOR_ALONE for key in COLOUR_KEYS[1:])


def write_report(report: dict, out: Path) -> None:
    out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(out, json.dumps(report, indent=2) + "\n")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    optional = [*SET_RANK_KEYS, *TEACHER_KEYS]
    keys = [*METRIC_KEYS, *(k for k in optional if any(k in r["model"] for r in report["sets"].values()))]
    writer.writerow(["set", "pairs", "method", *keys, *COLOUR_KEYS, *GENERATOR_COLOUR_KEYS])
    for set_name, result in report["sets"].items():
        for method in METHODS:
            colour = result.get("colour", {}) if method == "model" else {}
            writer.writerow(
                [
                    set_name,
                    result["pairs"],
                    method,
                    *(f"{result[method][k]:.4f}" if k in result[method] else "" for k in keys),
                    *(
                        f"{colour[k]:.2f}" if k in colour else ""
                        for k in (*COLOUR_KEYS, *GENERATOR_COLOUR_KEYS)
                    ),
                ]
            )
    atomic_write_text(out.with_suffix(".csv"), buffer.getvalue())


def _set_ranks(m: dict) -> str:
    return f"{m['rank1_set']:>8.1%}{m['rank5_set']:>8.1%}" if "rank1_set" in m else ""


def format_table(report: dict) -> str:
    header = (
        f"{'set':<16}{'pairs':>6}  {'method':<11}{'SSIM':>7}{'PSNR':>7}{'L1':>7}{'rank1':>7}{'rank5':>7}"
        f"{'face':>6}{'colour':>7}"
    )
    if any("rank1_set" in r["model"] for r in [*report["sets"].values(), *report.get("raw", {}).values()]):
        header += f"{'r1 set':>8}{'r5 set':>8}"
    lines = [header, "-" * len(header)]
    for set_name, result in report["sets"].items():
        for method in METHODS:
            m = result[method]
            lines.append(
                f"{set_name:<16}{result['pairs']:>6}  "
                f"{method:<11}{m['ssim']:>7.3f}{m['psnr']:>7.2f}{m['l1']:>7.3f}"
                f"{m['rank1']:>7.1%}{m['rank5']:>7.1%}{m['face_found']:>6.0%}{m['colourfulness']:>7.1f}"
                + _set_ranks(m)
            )
        lines.append(f"{'':<16}{'':>6}  {'(photos)':<11}{'':>35}{result['photo_colourfulness']:>7.1f}")
        lines.append(
            f"{'':<16}{'':>6}  detail ratio: model {result['model'].get('detail_ratio', float('nan')):.2f}"
            + "".join(f"; {k} {v:.1f}" for k, v in result.get("colour", {}).items())
            + "".join(
                f"; FaceNet (teacher) {k} {result[m][k]:.1%} ({m})"
                for m in ("model", "raw_sketch")
                for k in TEACHER_KEYS
                if k in result[m]
            )
        )
    for set_name, result in report.get("raw", {}).items():
        for method in ("model", "raw_sketch"):
            m = result[method]
            lines.append(
                f"{set_name + ' raw':<16}{result['pairs']:>6}  {method:<11}{'':>21}"
                f"{m['rank1']:>7.1%}{m['rank5']:>7.1%}{m['face_found']:>6.0%}{m['colourfulness']:>7.1f}"
                + _set_ranks(m)
            )
    return "\n".join(lines)


def markdown_table(report: dict) -> str:
    """Per set: the photo beside the mean photo and the raw sketch (Markdown, for the model card)."""
    lines = [
        "| set (pairs) | method | r1 set | r5 set | SSIM | PSNR | detail ratio | skin ΔE none / true / "
        "Monk-7 "
        "| generator alone: true / Monk-7 |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for set_name, result in report["sets"].items():
        colour = result.get("colour", {})
        for method in METHODS:
            m = result[method]
            ranks = f"{m['rank1_set']:.1%} | {m['rank5_set']:.1%}" if "rank1_set" in m else "– | –"
            shades = " / ".join(f"{colour[k]:.1f}" if k in colour else "–" for k in COLOUR_KEYS)
            alone = " / ".join(f"{colour[k]:.1f}" if k in colour else "–" for k in GENERATOR_COLOUR_KEYS)
            lines.append(
                f"| {set_name} ({result['pairs']}) | {method} | {ranks} | {m['ssim']:.3f} | {m['psnr']:.1f} "
                "| "
                f"{m.get('detail_ratio', float('nan')):.2f} | {shades if method == 'model' else ''} | "
                f"{alone if method == 'model' else ''} |"
            )
    return "\n".join(lines)
