"""Shared set-up for the app-shell tests: the real main window on a real tiny ONNX model, offscreen.

Test modules import the ``*_fixture`` functions; pytest registers them under their ``name``.
"""

from __future__ import annotations

import argparse
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from tests.engine.tiny_model import write_tiny_model
from tests.ui.drawing.canvas.events import line_points, mouse_stroke


@pytest.fixture(scope="session", name="tiny_model_path")
def tiny_model_path_fixture(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("app_tiny_model"))


@pytest.fixture(name="make_window")
def make_window_fixture(qtbot: Any, qapp: Any, tiny_model_path: Path) -> Iterator[Callable[..., Any]]:
    """Build (and start) the same main window ``s2c-desktop`` shows; closed cleanly at teardown."""
    from s2c_desktop.ui.application import create_application, create_main_window
    from s2c_desktop.ui.errors import uninstall_exception_hooks

    windows: list[Any] = []
    from s2c_desktop.ui.errors import reporter

    reporter().messages.clear()

    def make(
        lang: str = "en",
        model: str | Path | None = None,
        start: bool = True,
        wait_model: bool = True,
        colorizer_factory: Any = None,
        **prefs: Any,
    ) -> Any:
        from s2c_desktop.settings import load_preferences, save_preferences

        if prefs:
            stored = load_preferences()
            for name, value in prefs.items():
                setattr(stored, name, value)
            save_preferences(stored)
        args = argparse.Namespace(lang=lang, model=str(model or tiny_model_path), datasets=None, debug=False)
        window = create_main_window(create_application(), args, colorizer_factory=colorizer_factory)
        window.drawing_tab.ask_before_discarding = False
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        if start:
            if wait_model:
                with qtbot.waitSignal(window.drawing_tab.modelChanged, timeout=20000):
                    window.start()
            else:
                window.start()
        return window

    make.expect_bugs = False  # type: ignore[attr-defined]
    yield make
    for window in windows:
        window.drawing_tab.ask_before_discarding = False  # a failed test must not leave a question open
        window.close()
    uninstall_exception_hooks()
    # The app's hook turns exceptions in slots into dialogs; here they must fail the test instead.
    bugs = [
        message
        for window in windows[:1]
        for _title, message in window.reporter.messages
        if message.startswith("Unexpected error")
    ]
    if bugs and not make.expect_bugs:  # type: ignore[attr-defined]
        pytest.fail(f"unexpected exception(s) in the app: {bugs}")


class GatedColorizer:
    """The real colorizer behind a gate: each colorize waits until the test opens it, and records its thread.

    Made by :meth:`factory`, the worker's seam for the model loader, so tests hold a run in flight without
    reaching into the worker.
    """

    def __init__(self, gated: bool = True) -> None:
        self.gate = threading.Event()
        if not gated:
            self.gate.set()
        self.threads: list[str] = []
        self.entered = threading.Semaphore(0)
        self.real: Any = None

    def factory(self, model_path: str | None, device: str) -> Any:
        from s2c_desktop.engine.colorizer import Colorizer

        self.real = Colorizer(model_path=model_path, device=device)
        return self

    def __getattr__(self, name: str) -> Any:  # model_name, provider, device_label, ...
        return getattr(self.real, name)

    def colorize(self, sketch: Any, hints: Any = None, fit: str = "auto") -> Any:
        self.threads.append(threading.current_thread().name)
        self.entered.release()
        assert self.gate.wait(10), "the test never opened the gate"
        return self.real.colorize(sketch, hints=hints, fit=fit)

    def colorize_batch(self, sketches: Any, hints: Any = None, fit: str = "auto", batch_size: int = 8) -> Any:
        """The Variantes round's one batch, behind the same gate."""
        self.threads.append(threading.current_thread().name)
        self.entered.release()
        assert self.gate.wait(10), "the test never opened the gate"
        return self.real.colorize_batch(sketches, hints=hints, fit=fit, batch_size=batch_size)


def draw_line(window: Any, x0: float = 120, y0: float = 180, x1: float = 280, y1: float = 200) -> None:
    mouse_stroke(window.drawing_tab.canvas, line_points(x0, y0, x1, y1))


def ink(window: Any) -> int:
    return int((window.drawing_tab.canvas.document.pixels < 250).sum())


def as_array(image: Any) -> np.ndarray:
    return np.asarray(image)


def photographed_scan(path: Path) -> Path:
    """A 'photographed' sketch written to ``path``: landscape, face off-centre, grey paper."""
    image = Image.new("L", (900, 700), 235)
    draw = ImageDraw.Draw(image)
    draw.ellipse((420, 120, 700, 520), outline=30, width=6)
    draw.ellipse((480, 260, 540, 290), outline=30, width=5)
    draw.ellipse((580, 260, 640, 290), outline=30, width=5)
    draw.line((560, 300, 550, 380), fill=30, width=5)
    draw.line((510, 430, 610, 430), fill=30, width=5)
    image.save(path)
    return path
