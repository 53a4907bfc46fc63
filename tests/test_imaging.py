"""One image decoder for every image the project opens (issue 13 §1).

Every entry point (engine sketch loader, canvas "Open sketch", the image-file loader, case images, training
files) must refuse formats the product does not accept without starting Ghostscript, apply the one pixel limit
from the header, scale 16-bit images instead of clipping them, and apply EXIF orientation.
"""

from __future__ import annotations

import io
import json
import os
import re
import stat
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest
from PIL import EpsImagePlugin, Image

from s2c_desktop import imaging
from s2c_desktop.errors import S2CError
from s2c_desktop.sketch.case import PHOTO_FILE, SKETCH_FILE, Case, load_case, load_image_file, save_case
from s2c_desktop.sketch.document import SketchDocument
from tests.engine.bad_images import png_header_only

REPO = Path(__file__).resolve().parent.parent

# A minimal but real EPS file: Pillow identifies it and would render it with Ghostscript.
EPS = (
    b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 40 50\n%%EndComments\n"
    b"newpath 0 0 moveto 40 50 lineto stroke\nshowpage\n%%EOF\n"
)


def _load_sketch(path: Path) -> object:
    from s2c_desktop.engine.loading import load_sketch

    return load_sketch(path)


def _training_load_frame(path: Path) -> object:
    from training.data import load_frame

    return load_frame(path, "L")


def _training_prepare_read(path: Path) -> object:
    from training.prepare import _read

    try:
        return _read(path, "L")
    except OSError as exc:  # prepare() counts the pair as unreadable by this OSError
        raise S2CError(str(exc)) from exc


def _case_with(image_path: Path) -> object:
    """A real case folder whose sketch.png is the given file."""
    folder = image_path.parent / "case"
    save_case(folder, Case(case_number="C-1", sketch=Image.new("L", (40, 50), 255)))
    (folder / SKETCH_FILE).write_bytes(image_path.read_bytes())
    document = json.loads((folder / "case.json").read_text(encoding="utf-8"))
    document["files"]["sketch"].pop("sha256")
    (folder / "case.json").write_text(json.dumps(document), encoding="utf-8")
    return load_case(folder)


ENTRY_POINTS: dict[str, Callable[[Path], object]] = {
    "engine load_sketch": _load_sketch,
    "canvas open sketch": SketchDocument.load_png,
    "image-file loader": load_image_file,
    "case image": _case_with,
    "training load_frame": _training_load_frame,
    "training prepare _read": _training_prepare_read,
}


@pytest.fixture
def fake_ghostscript(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A `gs` on PATH that records being started: Pillow's EPS plugin looks it up and runs it."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    marker = tmp_path / "ghostscript-was-run"
    script = bin_dir / "gs"
    script.write_text(f"#!/bin/sh\necho \"$@\" >> '{marker}'\necho 10.0\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}")
    monkeypatch.setattr(EpsImagePlugin, "gs_binary", None)  # forget an earlier look-up
    return marker


@pytest.mark.skipif(os.name == "nt", reason="the fake Ghostscript is a shell script")
@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_postscript_named_png_never_starts_ghostscript(
    tmp_path: Path, fake_ghostscript: Path, entry: str
) -> None:
    path = tmp_path / "sketch.png"
    path.write_bytes(EPS)
    with pytest.raises(S2CError) as info:
        ENTRY_POINTS[entry](path)
    assert not fake_ghostscript.exists(), "Ghostscript was started for a file named .png"
    assert "\n" not in str(info.value)
    assert re.search(r"accepted: PNG, JPEG, BMP,? (or )?TIFF|not a PNG, JPEG, BMP or TIFF", str(info.value))


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_every_entry_point_applies_the_one_pixel_limit_from_the_header(tmp_path: Path, entry: str) -> None:
    width = 10_000
    path = tmp_path / "sketch.png"
    path.write_bytes(png_header_only(width, imaging.MAX_PIXELS // width + 1))
    with pytest.raises(S2CError, match="too large") as info:
        ENTRY_POINTS[entry](path)
    assert "\n" not in str(info.value)


def _as_gray(result: object) -> np.ndarray:
    if isinstance(result, SketchDocument):
        return result.pixels
    if isinstance(result, Image.Image):
        return np.asarray(result.convert("L"))
    if isinstance(result, Case):
        return np.asarray(result.sketch)
    if isinstance(result, np.ndarray):
        return result
    return result.pixels  # LoadedSketch


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_16_bit_png_is_scaled_not_clipped(tmp_path: Path, entry: str) -> None:
    path = tmp_path / "sketch.png"
    Image.fromarray(np.full((250, 200), 32896, np.uint16)).save(path)  # mid-gray in 16 bits
    with Image.open(path) as check:
        assert check.mode.startswith("I")
    pixels = _as_gray(ENTRY_POINTS[entry](path))
    assert abs(int(np.median(pixels)) - 128) <= 1


@pytest.mark.parametrize("entry", list(ENTRY_POINTS))
def test_exif_orientation_is_applied_by_every_entry_point(tmp_path: Path, entry: str) -> None:
    # Stored sideways (250 wide, 200 high) with a black left column; orientation 6 = rotate 90° clockwise.
    stored = np.full((200, 250), 255, np.uint8)
    stored[:, :20] = 0
    exif = Image.Exif()
    exif[0x0112] = 6
    path = tmp_path / "sketch.jpg"
    Image.fromarray(stored).save(path, exif=exif.tobytes(), quality=95)
    pixels = _as_gray(ENTRY_POINTS[entry](path))
    height, width = pixels.shape
    assert height > width  # upright: 200 wide, 250 high (or fitted to 4:5)
    assert pixels[:5].mean() < 60 and pixels[-5:].mean() > 200  # the ink is now at the top


def test_imaging_is_the_only_place_that_opens_images() -> None:
    """One decoder: no other module of the app, nor training's file readers, calls Image.open."""
    offenders = []
    for path in [*(REPO / "s2c_desktop").rglob("*.py"), *(REPO / "training").rglob("*.py")]:
        if path.name == "imaging.py":
            continue
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if re.search(r"\bImage\.open\(", line):
                offenders.append(f"{path.relative_to(REPO)}:{number}")
    assert offenders == []


def test_decoder_converts_modes_in_one_place() -> None:
    rgba = Image.new("RGBA", (20, 20), (0, 0, 0, 0))
    buffer = io.BytesIO()
    rgba.save(buffer, format="PNG")
    assert imaging.decode_image(buffer.getvalue(), mode="L").getpixel((0, 0)) == 255  # transparent = paper
    assert imaging.decode_image(buffer.getvalue(), mode="RGBA").getpixel((0, 0))[3] == 0  # kept for layers
    assert imaging.decode_image(buffer.getvalue(), mode="RGB").mode == "RGB"


def test_photo_png_header_of_144_megapixels_is_refused_unread(tmp_path: Path) -> None:
    folder = tmp_path / "case"
    save_case(folder, Case(sketch=Image.new("L", (40, 50), 255), photo=Image.new("RGB", (20, 25))))
    (folder / PHOTO_FILE).write_bytes(png_header_only(12_000, 12_000, colour_type=2))
    with pytest.raises(S2CError, match="too large"):
        load_case(folder)
