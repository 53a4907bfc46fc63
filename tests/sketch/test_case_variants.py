"""The case keeps the witness's Variantes rounds: nine parameter sets, the pick and the times (issue 26)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PIL import Image

from s2c_desktop.engine.variants import make_round, round_record
from s2c_desktop.sketch.case import Case, CaseError, load_case, save_case


def _rounds() -> list[dict]:
    first = make_round(seed=1)
    second = make_round(first[4], seed=2)
    return [
        round_record(first, 5, 612.4, "2026-12-06T20:01:02+00:00"),
        round_record(second, None, 580.0, ""),
    ]


def test_rounds_survive_a_save_and_a_load(tmp_path: Path) -> None:
    case = Case(case_number="7", sketch=Image.new("L", (800, 1000), 255), variant_rounds=_rounds())
    save_case(tmp_path, case)
    document = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    assert [r["pick"] for r in document["variant_rounds"]] == [5, None]
    loaded = load_case(tmp_path)
    assert loaded.variant_rounds == json.loads(json.dumps(_rounds()))
    assert len(loaded.variant_rounds[0]["variants"]) == 9
    assert loaded.variant_rounds[1]["variants"][0]["step"] == 0.5


def test_an_old_case_has_no_rounds(tmp_path: Path) -> None:
    save_case(tmp_path, Case(sketch=Image.new("L", (800, 1000), 255)))
    document = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    del document["variant_rounds"]
    (tmp_path / "case.json").write_text(json.dumps(document), encoding="utf-8")
    assert load_case(tmp_path).variant_rounds == []


@pytest.mark.parametrize(
    "damage",
    [
        "not a list",
        [{"variants": "nine"}],
        [{"variants": [{"format": "s2c-variant"}], "pick": 4}],
        [{"variants": [{"format": "s2c-variant", "shape": {"ears": 2}}]}],
        [{"variants": [{"format": "s2c-variant"}], "picked_at": 12}],
        [{}] * 201,
    ],
)
def test_a_damaged_record_is_one_clear_line(tmp_path: Path, damage: object) -> None:
    save_case(tmp_path, Case(sketch=Image.new("L", (800, 1000), 255), variant_rounds=_rounds()))
    document = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    document["variant_rounds"] = damage
    (tmp_path / "case.json").write_text(json.dumps(document), encoding="utf-8")
    with pytest.raises(CaseError) as error:
        load_case(tmp_path)
    assert "variant" in str(error.value) and "\n" not in str(error.value)
