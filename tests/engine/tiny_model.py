"""A real, tiny ONNX generator that honours the model contract, for tests (and the benchmark's smoke run).

``write_tiny_model(folder)`` writes ``s2c_tiny.onnx`` and its card ``s2c_tiny.json`` (sha256 included) and
returns the .onnx path. The net: NHWC [N, 160, 128, 1] → transpose → three convolutions (ReLU) → tanh →
NHWC [N, 160, 128, 3]. Its photo is a tinted copy of the sketch (paper stays light, ink dark), so tests can
check that the output follows the input.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import numpy as np

TINY_HEIGHT = 160
TINY_WIDTH = 128
TINY_NAME = "s2c_tiny"
IR_VERSION = 10  # onnxruntime 1.31 reads IR ≤ 13; onnx 1.23 writes 14 unless told
OPSET = 17


def tiny_weights(seed: int = 0, hidden: int = 8) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    w1 = rng.normal(0, 0.05, (hidden, 1, 3, 3)).astype(np.float32)
    w1[:, 0, 1, 1] += 1.0  # mostly pass the pixel through, so the photo follows the sketch
    w1[hidden // 2 :] *= -1.0  # half the channels carry the inverted signal (ReLU would drop it)
    w2 = rng.normal(0, 0.05, (hidden, hidden, 3, 3)).astype(np.float32)
    w2[np.arange(hidden), np.arange(hidden), 1, 1] += 1.0
    w3 = np.zeros((3, hidden, 1, 1), dtype=np.float32)
    tint = np.array([1.0, 0.8, 0.6], dtype=np.float32)  # warm skin-ish tone
    w3[:, : hidden // 2, 0, 0] = tint[:, None] / (hidden // 2)
    w3[:, hidden // 2 :, 0, 0] = -tint[:, None] / (hidden // 2)
    w3 += rng.normal(0, 0.01, w3.shape).astype(np.float32)
    return {
        "w1": w1,
        "b1": np.zeros(hidden, np.float32),
        "w2": w2,
        "b2": np.zeros(hidden, np.float32),
        "w3": w3 * 1.5,
        "b3": np.array([0.1, 0.0, -0.1], np.float32),
    }


def tiny_model_proto(
    height: int = TINY_HEIGHT, width: int = TINY_WIDTH, seed: int = 0, batch: int | str = "N"
) -> Any:
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    weights = tiny_weights(seed)
    nodes = [
        helper.make_node("Transpose", ["sketch"], ["x_nchw"], perm=[0, 3, 1, 2]),
        helper.make_node("Conv", ["x_nchw", "w1", "b1"], ["c1"], pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c1"], ["r1"]),
        helper.make_node("Conv", ["r1", "w2", "b2"], ["c2"], pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
        helper.make_node("Relu", ["c2"], ["r2"]),
        helper.make_node("Conv", ["r2", "w3", "b3"], ["c3"], kernel_shape=[1, 1]),
        helper.make_node("Tanh", ["c3"], ["t"]),
        helper.make_node("Transpose", ["t"], ["photo"], perm=[0, 2, 3, 1]),
    ]
    graph = helper.make_graph(
        nodes,
        "s2c_tiny_generator",
        [helper.make_tensor_value_info("sketch", TensorProto.FLOAT, [batch, height, width, 1])],
        [helper.make_tensor_value_info("photo", TensorProto.FLOAT, [batch, height, width, 3])],
        initializer=[numpy_helper.from_array(value, name) for name, value in weights.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    model.producer_name = "tests.engine.tiny_model"
    onnx.checker.check_model(model)
    return model


def card_for(model_path: Path, **overrides: Any) -> dict[str, Any]:
    import onnx

    model = onnx.load(str(model_path))
    shape_in = [d.dim_param or d.dim_value for d in model.graph.input[0].type.tensor_type.shape.dim]
    shape_out = [d.dim_param or d.dim_value for d in model.graph.output[0].type.tensor_type.shape.dim]
    parameters = int(sum(np.prod(t.dims) for t in model.graph.initializer))
    card: dict[str, Any] = {
        "name": model_path.stem,
        "sha256": hashlib.sha256(model_path.read_bytes()).hexdigest(),
        "architecture": "tiny test generator: 3 convolutions + tanh (not trained)",
        "parameters": parameters,
        "input": {"name": "sketch", "shape": shape_in, "layout": "NHWC", "range": [-1, 1]},
        "output": {"name": "photo", "shape": shape_out, "layout": "NHWC", "range": [-1, 1]},
        "framing": {"frame": [200, 250], "left_eye": [75, 126], "right_eye": [125, 126]},
        "training": {"data": "none (random weights for tests)"},
        "metrics": {},
        "created": "2026-01-01T00:00:00+00:00",
        "versions": {"onnx_opset": OPSET},
        "citations": [],
    }
    card.update(overrides)
    return card


def write_card(model_path: Path, **overrides: Any) -> Path:
    card_path = model_path.with_suffix(".json")
    card_path.write_text(json.dumps(card_for(model_path, **overrides), indent=2), encoding="utf-8")
    return card_path


def write_tiny_model(
    folder: str | Path,
    name: str = TINY_NAME,
    height: int = TINY_HEIGHT,
    width: int = TINY_WIDTH,
    seed: int = 0,
    batch: int | str = "N",
) -> Path:
    """Write ``<name>.onnx`` + ``<name>.json`` into ``folder``; returns the .onnx path."""
    import onnx

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / f"{name}.onnx"
    onnx.save(tiny_model_proto(height, width, seed, batch), str(model_path))
    write_card(model_path)
    return model_path


def write_nan_model(folder: str | Path, name: str = "s2c_nan") -> Path:
    """A model that loads fine but returns NaN for ink (log of -1): a broken generator must be refused at run
    time, never turned into a black photo."""
    import onnx
    from onnx import TensorProto, helper

    nodes = [
        helper.make_node("Log", ["sketch"], ["log"]),
        helper.make_node("Concat", ["log", "log", "log"], ["photo"], axis=3),
    ]
    graph = helper.make_graph(
        nodes,
        name,
        [helper.make_tensor_value_info("sketch", TensorProto.FLOAT, ["N", TINY_HEIGHT, TINY_WIDTH, 1])],
        [helper.make_tensor_value_info("photo", TensorProto.FLOAT, ["N", TINY_HEIGHT, TINY_WIDTH, 3])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    onnx.save(model, str(path))
    write_card(path)
    return path


def tiny_hints_model_proto(height: int = TINY_HEIGHT, width: int = TINY_WIDTH) -> Any:
    """A generator with the ``hints`` input whose photo shows where the hints landed: the hint's colour where
    the mask is 1, the sketch's grey elsewhere (photo = sketch × (1 − mask) + hint RGB)."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    constants = {
        "rgb_start": np.array([0], np.int64),
        "rgb_end": np.array([3], np.int64),
        "mask_end": np.array([4], np.int64),
        "channel_axis": np.array([3], np.int64),
    }
    nodes = [
        helper.make_node("Slice", ["hints", "rgb_start", "rgb_end", "channel_axis"], ["hint_rgb"]),
        helper.make_node("Slice", ["hints", "rgb_end", "mask_end", "channel_axis"], ["mask"]),
        helper.make_node("Mul", ["sketch", "mask"], ["sketch_under_hints"]),
        helper.make_node("Sub", ["sketch", "sketch_under_hints"], ["sketch_elsewhere"]),
        helper.make_node("Add", ["sketch_elsewhere", "hint_rgb"], ["photo"]),  # [N,H,W,1] + [N,H,W,3]
    ]
    graph = helper.make_graph(
        nodes,
        "s2c_tiny_hints_generator",
        [
            helper.make_tensor_value_info("sketch", TensorProto.FLOAT, ["N", height, width, 1]),
            helper.make_tensor_value_info("hints", TensorProto.FLOAT, ["N", height, width, 4]),
        ],
        [helper.make_tensor_value_info("photo", TensorProto.FLOAT, ["N", height, width, 3])],
        initializer=[numpy_helper.from_array(value, name) for name, value in constants.items()],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    model.producer_name = "tests.engine.tiny_model"
    onnx.checker.check_model(model)
    return model


def hints_card_entry(height: int = TINY_HEIGHT, width: int = TINY_WIDTH) -> dict[str, Any]:
    """The card's ``hints`` key, as docs/architecture.md's model contract writes it."""
    return {
        "name": "hints",
        "shape": [None, height, width, 4],
        "layout": "NHWC",
        "range": [-1, 1],
        "channels": "RGB + mask",
    }


def write_tiny_hints_model(folder: str | Path, name: str = "s2c_tiny_hints") -> Path:
    """Write a colour-hint test model (``tiny_hints_model_proto``) and its card; returns the .onnx path."""
    import onnx

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    model_path = folder / f"{name}.onnx"
    onnx.save(tiny_hints_model_proto(), str(model_path))
    write_card(
        model_path,
        hints=hints_card_entry(),
        architecture="tiny test generator: paints the hints onto the sketch",
    )
    return model_path


def write_memory_bomb_model(folder: str | Path, name: str = "s2c_bomb") -> Path:
    """A model that loads fine and whose run asks for more memory than onnxruntime allows (a Tile by
    10^5 × 10^5): onnxruntime refuses it at run time, and logs about it unless told to be quiet."""
    import onnx
    from onnx import TensorProto, helper, numpy_helper

    repeats = numpy_helper.from_array(np.array([1, 100_000, 100_000, 3], dtype=np.int64), "repeats")
    graph = helper.make_graph(
        [helper.make_node("Tile", ["sketch", "repeats"], ["photo"])],
        name,
        [helper.make_tensor_value_info("sketch", TensorProto.FLOAT, ["N", TINY_HEIGHT, TINY_WIDTH, 1])],
        [helper.make_tensor_value_info("photo", TensorProto.FLOAT, ["N", TINY_HEIGHT, TINY_WIDTH, 3])],
        initializer=[repeats],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", OPSET)], ir_version=IR_VERSION)
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{name}.onnx"
    onnx.save(model, str(path))
    write_card(path)
    return path
