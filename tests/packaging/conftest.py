"""One real PyInstaller build per test session (about a minute of 2 CPU cores), shared by every bundle
test."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

BUNDLE_NAME = "s2c-desktop"


@pytest.fixture(scope="session")
def bundle(tmp_path_factory: pytest.TempPathFactory, repo_root: Path, datasets: Path) -> Path:
    """``dist/s2c-desktop``, built from this checkout as a release would be: ``pyinstaller
    pyinstaller.spec``."""
    out = tmp_path_factory.mktemp("bundle")
    env = {k: v for k, v in os.environ.items() if k != "S2C_BUNDLE_CUDA"}
    env["S2C_DATASETS"] = str(datasets)
    proc = subprocess.run(
        [
            sys.executable,
            "-m",
            "PyInstaller",
            str(repo_root / "pyinstaller.spec"),
            "--noconfirm",
            "--distpath",
            str(out / "dist"),
            "--workpath",
            str(out / "work"),
        ],
        cwd=repo_root,
        env=env,
        capture_output=True,
        text=True,
        timeout=1200,
    )
    assert proc.returncode == 0, proc.stderr[-4000:]
    folder = out / "dist" / BUNDLE_NAME
    assert (folder / BUNDLE_NAME).is_file()
    return folder


@pytest.fixture
def bundle_copy(bundle: Path, tmp_path: Path) -> Path:
    """A copy of the bundle in a fresh folder, as a precinct would unpack it: no checkout, no ../shared."""
    fresh = tmp_path / "fresh" / "Sketch2Color"
    shutil.copytree(bundle, fresh, symlinks=True)
    assert not (fresh.parent.parent / "shared").exists()
    return fresh


def clean_machine_env(home: Path) -> dict[str, str]:
    """A machine with none of the build's Python: empty PYTHONPATH, an empty HOME, no S2C_* settings."""
    return {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "PYTHONPATH": "",
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }


def snapshot(folder: Path) -> dict[str, tuple[int, int]]:
    """Every path under ``folder`` with its size and modification time (links not followed)."""
    result = {}
    for path in [folder, *folder.rglob("*")]:
        info = path.lstat()
        result[path.relative_to(folder).as_posix()] = (info.st_size, info.st_mtime_ns)
    return result
