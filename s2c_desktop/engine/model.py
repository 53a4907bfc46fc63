"""The ONNX generator: its card, integrity check, and an onnxruntime session on the right device.

The card (``<model>.json`` beside ``<model>.onnx``) is the model's specification: without it, or when the
file's sha256 differs from the card's, the model is refused. See docs/architecture.md, "model contract".
"""

from __future__ import annotations

import contextlib
import hashlib
import importlib.util
import io
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from s2c_desktop import paths
from s2c_desktop.errors import ModelError

log = logging.getLogger(__name__)

DEVICES = ("auto", "cpu", "cuda")
CPU = "CPUExecutionProvider"
CUDA = "CUDAExecutionProvider"
# Heuristic cuDNN search: a change of batch size re-plans in ~30 ms, not ~190 ms; no TF32: the GPU photo
# matches the CPU photo (docs/adr/0005). Synchronise once per run.
CUDA_OPTIONS: dict[str, str] = {
    "cudnn_conv_algo_search": "HEURISTIC",
    "use_tf32": "0",
    "do_copy_in_default_stream": "1",
}
DEVICE_LABELS = {CPU: "CPU", CUDA: "CUDA"}
HINTS_INPUT = "hints"  # the optional second input: the witness's colour hints, NHWC [N, H, W, 4]
HINT_CHANNELS = 4  # RGB in [-1, 1] + mask
MODEL_ASPECT = 5 / 4  # height / width
MODEL_ASPECT_TOLERANCE = 0.03  # 256×208 (ratio 1.23) is a contract size: allow multiples of 16 near 5:4


@dataclass(frozen=True)
class ModelCard:
    path: Path
    name: str
    sha256: str
    data: dict[str, Any] = field(repr=False)

    @property
    def input_name(self) -> str | None:
        spec = self.data.get("input")
        return spec.get("name") if isinstance(spec, dict) else None

    @property
    def hints_name(self) -> str | None:
        """The name of the ``hints`` input the card declares, or None for a sketch-only model."""
        spec = self.data.get("hints")
        if spec is None:
            return None
        name = spec.get("name") if isinstance(spec, dict) else None
        return name if isinstance(name, str) and name else HINTS_INPUT

    @property
    def output_name(self) -> str | None:
        spec = self.data.get("output")
        return spec.get("name") if isinstance(spec, dict) else None


@dataclass
class LoadedModel:
    session: Any  # onnxruntime.InferenceSession
    card: ModelCard
    path: Path
    provider: str
    input_name: str
    output_name: str
    height: int
    width: int
    max_batch: int | None  # None: the batch dimension is dynamic
    hints_name: str | None = None  # the colour-hint input, when the model has one
    fallback_reason: str | None = None  # why "auto" did not get CUDA


def card_path_for(model_path: Path) -> Path:
    return model_path.with_suffix(".json")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def read_card(model_path: Path) -> ModelCard:
    card_file = card_path_for(model_path)
    if not card_file.is_file():
        raise ModelError(
            f"model card missing: {card_file.name} must sit beside {model_path.name}",
            hint="the card describes the model and holds its sha256; an undocumented model is not run",
        )
    try:
        data = json.loads(card_file.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ModelError(f"model card {card_file.name} is not readable JSON ({exc})") from None
    if not isinstance(data, dict):
        raise ModelError(f"model card {card_file.name} is not a JSON object")
    sha = data.get("sha256")
    if not isinstance(sha, str) or len(sha) != 64:
        raise ModelError(f"model card {card_file.name} has no valid 'sha256' of the model file")
    name = data.get("name") if isinstance(data.get("name"), str) else model_path.stem
    return ModelCard(card_file, name, sha.lower(), data)


def resolve_model_path(model_path: str | os.PathLike[str] | None) -> Path:
    if model_path is None:
        path = paths.default_model_path()
        if not path.is_file():
            raise ModelError(
                f"no colorization model installed (expected {path})",
                hint="the trained generator ships with the app; pass --model FILE.onnx to use another",
            )
        return path
    path = Path(model_path)
    if not path.exists():
        raise ModelError(f"model file not found: {path}")
    if not path.is_file():
        raise ModelError(f"model path is not a file: {path}")
    return path


def default_threads() -> int:
    """All usable cores but one, which stays free for the UI and the face detector.

    Measured on the 2-core target with other work running (bench/bench_engine.py --sweep): the generator
    at 1 thread had p50 29 ms, at 2 threads 36 ms, as every op waits for its slowest thread."""
    try:
        cores = len(os.sched_getaffinity(0))  # respects container and taskset limits
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return max(1, cores - 1)


def session_options(threads: int | None = None) -> Any:
    """Session settings tuned for one generator run at a time (see bench/bench_engine.py for the numbers)."""
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
    options.execution_mode = ort.ExecutionMode.ORT_SEQUENTIAL
    # One conv net, one request at a time: threads inside each op, none between ops.
    options.intra_op_num_threads = threads if threads else default_threads()
    options.inter_op_num_threads = 1
    # Spinning threads wait hot for the next op: on a busy 2-core laptop that only steals the CPU from the
    # UI and the face detector (bench: same p50, p95 17 → 1 ms on the test model).
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # Trained GAN weights can produce denormal floats, which are many times slower on x86: flush them.
    options.add_session_config_entry("session.set_denormal_as_zero", "1")
    # Fatal only: every failure also comes back as an exception, reported in our one ``error:`` line.
    options.log_severity_level = 4
    return options


def load_model(
    model_path: str | os.PathLike[str] | None = None, device: str = "auto", threads: int | None = None
) -> LoadedModel:
    """Check the model against its card and open a session on ``device``; every failure is a ModelError."""
    if device not in DEVICES:
        raise ModelError(f"unknown device {device!r} (choose from {', '.join(DEVICES)})")
    path = resolve_model_path(model_path)
    card = read_card(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise ModelError(f"cannot read model {path}: {exc.strerror or exc}") from None
    actual = hashlib.sha256(data).hexdigest()
    if actual != card.sha256:
        raise ModelError(
            f"model {path.name} does not match its card (sha256 {actual[:12]}… ≠ {card.sha256[:12]}…)",
            hint="the file was changed or truncated; reinstall it",
        )
    session, provider, fallback_reason = _create_session(data, path, device, threads)
    model = _check_signature(session, card, path, provider)
    model.fallback_reason = fallback_reason
    return model


def _create_session(data: bytes, path: Path, device: str, threads: int | None) -> tuple[Any, str, str | None]:
    import onnxruntime as ort

    available = installed_providers(ort)
    want_cuda = device in ("auto", "cuda")
    if device == "cuda" and CUDA not in available:
        raise ModelError(
            "CUDA requested, but this onnxruntime build has no CUDA provider",
            hint="the installer runs the model on the CPU; from source, install onnxruntime-gpu",
        )
    providers: list[Any] = [CPU]
    # onnxruntime's process-wide logger prints errors (a GPU build without a GPU, a model it cannot
    # initialise) to the console; each also comes back as an exception: fatal only, as in session_options.
    ort.set_default_logger_severity(4)
    if want_cuda and CUDA in available:
        providers = [(CUDA, dict(CUDA_OPTIONS)), CPU]
        # A GPU build without a GPU (or without CUDA/cuDNN libraries) falls back: check below which provider
        # really runs.
        _preload_cuda_libraries(ort)
    try:
        session = ort.InferenceSession(data, sess_options=session_options(threads), providers=providers)
    except Exception as exc:
        raise ModelError(
            f"cannot load model {path.name}: not a valid ONNX model ({_first_line(exc)})"
        ) from None
    provider = session.get_providers()[0]
    fallback_reason = None
    if want_cuda and provider != CUDA:
        fallback_reason = "CUDA provider could not start (no usable GPU, driver, CUDA or cuDNN)"
        if device == "cuda":
            raise ModelError(f"CUDA requested, but the {fallback_reason}", hint="use --device cpu or auto")
    elif device == "auto" and CUDA not in available:
        fallback_reason = "this onnxruntime build has no CUDA provider"
    if fallback_reason:
        # Normal on a laptop without an NVIDIA GPU: worth a log line, not a console warning.
        log.info("device auto: %s; running the model on the CPU", fallback_reason)
    log.info("model %s runs on %s", path.name, provider)
    return session, provider, fallback_reason


def installed_providers(ort: Any) -> list[str]:
    """The providers this onnxruntime can really load. onnxruntime-gpu lists CUDA even where its provider
    library was left out (the CPU installer drops it: docs/adr/0004), so look for the library as well."""
    available = list(ort.get_available_providers())
    if CUDA in available:
        capi = Path(ort.__file__).resolve().parent / "capi"
        if not any(capi.glob("*onnxruntime_providers_cuda.*")):
            available.remove(CUDA)
    return available


_preloaded = False


def _preload_cuda_libraries(ort: Any) -> None:
    # onnxruntime-gpu ≥ 1.21 can load CUDA/cuDNN from the nvidia-* wheels. Only worth it when those wheels
    # are installed; it prints (not logs) every library it misses, so its chatter goes to the log instead.
    global _preloaded
    preload = getattr(ort, "preload_dlls", None)
    if _preloaded or preload is None or importlib.util.find_spec("nvidia") is None:
        return
    _preloaded = True
    chatter = io.StringIO()
    try:
        with contextlib.redirect_stdout(chatter), contextlib.redirect_stderr(chatter):
            preload()
    except Exception as exc:
        log.debug("preload_dlls failed: %s", exc)
    if chatter.getvalue().strip():
        log.debug("preload_dlls: %s", chatter.getvalue().strip())


def _check_signature(session: Any, card: ModelCard, path: Path, provider: str) -> LoadedModel:
    inputs, outputs = session.get_inputs(), session.get_outputs()
    tensor_in, tensor_hints = _split_inputs(inputs, outputs, card, path)
    tensor_out = outputs[0]
    if card.output_name:
        named = [o for o in outputs if o.name == card.output_name]
        if not named:
            raise ModelError(f"model {path.name} has no output {card.output_name!r} named in its card")
        tensor_out = named[0]
    for tensor in (tensor_in, tensor_out, *([tensor_hints] if tensor_hints else [])):
        if tensor.type != "tensor(float)":
            raise ModelError(f"model {path.name}: {tensor.name} is {tensor.type}; expected float32")
    shape_in, shape_out = list(tensor_in.shape), list(tensor_out.shape)
    if len(shape_in) != 4 or shape_in[3] != 1:
        raise ModelError(f"model {path.name}: input shape {shape_in}; expected NHWC [N, H, W, 1] grayscale")
    height, width = shape_in[1], shape_in[2]
    if not (isinstance(height, int) and isinstance(width, int)) or height < 8 or width < 8:
        raise ModelError(f"model {path.name}: input height and width must be fixed sizes, got {shape_in}")
    if abs(height / width - MODEL_ASPECT) > MODEL_ASPECT * MODEL_ASPECT_TOLERANCE:
        raise ModelError(f"model {path.name}: input {height}×{width} is not the framing's 5:4 (height:width)")
    if len(shape_out) != 4 or shape_out[3] != 3:
        raise ModelError(f"model {path.name}: output shape {shape_out}; expected NHWC [N, H, W, 3] RGB")
    if (
        isinstance(shape_out[1], int)
        and isinstance(shape_out[2], int)
        and (shape_out[1], shape_out[2]) != (height, width)
    ):
        raise ModelError(
            f"model {path.name}: output {shape_out[1]}×{shape_out[2]} differs from input {height}×{width}"
        )
    if tensor_hints is not None:
        shape_hints = list(tensor_hints.shape)
        if len(shape_hints) != 4 or shape_hints[1:] != [height, width, HINT_CHANNELS]:
            raise ModelError(
                f"model {path.name}: hints shape {shape_hints}; expected NHWC [N, {height}, {width}, 4] "
                "(RGB + mask)"
            )
    for key in ("input", HINTS_INPUT):
        _check_card_size(card, key, height, width, path)
    _check_card_framing(card, path)
    batch = shape_in[0]
    max_batch = batch if isinstance(batch, int) and batch > 0 else None
    return LoadedModel(
        session,
        card,
        path,
        provider,
        tensor_in.name,
        tensor_out.name,
        height,
        width,
        max_batch,
        hints_name=tensor_hints.name if tensor_hints is not None else None,
    )


def _split_inputs(
    inputs: list[Any], outputs: list[Any], card: ModelCard, path: Path
) -> tuple[Any, Any | None]:
    """The sketch input and the optional hints input; the card and the graph must agree on both."""
    if len(inputs) not in (1, 2) or len(outputs) < 1:
        raise ModelError(
            f"model {path.name} has {len(inputs)} inputs and {len(outputs)} outputs; expected sketch (+ "
            "hints) → photo"
        )
    by_name = {tensor.name: tensor for tensor in inputs}
    hints_name = card.hints_name
    if hints_name is not None and hints_name not in by_name:
        raise ModelError(
            f"model {path.name}: its card declares a {hints_name!r} input that the model does not have",
            hint="the card belongs to another model",
        )
    if hints_name is None and len(inputs) == 2:
        extra = next(name for name in by_name if name != card.input_name)
        raise ModelError(
            f"model {path.name} has a second input {extra!r} that its card does not declare",
            hint="a colour-hint model's card has a 'hints' entry",
        )
    tensor_hints = by_name.get(hints_name) if hints_name else None
    sketch_inputs = [tensor for tensor in inputs if tensor is not tensor_hints]
    if len(sketch_inputs) != 1:
        raise ModelError(f"model {path.name} has {len(inputs)} inputs; expected sketch (+ hints)")
    tensor_in = sketch_inputs[0]
    if card.input_name and tensor_in.name != card.input_name:
        raise ModelError(
            f"model {path.name} input is {tensor_in.name!r}, but its card says {card.input_name!r}"
        )
    return tensor_in, tensor_hints


def _check_card_size(card: ModelCard, key: str, height: int, width: int, path: Path) -> None:
    spec = card.data.get(key)
    card_shape = spec.get("shape") if isinstance(spec, dict) else None
    sized = (
        isinstance(card_shape, list)
        and len(card_shape) == 4
        and all(isinstance(v, int) for v in card_shape[1:3])
    )
    if sized and (card_shape[1], card_shape[2]) != (height, width):
        raise ModelError(
            f"model {path.name} is {height}×{width}, but its card says {card_shape[1]}×{card_shape[2]}",
            hint="the card belongs to another model",
        )


def _check_card_framing(card: ModelCard, path: Path) -> None:
    """A model trained on another framing would get every sketch in the wrong place: refuse it."""
    from s2c_desktop.engine import framing

    spec = card.data.get("framing")
    if not isinstance(spec, dict):
        return
    expected = {
        "frame": list(framing.FRAME_SIZE),
        "left_eye": list(framing.LEFT_EYE),
        "right_eye": list(framing.RIGHT_EYE),
    }
    for key, value in expected.items():
        given = spec.get(key)
        if given is None:
            continue
        try:
            matches = len(given) == 2 and all(
                abs(float(a) - float(b)) <= 0.5 for a, b in zip(given, value, strict=True)
            )
        except (TypeError, ValueError):
            matches = False
        if not matches:
            raise ModelError(
                f"model {path.name} was trained for another framing ({key} {given}, the engine uses {value})"
            )


def _first_line(exc: BaseException) -> str:
    text = str(exc).strip()
    line = text.splitlines()[0] if text else type(exc).__name__
    # onnxruntime prefixes its messages with the C++ source location: keep only the reason.
    return line.split(" : ")[-1][:160]
