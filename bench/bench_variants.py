"""Speed of one Variantes round (issue 26 target: nine variants on screen ≤ 1 s on 2 CPU cores, one batch).

    python bench/bench_variants.py [--model FILE.onnx] [--repeats 5] [--threads N] [--gui]

Measures, on a drawn 800×1000 sketch (the canvas paper), the parts of a round with medians over repeats:
fitting once (prepare), making the nine inputs (warps and hint layers), the one batched model run with the
skin-tone anchor, and the whole round. ``--gui`` also times the drawing tab's grid: the nine photos turned
into pixmaps and painted (offscreen), from the round's start to the ninth photo on screen.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def drawn_sketch() -> np.ndarray:
    """A face drawn on the canvas paper along the face guide (strokes, like an artist's first pass)."""
    import cv2

    from tests.engine.test_warp import face_drawing

    paper = face_drawing(4)
    cv2.ellipse(paper, (400, 260), (220, 150), 0, 180, 360, 0, 10)  # hair line
    return paper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path)
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--threads", type=int, help="onnxruntime intra-op threads (default: its own)")
    parser.add_argument("--gui", action="store_true", help="also time the grid on screen (offscreen Qt)")
    args = parser.parse_args()

    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.engine.variant_faces import prepare_round, run_round, variant_inputs
    from s2c_desktop.engine.variants import make_round

    colorizer = Colorizer(args.model, device="cpu", threads=args.threads)
    colorizer.warm_up()
    sketch = drawn_sketch()
    times: dict[str, list[float]] = {"prepare": [], "inputs": [], "round": []}
    for repeat in range(args.repeats):
        started = time.perf_counter()
        base = prepare_round(colorizer, sketch)
        times["prepare"].append((time.perf_counter() - started) * 1000)
        variants = make_round(seed=repeat)
        started = time.perf_counter()
        for variant in variants:
            variant_inputs(base, variant)
        times["inputs"].append((time.perf_counter() - started) * 1000)
        _, elapsed = run_round(colorizer, base, variants)
        times["round"].append(elapsed)
    if args.gui:
        times["on screen"] = gui_times(sketch, args.model, args.repeats)
    print(f"model {colorizer.model_name} on {colorizer.provider}, input {colorizer.input_size}")
    for name, values in times.items():
        print(
            f"{name:>10}: median {statistics.median(values):7.1f} ms  (min {min(values):.1f}, "
            f"n={len(values)})"
        )


def gui_times(sketch: np.ndarray, model: Path | None, repeats: int) -> list[float]:
    """From asking for a round to the ninth photo painted in the grid: the drawing tab's own job and dialog
    (the job runs here, on this thread, instead of the tab's worker thread; the work is the same)."""
    from PySide6.QtWidgets import QApplication

    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.ui.background import TaskState
    from s2c_desktop.ui.drawing.jobs import ModelSlot
    from s2c_desktop.ui.drawing.variants_panel import VariantRound, VariantsDialog

    app = QApplication.instance() or QApplication([])
    colorizer = Colorizer(model, device="cpu")
    colorizer.warm_up()
    dialog = VariantsDialog()
    dialog.show()
    out: list[float] = []
    for repeat in range(repeats):
        started = time.perf_counter()
        job = VariantRound(ModelSlot(colorizer), sketch.copy(), None, seed=repeat)
        dialog.show_round(job.run(TaskState(lambda *_: None)))
        dialog.repaint()
        app.processEvents()
        out.append((time.perf_counter() - started) * 1000)
    return out


if __name__ == "__main__":
    main()
