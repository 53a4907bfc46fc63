"""Decoding what artists really have, and refusing everything else with a clear message."""

from __future__ import annotations

import hashlib
import io
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from s2c_desktop.engine.loading import MAX_PIXELS, MIN_SIDE, decode_image_bytes, load_sketch
from s2c_desktop.errors import InputError
from tests.engine.bad_images import png_header_only


def _gradient(width: int = 40, height: int = 50) -> np.ndarray:
    return np.tile(np.linspace(0, 255, width, dtype=np.uint8), (height, 1))


def _encode(image: Image.Image, fmt: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=fmt, **options)
    return buffer.getvalue()


@pytest.mark.parametrize(
    "fmt, suffix", [("PNG", ".png"), ("JPEG", ".jpg"), ("BMP", ".bmp"), ("TIFF", ".tif")]
)
def test_each_accepted_format_decodes_to_grayscale(tmp_path: Path, fmt: str, suffix: str) -> None:
    path = tmp_path / f"sketch{suffix}"
    Image.fromarray(_gradient()).convert("RGB").save(path, format=fmt)
    loaded = load_sketch(path)
    assert loaded.pixels.dtype == np.uint8 and loaded.pixels.shape == (50, 40)
    assert loaded.size == (40, 50)
    # Lossy JPEG still follows the gradient from dark to light.
    assert loaded.pixels[:, 0].mean() < 20 and loaded.pixels[:, -1].mean() > 235
    assert loaded.sha256 == hashlib.sha256(path.read_bytes()).hexdigest()
    assert loaded.name == path.name and loaded.path == path


def test_rgba_transparent_areas_become_white_paper(tmp_path: Path) -> None:
    rgba = np.zeros((50, 40, 4), np.uint8)  # black but fully transparent …
    rgba[20:30, 10:30] = (0, 0, 0, 255)  # … except an opaque black bar
    path = tmp_path / "transparent.png"
    Image.fromarray(rgba).save(path)
    pixels = load_sketch(path).pixels
    assert pixels[0, 0] == 255 and pixels[25, 20] == 0


def test_palette_with_transparency_and_la_modes(tmp_path: Path) -> None:
    palette = Image.fromarray(_gradient()).convert("P")
    palette.info["transparency"] = 0  # palette index 0 (black) is transparent
    path = tmp_path / "palette.png"
    palette.save(path, transparency=0)
    assert load_sketch(path).pixels[:, 0].min() == 255
    la = Image.fromarray(np.stack([_gradient(), np.full((50, 40), 255, np.uint8)], axis=2), mode="LA")
    path_la = tmp_path / "la.png"
    la.save(path_la)
    assert np.array_equal(load_sketch(path_la).pixels, _gradient())


def test_sixteen_bit_grayscale_png_and_tiff(tmp_path: Path) -> None:
    values = (np.tile(np.linspace(0, 65535, 40), (50, 1))).astype(np.uint16)
    for suffix in (".png", ".tif"):
        path = tmp_path / f"deep{suffix}"
        Image.fromarray(values).save(path)
        assert Image.open(path).mode.startswith("I")
        pixels = load_sketch(path).pixels
        assert pixels[0, 0] == 0 and pixels[0, -1] == 255
        assert abs(int(pixels[0, 20]) - int(values[0, 20] / 257)) <= 1


def test_bilevel_and_cmyk_images(tmp_path: Path) -> None:
    bilevel = Image.fromarray(_gradient() > 127)
    path = tmp_path / "bilevel.tif"
    bilevel.save(path)
    assert set(np.unique(load_sketch(path).pixels)) == {0, 255}
    cmyk = Image.fromarray(_gradient()).convert("RGB").convert("CMYK")
    path_cmyk = tmp_path / "cmyk.jpg"
    cmyk.save(path_cmyk)
    assert load_sketch(path_cmyk).pixels.shape == (50, 40)


def test_pil_images_and_numpy_arrays_in_memory() -> None:
    gradient = _gradient()
    assert np.array_equal(load_sketch(Image.fromarray(gradient)).pixels, gradient)
    assert np.array_equal(load_sketch(gradient).pixels, gradient)
    assert np.array_equal(load_sketch(gradient.astype(np.float32) / 255).pixels, gradient)
    assert np.array_equal(load_sketch(np.stack([gradient] * 3, axis=2)).pixels, gradient)
    assert load_sketch(gradient > 127).pixels.max() == 255
    same_a, same_b = load_sketch(gradient), load_sketch(gradient.copy())
    assert same_a.sha256 == same_b.sha256 and same_a.name == "<array>"
    with pytest.raises(InputError, match="shape"):
        load_sketch(np.zeros((50, 40, 2), np.uint8))
    with pytest.raises(InputError, match="NaN"):
        load_sketch(np.full((50, 40), np.nan, np.float32))
    with pytest.raises(InputError, match="cannot colorize a int"):
        load_sketch(42)


def test_missing_file_folder_and_empty_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match=r"missing\.png: file not found"):
        load_sketch(tmp_path / "missing.png")
    with pytest.raises(InputError, match="is a folder"):
        load_sketch(tmp_path)
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    with pytest.raises(InputError, match=r"empty file \(0 bytes\)"):
        load_sketch(empty)


def test_text_file_named_png(tmp_path: Path) -> None:
    path = tmp_path / "notes.png"
    path.write_text("these are my notes, not a drawing\n")
    with pytest.raises(InputError, match="a text file, not an image"):
        load_sketch(path)


def test_non_ascii_text_file_named_jpg(tmp_path: Path) -> None:
    path = tmp_path / "notas.jpg"
    path.write_text("descripción del sospechoso: ñandú " * 40, encoding="utf-8")  # ü/ñ cut at byte 512
    with pytest.raises(InputError, match="a text file, not an image"):
        load_sketch(path)


def test_other_formats_are_refused(tmp_path: Path) -> None:
    path = tmp_path / "anim.gif"
    Image.fromarray(_gradient()).save(path)
    with pytest.raises(InputError, match="not a PNG, JPEG, BMP or TIFF image"):
        load_sketch(path)


@pytest.mark.parametrize("fmt", ["PNG", "JPEG"])
def test_truncated_files(tmp_path: Path, fmt: str) -> None:
    noise = np.random.default_rng(0).integers(0, 255, (120, 100), dtype=np.uint8)
    data = _encode(Image.fromarray(noise), fmt)
    path = tmp_path / f"cut.{fmt.lower()}"
    path.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match=rf"damaged or truncated {fmt} file"):
        load_sketch(path)
    assert path.read_bytes() == data[: len(data) // 2]  # the input is never touched


def test_image_bomb_is_refused_before_decoding() -> None:
    bomb = png_header_only(30000, 30000)
    started = time.perf_counter()
    with pytest.raises(InputError, match=r"image too large .*refused unread"):
        decode_image_bytes(bomb, "bomb.png")
    assert time.perf_counter() - started < 1.0  # 900 megapixels were never allocated


def test_just_over_the_documented_limit_is_refused() -> None:
    width = 10_000
    height = MAX_PIXELS // width + 1
    with pytest.raises(InputError, match=r"image too large \(10000×5001 = 50 megapixels; limit 50\)"):
        decode_image_bytes(png_header_only(width, height), "big.png")


@pytest.mark.parametrize("size", [(1, 1), (MIN_SIDE - 1, 300)])
def test_tiny_images_are_refused(tmp_path: Path, size: tuple[int, int]) -> None:
    path = tmp_path / "tiny.png"
    Image.new("L", size, 0).save(path)
    with pytest.raises(
        InputError, match=rf"image too small \({size[0]}×{size[1]}; at least {MIN_SIDE}×{MIN_SIDE}"
    ):
        load_sketch(path)
    with pytest.raises(InputError, match="image too small"):
        load_sketch(np.zeros((1, 1), np.uint8))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.binary(min_size=1, max_size=2048))
def test_random_bytes_never_crash(data: bytes) -> None:
    try:
        pixels = decode_image_bytes(data, "random.png")
    except InputError as exc:
        assert str(exc).startswith("random.png: ") and "\n" not in str(exc)
    else:
        assert pixels.dtype == np.uint8 and pixels.ndim == 2


_VALID_PNG = _encode(Image.fromarray(_gradient()), "PNG")
_VALID_JPEG = _encode(Image.fromarray(_gradient()), "JPEG")


@settings(max_examples=150, deadline=None)
@given(
    st.sampled_from([_VALID_PNG, _VALID_JPEG]),
    st.lists(st.tuples(st.integers(0, 10_000), st.integers(0, 255)), min_size=1, max_size=8),
    st.integers(8, 10_000),
)
def test_corrupted_real_images_never_crash(original: bytes, flips: list[tuple[int, int]], cut: int) -> None:
    data = bytearray(original[:cut])
    for position, value in flips:
        if position < len(data):
            data[position] = value
    try:
        pixels = decode_image_bytes(bytes(data), "mutated")
    except InputError as exc:
        assert str(exc).startswith("mutated: ")
    else:
        assert pixels.dtype == np.uint8 and min(pixels.shape) >= MIN_SIDE
