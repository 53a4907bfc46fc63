"""Bugs become clear messages (``ui/errors.py``): an exception in a slot or another thread is logged and
shown, a repeating error opens one dialog, and the app keeps running and drawing works."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from PySide6.QtCore import QTimer

from tests.ui.app_helpers import draw_line, ink, make_window_fixture, tiny_model_path_fixture  # noqa: F401 - fixtures


def test_an_exception_in_a_slot_is_logged_and_shown_and_the_app_goes_on(
    make_window: Any, qtbot: Any, s2c_home: Path
) -> None:
    from s2c_desktop.logging_setup import configure_logging, log_file_path

    configure_logging(console=False)
    make_window.expect_bugs = True
    window = make_window()

    def buggy() -> None:
        raise RuntimeError("boom in a slot")

    QTimer.singleShot(0, buggy)
    qtbot.waitUntil(
        lambda: bool(window.reporter.messages) and "boom in a slot" in window.reporter.messages[-1][1],
        timeout=3000,
    )
    message = window.reporter.messages[-1][1]
    assert "Unexpected error" in message and str(log_file_path()) in message
    assert "boom in a slot" in log_file_path().read_text(encoding="utf-8")
    assert "Traceback" in log_file_path().read_text(encoding="utf-8")
    draw_line(window)  # still alive
    assert ink(window) > 0


def test_an_exception_in_another_thread_reaches_the_gui(make_window: Any, qtbot: Any) -> None:
    make_window.expect_bugs = True
    window = make_window()

    def worker() -> None:
        raise ValueError("thread trouble")

    thread = threading.Thread(target=worker)
    thread.start()
    thread.join()
    qtbot.waitUntil(lambda: any("thread trouble" in m for _t, m in window.reporter.messages), timeout=3000)
    assert any(box.isVisible() for box in window.reporter.open_dialogs())


def test_a_repeating_error_opens_one_dialog_not_a_flood(make_window: Any, qtbot: Any) -> None:
    window = make_window()
    for _ in range(20):
        window.reporter.show_error("Error", "the same problem")
    same = [box for box in window.reporter.open_dialogs() if box.text() == "the same problem"]
    assert len(same) == 1
    assert len([m for _t, m in window.reporter.messages if m == "the same problem"]) == 20  # all logged/seen
