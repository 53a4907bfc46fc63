"""Files the app writes (photos, cases, downloads) follow the umask, and temporaries are never taken for
outputs (issue 13 §9, §13, §14)."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from PIL import Image

from s2c_desktop.atomic import atomic_write_bytes, remove_stale_temporaries
from s2c_desktop.engine.provenance import save_image_png

pytestmark = pytest.mark.skipif(os.name == "nt", reason="POSIX permissions and signals")


@pytest.fixture
def umask_022():
    previous = os.umask(0o022)
    yield
    os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_written_files_follow_the_umask(tmp_path: Path, umask_022: None) -> None:
    atomic_write_bytes(tmp_path / "download.csv", b"a;b\n")  # what stats downloads use
    save_image_png(Image.new("RGB", (20, 25)), tmp_path / "photo.png", {"model": "m"})
    assert _mode(tmp_path / "download.csv") == 0o644
    assert _mode(tmp_path / "photo.png") == 0o644
    os.umask(0o077)
    atomic_write_bytes(tmp_path / "private.csv", b"x")
    assert _mode(tmp_path / "private.csv") == 0o600


def test_an_output_name_of_255_bytes_can_be_written(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    name = "ñ" * 125 + "x.png"  # 255 bytes in UTF-8
    assert len(name.encode()) == 255
    save_image_png(Image.new("RGB", (20, 25)), tmp_path / name, {"model": "m"})
    assert (tmp_path / name).is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]


def test_a_killed_writer_leaves_a_temporary_no_one_mistakes_and_the_next_run_removes(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    # A real process killed in the middle of writing a photo.
    script = textwrap.dedent(f"""
        import os, signal
        from s2c_desktop.atomic import atomic_path
        with atomic_path({str(tmp_path / "photo.png")!r}) as tmp:
            tmp.write_bytes(b"half a photo")
            os.kill(os.getpid(), signal.SIGKILL)
    """)
    subprocess.run([sys.executable, "-c", script], check=False, timeout=60)
    left = [p for p in tmp_path.iterdir()]
    assert len(left) == 1 and not (tmp_path / "photo.png").exists()
    leftover = left[0]
    assert leftover.name.startswith(".") and leftover.suffix.lower() not in (
        ".png",
        ".jpg",
        ".jpeg",
        ".bmp",
        ".tif",
        ".tiff",
    )
    atomic_write_bytes(tmp_path / "photo.png", b"whole")  # the next run writing into that folder
    assert sorted(p.name for p in tmp_path.iterdir()) == ["photo.png"]


def test_a_live_writers_temporary_is_left_alone(tmp_path: Path) -> None:
    from s2c_desktop.atomic import atomic_path

    with atomic_path(tmp_path / "mine.png") as tmp:
        tmp.write_bytes(b"in progress")
        assert remove_stale_temporaries(tmp_path) == []
        assert tmp.exists()
