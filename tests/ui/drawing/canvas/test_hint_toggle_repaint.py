"""Issue 27 §1: H (show/hide hints) repaints the canvas at once, not when something else next repaints it.

``grab()`` renders the widget afresh, so it cannot see a missed repaint: this counts the paint events Qt
delivers to the shown canvas after the key press."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QColor

from tests.ui.drawing.canvas.events import mouse_stroke


class PaintCounter(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.count = 0

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint:
            self.count += 1
        return False


def test_h_repaints_the_canvas_each_time(canvas, qtbot) -> None:  # noqa: ANN001
    canvas.set_tool("colour")
    canvas.hints.set_colour(QColor(255, 0, 0))
    mouse_stroke(canvas, [(400, 500)])
    counter = PaintCounter()
    canvas.installEventFilter(counter)
    qtbot.wait(50)  # let the stroke's own repaint go by
    for shown in (False, True):
        before = counter.count
        qtbot.keyClick(canvas, Qt.Key.Key_H)
        assert canvas.hints.visible is shown
        qtbot.waitUntil(lambda before=before: counter.count > before, timeout=2_000)
    spot = canvas.document_to_widget(QPointF(400, 500))
    assert canvas.grab().toImage().pixelColor(int(spot.x()), int(spot.y())).red() > 200
