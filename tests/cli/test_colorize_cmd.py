"""``s2c colorize``: files and folders in, PNGs out; bad inputs reported at the end, never a partial file."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from PIL import Image

from s2c_desktop.cli.main import main
from s2c_desktop.engine.provenance import read_provenance
from tests.engine.bad_images import png_header_only
from tests.engine.tiny_model import write_nan_model, write_tiny_model


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("cli_model"))


@pytest.fixture(scope="module")
def sketches(datasets: Path) -> list[Path]:
    return sorted((datasets / "faces" / "cufs_cuhk" / "sketches").iterdir())[:5]


def _colorize(model: Path, *args: str) -> int:
    return main(["colorize", "--model", str(model), "--device", "cpu", *args])


def _bad_inputs(folder: Path, good: Path) -> dict[str, Path]:
    folder.mkdir(exist_ok=True)
    text = folder / "notes.png"
    text.write_text("not a drawing")
    empty = folder / "empty.jpg"
    empty.write_bytes(b"")
    truncated = folder / "cut.jpg"
    truncated.write_bytes(good.read_bytes()[:2000])
    tiny = folder / "dot.png"
    Image.new("L", (1, 1)).save(tiny)
    bomb = folder / "bomb.png"
    bomb.write_bytes(png_header_only(30000, 30000))
    return {
        "notes.png": text,
        "empty.jpg": empty,
        "cut.jpg": truncated,
        "dot.png": tiny,
        "bomb.png": bomb,
        "missing.png": folder / "missing.png",
    }


def test_one_sketch_to_one_file(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    target = tmp_path / "photo.png"
    assert _colorize(model, str(sketches[0]), "-o", str(target)) == 0
    assert f"wrote {target}" in capsys.readouterr().out
    with Image.open(target) as photo:
        assert photo.size == (400, 500) and photo.mode == "RGB"  # enlarged by the super-resolution stage
    assert read_provenance(target)["input"] == sketches[0].name


def test_one_sketch_into_an_existing_folder(model: Path, sketches: list[Path], tmp_path: Path) -> None:
    assert _colorize(model, str(sketches[0]), "-o", str(tmp_path)) == 0
    assert (tmp_path / f"{sketches[0].stem}.png").is_file()


def test_several_sketches_to_a_new_folder(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    out = tmp_path / "new" / "photos"
    assert _colorize(model, *map(str, sketches[:3]), "-o", str(out), "--batch-size", "2") == 0
    assert sorted(p.name for p in out.iterdir()) == sorted(f"{p.stem}.png" for p in sketches[:3])
    assert "wrote 3 of 3 photos" in capsys.readouterr().out


def test_folder_input_and_name_collisions(model: Path, sketches: list[Path], tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    shutil.copy(sketches[0], first / "face.jpg")
    Image.open(sketches[1]).save(second / "face.png")
    out = tmp_path / "out"
    assert _colorize(model, str(first), str(second), "-o", str(out)) == 0
    assert sorted(p.name for p in out.iterdir()) == ["face.png", "face_2.png"]
    assert read_provenance(out / "face.png")["input"] == "face.jpg"
    assert read_provenance(out / "face_2.png")["input"] == "face.png"


def test_bad_files_do_not_stop_the_batch(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    bad = _bad_inputs(tmp_path / "in", sketches[0])
    out = tmp_path / "out"
    code = _colorize(model, str(sketches[0]), *map(str, bad.values()), str(sketches[1]), "-o", str(out))
    captured = capsys.readouterr()
    assert code == 1
    assert sorted(os.listdir(out)) == sorted(
        [f"{sketches[0].stem}.png", f"{sketches[1].stem}.png"]
    )  # nothing partial
    errors = [line for line in captured.err.splitlines() if line.startswith("error: ")]
    expected = {
        "notes.png": "a text file, not an image",
        "empty.jpg": "empty file (0 bytes)",
        "cut.jpg": "damaged or truncated JPEG file",
        "dot.png": "image too small (1×1",
        "bomb.png": "image too large",
        "missing.png": "file not found",
    }
    for name, reason in expected.items():
        assert any(str(bad[name]) in line and reason in line for line in errors), (name, errors)
    assert errors[-1] == "error: 6 of 8 sketches failed"
    assert "Traceback" not in captured.err
    assert "wrote 2 of 8 photos" in captured.out


def test_progress_bar_only_for_more_than_a_few(
    model: Path, sketches: list[Path], tmp_path: Path, capsys
) -> None:
    assert _colorize(model, *map(str, sketches[:4]), "-o", str(tmp_path / "four")) == 0
    assert "/4 [" in capsys.readouterr().err  # tqdm's "n/4 [elapsed<remaining, rate]"
    assert _colorize(model, *map(str, sketches[:3]), "-o", str(tmp_path / "three")) == 0
    assert "/3 [" not in capsys.readouterr().err


def test_verbose_prints_the_device(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    code = main(["-v", "colorize", "--model", str(model), str(sketches[0]), "-o", str(tmp_path / "p.png")])
    assert code == 0
    err = capsys.readouterr().err
    assert "device: CPU (CPUExecutionProvider" in err
    assert f"model: {model.stem} sha256" in err


def test_output_folder_that_is_a_file(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    occupied = tmp_path / "occupied.txt"
    occupied.write_text("keep me")
    assert _colorize(model, *map(str, sketches[:2]), "-o", str(occupied)) == 1
    assert "is a file; several sketches need an output folder" in capsys.readouterr().err
    assert occupied.read_text() == "keep me"


def test_unwritable_output_folder(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where a folder should be")
    assert _colorize(model, *map(str, sketches[:2]), "-o", str(blocker / "photos")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert err[-1].startswith(f"error: cannot write to output folder {blocker / 'photos'}")
    assert _colorize(model, str(sketches[0]), "-o", str(blocker / "photo.png")) == 1
    assert "cannot write to output folder" in capsys.readouterr().err


@pytest.mark.skipif(hasattr(os, "geteuid") and os.geteuid() == 0, reason="root writes into read-only folders")
def test_read_only_output_folder(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    try:
        assert _colorize(model, *map(str, sketches[:2]), "-o", str(locked)) == 1
        assert "cannot write to output folder" in capsys.readouterr().err
        assert os.listdir(locked) == []
    finally:
        locked.chmod(0o755)


def test_failed_sketch_keeps_the_previous_photo(model: Path, tmp_path: Path, capsys) -> None:
    target = tmp_path / "photo.png"
    target.write_bytes(b"yesterday's photo")
    bad = tmp_path / "bad.png"
    bad.write_text("oops")
    assert _colorize(model, str(bad), "-o", str(target)) == 1
    assert (
        capsys.readouterr().err.strip()
        == f"error: {bad}: a text file, not an image (accepted: PNG, JPEG, BMP, TIFF)"
    )
    assert target.read_bytes() == b"yesterday's photo"
    assert sorted(os.listdir(tmp_path)) == ["bad.png", "photo.png", "s2c_home"]


def test_tampered_model_is_refused_before_any_work(
    model: Path, sketches: list[Path], tmp_path: Path, capsys
) -> None:
    bad_model = tmp_path / "model.onnx"
    bad_model.write_bytes(model.read_bytes()[:-1])
    shutil.copy(model.with_suffix(".json"), bad_model.with_suffix(".json"))
    out = tmp_path / "out"
    assert _colorize(bad_model, *map(str, sketches[:2]), "-o", str(out)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "does not match its card" in err[0]
    assert list(out.iterdir()) == []


def test_missing_card_and_cuda_without_gpu(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    lonely = tmp_path / "lonely.onnx"
    shutil.copy(model, lonely)
    assert _colorize(lonely, str(sketches[0]), "-o", str(tmp_path / "p.png")) == 1
    assert "model card missing: lonely.json" in capsys.readouterr().err
    code = main(
        [
            "colorize",
            "--model",
            str(model),
            "--device",
            "cuda",
            str(sketches[0]),
            "-o",
            str(tmp_path / "p.png"),
        ]
    )
    if code == 0:
        pytest.skip("a usable GPU is present")
    assert code == 1 and "CUDA requested, but" in capsys.readouterr().err
    assert not (tmp_path / "p.png").exists()


def test_batch_size_must_be_positive(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    assert _colorize(model, str(sketches[0]), "-o", str(tmp_path / "p.png"), "--batch-size", "0") == 2
    assert "must be at least 1" in capsys.readouterr().err


def test_real_command_line_prints_one_error_line(model: Path, tmp_path: Path) -> None:
    empty = tmp_path / "empty.png"
    empty.write_bytes(b"")
    env = dict(os.environ, S2C_HOME=str(tmp_path / "home"))
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "s2c_desktop.cli.main",
            "colorize",
            "--model",
            str(model),
            str(empty),
            "-o",
            str(tmp_path / "p.png"),
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 1
    assert proc.stderr.strip() == f"error: {empty}: empty file (0 bytes)"
    assert not (tmp_path / "p.png").exists()


def test_fit_none_and_detect(model: Path, datasets: Path, tmp_path: Path) -> None:
    unaligned = sorted((datasets / "faces" / "cufsf_unaligned" / "sketches").iterdir())[0]
    assert _colorize(model, str(unaligned), "-o", str(tmp_path / "none.png"), "--fit", "none") == 0
    assert read_provenance(tmp_path / "none.png")["fit"] == "letterbox"
    assert _colorize(model, str(unaligned), "-o", str(tmp_path / "detect.png"), "--fit", "detect") == 0
    assert read_provenance(tmp_path / "detect.png")["fit"].startswith(("face", "trim"))


def test_model_failing_at_run_time_fails_each_sketch_cleanly(
    sketches: list[Path], tmp_path: Path, capsys
) -> None:
    broken = write_nan_model(tmp_path / "model")
    out = tmp_path / "out"
    assert _colorize(broken, *map(str, sketches[:3]), "-o", str(out), "--batch-size", "2") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len([line for line in err if "the model returned NaN or infinite values" in line]) == 3
    assert err[-1] == "error: 3 of 3 sketches failed"
    assert list(out.iterdir()) == []


def test_unexpected_errors_are_described_and_logged(caplog: pytest.LogCaptureFixture) -> None:
    from s2c_desktop.cli.colorize_pipeline import describe_failure

    message = describe_failure(ValueError("bad pixel stride"))
    assert message == "unexpected ValueError: bad pixel stride (details in the log)"
    assert any(record.exc_info for record in caplog.records)


def test_single_output_name_rules(model: Path, sketches: list[Path], tmp_path: Path, capsys) -> None:
    assert _colorize(model, str(sketches[0]), "-o", str(tmp_path / "photo.jpg")) == 1
    assert "must end in .png" in capsys.readouterr().err
    assert not (tmp_path / "photo.jpg").exists()
    assert _colorize(model, str(sketches[0]), "-o", str(tmp_path / "photos")) == 0  # no suffix: a folder
    assert (tmp_path / "photos" / f"{sketches[0].stem}.png").is_file()
    assert (
        _colorize(model, str(sketches[0]), "-o", str(tmp_path / "v1.2") + "/") == 0
    )  # trailing slash: a folder
    assert (tmp_path / "v1.2" / f"{sketches[0].stem}.png").is_file()
    assert _colorize(model, str(sketches[0]), "-o", str(tmp_path / "Photo.PNG")) == 0
    assert (tmp_path / "Photo.PNG").is_file()
