"""``s2c colorize`` with hostile names and outputs (issue 13 §5, §11–§15): never overwrite an input, one
escaped line per message, no folder named like a file, temporaries never taken for photos, long names, and a
warning for a blank page or a photo given as a sketch."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.cli.main import main
from tests.cli.test_stats_cmd import crime_db  # noqa: F401 - fixture
from tests.engine.tiny_model import write_tiny_model
from tests.stats.conftest import built_db_template  # noqa: F401 - fixture crime_db needs


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("safety_model"))


@pytest.fixture(scope="module")
def sketch(datasets: Path) -> Path:
    return sorted((datasets / "faces" / "cufs_cuhk" / "sketches").iterdir())[0]


@pytest.fixture(scope="module")
def photo(datasets: Path) -> Path:
    return sorted((datasets / "faces" / "cufs_cuhk" / "photos").iterdir())[0]


def _colorize(model: Path, *args: str) -> int:
    return main(["colorize", "--model", str(model), "--device", "cpu", *args])


def _folder(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / name
    folder.mkdir()
    return folder


# -- §5 never overwrite an input ---------------------------------------------------------------------


def test_output_equal_to_the_input_is_refused(model: Path, sketch: Path, tmp_path: Path, capsys) -> None:
    work = _folder(tmp_path, "work")
    drawing = work / "a.png"
    shutil.copy(sketch, drawing)
    before = drawing.read_bytes()
    for output in (str(drawing), str(work / "." / "a.png"), str(work)):
        assert _colorize(model, str(drawing), "-o", output) == 1, output
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and err[0].startswith("error: ") and "overwrite" in err[0], err
    assert drawing.read_bytes() == before


def test_a_folder_colorized_into_itself_is_refused(model: Path, sketch: Path, tmp_path: Path, capsys) -> None:
    work = _folder(tmp_path, "sketches")
    shutil.copy(sketch, work / "face.png")
    shutil.copy(sketch, work / "other.jpg")
    before = {p.name: p.read_bytes() for p in work.iterdir()}
    assert _colorize(model, str(work), "-o", str(work)) == 1
    err = capsys.readouterr().err
    assert "error: " in err and "overwrite" in err and "face.png" in err
    assert {p.name: p.read_bytes() for p in work.iterdir()} == before


@pytest.mark.skipif(not hasattr(os, "link"), reason="needs hard links")
def test_a_hard_link_to_the_input_is_not_overwritten(
    model: Path, sketch: Path, tmp_path: Path, capsys
) -> None:
    drawing = tmp_path / "a.png"
    shutil.copy(sketch, drawing)
    os.link(drawing, tmp_path / "same.png")
    assert _colorize(model, str(drawing), "-o", str(tmp_path / "same.png")) == 1
    assert "overwrite" in capsys.readouterr().err
    assert drawing.read_bytes() == sketch.read_bytes()


# -- §11 control characters in printed paths -------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="Windows file names cannot hold a newline")
def test_a_newline_in_a_file_name_cannot_forge_a_second_message(model: Path, tmp_path: Path, capsys) -> None:
    crafted = tmp_path / "x.png\nerror: the model was tampered with \x1b[31m.png"
    crafted.write_text("not an image")
    assert _colorize(model, str(crafted), "-o", str(tmp_path / "out.png")) == 1
    err = capsys.readouterr().err
    lines = err.splitlines()
    assert len(lines) == 1, lines
    assert "\\n" in lines[0] and "\\x1b" in lines[0] and "\x1b" not in err


@pytest.mark.skipif(os.name == "nt", reason="Windows file names cannot hold a newline")
def test_a_newline_in_the_output_name_is_escaped_in_wrote(
    model: Path, sketch: Path, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "photo\nerror: forged.png"
    assert _colorize(model, str(sketch), "-o", str(target)) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "\\n" in out
    assert target.is_file()


# -- §12 file-like -o for several inputs ------------------------------------------------------------


def test_a_file_like_output_for_several_sketches_is_refused(
    model: Path, sketch: Path, tmp_path: Path, capsys
) -> None:
    folder = _folder(tmp_path, "in")
    shutil.copy(sketch, folder / "one.png")
    shutil.copy(sketch, folder / "two.png")
    out = tmp_path / "out"
    assert _colorize(model, str(folder), "-o", str(out / "res.png")) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "folder" in err[0]
    assert not (out / "res.png").exists() and not out.exists()
    assert (
        _colorize(model, str(folder / "one.png"), str(folder / "two.png"), "-o", str(tmp_path / "r.jpg")) == 1
    )
    assert not (tmp_path / "r.jpg").exists()
    # An explicit folder (trailing slash) is still allowed, whatever its name looks like.
    assert _colorize(model, str(folder), "-o", str(tmp_path / "res.png") + os.sep) == 0
    assert sorted(p.name for p in (tmp_path / "res.png").iterdir()) == ["one.png", "two.png"]


# -- §13 temporaries --------------------------------------------------------------------------------


@pytest.mark.skipif(os.name == "nt", reason="needs SIGKILL")
def test_a_killed_run_leaves_no_photo_like_file_and_the_next_run_cleans_up(
    model: Path, sketch: Path, tmp_path: Path, capsys
) -> None:
    out = _folder(tmp_path, "out")
    # A real process killed in the middle of writing a photo into the output folder.
    script = textwrap.dedent(f"""
        import os, signal
        from s2c_desktop.engine.provenance import save_image_png
        from PIL import Image
        import s2c_desktop.atomic as atomic
        real = atomic._fsync_file
        def die(path):
            os.kill(os.getpid(), signal.SIGKILL)
        atomic._fsync_file = die
        save_image_png(Image.new("RGB", (200, 250)), {str(out / "face.png")!r}, {{}})
    """)
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    leftovers = list(out.iterdir())
    assert len(leftovers) == 1 and leftovers[0].suffix.lower() != ".png" and leftovers[0].name.startswith(".")
    # Colorizing the output folder itself does not take the leftover for a sketch ...
    assert _colorize(model, str(sketch), "-o", str(out / "face.png")) == 0
    # ... and the next run writing there removed it.
    assert sorted(p.name for p in out.iterdir()) == ["face.png"]
    capsys.readouterr()


# -- §14 long names ---------------------------------------------------------------------------------


def test_an_output_name_of_255_bytes_works(model: Path, sketch: Path, tmp_path: Path, capsys) -> None:
    name = "n" * 251 + ".png"
    assert _colorize(model, str(sketch), "-o", str(tmp_path / name)) == 0
    assert (tmp_path / name).is_file()
    capsys.readouterr()


def test_an_output_name_of_300_bytes_is_one_clear_line(
    model: Path, sketch: Path, tmp_path: Path, capsys
) -> None:
    name = "n" * 296 + ".png"
    assert _colorize(model, str(sketch), "-o", str(tmp_path / name)) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: ") and "too long" in err[0], err
    assert "unexpected" not in err[0]


def test_an_input_whose_photo_name_would_be_too_long(
    model: Path, sketch: Path, tmp_path: Path, capsys
) -> None:
    folder = _folder(tmp_path, "in")
    long_input = folder / ("n" * 250 + ".jpeg")  # 255 bytes; its photo "<stem>.png" is fine
    shutil.copy(sketch, long_input)
    assert _colorize(model, str(folder), "-o", str(tmp_path / "out")) == 0
    assert (tmp_path / "out" / ("n" * 250 + ".png")).is_file()
    capsys.readouterr()


# -- §15 blank page / photo as a sketch ----------------------------------------------------------------


def test_a_blank_page_is_colorized_with_a_warning(model: Path, tmp_path: Path, capsys) -> None:
    blank = tmp_path / "blank.png"
    noise = np.random.default_rng(0).integers(-3, 4, (500, 400))
    Image.fromarray(np.clip(250 + noise, 0, 255).astype(np.uint8)).save(blank)  # a scanned empty page
    assert _colorize(model, str(blank), "-o", str(tmp_path / "p.png")) == 0
    err = capsys.readouterr().err
    assert f"warning: {blank}: the page is blank" in err


def test_a_photo_given_as_a_sketch_is_colorized_with_a_warning(
    model: Path, photo: Path, sketch: Path, tmp_path: Path, capsys
) -> None:
    assert _colorize(model, str(photo), "-o", str(tmp_path / "p.png")) == 0
    assert f"warning: {photo}: this looks like a photo, not a sketch" in capsys.readouterr().err
    assert _colorize(model, str(sketch), "-o", str(tmp_path / "s.png")) == 0
    assert "warning" not in capsys.readouterr().err  # a real sketch: nothing to say


@pytest.mark.skipif(os.name == "nt", reason="Windows file names cannot hold a newline")
def test_stats_chart_output_path_is_escaped_too(capsys, crime_db: Path, tmp_path: Path) -> None:  # noqa: F811
    target = tmp_path / "c3\nerror: forged.png"
    assert main(["stats", "chart", "3", "-o", str(target), "--db", str(crime_db)]) == 0
    out = capsys.readouterr().out
    assert out.count("\n") == 1 and "\\n" in out
    assert target.is_file()
