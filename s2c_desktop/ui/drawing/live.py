"""Live mode: recolorize shortly after each stroke ends, without flooding the worker.

Throttle with a leading and a trailing edge: a stroke that ends while nothing has run for ``delay_ms`` is
colorized at once (so a single stroke is shown after one model run, no added wait); strokes ending within
``delay_ms`` of the last run are coalesced into one trailing run when the window closes. Together with the
worker replacing a waiting request, a burst of strokes costs a couple of runs, and the last one always
sees the final sketch.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from PySide6.QtCore import QObject, QTimer

from s2c_desktop.ui.drawing.jobs import ColorizeWorker


class LiveScheduler(QObject):
    def __init__(
        self,
        worker: ColorizeWorker,
        submit: Callable[[], None],
        delay_ms: int = 150,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.worker = worker
        self._submit = submit
        self.delay_ms = max(0, int(delay_ms))
        self.enabled = False
        self._last_submit = -1e9
        self.stroke_ends = 0
        self.submissions = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self._fire)

    def set_enabled(self, enabled: bool) -> None:
        self.enabled = enabled
        if not enabled:
            self._timer.stop()

    def set_delay(self, delay_ms: int) -> None:
        self.delay_ms = max(0, int(delay_ms))

    def sketch_changed(self) -> None:
        """Call when a stroke ends (or the sketch changed at once: clear, undo, redo)."""
        if not self.enabled:
            return
        self.stroke_ends += 1
        since_ms = self.ms_since_last_run()
        if since_ms >= self.delay_ms and not self.worker.is_busy and not self._timer.isActive():
            self._fire()
        elif not self._timer.isActive():
            self._timer.start(max(1, int(self.delay_ms - since_ms)))

    def ms_since_last_run(self) -> float:
        """Time since live mode last submitted a run: at least ``delay_ms`` means the next stroke runs at
        once."""
        return (time.perf_counter() - self._last_submit) * 1000

    def pending(self) -> bool:
        return self._timer.isActive()

    def _fire(self) -> None:
        if not self.enabled:
            return
        self._last_submit = time.perf_counter()
        self.submissions += 1
        self._submit()
