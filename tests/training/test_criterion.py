"""The shipping criterion as code: every item judged, nothing passes by omission, bad reports refused."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from training.__main__ import main
from training.criterion import judge, passes, pooled

SETS = {"cufs_ar": 8, "cufs_cuhk": 13, "cufs_xm2vts": 23, "cufsf_aligned": 77}


def _report(
    *,
    photo_r1: float = 0.6,
    sketch_r1: float = 0.5,
    detail: float = 0.4,
    de_none: float = 12.0,
    de_true: float = 5.0,
    de_monk7: float = 4.0,
) -> dict:
    sets = {}
    for name, pairs in SETS.items():
        method = {"ssim": 0.6, "psnr": 14.0, "rank1_set": photo_r1, "rank5_set": 0.8, "detail_ratio": detail}
        sets[name] = {
            "pairs": pairs,
            "model": method,
            "mean_photo": {**method, "rank1_set": 0.0, "detail_ratio": 0.05},
            "raw_sketch": {**method, "rank1_set": sketch_r1, "detail_ratio": 1.7},
            "colour": {
                "skin_de_no_hints": de_none,
                "skin_de_true_hints": de_true,
                "skin_de_monk7_hints": de_monk7,
            },
        }
    return {"split": "validation", "sets": sets}


BASELINE = _report(photo_r1=0.3, detail=0.1, de_none=12.4)


def _failed(checks) -> list[str]:
    return [check.item for check in checks if not check.passed]


def test_a_snapshot_that_meets_every_item_passes() -> None:
    checks = judge(_report(), BASELINE, parity=1e-5, latency_p50_ms=30.0)
    assert _failed(checks) == []
    assert passes(checks)


@pytest.mark.parametrize(
    ("change", "failing"),
    [
        ({"photo_r1": 0.49}, ["1 identity, CUFS pooled", "1 identity, CUFSF"]),
        ({"detail": 0.29}, ["2 detail ratio, CUFS pooled", "2 detail ratio, CUFSF"]),
        ({"de_true": 6.1}, ["3 skin ΔE, true hints"]),
        ({"de_monk7": 10.5}, ["3 skin ΔE, Monk-7 hints"]),
        ({"de_none": 12.5}, ["3 skin ΔE, no hints"]),
    ],
)
def test_each_item_fails_on_its_own(change: dict, failing: list[str]) -> None:
    checks = judge(_report(**change), BASELINE, parity=1e-5, latency_p50_ms=30.0)
    assert _failed(checks) == failing
    assert not passes(checks)


def test_identity_is_judged_per_group_not_over_all_sets() -> None:
    report = _report()
    report["sets"]["cufsf_aligned"]["model"]["rank1_set"] = 0.4  # CUFSF below its sketch, CUFS above
    assert _failed(judge(report, BASELINE, parity=0.0, latency_p50_ms=1.0)) == ["1 identity, CUFSF"]
    assert pooled(report, "model", "rank1_set", ("cufs_ar", "cufs_cuhk", "cufs_xm2vts")) == pytest.approx(0.6)


def test_what_was_not_measured_fails() -> None:
    checks = judge(_report(), BASELINE)
    assert _failed(checks) == ["4 latency", "4 ONNX parity"]
    report = _report()
    for result in report["sets"].values():
        del result["colour"]["skin_de_monk7_hints"]
    assert "3 skin ΔE, Monk-7 hints" in _failed(judge(report, BASELINE, parity=0.0, latency_p50_ms=1.0))


def test_parity_and_latency_limits() -> None:
    assert _failed(judge(_report(), BASELINE, parity=2e-3, latency_p50_ms=41.0)) == [
        "4 latency",
        "4 ONNX parity",
    ]


def _write(path: Path, payload) -> Path:
    path.write_text(payload if isinstance(payload, str) else json.dumps(payload), encoding="utf-8")
    return path


def test_cli_exit_status_follows_the_verdict(tmp_path: Path, capsys) -> None:
    baseline = _write(tmp_path / "v2.json", BASELINE)
    card = _write(tmp_path / "m.json", {"export": {"parity_max_abs_diff": 1.5e-5}})
    good = _write(tmp_path / "good.json", _report())
    assert (
        main(
            [
                "judge",
                str(good),
                "--baseline",
                str(baseline),
                "--card",
                str(card),
                "--latency-ms",
                "29",
                "--markdown",
            ]
        )
        == 0
    )
    out = capsys.readouterr().out
    assert "FAIL" not in out and out.strip().endswith("ships: every item passes")
    assert "| cufsf_aligned (77) | raw_sketch |" in out
    assert main(["judge", str(good), "--baseline", str(baseline)]) == 1  # no latency, no parity
    assert "does not ship" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("{not json", "not a readable JSON report"),
        ([1, 2], "not an evaluation report"),
        ({"sets": {"cufs_ar": {"pairs": 3, "model": {}}}}, "not an evaluation report"),
    ],
)
def test_cli_refuses_a_file_that_is_not_a_report(tmp_path: Path, capsys, payload, reason: str) -> None:
    baseline = _write(tmp_path / "v2.json", BASELINE)
    bad = _write(tmp_path / "bad.json", payload)
    before = bad.read_bytes()
    assert main(["judge", str(bad), "--baseline", str(baseline)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error:") and reason in err[0]
    assert bad.read_bytes() == before


def test_cli_refuses_a_card_without_parity(tmp_path: Path, capsys) -> None:
    baseline = _write(tmp_path / "v2.json", BASELINE)
    card = _write(tmp_path / "card.json", {"export": {"parity_max_abs_diff": "small"}})
    assert main(["judge", str(baseline), "--baseline", str(baseline), "--card", str(card)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {card}: the export parity is not a number"]
    missing = tmp_path / "missing.json"
    assert main(["judge", str(missing), "--baseline", str(baseline)]) == 1
    assert capsys.readouterr().err.strip() == f"error: {missing}: no such report"


def test_the_report_is_not_changed_by_judging() -> None:
    report = _report()
    snapshot = copy.deepcopy(report)
    judge(report, BASELINE, parity=0.0, latency_p50_ms=1.0)
    assert report == snapshot
