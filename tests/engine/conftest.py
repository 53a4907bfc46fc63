"""Fixtures for the engine tests: a real tiny ONNX model (see tiny_model.py) and a Colorizer on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.engine.tiny_model import write_tiny_model


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("tiny_model"))


@pytest.fixture(scope="session")
def colorizer(tiny_model: Path):
    from s2c_desktop.engine.colorizer import Colorizer

    return Colorizer(tiny_model, device="cpu")


@pytest.fixture(scope="session")
def cufs_sketch(datasets: Path) -> Path:
    return sorted((datasets / "faces" / "cufs_cuhk" / "sketches").iterdir())[0]


@pytest.fixture(scope="session")
def cufsf_sketches(datasets: Path) -> list[Path]:
    return sorted((datasets / "faces" / "cufsf_unaligned" / "sketches").iterdir())
