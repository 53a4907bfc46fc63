"""``s2c colorize --hints HINTS.png``: one hint layer for every sketch of the call; clear errors otherwise."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.cli.main import main
from s2c_desktop.engine.provenance import read_provenance
from tests.engine.tiny_model import write_tiny_hints_model, write_tiny_model

SIZE = (400, 500)


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli_hint_models")
    return {"hints": write_tiny_hints_model(folder), "plain": write_tiny_model(folder)}


@pytest.fixture()
def sketch(tmp_path: Path) -> Path:
    path = tmp_path / "face.png"
    pixels = np.full((SIZE[1], SIZE[0]), 255, np.uint8)
    pixels[100:400, 80:90] = 0
    Image.fromarray(pixels).save(path)
    return path


def _hints_file(folder: Path, size: tuple[int, int] = SIZE, mode: str = "RGBA") -> Path:
    layer = Image.new("RGBA", size, (0, 0, 0, 0))
    layer.paste((200, 30, 30, 255), (150, 200, 170, 220))
    path = folder / f"hints_{size[0]}x{size[1]}_{mode}.png"
    layer.convert(mode).save(path)
    return path


def _colorize(model: Path, *args: str) -> int:
    return main(["colorize", "--model", str(model), "--device", "cpu", *args])


def test_hints_reach_the_photo_and_its_provenance(
    models: dict[str, Path], sketch: Path, tmp_path: Path
) -> None:
    hints = _hints_file(tmp_path)
    target = tmp_path / "photo.png"
    assert _colorize(models["hints"], str(sketch), "-o", str(target), "--hints", str(hints)) == 0
    provenance = read_provenance(target)
    assert provenance["hints_sha256"] == hashlib.sha256(hints.read_bytes()).hexdigest()
    photo = np.asarray(Image.open(target)).astype(int)
    assert ((photo[:, :, 0] > 150) & (photo[:, :, 1] < 90)).any()  # the red hint is in the photo
    assert _colorize(models["hints"], str(sketch), "-o", str(tmp_path / "plain.png")) == 0
    assert read_provenance(tmp_path / "plain.png")["hints_sha256"] == "none"


def test_one_layer_for_every_sketch_of_the_call(
    models: dict[str, Path], sketch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.png"
    Image.open(sketch).transpose(Image.Transpose.FLIP_LEFT_RIGHT).save(other)
    wrong_size = tmp_path / "small.png"
    Image.open(sketch).resize((200, 250)).save(wrong_size)
    out = tmp_path / "out"
    code = _colorize(
        models["hints"],
        str(sketch),
        str(other),
        str(wrong_size),
        "-o",
        str(out),
        "--hints",
        str(_hints_file(tmp_path)),
    )
    captured = capsys.readouterr()
    assert code == 1
    assert sorted(p.name for p in out.iterdir()) == ["face.png", "other.png"]
    assert {read_provenance(p)["hints_sha256"] for p in out.iterdir()} != {"none"}
    assert "but sketch small.png is 200×250: the hint layer must be the size of the sketch" in captured.err


def test_hints_with_a_model_without_the_input_is_an_error_line(
    models: dict[str, Path], sketch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "photo.png"
    assert (
        _colorize(models["plain"], str(sketch), "-o", str(target), "--hints", str(_hints_file(tmp_path))) == 1
    )
    err = capsys.readouterr().err
    assert err == "error: --hints: model s2c_tiny takes no colour hints (it has no 'hints' input)\n"
    assert not target.exists()


@pytest.mark.parametrize(
    "make, message",
    [
        (lambda folder: folder / "missing.png", "missing.png: file not found"),
        (
            lambda folder: _hints_file(folder, mode="RGB"),
            "colour hints need transparency (RGBA); this image is RGB",
        ),
        (
            lambda folder: (folder / "notes.png", (folder / "notes.png").write_text("blue eyes"))[0],
            "a text file, not an image",
        ),
    ],
)
def test_bad_hint_files_are_refused_before_any_work(
    models: dict[str, Path],
    sketch: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    make,
    message: str,
) -> None:
    target = tmp_path / "photo.png"
    code = _colorize(models["hints"], str(sketch), "-o", str(target), "--hints", str(make(tmp_path)))
    err = capsys.readouterr().err
    assert code == 1 and err.startswith("error: --hints: ") and message in err and err.count("\n") == 1
    assert not target.exists()
