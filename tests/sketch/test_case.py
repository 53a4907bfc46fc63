"""The case folder round-trips and every bad input becomes a clear CaseError without losing data."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.engine.provenance import leaving_photo
from s2c_desktop.errors import InputError
from s2c_desktop.sketch.case import (
    CASE_FILE,
    PHOTO_FILE,
    SCHEMA_VERSION,
    SKETCH_FILE,
    Case,
    CaseError,
    is_case_folder,
    load_case,
    load_image_file,
    save_case,
)
from tests.sketch.fulldisk import disk_full


def _sketch() -> Image.Image:
    pixels = np.full((500, 400), 255, np.uint8)
    pixels[100:140, 50:300] = 0
    pixels[300, :] = 77
    return Image.fromarray(pixels, "L")


def _photo() -> Image.Image:
    rng = np.random.default_rng(1)
    return Image.fromarray(rng.integers(0, 255, (250, 200, 3), dtype=np.uint8), "RGB")


def _case() -> Case:
    return Case(
        case_number="DIRINCRI-2024-0153",
        artist="Ana Quispe",
        witness_notes="Cicatriz en la ceja izquierda; «nariz ancha».\nSegunda línea.",
        date="2024-05-17",
        sketch=_sketch(),
        photo=_photo(),
        photo_metadata={"model": "s2c_generator", "sha256": "ab" * 32, "input_sha256": "cd" * 32},
    )


def test_case_round_trips_fields_sketch_photo_and_provenance(tmp_path: Path) -> None:
    case = _case()
    save_case(tmp_path / "case1", case)
    assert is_case_folder(tmp_path / "case1")
    loaded = load_case(tmp_path / "case1")
    assert loaded.fields_dict() == case.fields_dict()
    assert np.array_equal(np.asarray(loaded.sketch), np.asarray(case.sketch))
    # The folder leaves the app: its photo carries both marks, once (saving the loaded case changes nothing).
    marked, metadata = leaving_photo(case.photo, case.photo_metadata, case.case_number)
    assert np.array_equal(np.asarray(loaded.photo), np.asarray(marked))
    assert loaded.photo_metadata == metadata and metadata["case"] == "DIRINCRI-2024-0153"
    assert metadata["invisible_mark"].startswith("model:00 provenance:")
    photo_bytes = (tmp_path / "case1" / PHOTO_FILE).read_bytes()
    save_case(tmp_path / "case1", loaded)
    assert (tmp_path / "case1" / PHOTO_FILE).read_bytes() == photo_bytes
    document = json.loads((tmp_path / "case1" / CASE_FILE).read_text(encoding="utf-8"))
    assert document["schema_version"] == SCHEMA_VERSION and document["format"] == "s2c-case"
    # The photo carries its provenance itself too, so an exported copy keeps it.
    with Image.open(tmp_path / "case1" / PHOTO_FILE) as png:
        assert png.text["s2c:model"] == "s2c_generator"


def test_case_without_photo_removes_an_old_photo(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    save_case(folder, _case())
    case = load_case(folder)
    case.photo = None
    save_case(folder, case)
    assert not (folder / PHOTO_FILE).exists()
    assert load_case(folder).photo is None


def test_a_full_disk_is_a_clear_error_and_keeps_the_old_case(tmp_path: Path) -> None:
    folder = tmp_path / "c"
    save_case(folder, _case())
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    changed = _case()
    changed.case_number = "other"
    with disk_full(), pytest.raises(CaseError, match="cannot save the case") as info:
        save_case(folder, changed)
    assert "\n" not in str(info.value)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


@pytest.mark.parametrize(
    ("damage", "message"),
    [
        (lambda f: (f / CASE_FILE).write_text("{not json", encoding="utf-8"), "damaged"),
        (
            lambda f: (f / CASE_FILE).write_text('{"format": "other"}', encoding="utf-8"),
            "not a Sketch2Color case",
        ),
        (
            lambda f: (f / CASE_FILE).write_text(
                '{"format": "s2c-case", "schema_version": 99}', encoding="utf-8"
            ),
            "newer",
        ),
        (lambda f: (f / SKETCH_FILE).write_bytes(b"garbage"), "sketch.png: a text file, not an image"),
        (lambda f: (f / SKETCH_FILE).unlink(), "sketch.png: file not found"),
        (lambda f: (f / CASE_FILE).unlink(), "not a case folder"),
    ],
)
def test_damaged_case_folders_give_one_line_errors(tmp_path: Path, damage, message: str) -> None:
    folder = tmp_path / "c"
    save_case(folder, _case())
    damage(folder)
    with pytest.raises(CaseError, match=message) as info:
        load_case(folder)
    assert "\n" not in str(info.value)


def test_missing_case_folder(tmp_path: Path) -> None:
    with pytest.raises(CaseError, match="not found"):
        load_case(tmp_path / "nope")


def test_load_image_file_rejects_non_images(tmp_path: Path) -> None:
    bad = tmp_path / "scan.png"
    bad.write_bytes(b"\x89PNG but not really")
    with pytest.raises(InputError, match="damaged image header"):
        load_image_file(bad)
    with pytest.raises(InputError, match="not found"):
        load_image_file(tmp_path / "missing.png")
    good = tmp_path / "good.jpg"
    _photo().save(good)
    assert load_image_file(good).mode == "L"
