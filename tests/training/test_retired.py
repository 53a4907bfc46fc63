"""Options retired by issue 24 §5 (ADR 0018): refused in one line; older runs' config.json files still
load."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from training.__main__ import main
from training.retired import RETIRED_FLAGS

# A v3 arm's config.json as that version wrote it (runs/v3_wskin and runs/v3_emaface used these keys).
OLD_V3 = {
    "data_dirs": [],
    "out": "runs/v3_wskin",
    "epochs": 8,
    "height": 64,
    "width": 48,
    "ngf": 8,
    "ndf": 8,
    "gan_loss": "lsgan",
    "low_l1_region": "face",
    "face_colour_weight": 0.0,
    "teacher": "facenet",
    "embedder": None,
    "architecture": "s2d",
    "blocks": 1,
    "hints": True,
    "encoder": "none",
    "encoder_until": "4b",
    "encoder_downscale": 2,
    "encoder_lr_scale": 0.1,
    "dropout": 0.5,
    "jitter": True,
    "recolour_targets": "continuous",
    "witness_skin": 0.8,
    "ema_decay": 0.999,
}


def _run(tmp_path: Path, raw: dict) -> Path:
    run_dir = tmp_path / "old_run"
    (run_dir / "checkpoints").mkdir(parents=True)
    (run_dir / "config.json").write_text(json.dumps({**raw, "out": str(run_dir)}))
    return run_dir


def test_an_old_config_with_retired_keys_loads_without_them(tmp_path: Path) -> None:
    from training.retired import retired_settings
    from training.train import TrainConfig

    config = TrainConfig.load(_run(tmp_path, OLD_V3) / "config.json")
    assert (config.height, config.ngf, config.blocks, config.ema_decay) == (64, 8, 1, 0.999)
    assert (config.architecture, config.recolour_targets) == ("s2d", "continuous")
    assert not hasattr(config, "witness_skin") and not hasattr(config, "encoder")
    assert retired_settings(OLD_V3) == ["witness_skin = 0.8", "low_l1_region = 'face'"]


def test_an_old_run_that_used_a_retired_option_is_not_resumed(tmp_path: Path, capsys) -> None:
    run_dir = _run(tmp_path, OLD_V3)
    before = (run_dir / "config.json").read_bytes()
    assert main(["train", "--data", str(tmp_path), "--out", str(run_dir), "--resume", "--no-progress"]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: the run {run_dir} uses settings retired by issue 24")
    assert "witness_skin = 0.8" in err[0] and "low_l1_region = 'face'" in err[0]
    assert (run_dir / "config.json").read_bytes() == before
    assert sorted(p.name for p in run_dir.iterdir()) == ["checkpoints", "config.json"]


@pytest.mark.parametrize(
    ("changes", "named"),
    [
        ({"encoder": "facenet"}, "encoder = 'facenet'"),
        ({"architecture": "unet"}, "architecture = 'unet'"),
        ({"architecture": None}, "architecture = 'unet'"),  # v1: written before the key existed
    ],
)
def test_a_run_whose_generator_had_a_retired_shape_is_not_exported(
    changes: dict, named: str, tmp_path: Path, capsys
) -> None:
    raw = {k: v for k, v in {**OLD_V3, **changes}.items() if v is not None}
    run_dir = _run(tmp_path, raw)
    out = tmp_path / "m.onnx"
    assert main(["export", str(run_dir), "--out", str(out)]) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith("error: the run") and named in err[0]
    assert not out.exists()


@pytest.mark.parametrize("flag", sorted(RETIRED_FLAGS))
def test_a_retired_flag_is_refused_in_one_line(flag: str, tmp_path: Path, capsys) -> None:
    run_dir = tmp_path / "run"
    words = flag.split() if " " in flag else [flag, "x"]
    with pytest.raises(SystemExit) as exit_info:  # argparse's own usage-error exit
        main(["train", "--data", str(tmp_path), "--out", str(run_dir), *words])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert err == [f"error: {flag} is retired (issue 24, ADR 0018): {RETIRED_FLAGS[flag]}"]
    assert not run_dir.exists()


def test_a_recipe_with_a_retired_key_is_refused_in_one_line(tmp_path: Path, capsys) -> None:
    recipe = tmp_path / "r.toml"
    recipe.write_text('[data]\ndata_dirs = ["x"]\n[hints]\nwitness_skin = 0.8\n')
    assert main(["train", "--recipe", str(recipe), "--out", str(tmp_path / "run")]) == 1
    assert capsys.readouterr().err.strip().splitlines() == [
        f"error: recipe {recipe}: 'witness_skin' is retired (issue 24, ADR 0018)"
    ]
    assert not (tmp_path / "run").exists()
