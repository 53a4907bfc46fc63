"""Never lose work: autosave after idle, SIGKILL the real app, the next start offers to restore it."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import numpy as np

from tests.ui.app_helpers import draw_line, ink, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def _driver(mode: str, model: Path, home: Path) -> subprocess.Popen[str]:
    env = {**os.environ, "S2C_HOME": str(home), "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.Popen(
        [sys.executable, "-m", "tests.ui.drawing.app_driver", mode, str(model)],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def _line(proc: subprocess.Popen[str]) -> dict[str, Any]:
    assert proc.stdout is not None
    line = proc.stdout.readline()
    assert line, proc.stderr.read() if proc.stderr else "no output"
    return json.loads(line)


def test_sigkill_after_autosave_then_restart_offers_and_restores(
    tiny_model_path: Path, s2c_home: Path
) -> None:
    first = _driver("draw", tiny_model_path, s2c_home)
    try:
        saved = _line(first)
        assert saved["state"] == "autosaved" and saved["ink"] > 100
        first.send_signal(signal.SIGKILL)  # no clean-up code runs: like a crash or a power cut
        first.wait(timeout=20)
    finally:
        if first.poll() is None:
            first.kill()
    assert first.returncode == -signal.SIGKILL

    second = _driver("restore", tiny_model_path, s2c_home)
    try:
        offer = _line(second)
        assert offer["offered"], offer
        assert "CRASH-42" in offer["text"]
        restored = _line(second)
        assert restored["sha"] == saved["sha"]  # every pixel is back
        assert restored["case_number"] == "CRASH-42"
        assert restored["dirty"] is True  # restored work is not saved anywhere yet
        assert second.wait(timeout=30) == 0
    finally:
        if second.poll() is None:
            second.kill()
    # The second run closed cleanly, so a third start has nothing to offer.
    third = _driver("restore", tiny_model_path, s2c_home)
    try:
        assert _line(third)["offered"] is False
        third.wait(timeout=30)
    finally:
        if third.poll() is None:
            third.kill()


def test_autosave_waits_for_idle_and_clean_exit_leaves_nothing(make_window: Any, qtbot: Any) -> None:
    window = make_window(autosave_seconds=0.5)
    tab = window.drawing_tab
    timer = tab.autosaver.timer
    draw_line(window)
    assert tab.autosave.saves == 0 and timer.isActive()  # not while drawing: after 0.5 s of idle time
    qtbot.waitUntil(lambda: timer.remainingTime() < 300, timeout=3000)
    draw_line(window, 100, 300, 300, 310)  # activity restarts the idle countdown
    assert timer.remainingTime() > 300 and tab.autosave.saves == 0
    last_activity = time.monotonic()
    qtbot.waitUntil(lambda: tab.autosave.saves == 1, timeout=3000)
    assert time.monotonic() - last_activity >= 0.45  # a whole idle period after the last stroke
    assert tab.autosave.has_snapshot() and not timer.isActive()
    assert tab.autosaver.save_now() and tab.autosave.saves == 1  # nothing changed since: no rewrite
    slot = tab.autosave.slot
    window.close()
    assert not slot.exists()


def test_restore_offer_in_process_can_be_discarded(make_window: Any, qtbot: Any) -> None:
    from s2c_desktop.sketch.autosave import AutosaveStore
    from s2c_desktop.sketch.case import Case

    dead = AutosaveStore()
    dead.begin()
    pixels = np.full((500, 400), 255, np.uint8)
    pixels[200:210, 100:300] = 0
    from PIL import Image

    dead.save(Case(case_number="OLD-1", sketch=Image.fromarray(pixels)))
    dead._release()  # as the OS does for a killed process

    window = make_window()
    tab = window.drawing_tab
    assert tab.autosaver.offer is not None and tab.autosaver.offer.isVisible()
    assert "OLD-1" in tab.autosaver.offer.text()
    tab.autosaver.offer.findChild(type(tab.autosaver.offer.buttons()[0]), "discardButton").click()
    assert not dead.slot.exists()
    assert ink(window) == 0 and tab.case_panel.fields()["case_number"] == ""


def test_the_real_entry_point_starts_loads_the_model_and_holds_an_autosave_slot(
    tiny_model_path: Path, s2c_home: Path
) -> None:
    """``python -m s2c_desktop`` (what ``s2c-desktop`` runs): starts, logs, locks its slot; a kill leaves no
    snapshot to offer because nothing was drawn."""
    import time

    from s2c_desktop.sketch.autosave import AutosaveStore

    env = {**os.environ, "S2C_HOME": str(s2c_home), "QT_QPA_PLATFORM": "offscreen"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "s2c_desktop", "--lang", "en", "--model", str(tiny_model_path)],
        cwd=Path(__file__).resolve().parents[3],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    log_file = s2c_home / "logs" / "s2c.log"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            text = log_file.read_text(encoding="utf-8") if log_file.exists() else ""
            if "model s2c_tiny loaded" in text:
                break
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            time.sleep(0.2)
        else:
            raise AssertionError("the app did not load the model in time")
        assert "Sketch2Color Desktop" in text and "starting" in text
        slots = list((s2c_home / "data" / "autosave").iterdir())
        assert len(slots) == 1 and (slots[0] / "session.lock").exists()
        assert AutosaveStore().find_recoverable() == []  # alive: its slot is locked
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    assert AutosaveStore().find_recoverable() == []  # killed with nothing drawn: nothing to offer


def test_autosave_on_a_full_disk_warns_once_and_keeps_working(make_window: Any, qtbot: Any) -> None:
    from tests.sketch.fulldisk import disk_full

    window = make_window(autosave_seconds=0.5)
    tab = window.drawing_tab
    draw_line(window)
    with disk_full():
        assert not tab.autosaver.save_now()
        draw_line(window, 100, 300, 300, 300)
        assert not tab.autosaver.save_now()
    failures = [m for t, m in window.reporter.messages if t == "Autosave failed"]
    assert len(failures) == 1 and "cannot save the case" in failures[0]
    assert "Autosave failed" in window.statusBar().currentMessage()
    assert tab.autosaver.save_now()  # disk has room again: saved, no new dialog
    assert tab.autosave.has_snapshot()
