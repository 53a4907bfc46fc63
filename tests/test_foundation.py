"""Foundation: paths, preferences, atomic writes, logging, entry points."""

from __future__ import annotations

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest

from s2c_desktop import __version__, paths
from s2c_desktop.atomic import atomic_path, atomic_write_text
from s2c_desktop.errors import DataError
from s2c_desktop.logging_setup import configure_logging
from s2c_desktop.settings import Preferences, load_preferences, save_preferences, settings_path


def test_user_folders_live_under_s2c_home(s2c_home: Path) -> None:
    for folder in (
        paths.user_data_dir(),
        paths.user_config_dir(),
        paths.user_log_dir(),
        paths.user_cache_dir(),
    ):
        assert folder.is_dir()
        assert s2c_home in folder.parents


def test_datasets_found_beside_checkout(datasets: Path) -> None:
    assert (datasets / "faces" / "cufs_ar" / "sketches").is_dir()
    assert (datasets / "crime" / "crimenes.csv").is_file()


def test_datasets_env_and_preference_override(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, datasets: Path
) -> None:
    monkeypatch.setenv("S2C_DATASETS", str(datasets))
    assert paths.datasets_dir() == datasets
    with pytest.raises(DataError, match="datasets folder not found"):
        paths.datasets_dir(tmp_path / "nowhere")


def test_resources_and_default_model_path() -> None:
    assert paths.resources_dir().name == "resources"
    assert paths.default_model_path().parent == paths.resources_dir() / "models"


def test_preferences_round_trip() -> None:
    prefs = Preferences(
        language="en", device="cpu", live_mode=True, brush_size=7.5, recent_cases=["/a", "/b"]
    )
    save_preferences(prefs)
    assert load_preferences() == prefs


def test_preferences_defaults_when_missing() -> None:
    assert load_preferences() == Preferences()
    assert Preferences().language == "es"


def test_broken_preferences_are_kept_aside_not_lost() -> None:
    path = settings_path()
    path.write_text("{not json", encoding="utf-8")
    assert load_preferences() == Preferences()
    backups = list(path.parent.glob("preferences.json.broken-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == "{not json"


def test_out_of_range_and_mistyped_preferences_fall_back_to_defaults() -> None:
    settings_path().write_text(
        json.dumps(
            {
                "language": "fr",
                "device": "tpu",
                "brush_size": "big",
                "autosave_seconds": -1,
                "live_mode": True,
                "unknown_key": 1,
            }
        ),
        encoding="utf-8",
    )
    prefs = load_preferences()
    assert (prefs.language, prefs.device, prefs.brush_size, prefs.autosave_seconds) == (
        "es",
        "auto",
        6.0,
        5.0,
    )
    assert prefs.live_mode is True


def test_preferences_of_the_wrong_type_fall_back_to_defaults() -> None:
    """A hand-edited file may hold any JSON: each wrong-typed value falls back to its default, alone."""
    settings_path().write_text(
        json.dumps(
            {
                "model_path": 42,
                "datasets_dir": ["a"],
                "database_path": {"x": 1},  # paths must be text
                "brush_size": True,
                "live_delay_ms": False,
                "download_retries": 2.5,  # booleans are not numbers
                "recent_cases": ["/cases/one", 7, None, {"a": 1}, "/cases/two"],  # only the folders stay
                "live_mode": "yes",
                "language": ["en"],
                "pressure_curve": "2",
                "brush_opacity": None,
                "recent_cases_extra": None,  # null where a value is needed
                "eraser_size": 40,  # an int where a float is expected is fine
            }
        ),
        encoding="utf-8",
    )
    prefs = load_preferences()
    defaults = Preferences()
    assert (prefs.model_path, prefs.datasets_dir, prefs.database_path) == (None, None, None)
    assert (prefs.brush_size, prefs.live_delay_ms, prefs.download_retries) == (
        defaults.brush_size,
        defaults.live_delay_ms,
        defaults.download_retries,
    )
    assert prefs.recent_cases == ["/cases/one", "/cases/two"]
    assert (prefs.live_mode, prefs.language, prefs.pressure_curve) == (False, "es", defaults.pressure_curve)
    assert prefs.eraser_size == 40.0 and prefs.brush_opacity == defaults.brush_opacity


def test_atomic_write_replaces_whole_file(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "out.txt"
    atomic_write_text(target, "first")
    atomic_write_text(target, "second")
    assert target.read_text() == "second"
    assert [p.name for p in tmp_path.iterdir()] == ["out.txt"]


def test_atomic_write_failure_leaves_old_file_and_no_temp(tmp_path: Path) -> None:
    tmp_path = tmp_path / "out"
    tmp_path.mkdir()
    target = tmp_path / "out.png"
    target.write_text("old")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half")
        raise RuntimeError("disk full")
    assert target.read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["out.png"]


def test_logging_writes_rotating_file() -> None:
    log_file = configure_logging(console=False)
    logging.getLogger("s2c.test").info("hello log")
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert log_file.parent == paths.user_log_dir()
    assert "hello log" in log_file.read_text(encoding="utf-8")


def _run(*args: str, env_home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, S2C_HOME=str(env_home))
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, env=env, timeout=120)


def test_python_m_entry_points_report_version(s2c_home: Path) -> None:
    cli = _run("-m", "s2c_desktop.cli.main", "--version", env_home=s2c_home)
    assert cli.returncode == 0 and __version__ in cli.stdout
    app = _run("-m", "s2c_desktop", "--version", env_home=s2c_home)
    assert app.returncode == 0 and __version__ in app.stdout


def test_app_never_imports_tensorflow_at_runtime(s2c_home: Path) -> None:
    code = (
        "import sys, s2c_desktop.cli.main as m, s2c_desktop.app;"
        "m.build_parser();"
        "import s2c_desktop.engine, s2c_desktop.stats;"
        "bad=[n for n in sys.modules if n.split('.')[0] in ('tensorflow','tf2onnx','keras','training')];"
        "print(bad); sys.exit(1 if bad else 0)"
    )
    proc = _run("-c", code, env_home=s2c_home)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_deeply_nested_preferences_are_kept_aside_not_a_crash() -> None:
    """100,000 nested lists overflow json's recursion: moved aside like any unreadable file."""
    path = settings_path()
    text = "[" * 100_000 + "]" * 100_000
    path.write_text(text, encoding="utf-8")
    assert load_preferences() == Preferences()
    backups = list(path.parent.glob("preferences.json.broken-*"))
    assert len(backups) == 1 and backups[0].read_text(encoding="utf-8") == text
    assert not path.exists()


@pytest.mark.parametrize("timeout", [1e308, 0, -1, 10**400, float("nan")])
def test_an_absurd_download_timeout_falls_back_to_the_default(timeout: float) -> None:
    settings_path().write_text(json.dumps({"download_timeout_s": timeout, "download_retries": 10**9}))
    prefs = load_preferences()
    assert prefs.download_timeout_s == Preferences().download_timeout_s
    assert prefs.download_retries == Preferences().download_retries


def test_an_s2c_home_that_is_a_file_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home.txt"
    home.write_text("not a folder")
    monkeypatch.setenv("S2C_HOME", str(home))
    with pytest.raises(DataError, match=r"S2C_HOME=.*home\.txt.*not a folder"):
        paths.check_user_folders()
    assert home.read_text() == "not a folder"


def test_an_s2c_home_on_a_read_only_filesystem_is_one_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from tests.sketch.fulldisk import make_read_only, read_only_filesystem

    with read_only_filesystem(tmp_path / "ro") as media:
        for kind in ("data", "config", "logs", "cache"):  # a home made before; nothing left to create
            (media / "full" / kind).mkdir(parents=True)
        (media / "partial" / "config").mkdir(parents=True)
        make_read_only(media)
        monkeypatch.setenv("S2C_HOME", str(media / "full"))
        with pytest.raises(DataError, match=r"S2C_HOME=.*cannot be written to"):
            paths.check_user_folders()
        monkeypatch.setenv("S2C_HOME", str(media / "partial"))
        with pytest.raises(DataError, match=r"S2C_HOME=.*Read-only file system"):
            paths.check_user_folders()


def test_the_cli_with_an_s2c_home_that_is_a_file_exits_2_with_one_line(tmp_path: Path) -> None:
    home = tmp_path / "home.txt"
    home.write_text("")
    env = dict(os.environ, S2C_HOME=str(home))
    proc = subprocess.run(
        [sys.executable, "-m", "s2c_desktop.cli.main", "stats", "query", "1"],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stderr.count("\n") == 1 and proc.stderr.startswith("error: ") and "S2C_HOME" in proc.stderr
