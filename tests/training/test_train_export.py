"""A tiny real training run: two steps on four real pairs, checkpoint, resume, export, ONNX parity.

160×128 (the framing's 5:4) and ngf 8 keep it to seconds on a CPU; everything runs for real (TensorFlow,
tf2onnx, onnxruntime).
"""

from __future__ import annotations

import csv
import hashlib
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest

from training.__main__ import main

pytestmark = pytest.mark.slow

TINY = ["--size", "160x128", "--ngf", "8", "--ndf", "8", "--batch", "1", "--d-scales", "2", "--no-progress"]


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory: pytest.TempPathFactory, datasets: Path) -> tuple[Path, Path]:
    from tests.training.conftest import link_set

    root = tmp_path_factory.mktemp("tiny_run")
    data_dir = link_set(datasets / "faces" / "cufs_ar", root / "tiny_ar", count=4)
    run_dir = root / "run"
    base = ["train", "--data", str(data_dir), "--out", str(run_dir), *TINY, "--max-steps-per-epoch", "2"]
    assert main([*base, "--epochs", "1"]) == 0
    assert main([*base, "--epochs", "2", "--resume"]) == 0
    return data_dir, run_dir


def test_training_checkpoints_every_epoch_and_resumes(tiny_run: tuple[Path, Path]) -> None:
    data_dir, run_dir = tiny_run
    with (run_dir / "metrics.csv").open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [int(r["epoch"]) for r in rows] == [1, 2]  # the resumed run went on from epoch 1
    assert all(np.isfinite(float(r[k])) for r in rows for k in ("g", "d", "l1", "val_ssim"))
    checkpoints = sorted(p.name for p in (run_dir / "checkpoints").glob("ckpt-*.index"))
    assert checkpoints == ["ckpt-1.index", "ckpt-2.index"]
    assert sorted(p.name for p in (run_dir / "strips").iterdir()) == ["epoch_001.png", "epoch_002.png"]
    assert (run_dir / "evolution.gif").stat().st_size > 0
    config = json.loads((run_dir / "config.json").read_text())
    assert (config["height"], config["width"], config["ngf"]) == (160, 128, 8)
    split = json.loads((run_dir / "split.json").read_text())
    assert not set(split["train"]) & set(split["validation"])


def test_train_refuses_to_overwrite_a_run_without_resume(
    tiny_run, capsys: pytest.CaptureFixture[str]
) -> None:
    data_dir, run_dir = tiny_run
    before = sorted(p.name for p in (run_dir / "checkpoints").iterdir())
    code = main(["train", "--data", str(data_dir), "--out", str(run_dir), *TINY, "--epochs", "1"])
    assert code != 0
    assert "already holds checkpoints; pass --resume" in capsys.readouterr().err
    assert sorted(p.name for p in (run_dir / "checkpoints").iterdir()) == before


def test_export_matches_keras_in_onnxruntime_and_writes_the_card(tiny_run, tmp_path: Path) -> None:
    from training.train import load_generator

    data_dir, run_dir = tiny_run
    model_path = tmp_path / "models" / "s2c_generator.onnx"
    assert main(["export", str(run_dir), "--out", str(model_path)]) == 0

    model = onnx.load(str(model_path))
    assert model.opset_import[0].version >= 13
    (graph_input,), (graph_output,) = model.graph.input, model.graph.output
    assert (graph_input.name, graph_output.name) == ("sketch", "photo")
    dims = [d.dim_value or d.dim_param for d in graph_input.type.tensor_type.shape.dim]
    assert dims[1:] == [160, 128, 1] and isinstance(dims[0], str)  # batch is dynamic
    ops = [node.op_type for node in model.graph.node]
    # Upsampling is one Resize per decoder level (three in s2d), not Keras 3's tile/reshape chain wrapped in
    # transposes.
    assert ops.count("Resize") == 3 and "Tile" not in ops and ops.count("Transpose") <= 2

    generator, _ = load_generator(run_dir)
    sketches = np.random.default_rng(5).uniform(-1, 1, (3, 160, 128, 1)).astype(np.float32)
    session = ort.InferenceSession(str(model_path), providers=["CPUExecutionProvider"])
    onnx_out = session.run(["photo"], {"sketch": sketches})[0]
    keras_out = generator(sketches, training=False).numpy()
    assert onnx_out.shape == (3, 160, 128, 3)
    assert np.max(np.abs(onnx_out - keras_out)) <= 1e-3
    assert onnx_out.min() >= -1.0 and onnx_out.max() <= 1.0

    card = json.loads(model_path.with_suffix(".json").read_text())
    assert card["sha256"] == hashlib.sha256(model_path.read_bytes()).hexdigest()
    assert card["input"]["name"] == "sketch" and card["input"]["shape"] == ["N", 160, 128, 1]
    assert card["output"]["range"] == [-1.0, 1.0]
    assert card["training"]["epochs"] == 2 and card["export"]["parity_max_abs_diff"] <= 1e-3
    for key in ("architecture", "parameters", "framing", "metrics", "created", "versions", "citations"):
        assert key in card


def test_float16_weights_halve_the_file_and_the_export_keeps_parity_or_writes_nothing(
    tiny_run, tmp_path: Path, capsys
) -> None:
    from training.export import weights_to_float16

    _, run_dir = tiny_run
    full, half = tmp_path / "full.onnx", tmp_path / "half.onnx"
    assert main(["export", str(run_dir), "--out", str(full)]) == 0
    model = onnx.load(str(full))
    assert weights_to_float16(model) > 0
    half_bytes = model.SerializeToString()
    assert len(half_bytes) < 0.6 * full.stat().st_size
    sketches = np.random.default_rng(6).uniform(-1, 1, (2, 160, 128, 1)).astype(np.float32)

    def run(model_bytes: bytes) -> list[np.ndarray]:
        session = ort.InferenceSession(model_bytes, providers=["CPUExecutionProvider"])
        return session.run(None, {"sketch": sketches})

    assert np.max(np.abs(run(half_bytes)[0] - run(full.read_bytes())[0])) < 1e-2
    # The tiny s2d's instance norms can lift float16's rounding past the tolerance: then nothing is written.
    if main(["export", str(run_dir), "--out", str(half), "--float16"]) == 0:
        assert json.loads(half.with_suffix(".json").read_text())["export"]["parity_max_abs_diff"] <= 1e-3
    else:
        assert "differs from Keras" in capsys.readouterr().err and not half.exists()


def test_export_of_a_folder_that_is_not_a_run_fails_clearly(tmp_path: Path, capsys) -> None:
    target = tmp_path / "model.onnx"
    assert main(["export", str(tmp_path), "--out", str(target)]) != 0
    assert "not a training run" in capsys.readouterr().err
    assert not target.exists()


def test_train_on_a_folder_without_pairs_fails_clearly(tmp_path: Path, capsys) -> None:
    code = main(["train", "--data", str(tmp_path), "--out", str(tmp_path / "run"), *TINY])
    assert code != 0
    assert "error: not a sketch/photo set" in capsys.readouterr().err
    assert not (tmp_path / "run" / "checkpoints").exists()


MIRRORED_SCRIPT = """
import sys
import tensorflow as tf
cpu = tf.config.list_physical_devices("CPU")[0]
tf.config.set_logical_device_configuration(cpu, [tf.config.LogicalDeviceConfiguration()] * 2)
from training.__main__ import main
sys.exit(main(sys.argv[1:]))
"""


def test_mirrored_strategy_trains_on_two_logical_cpus(tiny_set: Path, tmp_path: Path) -> None:
    run_dir = tmp_path / "mirrored"
    args = [
        "train",
        "--data",
        str(tiny_set),
        "--out",
        str(run_dir),
        *TINY,
        "--epochs",
        "1",
        "--strategy",
        "mirrored",
        "--max-steps-per-epoch",
        "1",
    ]
    result = subprocess.run(
        [sys.executable, "-c", MIRRORED_SCRIPT, *args],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "2 replica(s)" in result.stdout
    assert (run_dir / "checkpoints" / "ckpt-1.index").exists()


def test_evaluate_scores_the_model_next_to_both_baselines(tiny_run, tmp_path: Path, capsys) -> None:
    data_dir, run_dir = tiny_run
    model_path = tmp_path / "m.onnx"
    assert main(["export", str(run_dir), "--out", str(model_path)]) == 0
    out = tmp_path / "eval" / "report.json"
    assert (
        main(
            [
                "evaluate",
                "--model",
                str(model_path),
                "--data",
                str(data_dir),
                "--split",
                "all",
                "--out",
                str(out),
            ]
        )
        == 0
    )
    table = capsys.readouterr().out
    assert "raw_sketch" in table and "mean_photo" in table
    report = json.loads(out.read_text())
    result = report["sets"]["tiny_ar"]
    assert result["pairs"] == 4
    for method in ("model", "mean_photo", "raw_sketch"):
        metrics = result[method]
        assert 0 <= metrics["rank1"] <= metrics["rank5"] <= 1
        assert -1 <= metrics["ssim"] <= 1 and metrics["psnr"] > 0
    # With four people, rank-5 always includes the right one; the sketch has no colour.
    assert result["raw_sketch"]["rank5"] == 1.0 and result["raw_sketch"]["colourfulness"] == 0.0
    rows = out.with_suffix(".csv").read_text().splitlines()
    assert rows[0].startswith("set,pairs,method,ssim") and len(rows) == 4


def test_evaluate_with_a_missing_model_fails_clearly(tiny_set: Path, tmp_path: Path, capsys) -> None:
    assert main(["evaluate", "--model", str(tmp_path / "none.onnx"), "--data", str(tiny_set)]) != 0
    assert "model not found" in capsys.readouterr().err


def test_evaluate_raw_scans_go_through_the_app_pipeline(tiny_run, datasets: Path, tmp_path: Path) -> None:
    from training.evaluate import evaluate_raw

    _, run_dir = tiny_run
    model_path = tmp_path / "m.onnx"
    assert main(["export", str(run_dir), "--out", str(model_path)]) == 0
    result = evaluate_raw(
        model_path, datasets / "faces" / "cufsf_unaligned", split_as="cufsf_aligned", limit=2
    )
    assert result["pairs"] == 2
    for method in ("model", "raw_sketch"):
        assert 0 <= result[method]["rank1"] <= result[method]["rank5"] == 1.0  # two people: rank-5 is certain
    assert result["raw_sketch"]["face_found"] == 1.0


def test_identity_among_all_photos_of_the_set_reuses_cached_descriptors(tiny_run, tmp_path: Path) -> None:
    from training import data as data_mod
    from training.evaluate import DescriptorCache, OnnxGenerator, evaluate_set

    data_dir, run_dir = tiny_run
    model_path = tmp_path / "m.onnx"
    assert main(["export", str(run_dir), "--out", str(model_path)]) == 0
    pairs = data_mod.discover_pairs([data_dir])
    cache_path = tmp_path / "cache" / "descriptors.npz"
    cache = DescriptorCache(cache_path)
    result = evaluate_set(OnnxGenerator(model_path), pairs[:2], pairs[2:], set_gallery=cache)
    assert result["set_gallery_size"] == 4
    for method in ("model", "mean_photo", "raw_sketch"):
        metrics = result[method]
        # Hiding the two people among four can only make finding them harder.
        assert metrics["rank1_set"] <= metrics["rank1"] and metrics["rank5_set"] == 1.0
        assert np.isfinite(metrics["margin_set"])
    assert cache_path.is_file()
    again = DescriptorCache(cache_path)
    assert len(again.entries) == 2
    evaluate_set(OnnxGenerator(model_path), pairs[:2], pairs[2:], set_gallery=again)
    assert not again.changed  # the gallery came from the file


def test_identity_margin_is_positive_exactly_for_rank_one_probes() -> None:
    from training.evaluate import identity_margins, ranks

    rng = np.random.default_rng(5)
    gallery = rng.normal(size=(30, 8))
    probes = gallery[:10] + rng.normal(scale=0.9, size=(10, 8))  # some near their own entry, some not
    margins, rank = identity_margins(probes, gallery), ranks(probes, gallery)
    assert 0 < int(np.sum(rank == 1)) < 10
    assert np.array_equal(margins > 0, rank == 1)
    own = np.linalg.norm(probes[0] - gallery[0])
    nearest_other = min(np.linalg.norm(probes[0] - g) for g in gallery[1:])
    assert margins[0] == pytest.approx(nearest_other - own)


def test_descriptor_caches_saved_side_by_side_keep_each_others_entries(tmp_path: Path) -> None:
    # Two evaluations (two styles) share one cache file; the second save must neither fail on the first's
    # temporary file nor drop the first's descriptors.
    from training.evaluate import DescriptorCache

    cache_path = tmp_path / "cache" / "descriptors.npz"
    first, second = DescriptorCache(cache_path), DescriptorCache(cache_path)
    first.entries["a"], first.changed = np.ones(128), True
    second.entries["b"], second.changed = np.zeros(128), True
    first.save()
    second.save()
    merged = DescriptorCache(cache_path).entries
    assert set(merged) == {"a", "b"} and np.array_equal(merged["a"], np.ones(128))
    assert [p.name for p in cache_path.parent.iterdir()] == ["descriptors.npz"]
