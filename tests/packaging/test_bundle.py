"""Build the real one-folder bundle with PyInstaller and run its self-test (slow: ~2 min on 2 cores)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def bundle(tmp_path_factory: pytest.TempPathFactory, repo_root: Path, datasets: Path) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    env = dict(os.environ, S2C_DATASETS=str(datasets))
    proc = subprocess.run(
        [sys.executable, "-m", "PyInstaller", str(repo_root / "pyinstaller.spec"), "--noconfirm",
         "--distpath", str(out / "dist"), "--workpath", str(out / "work")],
        cwd=repo_root, env=env, capture_output=True, text=True, timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    folder = out / "dist" / "s2c-desktop"
    assert (folder / "s2c-desktop").exists()
    return folder


def _bundle_env(home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("S2C_", "PYTHON", "VIRTUAL_ENV"))}
    env.update(S2C_HOME=str(home), QT_QPA_PLATFORM="offscreen")
    return env


def test_bundle_contains_resources_and_datasets_but_not_tensorflow(bundle: Path) -> None:
    internal = bundle / "_internal"
    assert (internal / "resources" / "models").is_dir()
    assert (internal / "datasets" / "faces" / "cufs_ar" / "sketches").is_dir()
    assert (internal / "datasets" / "crime" / "crimenes.csv").is_file()
    assert not (internal / "tensorflow").exists()
    assert not list(internal.glob("libtensorflow*"))


def test_bundle_self_test_passes(bundle: Path, tmp_path: Path) -> None:
    proc = subprocess.run([str(bundle / "s2c-desktop"), "--self-test"], env=_bundle_env(tmp_path / "home"),
                          capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "self-test passed" in proc.stdout
    for check in ("model", "database", "gui"):
        assert f"ok   {check}:" in proc.stdout


def test_bundle_runs_cli_and_reports_bad_input(bundle: Path, tmp_path: Path) -> None:
    bad = tmp_path / "not-an-image.png"
    bad.write_text("hello")
    proc = subprocess.run([str(bundle / "s2c-desktop"), "colorize", str(bad), "-o", str(tmp_path / "out.png")],
                          env=_bundle_env(tmp_path / "home"), capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines()[-1].startswith("error:")
    assert not (tmp_path / "out.png").exists()
