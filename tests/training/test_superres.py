"""The super-resolution stage's training command (issue 25 §3), on four real pairs for a few seconds."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from training.__main__ import main


@pytest.mark.slow
def test_superres_trains_exports_and_writes_a_card_the_app_accepts(
    tiny_set: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "sr"
    assert main(["superres", "--data", str(tiny_set), "--out", str(out), "--minutes", "0.05"]) == 0
    card = json.loads((out / "superres.json").read_text(encoding="utf-8"))
    assert card["parameters"] < 100_000 and card["steps"] > 0
    assert {"network", "bicubic"} <= card["validation"].keys() and card["latency_ms_1_thread_200x250"] > 0

    from PIL import Image

    from s2c_desktop.engine import superres

    (out / "superres.onnx").rename(out / superres.MODEL_NAME)
    (out / "superres.json").rename((out / superres.MODEL_NAME).with_suffix(".json"))
    upscaler = superres.Upscaler(out / superres.MODEL_NAME)  # sha256 checked against the card
    photo = Image.fromarray(np.full((250, 200, 3), 128, np.uint8))
    assert upscaler.upscale(photo).size == (400, 500)
