"""What the bigger paper and the colour hints cost the live photo (issue 12 §1–2). Not a test: read the table.

    python bench/bench_hints.py [--model FILE.onnx] [--hints-model FILE.onnx] [--repeats 60]

All paths are timed round-robin in one process (the machine is shared: load hits them alike), p50 / p95:
- ``Colorizer.colorize`` of the canvas paper as the tab sends it, 400×500 (the old paper) vs 800×1000 (the
  new), with the bundled generator (default) — the difference is the bigger resize to the frame;
- on a model with the ``hints`` input (default: the tiny test model, whose network costs next to nothing, so
  the difference is the engine's hint work): no hints vs a hint layer of 12 dots on the 800×1000 paper;
- the same with the layer kept between runs, as the drawing tab does while the hints do not change;
- the hint preparation alone (decode the layer, warp it like the sketch, build the tensor).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_engine import measure_interleaved  # noqa: E402

from s2c_desktop.engine.colorizer import Colorizer  # noqa: E402
from s2c_desktop.engine.fitting import fit_sketch  # noqa: E402
from s2c_desktop.engine.hints import hints_tensor, load_hints, warp_hints  # noqa: E402


def paper(width: int, height: int) -> np.ndarray:
    """A sketch-like page: white, an oval face and a few features in pencil grey."""
    import cv2

    page = np.full((height, width), 255, np.uint8)
    scale = width / 400
    cv2.ellipse(
        page,
        (width // 2, int(250 * scale)),
        (int(120 * scale), int(160 * scale)),
        0,
        0,
        360,
        60,
        max(1, int(2 * scale)),
    )
    for x in (150, 250):
        cv2.circle(page, (int(x * scale), int(252 * scale)), int(10 * scale), 40, -1)
    cv2.line(
        page,
        (int(170 * scale), int(370 * scale)),
        (int(230 * scale), int(370 * scale)),
        50,
        max(1, int(3 * scale)),
    )
    return page


def hint_layer(width: int, height: int, dots: int = 12) -> np.ndarray:
    import cv2

    rng = np.random.default_rng(0)
    layer = np.zeros((height, width, 4), np.uint8)
    radius = max(2, round(0.015 * width))  # the tool's default dot: 3 % of the paper's width
    for _ in range(dots):
        centre = (int(rng.integers(radius, width - radius)), int(rng.integers(radius, height - radius)))
        cv2.circle(layer, centre, radius, (130, 92, 67, 255), -1)
    return layer


def main() -> None:
    from tests.engine.tiny_model import write_tiny_hints_model

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", help="generator for the paper comparison (default: the bundled one)")
    parser.add_argument("--hints-model", help="a model with the 'hints' input (default: the tiny test model)")
    parser.add_argument("--repeats", type=int, default=60)
    parser.add_argument("--warmup", type=int, default=5)
    args = parser.parse_args()

    bundled = Colorizer(args.model, device="cpu")
    hints_model = args.hints_model or write_tiny_hints_model(tempfile.mkdtemp(prefix="bench_hints_"))
    with_hints = Colorizer(hints_model, device="cpu")
    old, new = paper(400, 500), paper(800, 1000)
    layer = hint_layer(800, 1000)
    fitted = fit_sketch(new, "auto")
    kept = load_hints(layer)  # what the drawing tab passes between hint edits (decoded, hashed, warps cached)
    height, width = with_hints.input_size
    results = measure_interleaved(
        {
            f"{bundled.model_name}: paper 400×500": lambda: bundled.colorize(old),
            f"{bundled.model_name}: paper 800×1000": lambda: bundled.colorize(new),
            f"{with_hints.model_name}: 800×1000, no hints": lambda: with_hints.colorize(new),
            f"{with_hints.model_name}: 800×1000, 12 hint dots": lambda: with_hints.colorize(new, hints=layer),
            f"{with_hints.model_name}: same, layer kept (live mode)": lambda: with_hints.colorize(
                new, hints=kept
            ),
            "hint preparation alone": lambda: hints_tensor(
                warp_hints(load_hints(layer), fitted.matrix), height, width
            ),
        },
        args.repeats,
        args.warmup,
    )
    print(f"{args.repeats} repeats, round-robin, CPU; milliseconds")
    print(f"{'path':48} {'p50':>7} {'p95':>7}")
    for name, (p50, p95) in results.items():
        print(f"{name:48} {p50:7.2f} {p95:7.2f}")
    names = list(results)
    print(f"paper 800×1000 ÷ 400×500 (p50): {results[names[1]][0] / results[names[0]][0]:.2f}")
    print(
        f"hints ÷ no hints (p50): new layer {results[names[3]][0] / results[names[2]][0]:.2f}, "
        f"layer kept {results[names[4]][0] / results[names[2]][0]:.2f}"
    )


if __name__ == "__main__":
    main()
