"""``s2c colorize`` against hostile inputs, third pass (issue 29): models that blow up, hint layers that are
too big or have no alpha, output paths beyond the system's limits."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.engine.tiny_model import write_memory_bomb_model


@pytest.fixture(scope="module")
def sketch(datasets: Path) -> Path:
    return sorted((datasets / "faces" / "cufs_cuhk" / "sketches").iterdir())[0]


def _s2c(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    """A real process: onnxruntime's own logger writes to the process's stderr, past Python's streams."""
    return subprocess.run(
        [sys.executable, "-m", "s2c_desktop.cli.main", *args],
        capture_output=True,
        text=True,
        env=dict(os.environ, S2C_HOME=str(home)),
        timeout=180,
    )


def test_a_memory_bomb_model_prints_only_our_error_line(sketch: Path, tmp_path: Path, s2c_home: Path) -> None:
    model = write_memory_bomb_model(tmp_path / "model")
    proc = _s2c(
        "colorize", str(sketch), "-o", str(tmp_path / "out.png"), "--model", str(model), home=s2c_home
    )
    assert proc.returncode == 1
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: "), proc.stderr
    assert not (tmp_path / "out.png").exists()


def test_hints_for_a_model_without_the_input_are_refused_before_decoding(
    sketch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The model is checked before the layer is decoded: a layer whose header is fine but whose pixels are
    damaged (a truncated 7000×7000 PNG) gets the model's refusal, not a decoding error."""
    import io

    from PIL import Image

    from s2c_desktop.cli.main import main
    from tests.engine.tiny_model import write_tiny_model

    buffer = io.BytesIO()
    Image.new("RGBA", (7000, 7000), (0, 0, 0, 0)).save(buffer, "PNG")
    layer = tmp_path / "hints.png"
    layer.write_bytes(buffer.getvalue()[: len(buffer.getvalue()) // 2])
    model = write_tiny_model(tmp_path / "plain")
    code = main(
        ["colorize", str(sketch), "-o", str(tmp_path / "out.png"), "--model", str(model)]
        + ["--hints", str(layer)]
    )
    err = capsys.readouterr().err
    assert code == 1 and err.count("\n") == 1
    assert "takes no colour hints" in err, err


def test_an_output_path_over_4096_bytes_is_one_short_line(
    sketch: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from s2c_desktop.cli.main import main
    from tests.engine.tiny_model import write_tiny_model

    model = write_tiny_model(tmp_path / "plain")
    deep = tmp_path.joinpath(*["d" * 200] * 21) / "photo.png"
    for argv in (
        ["colorize", str(sketch), "-o", str(deep), "--model", str(model)],
        ["stats", "chart", "1", "-o", str(deep)],
    ):
        assert main(argv) == 1
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and err.startswith("error: output path too long"), err[:200]
        assert len(err) < 300  # never the whole path
