"""``s2c variants SKETCH -o DIR``: nine photos and their parameters, rounds around a pick, clear errors."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.cli.main import main
from s2c_desktop.engine.provenance import read_provenance
from tests.engine.test_warp import face_drawing
from tests.engine.tiny_model import write_tiny_hints_model, write_tiny_model


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("cli_variant_models")
    return {"hints": write_tiny_hints_model(folder), "plain": write_tiny_model(folder)}


@pytest.fixture()
def sketch(tmp_path: Path) -> Path:
    path = tmp_path / "face.png"
    Image.fromarray(face_drawing(2)).save(path)
    return path


def _variants(model: Path, *args: str) -> int:
    return main(["variants", "--model", str(model), "--device", "cpu", *args])


def test_nine_photos_each_with_its_parameters(
    models: dict[str, Path], sketch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "round"
    assert _variants(models["hints"], str(sketch), "-o", str(out), "--seed", "7") == 0
    assert "wrote 9 variants (round 1, step 1)" in capsys.readouterr().out
    for index in range(1, 10):
        photo, params = out / f"round1-{index}.png", out / f"round1-{index}.json"
        data = json.loads(params.read_text())
        assert data["round"] == 1 and data["index"] == index and data["seed"] == 7
        assert json.loads(read_provenance(photo)["variant"]) == data
    first = json.loads((out / "round1-1.json").read_text())
    assert set(first["shape"].values()) == {0.0} and first["skin"] is None  # the centre: the sketch as drawn
    again = tmp_path / "again"
    assert _variants(models["hints"], str(sketch), "-o", str(again), "--seed", "7") == 0
    assert (again / "round1-5.json").read_text() == (out / "round1-5.json").read_text()


def test_around_a_pick_the_next_round_is_finer(models: dict[str, Path], sketch: Path, tmp_path: Path) -> None:
    out = tmp_path / "round"
    assert _variants(models["hints"], str(sketch), "-o", str(out), "--seed", "1") == 0
    pick = json.loads((out / "round1-6.json").read_text())
    assert (
        _variants(models["hints"], str(sketch), "-o", str(out), "--around", str(out / "round1-6.json")) == 0
    )
    centre = json.loads((out / "round2-1.json").read_text())
    assert centre["round"] == 2 and centre["step"] == 0.5
    assert centre["shape"] == pick["shape"] and centre["skin"] == pick["skin"]
    assert (
        _variants(
            models["hints"],
            str(sketch),
            "-o",
            str(out),
            "--around",
            str(out / "round2-3.json"),
            "--step",
            "0.1",
        )
        == 0
    )
    assert json.loads((out / "round3-9.json").read_text())["step"] == 0.1
    assert (out / "round1-6.json").read_text() == json.dumps(pick, indent=2) + "\n"  # inputs kept


def test_a_model_without_hints_varies_the_shape_only(
    models: dict[str, Path], sketch: Path, tmp_path: Path
) -> None:
    out = tmp_path / "plain"
    assert _variants(models["plain"], str(sketch), "-o", str(out), "--seed", "2") == 0
    data = [json.loads((out / f"round1-{i}.json").read_text()) for i in range(1, 10)]
    assert all(d["skin"] is None and d["hair"] is None and d["eyes"] is None for d in data)
    photos = [np.asarray(Image.open(out / f"round1-{i}.png")) for i in (1, 2)]
    assert not np.array_equal(*photos)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"{not json", "not JSON"),
        (b'{"format": "s2c-variant", "shape": {"ears": 1}}', "unknown shape parameter"),
        (b'{"format": "s2c-variant", "skin": "pink"}', "skin must be null"),
        (b'["s2c-variant"]', "not a variant file"),
        (b" " * 70_000, "too big"),
    ],
)
def test_a_bad_pick_file_is_one_line_and_nothing_is_written(
    models: dict[str, Path],
    sketch: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    content: bytes,
    message: str,
) -> None:
    pick = tmp_path / "pick.json"
    pick.write_bytes(content)
    out = tmp_path / "out"
    assert _variants(models["hints"], str(sketch), "-o", str(out), "--around", str(pick)) != 0
    err = capsys.readouterr().err
    assert err.startswith("error: ") and message in err and err.count("\n") == 1
    assert not out.exists()


def test_usage_errors(models: dict[str, Path], sketch: Path, tmp_path: Path, capsys) -> None:
    assert _variants(models["hints"], str(sketch), "-o", str(tmp_path / "o"), "--step", "2") == 2
    assert "must be in (0, 1]" in capsys.readouterr().err
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    assert _variants(models["hints"], str(sketch), "-o", str(a_file)) == 1
    assert "is a file" in capsys.readouterr().err and a_file.read_text() == "keep me"
    hints = tmp_path / "h.png"
    Image.new("RGBA", (400, 500), (0, 0, 0, 0)).save(hints)
    assert _variants(models["plain"], str(sketch), "-o", str(tmp_path / "o"), "--hints", str(hints)) == 1
    assert "takes no colour hints" in capsys.readouterr().err
    assert _variants(models["hints"], str(tmp_path / "missing.png"), "-o", str(tmp_path / "o")) == 1
    assert capsys.readouterr().err.startswith("error: ")
