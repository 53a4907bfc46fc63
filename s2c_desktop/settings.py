"""Typed user preferences, stored as JSON in the user's config folder (see docs/adr/0002-settings.md).

Window geometry is not here: that is Qt's business (QSettings).
"""

from __future__ import annotations

import dataclasses
import json
import logging
import time
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any

from s2c_desktop.atomic import atomic_write_text
from s2c_desktop.engine.model import DEVICES  # one list: what the engine accepts is what settings allow
from s2c_desktop.paths import user_config_dir

log = logging.getLogger(__name__)

LANGUAGES = ("es", "en")
# field -> (lowest, highest) accepted; anything else (NaN, 1e308, a 400-digit integer) gets the default.
NUMBER_RANGES: dict[str, tuple[float, float]] = {
    "autosave_seconds": (0.5, 600),
    "live_delay_ms": (0, 5000),
    "brush_size": (0.5, 200),
    "brush_opacity": (0.05, 1.0),
    "eraser_size": (0.5, 400),
    "pressure_min_width": (0.0, 1.0),
    "pressure_curve": (0.25, 4.0),
    "download_timeout_s": (1.0, 3600.0),  # stats.download.MAX_TIMEOUT_S: the download refuses more
    "download_retries": (0, 20),
}


@dataclass
class Preferences:
    language: str = "es"
    device: str = "auto"
    model_path: str | None = None
    datasets_dir: str | None = None
    database_path: str | None = None
    live_mode: bool = False
    live_delay_ms: int = 150
    autosave_seconds: float = 5.0
    show_face_guide: bool = True
    brush_size: float = 6.0  # document pixels on the 800×1000 paper
    brush_opacity: float = 1.0
    eraser_size: float = 32.0
    pressure_min_width: float = 0.25  # pen width at the lightest touch, as a fraction of the brush size
    pressure_curve: float = 1.0  # width follows pressure ** curve (< 1 soft pen, > 1 hard pen)
    datacrim_url: str = "http://datacrim.inei.gob.pe/csv_controller/index?desde=tematico&id=40171,40172,40173,40514,40515,40516"
    download_timeout_s: float = 60.0
    download_retries: int = 3
    recent_cases: list[str] = field(default_factory=list)
    last_folder: str | None = None  # where the artist last chose a file: the next dialog opens there

    def validated(self) -> Preferences:
        """Replace out-of-range values by defaults, so a hand-edited file never breaks start-up."""
        defaults = Preferences()
        if self.language not in LANGUAGES:
            self.language = defaults.language
        if self.device not in DEVICES:
            self.device = defaults.device
        for name, (low, high) in NUMBER_RANGES.items():
            if not _within(getattr(self, name), low, high):
                setattr(self, name, getattr(defaults, name))
        self.recent_cases = [p for p in self.recent_cases if isinstance(p, str) and p][:10]
        return self


def settings_path() -> Path:
    return user_config_dir() / "preferences.json"


def load_preferences(path: Path | None = None) -> Preferences:
    path = path or settings_path()
    if not path.exists():
        return Preferences()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(raw, dict):
            raise ValueError("not a JSON object")
    except (OSError, ValueError, RecursionError) as exc:
        # Any unreadable file (bad UTF-8, bad JSON, nesting deeper than the parser's stack) is kept for
        # the user instead of silently overwritten.
        backup = path.with_name(f"{path.name}.broken-{int(time.time())}")
        path.replace(backup)
        log.warning("preferences file %s unreadable (%s); kept as %s, using defaults", path, exc, backup)
        return Preferences()
    known = {f.name: f for f in fields(Preferences)}
    values: dict[str, Any] = {}
    defaults = Preferences()
    for name, value in raw.items():
        if name in known and _right_type(value, getattr(defaults, name)):
            values[name] = value
    return Preferences(**values).validated()


def _within(value: Any, low: float, high: float) -> bool:
    try:
        return low <= float(value) <= high
    except (OverflowError, TypeError, ValueError):
        return False


def _right_type(value: Any, default: Any) -> bool:
    """Whether a stored value has its field's type (optional paths are text; booleans are not numbers)."""
    if default is None:
        return value is None or isinstance(value, str)
    if isinstance(value, bool) or isinstance(default, bool):
        return isinstance(value, bool) and isinstance(default, bool)
    if isinstance(default, float):
        return isinstance(value, int | float)
    return isinstance(value, type(default))


def save_preferences(prefs: Preferences, path: Path | None = None) -> None:
    path = path or settings_path()
    atomic_write_text(path, json.dumps(dataclasses.asdict(prefs), indent=2, ensure_ascii=False))
