"""The photos' PNG encoder (issue 24, speed): lossless, readable by any decoder, the provenance intact."""

from __future__ import annotations

import io
from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image

from s2c_desktop.engine.png_file import encode_png
from s2c_desktop.engine.provenance import png_info, read_provenance, save_image_png
from s2c_desktop.imaging import open_image


def _noise(width: int, height: int, seed: int = 0) -> Image.Image:
    pixels = np.random.default_rng(seed).integers(0, 256, (height, width, 3), dtype=np.uint8)
    return Image.fromarray(pixels)


@pytest.mark.parametrize("size", [(1, 1), (1, 7), (7, 1), (400, 500), (333, 17)])
def test_every_decoder_reads_back_the_same_pixels(size: tuple[int, int]) -> None:
    image = _noise(*size)
    data = encode_png(image)
    with Image.open(io.BytesIO(data)) as decoded:
        decoded.load()
        assert decoded.format == "PNG" and decoded.mode == "RGB"
        assert np.array_equal(np.asarray(decoded), np.asarray(image))
    by_opencv = cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_UNCHANGED)
    assert np.array_equal(by_opencv[..., ::-1].reshape(size[1], size[0], 3), np.asarray(image))


def test_the_text_chunks_come_back_latin1_and_not(tmp_path: Path) -> None:
    metadata = {"model": "s2c_generator", "input": "портрет.png", "case": "A-1"}
    path = tmp_path / "photo.png"
    path.write_bytes(encode_png(_noise(20, 25), png_info(metadata)))
    assert read_provenance(path) == metadata
    with Image.open(path) as written:
        assert written.info["Software"].startswith("Sketch2Color")


def test_only_rgb_photos_and_text_chunks_are_written() -> None:
    with pytest.raises(ValueError, match="RGB"):
        encode_png(Image.new("RGBA", (4, 5)))
    info = png_info({})
    info.add(b"pHYs", b"\0" * 9)
    with pytest.raises(ValueError, match="text chunks only"):
        encode_png(Image.new("RGB", (4, 5)), info)


def test_a_written_photo_is_about_as_big_as_pillows(datasets: Path, tmp_path: Path) -> None:
    """The encoder trades Pillow's filter search for speed, not for much bigger files (within 10 %)."""
    face = open_image(sorted((datasets / "faces" / "cufs_cuhk" / "photos").iterdir())[0], "RGB")
    written = save_image_png(face, tmp_path / "photo.png", {"model": "m"})
    pixels = open_image(written, "RGB")
    by_pillow = io.BytesIO()
    pixels.save(by_pillow, format="PNG", compress_level=1)
    assert written.stat().st_size <= 1.10 * by_pillow.tell()
