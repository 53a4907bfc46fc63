"""The case folder keeps the witness's colour hints: ``hints.png`` (RGBA) with its sha256 in ``case.json``."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.sketch.case import HINTS_FILE, Case, CaseError, load_case, save_case
from s2c_desktop.sketch.hint_layer import HintSheet


def _hints() -> Image.Image:
    layer = np.zeros((1000, 800, 4), np.uint8)
    layer[300:324, 200:224] = (0x82, 0x5C, 0x43, 255)  # Monk 7 on a cheek
    layer[500:520, 600:610] = (20, 20, 20, 255)  # black hair
    return Image.fromarray(layer, "RGBA")


def _case(hints: Image.Image | None) -> Case:
    return Case(
        case_number="2024-0153",
        sketch=Image.new("L", (800, 1000), 255),
        hints=hints,
        witness_notes="tez trigueña, cabello negro",
    )


def test_hints_round_trip_with_their_checksum(tmp_path: Path) -> None:
    save_case(tmp_path, _case(_hints()))
    document = json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))
    entry = document["files"]["hints"]
    assert entry == {
        "name": HINTS_FILE,
        "sha256": hashlib.sha256((tmp_path / HINTS_FILE).read_bytes()).hexdigest(),
        "size": [800, 1000],
    }
    with Image.open(tmp_path / HINTS_FILE) as stored:
        assert stored.mode == "RGBA"
    loaded = load_case(tmp_path)
    assert loaded.hints is not None and np.array_equal(np.asarray(loaded.hints), np.asarray(_hints()))


def test_a_case_without_hints_leaves_no_stale_hints_file(tmp_path: Path) -> None:
    save_case(tmp_path, _case(_hints()))
    save_case(tmp_path, _case(None))
    assert not (tmp_path / HINTS_FILE).exists()
    assert "hints" not in json.loads((tmp_path / "case.json").read_text(encoding="utf-8"))["files"]
    assert load_case(tmp_path).hints is None


def test_a_damaged_hints_file_is_a_clear_error(tmp_path: Path) -> None:
    save_case(tmp_path, _case(_hints()))
    (tmp_path / HINTS_FILE).write_bytes(b"\x89PNG\r\n\x1a\n" + b"broken" * 4)
    with pytest.raises(CaseError, match=r"the case file hints\.png: damaged image header"):
        load_case(tmp_path)


def test_hint_sheet_fits_a_stored_layer_to_the_paper_keeping_colours_pure() -> None:
    small = np.zeros((500, 400, 4), np.uint8)
    small[100:110, 100:110] = (10, 200, 30, 255)
    small[200:210, 200:210] = (200, 10, 30, 100)  # under 50 % opacity: not a hint
    sheet = HintSheet.from_image(Image.fromarray(small, "RGBA"))
    assert sheet.size == (800, 1000)
    assert sheet.colours() == [((10, 200, 30), 400)]
    assert not sheet.pixels[sheet.pixels[:, :, 3] == 0].any()


def test_crash_recovery_brings_the_hints_back() -> None:
    from s2c_desktop.sketch.autosave import AutosaveStore

    running = AutosaveStore()
    running.begin()
    running.save(_case(_hints()))
    running._release()  # what the OS does when the process dies
    found = AutosaveStore().find_recoverable()
    assert len(found) == 1 and found[0].case.hints is not None
    assert np.array_equal(np.asarray(found[0].case.hints), np.asarray(_hints()))
    found[0].discard()
