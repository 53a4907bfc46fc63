"""A case folder from another precinct is untrusted (issue 13 §2, §4, §6, §7, §9): names stay inside the
folder, only regular files of bounded size are read, every defect is a one-line CaseError, and a save is
all-or-nothing on a really full filesystem."""

from __future__ import annotations

import json
import os
import stat
import threading
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.sketch.case import CASE_FILE, SKETCH_FILE, Case, CaseError, load_case, save_case
from tests.engine.bad_images import png_header_only
from tests.sketch.fulldisk import fill_up, small_filesystem


def _case(number: str = "DIRINCRI-2024-0153", seed: int = 1) -> Case:
    rng = np.random.default_rng(seed)
    sketch = np.full((500, 400), 255, np.uint8)
    sketch[100:140, 50:300] = 0
    return Case(
        case_number=number,
        artist="Ana",
        sketch=Image.fromarray(sketch, "L"),
        photo=Image.fromarray(rng.integers(0, 255, (250, 200, 3), dtype=np.uint8), "RGB"),
        photo_metadata={"model": "s2c_generator"},
    )


def _rewrite(folder: Path, change) -> None:
    document = json.loads((folder / CASE_FILE).read_text(encoding="utf-8"))
    change(document)
    (folder / CASE_FILE).write_text(json.dumps(document), encoding="utf-8")


def _name_sketch(name: str):
    def change(document: dict) -> None:
        document["files"]["sketch"]["name"] = name

    return change


@pytest.fixture
def saved(tmp_path: Path) -> Path:
    folder = tmp_path / "precinct" / "case"
    save_case(folder, _case())
    return folder


def _one_line_case_error(folder: Path, match: str) -> CaseError:
    with pytest.raises(CaseError, match=match) as info:
        load_case(folder)
    assert "\n" not in str(info.value)
    return info.value


def test_a_name_climbing_out_of_the_folder_is_refused(saved: Path) -> None:
    secret = saved.parent / "secret.png"
    Image.new("L", (40, 50), 0).save(secret)
    _rewrite(saved, _name_sketch("../secret.png"))
    _one_line_case_error(saved, "plain file name")


def test_an_absolute_name_is_refused(saved: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.png"
    Image.new("L", (40, 50), 0).save(outside)
    _rewrite(saved, _name_sketch(str(outside)))
    _one_line_case_error(saved, "plain file name")


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="needs /dev/zero")
def test_dev_zero_is_refused_without_reading_it(saved: Path) -> None:
    _rewrite(saved, _name_sketch("/dev/zero"))
    _one_line_case_error(saved, "plain file name")


@pytest.mark.timeout(20)
@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_a_fifo_inside_the_folder_does_not_block(saved: Path) -> None:
    os.mkfifo(saved / "pipe.png")
    _rewrite(saved, _name_sketch("pipe.png"))
    outcome: list[object] = []
    reader = threading.Thread(target=lambda: outcome.append(_catch(saved)), daemon=True)
    reader.start()
    reader.join(10)
    assert not reader.is_alive(), "reading a FIFO named in case.json blocked"
    assert isinstance(outcome[0], CaseError) and "regular file" in str(outcome[0])


def _catch(folder: Path) -> object:
    try:
        return load_case(folder)
    except Exception as exc:  # the test inspects what came out
        return exc


@pytest.mark.skipif(not hasattr(os, "symlink"), reason="needs symbolic links")
def test_a_link_inside_the_folder_pointing_outside_is_refused(saved: Path) -> None:
    secret = saved.parent / "secret.png"
    Image.new("L", (40, 50), 0).save(secret)
    (saved / "link.png").symlink_to(secret)
    _rewrite(saved, _name_sketch("link.png"))
    _one_line_case_error(saved, "link")


def test_an_oversized_case_image_is_refused_unread(saved: Path) -> None:
    from s2c_desktop.sketch.case import MAX_CASE_FILE_BYTES

    with open(saved / "huge.png", "wb") as handle:
        handle.truncate(MAX_CASE_FILE_BYTES + 1)  # sparse: costs no disk
    _rewrite(saved, _name_sketch("huge.png"))
    _one_line_case_error(saved, "too large")


@pytest.mark.parametrize(
    "files",
    [
        ["sketch.png"],
        "sketch.png",
        7,
        {"sketch": "sketch.png"},
        {"sketch": {"name": 5}},
        {"sketch": {"name": ["a"]}},
    ],
)
def test_files_of_the_wrong_shape_are_a_case_error(saved: Path, files: object) -> None:
    _rewrite(saved, lambda document: document.__setitem__("files", files))
    _one_line_case_error(saved, "files")


def test_a_bomb_image_is_a_case_error(saved: Path) -> None:
    (saved / SKETCH_FILE).write_bytes(png_header_only(30_000, 30_000))
    _one_line_case_error(saved, "too large")


def test_a_144_megapixel_photo_is_a_case_error(saved: Path) -> None:
    _rewrite(saved, lambda d: d["files"]["photo"].pop("sha256"))
    photo = saved / json.loads((saved / CASE_FILE).read_text())["files"]["photo"]["name"]
    photo.write_bytes(png_header_only(12_000, 12_000, colour_type=2))
    _one_line_case_error(saved, "too large")


def test_checksum_mismatch_names_the_file_and_lasts_until_saved(saved: Path) -> None:
    sketch_name = json.loads((saved / CASE_FILE).read_text())["files"]["sketch"]["name"]
    Image.new("L", (400, 500), 200).save(saved / sketch_name)  # changed outside the app
    case = load_case(saved)
    assert case.checksum_mismatches == [sketch_name]
    save_case(saved, case)
    assert case.checksum_mismatches == []
    assert load_case(saved).checksum_mismatches == []


# -- all or nothing, on a real full filesystem ------------------------------------------------------


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_a_save_on_a_full_filesystem_is_all_or_nothing(tmp_path: Path) -> None:
    with small_filesystem(tmp_path / "usb", size_kib=2048) as usb:
        folder = usb / "case"
        save_case(folder, _case("before"))
        before = _snapshot(folder)
        changed = _case("after", seed=2)
        changed.sketch.paste(
            0, (0, 0, 400, 50)
        )  # a new sketch (small PNG) and a new photo (~600 KB at 400×500)
        fill_up(usb, leave_bytes=40_000)  # room for the new sketch, not for the photo
        with pytest.raises(CaseError, match="cannot save the case") as info:
            save_case(folder, changed)
        assert "\n" not in str(info.value)
        assert _snapshot(folder) == before, "a failed save changed the case folder"
        reopened = load_case(folder)
        assert reopened.case_number == "before" and reopened.checksum_mismatches == []
        (usb / "filler.bin").unlink()
        save_case(folder, changed)  # with room again the same save works
        assert load_case(folder).case_number == "after"
        assert not [p for p in folder.iterdir() if p.name.startswith(".")], "temporaries left behind"


def test_an_interrupted_save_never_mixes_old_json_and_new_images(tmp_path: Path) -> None:
    """Whatever subset of the new image files exists beside the old case.json, it opens as the old case."""
    folder = tmp_path / "case"
    save_case(folder, _case("before"))
    old = load_case(folder)
    changed = _case("after", seed=3)
    changed.sketch.paste(0, (0, 0, 400, 50))
    save_case(tmp_path / "other", changed)
    # Copy the other case's images under every name the writer uses, as a crash mid-save would leave them.
    for image in (tmp_path / "other").glob("*.png"):
        for name in {image.name, image.name.replace(".png", "-alt.png")}:
            if not (folder / name).exists():
                (folder / name).write_bytes(image.read_bytes())
    reopened = load_case(folder)
    assert reopened.case_number == "before" and reopened.checksum_mismatches == []
    assert np.array_equal(np.asarray(reopened.sketch), np.asarray(old.sketch))


# -- files follow the umask -------------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="POSIX permissions")
def test_saved_case_files_follow_the_umask(tmp_path: Path) -> None:
    previous = os.umask(0o022)
    try:
        save_case(tmp_path / "case", _case())
    finally:
        os.umask(previous)
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "case").iterdir()}
    assert set(modes.values()) == {0o644}, modes


@pytest.mark.parametrize("mode", ["RGB", "L"])
def test_a_hint_layer_without_transparency_is_a_case_error(tmp_path: Path, mode: str) -> None:
    """The same rule as ``s2c colorize --hints``: without alpha every pixel would be a hint."""
    case = _case()
    case.hints = Image.new("RGBA", case.sketch.size, (0, 0, 0, 0))
    folder = tmp_path / "case"
    save_case(folder, case)
    name = json.loads((folder / CASE_FILE).read_text(encoding="utf-8"))["files"]["hints"]["name"]
    Image.new(mode, case.sketch.size, 128).save(folder / name)
    _one_line_case_error(folder, "colour hints need transparency")


@pytest.mark.parametrize(
    ("version", "message"),
    [("1", 'schema_version "1" is not a whole number'), (True, "not a whole number"), (0, "not a valid")],
)
def test_a_schema_version_that_is_not_a_positive_whole_number_is_named_as_such(
    saved: Path, version: object, message: str
) -> None:
    _rewrite(saved, lambda document: document.update(schema_version=version))
    error = _one_line_case_error(saved, message)
    assert "newer" not in str(error)


def test_a_newer_schema_version_is_still_called_newer(saved: Path) -> None:
    _rewrite(saved, lambda document: document.update(schema_version=2))
    _one_line_case_error(saved, "version 2 is newer than this program understands")
