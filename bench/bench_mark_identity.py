"""Does the visible mark hide the face? The judge's rank-1 on marked vs unmarked photos (issue 25 §1).

    python bench/bench_mark_identity.py [--model resources/models/s2c_generator.onnx]
        [--data ../shared/datasets/faces/cufs_ar ... cache/cufsf_aligned] [--size 200x250|400x500]
        [--enlarge bicubic|superres] [--descriptor-cache cache/descriptors.npz]

For every set: the validation split of ``training/data.py`` (``is_validation``); the generator's photo of each
held-out sketch (the engine's postprocessing, no hints), as it leaves the app: unmarked and with
:func:`s2c_desktop.engine.visible_mark.add_visible_mark` at ``--size`` (``400x500``: the photo enlarged
bicubic first, or by the super-resolution stage with ``--enlarge superres``, as the app does). With
``--enlarge superres`` the 200×250 photo itself is scored too (``frame``), so the stage's own effect on
identity shows beside the mark's. Probes are ranked by dlib's descriptor (``training/faces.py``, the judge)
among *all* photos of the set, the held-out person hidden among the training people. The sketch itself is the
baseline. Prints one row per set and the totals; the mark passes when marked rank-1 is within one point
(percentage point) of unmarked.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
from PIL import Image

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from s2c_desktop.engine.visible_mark import add_visible_mark  # noqa: E402
from training import data as data_mod  # noqa: E402
from training import faces  # noqa: E402
from training.evaluate import DescriptorCache, OnnxGenerator, ranks  # noqa: E402

FACES = REPO.parent / "shared" / "datasets" / "faces"
DEFAULT_SETS = [FACES / "cufs_ar", FACES / "cufs_cuhk", FACES / "cufs_xm2vts"]


def describe_all(images: list[np.ndarray]) -> np.ndarray:
    vectors = []
    for image in images:
        vector, _ = faces.describe(image)
        vectors.append(vector if vector is not None else np.full(128, 1e3))  # a miss is a miss
    return np.stack(vectors)


def score_set(
    generator: OnnxGenerator, data_dir: Path, size: tuple[int, int], cache: DescriptorCache, enlarge: str
) -> dict[str, int]:
    pairs = data_mod.discover_pairs([data_dir])
    training, validation = data_mod.split_pairs(pairs)
    arrays = data_mod.PairArrays.load(validation)
    photos = generator(arrays.sketches)
    gallery = np.stack(
        [
            cache.describe(p.photo_path, data_mod.load_frame(p.photo_path, "RGB"))
            for p in validation + training
        ]
    )
    cache.save()
    if enlarge == "superres":
        from s2c_desktop.engine.superres import default_upscaler

        upscaler = default_upscaler()
        assert upscaler is not None, "no super-resolution model installed"
        leaving = [upscaler.upscale(Image.fromarray(photo)) for photo in photos]
    else:
        leaving = [Image.fromarray(photo).resize(size, Image.Resampling.BICUBIC) for photo in photos]
    probes = {
        "sketch": [np.repeat(sketch[..., None], 3, axis=2) for sketch in arrays.sketches],
        "frame": list(photos),
        "unmarked": [np.asarray(photo) for photo in leaving],
        "marked": [np.asarray(add_visible_mark(photo, "DIRINCRI-2024-0153")) for photo in leaving],
    }
    counts = {"pairs": len(validation), "gallery": len(gallery)}
    for name, images in probes.items():
        counts[name] = int(np.sum(ranks(describe_all(images), gallery) <= 1))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, default=REPO / "resources" / "models" / "s2c_generator.onnx")
    parser.add_argument("--data", type=Path, nargs="+", default=DEFAULT_SETS)
    parser.add_argument("--size", default="200x250", help="WIDTHxHEIGHT the photo leaves the app at")
    parser.add_argument("--enlarge", choices=("bicubic", "superres"), default="bicubic")
    parser.add_argument("--descriptor-cache", type=Path, default=None)
    args = parser.parse_args()
    width, height = (int(part) for part in args.size.split("x"))
    generator = OnnxGenerator(args.model)
    cache = DescriptorCache(args.descriptor_cache)
    totals = {"pairs": 0, "sketch": 0, "frame": 0, "unmarked": 0, "marked": 0}
    print(f"{'set':<16}{'pairs':>6}{'gallery':>8}{'sketch':>8}{'frame':>7}{'unmarked':>10}{'marked':>8}")
    for data_dir in args.data:
        counts = score_set(generator, data_dir, (width, height), cache, args.enlarge)
        print(
            f"{data_dir.name:<16}{counts['pairs']:>6}{counts['gallery']:>8}{counts['sketch']:>8}"
            f"{counts['frame']:>7}{counts['unmarked']:>10}{counts['marked']:>8}"
        )
        for key in totals:
            totals[key] += counts[key]
    pairs = totals["pairs"]
    share = {key: 100.0 * totals[key] / pairs for key in ("sketch", "frame", "unmarked", "marked")}
    print(
        f"{'all':<16}{pairs:>6}{'':>8}{totals['sketch']:>8}{totals['frame']:>7}{totals['unmarked']:>10}"
        f"{totals['marked']:>8}\n"
        f"rank-1 %: sketch {share['sketch']:.1f}, 200x250 frame {share['frame']:.1f}, "
        f"{args.enlarge} {width}x{height} unmarked {share['unmarked']:.1f}, "
        f"marked {share['marked']:.1f} (difference {share['marked'] - share['unmarked']:+.1f} points)"
    )
    return 0 if share["marked"] >= share["unmarked"] - 1.0 else 1


if __name__ == "__main__":
    sys.exit(main())
