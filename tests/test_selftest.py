"""``s2c-desktop --self-test`` from the source tree (the bundle test runs it from the built bundle)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.engine.tiny_model import write_tiny_model


def _self_test(home: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, S2C_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return subprocess.run(
        [sys.executable, "-m", "s2c_desktop", "--self-test", *extra],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_self_test_passes_with_a_working_model(tmp_path: Path, s2c_home: Path) -> None:
    model = write_tiny_model(tmp_path / "model")
    proc = _self_test(s2c_home, "--model", str(model))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    for check in ("model", "database", "gui"):
        assert f"ok   {check}:" in proc.stdout
    assert "written and verified (s2c_tiny" in proc.stdout
    assert (s2c_home / "data" / "crime.sqlite3").is_file()


def test_self_test_fails_clearly_on_a_broken_model(tmp_path: Path, s2c_home: Path) -> None:
    broken = tmp_path / "broken.onnx"
    broken.write_bytes(b"not a model")
    proc = _self_test(s2c_home, "--model", str(broken))
    assert proc.returncode == 1
    assert "FAIL model:" in proc.stdout and "self-test FAILED (1 check(s))" in proc.stdout
    assert "ok   database:" in proc.stdout and "ok   gui:" in proc.stdout


def test_self_test_needs_no_face_images(tmp_path: Path, s2c_home: Path, datasets: Path) -> None:
    """The installer ships no face pairs: the shipped model colorizes a sketch drawn by code."""
    shipped_only = tmp_path / "datasets"
    shipped_only.mkdir()
    for folder in ("crime", "geo", "sidpol"):
        (shipped_only / folder).symlink_to(datasets / folder)
    proc = _self_test(s2c_home, "--datasets", str(shipped_only))
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "drawn example sketch" in proc.stdout
    assert "written and verified (s2c_generator, watermark z" in proc.stdout  # the photo it made is verified
    assert "ok   model:" in proc.stdout
