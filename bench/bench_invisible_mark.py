"""The invisible watermark, measured: survival of each transformation, false positives on real photos (ADR
0018).

    python bench/bench_invisible_mark.py [--model resources/models/s2c_generator.onnx] [--photos 40]
        [--sizes 200x250 400x500] [--real ../shared/datasets/faces] [--skip-real]

Survival: the generator's photos of ``--photos`` CUFS sketches (every n-th of the three sets), as they leave
the app (400×500: enlarged by the super-resolution stage when installed, else bicubic; visible mark, then the
watermark) at each size, then each transformation of ``tests/engine/transforms.py``;
a row per size × transformation: how many were verified with the right payload, the weakest and the median
detection strength (z-score), and the embedding time. False positives: every photo under ``--real``
(``*/photos``) read as it is; how many pass the thresholds, and the highest anchor and carrier z-scores seen.
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

from s2c_desktop.engine import invisible_mark  # noqa: E402
from s2c_desktop.engine.colorizer import Colorizer  # noqa: E402
from s2c_desktop.engine.superres import default_upscaler  # noqa: E402
from s2c_desktop.engine.visible_mark import add_visible_mark  # noqa: E402
from s2c_desktop.imaging import open_image  # noqa: E402
from tests.engine.transforms import TRANSFORMS  # noqa: E402

FACES = REPO.parent / "shared" / "datasets" / "faces"


def survival(model: Path, count: int, sizes: list[tuple[int, int]]) -> None:
    sketches = sorted(FACES.glob("cufs_*/sketches/*"))
    step = max(1, len(sketches) // count)
    colorizer = Colorizer(model, device="cpu")
    photos = [colorizer.colorize(path).photo for path in sketches[::step][:count]]
    payload = invisible_mark.Payload(0xA7, 0x5EC2)
    print(f"{'size':<9}{'transformation':<16}{'verified':>10}{'weakest z':>11}{'median z':>10}")
    for width, height in sizes:
        times, marked, changes = [], [], []
        upscaler = default_upscaler()
        for photo in photos:
            if upscaler is not None and (width, height) == (400, 500):  # as the app enlarges it
                sized = upscaler.upscale(photo)
            else:
                sized = photo.resize((width, height), 3)
            visible = add_visible_mark(sized, "DIRINCRI-2024-0153")
            started = time.perf_counter()
            marked.append(invisible_mark.embed(visible, payload))
            times.append((time.perf_counter() - started) * 1000)
            changes.append(np.abs(np.asarray(marked[-1], float) - np.asarray(visible, float)).mean())
        change = float(np.mean(changes))
        print(
            f"{width}x{height}: embedding p50 {statistics.median(times):.1f} ms, mean change {change:.2f} "
            "levels"
        )
        for name, transform in TRANSFORMS.items():
            found = [invisible_mark.detect(transform(image)) for image in marked]
            right = [d.strength for d in found if d is not None and d.payload == payload]
            strengths = [d.strength if d is not None else 0.0 for d in found]
            print(
                f"{'':<9}{name:<16}{len(right):>5}/{len(found):<4}{min(strengths):>11.1f}"
                f"{statistics.median(strengths):>10.1f}"
            )


def false_positives(real: Path) -> None:
    paths = sorted(path for path in real.glob("*/photos/*") if path.is_file())
    passed, anchors, carriers = [], [], []
    started = time.perf_counter()
    for path in paths:
        image = open_image(path, "RGB")
        readings = invisible_mark.read(image)
        anchors.append(max(r.anchor_z for r in readings))
        carriers.append(max(r.carrier_z for r in readings))
        if invisible_mark.detect(image) is not None:
            passed.append(path)
    elapsed = time.perf_counter() - started
    print(
        f"real photos: {len(paths)} read in {elapsed:.0f} s; passing: {len(passed)}; highest anchor z "
        f"{max(anchors):.2f} (99th percentile {np.percentile(anchors, 99):.2f}, threshold "
        f"{invisible_mark.ANCHOR_Z}); highest carrier z {max(carriers):.2f} (threshold "
        f"{invisible_mark.CARRIER_Z})"
    )
    for path in passed:
        print(f"  false positive: {path}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO / "resources" / "models" / "s2c_generator.onnx")
    parser.add_argument("--photos", type=int, default=40)
    parser.add_argument("--sizes", nargs="+", default=["200x250", "400x500"])
    parser.add_argument("--real", type=Path, default=FACES)
    parser.add_argument("--skip-real", action="store_true")
    args = parser.parse_args()
    sizes = [tuple(int(part) for part in size.split("x")) for size in args.sizes]
    survival(args.model, args.photos, sizes)  # type: ignore[arg-type]
    if not args.skip_real:
        false_positives(args.real)
    return 0


if __name__ == "__main__":
    sys.exit(main())
