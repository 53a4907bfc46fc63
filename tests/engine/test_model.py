"""The model contract: the card, the sha256 check, the tensor shapes and the device choice."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from s2c_desktop import paths
from s2c_desktop.engine.colorizer import Colorizer
from s2c_desktop.engine.model import CPU, CUDA
from s2c_desktop.errors import ModelError
from tests.engine.tiny_model import (
    IR_VERSION,
    OPSET,
    tiny_model_proto,
    write_card,
    write_nan_model,
    write_tiny_model,
)


def _copy_model(tiny_model: Path, folder: Path) -> Path:
    target = folder / tiny_model.name
    shutil.copy(tiny_model, target)
    shutil.copy(tiny_model.with_suffix(".json"), target.with_suffix(".json"))
    return target


def _card_matching_the_bytes(model: Path) -> None:
    """A card whose sha256 matches whatever the file now holds, to get past the integrity check."""
    model.with_suffix(".json").write_text(
        json.dumps({"name": model.stem, "sha256": hashlib.sha256(model.read_bytes()).hexdigest()})
    )


def _save_graph(folder: Path, name: str, nodes, inputs, outputs, initializers=()) -> Path:
    import onnx
    from onnx import helper

    graph = helper.make_graph(nodes, name, inputs, outputs, initializer=list(initializers))
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    path = folder / f"{name}.onnx"
    onnx.save(model, str(path))
    write_card(path)
    return path


def _tensor(name: str, shape: list) -> object:
    from onnx import TensorProto, helper

    return helper.make_tensor_value_info(name, TensorProto.FLOAT, shape)


def test_loads_and_reports_the_model(colorizer: Colorizer, tiny_model: Path) -> None:
    card = json.loads(tiny_model.with_suffix(".json").read_text())
    assert colorizer.model_name == "s2c_tiny" and colorizer.model_sha256 == card["sha256"]
    assert colorizer.provider == CPU and colorizer.device_label == "CPU"
    assert colorizer.input_size == (160, 128)
    assert colorizer.card["input"]["name"] == "sketch"


def test_default_model_missing_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path / "resources")
    with pytest.raises(
        ModelError, match=r"no colorization model installed \(expected .*s2c_generator\.onnx\)"
    ):
        Colorizer()


def test_default_model_is_used_when_installed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    models = tmp_path / "resources" / "models"
    write_tiny_model(models, name="s2c_generator")
    monkeypatch.setattr(paths, "resources_dir", lambda: tmp_path / "resources")
    assert Colorizer(device="cpu").model_name == "s2c_generator"


def test_missing_model_file(tmp_path: Path) -> None:
    with pytest.raises(ModelError, match="model file not found"):
        Colorizer(tmp_path / "nope.onnx")
    with pytest.raises(ModelError, match="not a file"):
        Colorizer(tmp_path)


def test_missing_card_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy_model(tiny_model, tmp_path)
    model.with_suffix(".json").unlink()
    with pytest.raises(
        ModelError, match=r"model card missing: s2c_tiny\.json must sit beside s2c_tiny\.onnx"
    ):
        Colorizer(model)


@pytest.mark.parametrize(
    "card_text, message",
    [
        ("{not json", "not readable JSON"),
        ("[1, 2]", "not a JSON object"),
        ('{"name": "x"}', "no valid 'sha256'"),
    ],
)
def test_broken_card_is_refused(tiny_model: Path, tmp_path: Path, card_text: str, message: str) -> None:
    model = _copy_model(tiny_model, tmp_path)
    model.with_suffix(".json").write_text(card_text)
    with pytest.raises(ModelError, match=message):
        Colorizer(model)


def test_tampered_model_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy_model(tiny_model, tmp_path)
    data = bytearray(model.read_bytes())
    data[-10] ^= 0xFF  # one flipped byte inside a weight
    model.write_bytes(bytes(data))
    with pytest.raises(ModelError, match=r"does not match its card \(sha256 .*changed or truncated"):
        Colorizer(model)


def test_truncated_model_is_refused_even_with_a_matching_card(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy_model(tiny_model, tmp_path)
    model.write_bytes(model.read_bytes()[:300])
    with pytest.raises(ModelError, match="does not match its card"):
        Colorizer(model)
    _card_matching_the_bytes(model)
    with pytest.raises(ModelError, match=r"cannot load model s2c_tiny\.onnx: not a valid ONNX model"):
        Colorizer(model)


def test_text_file_as_model(tmp_path: Path) -> None:
    model = tmp_path / "fake.onnx"
    model.write_text("not a model at all")
    _card_matching_the_bytes(model)
    with pytest.raises(ModelError, match="not a valid ONNX model"):
        Colorizer(model)


def test_wrong_shapes_are_refused(tmp_path: Path) -> None:
    from onnx import helper

    identity = [helper.make_node("Identity", ["sketch"], ["photo"])]
    cases = {
        "one_channel_out": (
            identity,
            [_tensor("sketch", ["N", 160, 128, 1])],
            [_tensor("photo", ["N", 160, 128, 1])],
            "expected NHWC \\[N, H, W, 3\\]",
        ),
        "rgb_in": (
            identity,
            [_tensor("sketch", ["N", 160, 128, 3])],
            [_tensor("photo", ["N", 160, 128, 3])],
            "expected NHWC \\[N, H, W, 1\\]",
        ),
        "square": (
            identity,
            [_tensor("sketch", ["N", 128, 128, 1])],
            [_tensor("photo", ["N", 128, 128, 3])],
            "not the framing's 5:4",
        ),
        "dynamic_size": (
            identity,
            [_tensor("sketch", ["N", "H", "W", 1])],
            [_tensor("photo", ["N", "H", "W", 3])],
            "must be fixed sizes",
        ),
        "nchw": (
            identity,
            [_tensor("sketch", ["N", 1, 160, 128])],
            [_tensor("photo", ["N", 3, 160, 128])],
            "expected NHWC",
        ),
    }
    for name, (nodes, inputs, outputs, message) in cases.items():
        path = _save_graph(tmp_path, name, nodes, inputs, outputs)
        with pytest.raises(ModelError, match=message):
            Colorizer(path, device="cpu")


def test_card_that_names_another_input_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy_model(tiny_model, tmp_path)
    write_card(model, input={"name": "image", "shape": ["N", 160, 128, 1]})
    with pytest.raises(ModelError, match="input is 'sketch', but its card says 'image'"):
        Colorizer(model)


def test_model_returning_nan_is_an_error_not_a_black_photo(tmp_path: Path, cufs_sketch: Path) -> None:
    with pytest.raises(ModelError, match="NaN or infinite"):
        Colorizer(write_nan_model(tmp_path), device="cpu").colorize(cufs_sketch)


def test_fixed_batch_of_one_model_still_runs_batches(
    tmp_path: Path, cufs_sketch: Path, colorizer: Colorizer
) -> None:
    model = write_tiny_model(tmp_path, name="batch_one", batch=1)
    single = Colorizer(model, device="cpu")
    results = single.colorize_batch([cufs_sketch] * 3)
    assert len(results) == 3
    reference = np.asarray(colorizer.colorize(cufs_sketch).photo)
    assert all(np.array_equal(np.asarray(r.photo), reference) for r in results)


def test_other_model_sizes_are_resized_back_to_the_frame(tmp_path: Path, cufs_sketch: Path) -> None:
    model = write_tiny_model(tmp_path, name="big", height=320, width=256)
    result = Colorizer(model, device="cpu").colorize(cufs_sketch)
    assert result.photo.size == (200, 250)


def test_cpu_device_never_tries_cuda(tiny_model: Path) -> None:
    colorizer = Colorizer(tiny_model, device="cpu")
    assert colorizer.provider == CPU and colorizer.fallback_reason is None


def _cuda_works(tiny_model: Path) -> bool:
    try:
        return Colorizer(tiny_model, device="auto").provider == CUDA
    except ModelError:
        return False


def test_auto_falls_back_to_cpu_and_says_why(tiny_model: Path, caplog: pytest.LogCaptureFixture) -> None:
    if _cuda_works(tiny_model):
        pytest.skip("a usable GPU is present")
    caplog.set_level("INFO", logger="s2c_desktop.engine.model")
    colorizer = Colorizer(tiny_model, device="auto")
    assert colorizer.provider == CPU and colorizer.device_label == "CPU"
    assert colorizer.fallback_reason and "CUDA" in colorizer.fallback_reason
    assert any("running the model on the CPU" in record.getMessage() for record in caplog.records)


def test_cuda_where_it_cannot_run_is_an_error(tiny_model: Path) -> None:
    if _cuda_works(tiny_model):
        pytest.skip("a usable GPU is present")
    with pytest.raises(ModelError, match="CUDA requested, but"):
        Colorizer(tiny_model, device="cuda")


def test_cuda_where_a_gpu_is_present_matches_the_cpu(tiny_model: Path) -> None:
    # Skipped in CI (no GPU); run on a GPU machine with onnxruntime-gpu (bench/bench_cuda.py times it).
    if not _cuda_works(tiny_model):
        pytest.skip("no usable GPU")
    on_gpu = Colorizer(tiny_model, device="cuda")
    on_cpu = Colorizer(tiny_model, device="cpu")
    assert on_gpu.provider == CUDA and on_gpu.fallback_reason is None
    assert Colorizer(tiny_model, device="auto").provider == CUDA
    rng = np.random.default_rng(0)
    sketches = [rng.integers(0, 256, (250, 200), dtype=np.uint8) for _ in range(3)]
    gpu_photos = [np.asarray(r.photo, np.int16) for r in on_gpu.colorize_batch(sketches, fit="none")]
    cpu_photos = [np.asarray(r.photo, np.int16) for r in on_cpu.colorize_batch(sketches, fit="none")]
    assert all(np.max(np.abs(g - c)) <= 1 for g, c in zip(gpu_photos, cpu_photos, strict=True))
    assert on_gpu.colorize(sketches[0], fit="none").metadata["provider"] == CUDA


def test_unknown_device(tiny_model: Path) -> None:
    with pytest.raises(ModelError, match="unknown device 'tpu'"):
        Colorizer(tiny_model, device="tpu")


def test_tiny_model_proto_is_valid() -> None:
    import onnx

    onnx.checker.check_model(tiny_model_proto())


def test_card_describing_another_size_or_framing_is_refused(tiny_model: Path, tmp_path: Path) -> None:
    model = _copy_model(tiny_model, tmp_path)
    write_card(model, input={"name": "sketch", "shape": ["N", 256, 208, 1]})
    with pytest.raises(ModelError, match="is 160×128, but its card says 256×208"):
        Colorizer(model)
    write_card(model, framing={"frame": [200, 250], "left_eye": [70, 120], "right_eye": [130, 120]})
    with pytest.raises(ModelError, match=r"trained for another framing \(left_eye \[70, 120\]"):
        Colorizer(model)
    write_card(
        model,
        framing={"frame": [200, 250], "left_eye": [75.0, 126.0], "right_eye": [125, 126], "note": "CUFS"},
    )
    assert Colorizer(model).input_size == (160, 128)
