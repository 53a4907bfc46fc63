"""The Qt-free sketch document: geometry, conversions, fitting, PNG files and their bad inputs."""

from __future__ import annotations

import contextlib
import resource
import signal
from collections.abc import Iterator

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.errors import InputError
from s2c_desktop.sketch.document import SketchDocument


def test_a_new_document_is_white_paper_four_times_the_model_frame() -> None:
    doc = SketchDocument()
    assert (doc.width, doc.height) == (800, 1000)
    assert doc.pixels.shape == (1000, 800) and doc.pixels.dtype == np.uint8
    assert doc.pixels.flags.c_contiguous
    assert doc.is_blank() and doc.ink_bounds() is None


def test_to_frame_is_an_area_downscale_to_200_by_250() -> None:
    doc = SketchDocument()
    doc.pixels[200:204, 100:104] = 0  # one 4×4 block becomes one black frame pixel
    doc.pixels[402:404, 602:604] = 0  # a 2×2 dot becomes a quarter-dark gray, not lost
    frame = doc.to_frame()
    assert frame.mode == "L" and frame.size == (200, 250)
    values = np.asarray(frame).astype(int)
    assert values[50, 25] == 0
    assert values[100, 150] == pytest.approx(191, abs=1)
    assert (values < 255).sum() == 2


def test_to_pil_is_a_copy() -> None:
    doc = SketchDocument()
    image = doc.to_pil()
    doc.pixels[0, 0] = 0
    assert image.getpixel((0, 0)) == 255 and image.size == (800, 1000)


def test_from_image_resizes_a_4_to_5_image() -> None:
    source = np.full((500, 400), 255, np.uint8)
    source[:250, :] = 0
    doc = SketchDocument.from_image(Image.fromarray(source))
    assert doc.pixels[:494].max() == 0 and doc.pixels[506:].min() == 255


def test_from_image_letterboxes_other_aspects_on_white_without_stretching() -> None:
    tall = np.zeros((1000, 400), np.uint8)  # 2:5
    doc = SketchDocument.from_image(tall)
    ink_x, ink_y, ink_w, ink_h = doc.ink_bounds()
    assert (ink_y, ink_h) == (0, 1000) and ink_w == 400 and ink_x == 200
    wide = np.zeros((50, 400), np.uint8)
    ink_x, ink_y, ink_w, ink_h = SketchDocument.from_image(wide).ink_bounds()
    assert (ink_x, ink_w, ink_h) == (0, 800, 100) and ink_y == 450


def test_from_image_handles_colour_alpha_float_and_bool() -> None:
    rgba = np.zeros((1000, 800, 4), np.uint8)
    rgba[..., 3] = 0  # fully transparent: paper
    rgba[10:20, 10:20] = (255, 0, 0, 255)  # opaque red: gray ink
    doc = SketchDocument.from_image(rgba)
    assert doc.pixels[0, 0] == 255 and 60 < doc.pixels[15, 15] < 90
    floats = np.ones((1000, 800), np.float32)
    floats[0, 0] = 0.0
    assert SketchDocument.from_image(floats).pixels[0, 0] == 0
    mask = np.ones((1000, 800), bool)
    mask[1, 1] = False
    assert SketchDocument.from_image(mask).pixels[1, 1] == 0
    rgb = Image.new("RGB", (800, 1000), (255, 255, 255))
    assert SketchDocument.from_image(rgb).is_blank()


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        (np.zeros((10, 10, 2), np.uint8), "expected H×W"),
        (np.zeros((0, 10), np.uint8), "empty"),
        (np.full((10, 10), np.nan, np.float64) * 300, "NaN"),
        ("not an image", "cannot make a sketch"),
    ],
)
def test_from_image_refuses_bad_input_with_a_clear_message(bad, message) -> None:
    with pytest.raises(InputError, match=message):
        SketchDocument.from_image(bad)


def test_save_and_load_png_round_trip_exactly(tmp_path) -> None:
    doc = SketchDocument()
    rng = np.random.default_rng(5)
    doc.pixels[...] = rng.integers(0, 256, doc.pixels.shape, dtype=np.uint8)
    folder = tmp_path / "case"
    folder.mkdir()
    path = folder / "sketch.png"
    doc.save_png(path)
    with Image.open(path) as saved:
        assert saved.mode == "L" and saved.size == (800, 1000) and saved.format == "PNG"
    assert SketchDocument.load_png(path) == doc
    assert [p.name for p in folder.iterdir()] == ["sketch.png"], "no temporary file is left behind"


def test_load_png_fits_other_sizes(tmp_path) -> None:
    Image.new("L", (200, 250), 0).save(tmp_path / "frame.png")
    loaded = SketchDocument.load_png(tmp_path / "frame.png")
    assert loaded.size == (800, 1000) and loaded.pixels.max() == 0


def test_load_png_reports_missing_and_unreadable_files(tmp_path) -> None:
    with pytest.raises(InputError, match="file not found"):
        SketchDocument.load_png(tmp_path / "absent.png")
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"\x89PNG\r\n\x1a\n" + b"garbage" * 10)
    with pytest.raises(InputError, match="damaged"):
        SketchDocument.load_png(broken)
    text = tmp_path / "notes.png"
    text.write_text("witness notes")
    with pytest.raises(InputError, match="a text file, not an image"):
        SketchDocument.load_png(text)


def test_save_png_into_a_missing_folder_fails_clearly(tmp_path) -> None:
    with pytest.raises(InputError, match="folder does not exist"):
        SketchDocument().save_png(tmp_path / "no" / "such" / "sketch.png")


@contextlib.contextmanager
def _disk_full(limit_bytes: int = 64) -> Iterator[None]:
    """A real write failure: past a file-size limit every write fails with EFBIG (root included)."""
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    previous = signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # else the kernel kills the process
    resource.setrlimit(resource.RLIMIT_FSIZE, (limit_bytes, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
        signal.signal(signal.SIGXFSZ, previous)


def test_a_failed_save_on_a_full_disk_leaves_the_previous_file_intact(tmp_path) -> None:
    folder = tmp_path / "case"
    folder.mkdir()
    path = folder / "sketch.png"
    first = SketchDocument()
    first.pixels[0:10] = 0
    first.save_png(path)
    before = path.read_bytes()
    noisy = SketchDocument.from_image(np.random.default_rng(1).integers(0, 256, (500, 400), dtype=np.uint8))
    with _disk_full(), pytest.raises(InputError, match="cannot save the sketch"):
        noisy.save_png(path)
    assert path.read_bytes() == before
    assert [p.name for p in folder.iterdir()] == ["sketch.png"]


def test_region_write_clip_and_equality() -> None:
    doc = SketchDocument()
    doc.write_region((10, 20, 3, 2), np.zeros((2, 3), np.uint8))
    assert doc.ink_bounds() == (10, 20, 3, 2)
    assert doc.region((10, 20, 3, 2)).max() == 0
    with pytest.raises(ValueError, match="needs an array of shape"):
        doc.write_region((10, 20, 3, 2), np.zeros((3, 3), np.uint8))
    assert doc.clip_rect((-5, -5, 10, 10)) == (0, 0, 5, 5)
    assert doc.clip_rect((800, 0, 10, 10)) is None
    twin = doc.copy()
    assert twin == doc and twin.pixels is not doc.pixels
    twin.clear()
    assert twin != doc and twin.is_blank()
    pixels = doc.pixels
    doc.replace_pixels(np.zeros((1000, 800), np.uint8))
    assert doc.pixels is pixels and doc.pixels.max() == 0
    with pytest.raises(AttributeError):
        doc.pixels = np.zeros((1000, 800), np.uint8)  # views onto the raster (the canvas) must stay valid


def test_coerce_accepts_documents_images_arrays_and_paths(tmp_path) -> None:
    small = SketchDocument(200, 250)
    small.pixels[:125] = 0
    fitted = SketchDocument.coerce(small)
    assert fitted.size == (800, 1000) and fitted.pixels[:490].max() == 0 and fitted.pixels[510:].min() == 255
    same = SketchDocument()
    assert SketchDocument.coerce(same) == same and SketchDocument.coerce(same) is not same
    small.save_png(tmp_path / "small.png")
    assert SketchDocument.coerce(tmp_path / "small.png") == fitted
    assert SketchDocument.coerce(str(tmp_path / "small.png"), size=(200, 250)) == small
    assert SketchDocument.coerce(np.zeros((250, 200), np.uint8)).pixels.max() == 0
    with pytest.raises(InputError, match="file not found"):
        SketchDocument.coerce(tmp_path / "absent.png")
