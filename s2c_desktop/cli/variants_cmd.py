"""``s2c variants SKETCH -o DIR``: one round of nine variant photos for the witness to pick from (issue 26).

Writes ``round<R>-<I>.png`` (I = 1…9, the grid's reading order; 1 is the centre) and beside each photo
``round<R>-<I>.json``, its parameters (shape and colours). Pass the one the witness picked back as
``--around round<R>-<I>.json`` for the next round, whose step is half the pick's unless ``--step`` says.
The same engine code as the drawing tab's Variantes grid (:mod:`s2c_desktop.engine.variants`); the nine run
through the model as one batch. Nothing is written until all nine photos exist; no output replaces an input.
"""

from __future__ import annotations

import argparse
import json
import math
from pathlib import Path

from s2c_desktop.atomic import atomic_write_text, check_output_path
from s2c_desktop.cli.colorize_cmd import _check_writable_folder, _same_file
from s2c_desktop.engine.fitting import FIT_MODES
from s2c_desktop.engine.model import DEVICES
from s2c_desktop.errors import InputError, ModelError, S2CError
from s2c_desktop.printable import printable

MAX_VARIANT_FILE_BYTES = 64 * 1024  # a variant file is a few hundred bytes; anything this big is not one


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "variants",
        help="nine variant photos of a sketch for the witness to pick from",
        description="Write nine variant photos of a face sketch (shape and colours varied) and their "
        "parameters; pass the picked one's .json back with --around for the next, finer round.",
    )
    parser.add_argument("sketch", metavar="SKETCH", help="the sketch image (PNG, JPEG, BMP, TIFF)")
    parser.add_argument("-o", "--output", required=True, metavar="DIR", help="folder for the photos")
    parser.add_argument(
        "--hints", metavar="H.png", help="the witness's colours: RGBA, the size of the sketch"
    )
    parser.add_argument(
        "--around", metavar="PICK.json", help="the variant picked in the last round (its .json file)"
    )
    parser.add_argument(
        "--step", type=_step, metavar="S", help="how far the variants go, in (0, 1] (default: 1, then half)"
    )
    parser.add_argument("--seed", type=int, metavar="N", help="random seed (the same seed, the same round)")
    parser.add_argument("--model", metavar="FILE.onnx", help="generator to use (default: the installed one)")
    parser.add_argument("--device", choices=DEVICES, default="auto", help="where to run the model")
    parser.add_argument("--fit", choices=FIT_MODES, default="auto", help="how to fit the face (see colorize)")
    parser.set_defaults(func=run)


def _step(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not math.isfinite(value) or not 0 < value <= 1:
        raise argparse.ArgumentTypeError("must be in (0, 1]")
    return value


def read_variant(path: Path):
    """The picked variant's file, read as hostile input: size-limited JSON in the variant format."""
    from s2c_desktop.engine.variants import Variant

    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_VARIANT_FILE_BYTES + 1)
    except OSError as exc:
        raise InputError(f"--around {path}: {exc.strerror or exc}") from None
    if len(data) > MAX_VARIANT_FILE_BYTES:
        raise InputError(f"--around {path}: too big for a variant file")
    try:
        parsed = json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as exc:
        raise InputError(f"--around {path}: not JSON ({type(exc).__name__})") from None
    try:
        return Variant.from_json(parsed)
    except InputError as exc:
        raise InputError(f"--around {path}: {exc}") from None


def run(args: argparse.Namespace) -> int:
    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.engine.provenance import save_photo_png
    from s2c_desktop.engine.variant_faces import prepare_round, run_round, start_from_hints
    from s2c_desktop.engine.variants import make_round

    centre = read_variant(Path(args.around)) if args.around else None
    output = Path(args.output)
    if output.exists() and not output.is_dir():
        raise S2CError(f"output {output} is a file; variants need an output folder")
    colorizer = Colorizer(args.model, device=args.device)
    if args.hints and not colorizer.accepts_hints:
        raise ModelError(f"--hints: {colorizer.no_hints_reason()}")
    base = prepare_round(colorizer, Path(args.sketch), Path(args.hints) if args.hints else None, args.fit)
    start = None if centre is not None else start_from_hints(base.frame_hints)
    variants = make_round(
        centre, step=args.step, seed=args.seed, colours=colorizer.accepts_hints, start=start
    )
    stems = [output / f"round{v.round}-{v.index}" for v in variants]
    inputs = [Path(p) for p in (args.sketch, args.hints, args.around) if p]
    for stem in stems:
        for target in (stem.with_suffix(".png"), stem.with_suffix(".json")):
            check_output_path(target)
            if any(_same_file(target, source) for source in inputs):
                raise S2CError(f"output {target} would overwrite the input; choose another output folder")
    _check_writable_folder(output, create=True)
    results, elapsed_ms = run_round(colorizer, base, variants)  # all nine before anything is written
    for stem, variant, result in zip(stems, variants, results, strict=True):
        save_photo_png(result, stem.with_suffix(".png"), extra={"variant": json.dumps(variant.to_json())})
        atomic_write_text(stem.with_suffix(".json"), json.dumps(variant.to_json(), indent=2) + "\n")
    first = variants[0]
    print(
        f"wrote {len(variants)} variants (round {first.round}, step {first.step:g}) to {printable(output)} "
        f"in {elapsed_ms:.0f} ms"
    )
    return 0
