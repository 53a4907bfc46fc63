"""Where things live: bundled resources, the shared datasets, and the user's own folders.

User data goes to the platform's app-data folders (``platformdirs``). Setting ``S2C_HOME`` puts all of
them under one folder instead, which is how tests isolate themselves and how an admin can relocate it.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from s2c_desktop import APP_AUTHOR, APP_NAME
from s2c_desktop.errors import DataError

DEFAULT_MODEL_NAME = "s2c_generator.onnx"
DATASETS_ENV = "S2C_DATASETS"
HOME_ENV = "S2C_HOME"


def is_frozen() -> bool:
    return bool(getattr(sys, "frozen", False))


def bundle_root() -> Path:
    """The folder that holds ``resources/`` (and, in the installer, ``datasets/``)."""
    if is_frozen():
        return Path(getattr(sys, "_MEIPASS", Path(sys.executable).parent))
    return Path(__file__).resolve().parent.parent


def resources_dir() -> Path:
    return bundle_root() / "resources"


def default_model_path() -> Path:
    return resources_dir() / "models" / DEFAULT_MODEL_NAME


def licenses_dir() -> Path | None:
    """The installer's third-party notices, ``LICENSES/`` beside its executable; None when run from source
    (each installed package then carries its own licence in its metadata)."""
    if not is_frozen():
        return None
    folder = Path(sys.executable).resolve().parent / "LICENSES"
    return folder if folder.is_dir() else None


def _user_dir(kind: str) -> Path:
    home = os.environ.get(HOME_ENV)
    if home:
        path = Path(home) / kind
    else:
        import platformdirs

        getter = {
            "data": platformdirs.user_data_dir,
            "config": platformdirs.user_config_dir,
            "logs": platformdirs.user_log_dir,
            "cache": platformdirs.user_cache_dir,
        }[kind]
        path = Path(getter(APP_NAME, APP_AUTHOR))
    path.mkdir(parents=True, exist_ok=True)
    return path


USER_FOLDER_KINDS = ("data", "config", "logs", "cache")


def check_user_folders() -> None:
    """Create every user folder now and check that each can be written to, so that a home that cannot hold
    them (``S2C_HOME`` naming a file, a read-only folder or filesystem) is one clear :class:`DataError` at
    start-up, instead of a traceback from whichever part first writes."""
    for kind in USER_FOLDER_KINDS:
        try:
            folder = _user_dir(kind)
        except OSError as exc:
            raise _unusable(Path(exc.filename or kind), exc.strerror or str(exc)) from exc
        if not os.access(folder, os.W_OK | os.X_OK):
            raise _unusable(folder, "it cannot be written to (a read-only folder or filesystem)")


def _unusable(folder: Path, reason: str) -> DataError:
    home = os.environ.get(HOME_ENV)
    where = f"{HOME_ENV}={home}" if home else "the user's app-data folders"
    if home and Path(home).exists() and not Path(home).is_dir():
        reason = "it is not a folder"
    return DataError(
        f"cannot keep Sketch2Color's files under {where}: {folder}: {reason}",
        hint=f"point {HOME_ENV} at a folder you can write to" if home else "check the folder's permissions",
    )


def user_data_dir() -> Path:
    """Cases, autosave, the crime database."""
    return _user_dir("data")


def user_config_dir() -> Path:
    return _user_dir("config")


def user_log_dir() -> Path:
    return _user_dir("logs")


def user_cache_dir() -> Path:
    """Raw downloads and other things that can be rebuilt."""
    return _user_dir("cache")


def _looks_like_datasets(path: Path) -> bool:
    return (path / "faces").is_dir() or (path / "crime").is_dir()


def candidate_datasets_dirs() -> list[Path]:
    candidates: list[Path] = []
    env = os.environ.get(DATASETS_ENV)
    if env:
        candidates.append(Path(env))
    candidates.append(bundle_root() / "datasets")
    # A checkout sits next to ../shared/datasets; walk up so worktrees and CI clones find it too.
    here = Path(__file__).resolve().parent
    for parent in [here, *here.parents][:5]:
        candidates.append(parent / "shared" / "datasets")
    return candidates


def datasets_dir(preferred: str | os.PathLike[str] | None = None) -> Path:
    """The datasets folder: ``preferred`` (a user setting), ``$S2C_DATASETS``, the bundle's copy,
    or ``../shared/datasets`` beside the checkout."""
    if preferred:
        path = Path(preferred)
        if not _looks_like_datasets(path):
            raise DataError(
                f"datasets folder not found or incomplete: {path}", hint="expected faces/ or crime/ inside"
            )
        return path
    for candidate in candidate_datasets_dirs():
        if _looks_like_datasets(candidate):
            return candidate
    raise DataError(
        "datasets folder not found",
        hint=f"set {DATASETS_ENV} or the datasets folder in the preferences",
    )
