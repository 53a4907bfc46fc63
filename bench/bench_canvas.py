"""Canvas costs: time per pointer event while drawing, commit/undo/redo time, undo memory per stroke
(sketch tools and the colour-hint tool, whose layer is RGBA).

Run: ``QT_QPA_PLATFORM=offscreen .venv/bin/python bench/bench_canvas.py [--repeats 5]``

Each figure is the median over ``--repeats`` runs; the undo memory of one stroke is shown next to what a
full-image snapshot per stroke would cost, so the ratio is visible in the same run. A pointer event
includes painting the touched area: the event loop is run after each event, so Qt paints the
region the stroke invalidated, as it does on screen.
"""

from __future__ import annotations

import argparse
import math
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from PySide6.QtCore import QEvent, QPointF, Qt  # noqa: E402
from PySide6.QtGui import QMouseEvent  # noqa: E402
from PySide6.QtWidgets import QApplication  # noqa: E402

from s2c_desktop.ui.drawing.canvas.canvas_widget import SketchCanvas  # noqa: E402

EVENTS_PER_STROKE = 120


def _send(canvas: SketchCanvas, kind: QEvent.Type, doc_x: float, doc_y: float, button, buttons) -> None:
    position = canvas.document_to_widget(QPointF(doc_x, doc_y))
    event = QMouseEvent(kind, position, position, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, event)


def _stroke_path(index: int) -> list[tuple[float, float]]:
    # A wavy stroke across the face area, 3 document pixels between events (a fast pen on a tablet).
    y0 = 100 + (index * 37) % 300
    return [(50 + 2.5 * i, y0 + 20 * math.sin(i / 9)) for i in range(EVENTS_PER_STROKE)]


def measure_stroke(canvas: SketchCanvas, app: QApplication, index: int) -> tuple[float, float]:
    """(median ms per move event, ms to commit on release)."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    points = _stroke_path(index)
    _send(canvas, QEvent.Type.MouseButtonPress, *points[0], left, left)
    per_event = []
    for x, y in points[1:]:
        start = time.perf_counter()
        _send(canvas, QEvent.Type.MouseMove, x, y, none, left)
        app.processEvents()  # paints the invalidated region now, so painting is measured too
        per_event.append((time.perf_counter() - start) * 1000)
    start = time.perf_counter()
    _send(canvas, QEvent.Type.MouseButtonRelease, *points[-1], left, none)
    commit_ms = (time.perf_counter() - start) * 1000
    app.processEvents()
    return statistics.median(per_event), commit_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    app = QApplication.instance() or QApplication([])
    canvas = SketchCanvas()
    canvas.resize(480, 580)
    canvas.show()
    app.processEvents()
    canvas.zoom_to_fit()

    print(
        f"paper {canvas.document.width}×{canvas.document.height}, zoom {canvas.zoom:.2f}, "
        f"{EVENTS_PER_STROKE} events per stroke, {args.repeats} repeats, medians"
    )
    print(
        f"{'tool':8} {'size':>5} {'ms/event':>9} {'commit ms':>10} {'undo KiB':>9} {'full KiB':>9} "
        f"{'ratio':>6}"
    )
    for tool in ("pencil", "eraser", "soften", "smudge", "colour"):
        for size in (2.0, 8.0, 24.0):
            canvas.reset_document()
            canvas.set_tool(tool)
            canvas.set_brush_size(size)
            canvas.hints.set_size(size)  # the colour-hint tool has its own dot size
            # The hint layer is RGBA: its full snapshot is 4× the paper's.
            full_snapshot = (canvas.hints.sheet.pixels if tool == "colour" else canvas.document.pixels).nbytes
            events, commits, undo_bytes = [], [], []
            for repeat in range(args.repeats):
                if tool not in ("pencil", "colour"):  # give eraser, soften and smudge some ink to work on
                    canvas.set_tool("pencil")
                    measure_stroke(canvas, app, repeat)
                    canvas.set_tool(tool)
                before = canvas.undo_history_bytes()
                per_event, commit = measure_stroke(canvas, app, repeat)
                events.append(per_event)
                commits.append(commit)
                undo_bytes.append(canvas.undo_history_bytes() - before)
            stored = statistics.median(undo_bytes)
            print(
                f"{tool:8} {size:5.0f} {statistics.median(events):9.3f} {statistics.median(commits):10.3f} "
                f"{stored / 1024:9.1f} {2 * full_snapshot / 1024:9.1f} "
                f"{2 * full_snapshot / max(stored, 1):6.1f}"
            )

    undo_ms, redo_ms = [], []
    for _ in range(args.repeats):
        start = time.perf_counter()
        canvas.undo_stack.undo()
        undo_ms.append((time.perf_counter() - start) * 1000)
        start = time.perf_counter()
        canvas.undo_stack.redo()
        redo_ms.append((time.perf_counter() - start) * 1000)
    print(f"undo {statistics.median(undo_ms):.3f} ms, redo {statistics.median(redo_ms):.3f} ms (one stroke)")
    budget_strokes = canvas.undo_budget_bytes / max(statistics.median(undo_bytes), 1)
    print(
        f"undo budget {canvas.undo_budget_bytes / 2**20:.0f} MiB ≈ {budget_strokes:,.0f} strokes like the "
        "last one"
    )


if __name__ == "__main__":
    main()
