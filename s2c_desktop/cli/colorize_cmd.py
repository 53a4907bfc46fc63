"""``s2c colorize SKETCH... -o OUT``: sketches in, photos (PNG with provenance) out.

One sketch: OUT is the photo's ``.png`` file name (or a folder: an existing one, a name without a suffix,
or one ending in ``/``). Several sketches, or a
folder of them: OUT is a folder (created), each photo named after its sketch with ``.png``. Sketches are
run through the model in batches; a bad sketch does not stop the others: the failures are listed at the
end and the exit status is 1. Photos are written atomically: never a partial file.

``--hints HINTS.png``: the witness's colours, an RGBA layer the size of the sketch (transparent = no hint),
given to the model with every sketch of the call. A model without the ``hints`` input refuses it before any
work.
"""

from __future__ import annotations

import argparse
import logging
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TypeVar

from s2c_desktop.atomic import check_output_path, create_temporary
from s2c_desktop.cli.colorize_pipeline import Job, colorize_all
from s2c_desktop.engine.fitting import FIT_MODES
from s2c_desktop.engine.loading import IMAGE_SUFFIXES
from s2c_desktop.engine.model import DEVICES
from s2c_desktop.errors import InputError, ModelError, S2CError
from s2c_desktop.printable import printable

T = TypeVar("T")

log = logging.getLogger(__name__)

# One sketch per model run: on the 2-core target a batch of 8 cost ~44 ms per image against ~22 ms at batch 1,
# and the whole command at batch 4 stays slower than at 1 (issue 24; bench/bench_colorize_cli.py).
DEFAULT_BATCH = 1
# An output named like this is a file, not a folder, when several sketches need a folder.
FILE_LIKE_SUFFIXES = (*IMAGE_SUFFIXES, ".pdf", ".gif", ".webp")


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "colorize",
        help="turn sketches into colour photos",
        description="Turn face sketches (PNG, JPEG, BMP, TIFF; files or folders) into colour photos (PNG).",
    )
    parser.add_argument("sketches", nargs="+", metavar="SKETCH", help="sketch image files or folders of them")
    parser.add_argument(
        "-o",
        "--output",
        required=True,
        metavar="OUT",
        help="the photo file (one sketch) or a folder (several)",
    )
    parser.add_argument("--model", metavar="FILE.onnx", help="generator to use (default: the installed one)")
    parser.add_argument("--device", choices=DEVICES, default="auto", help="where to run the model")
    parser.add_argument(
        "--fit",
        choices=FIT_MODES,
        default="auto",
        help="fit the face into the model's framing: auto (keep 4:5 sketches, find the face in others), "
        "detect (always find the face), none (just scale and pad)",
    )
    parser.add_argument(
        "--hints",
        metavar="HINTS.png",
        help="colour hints: an RGBA image the size of the sketch, transparent where there is no hint "
        "(used for every sketch of this call; needs a model with a 'hints' input)",
    )
    parser.add_argument(
        "--batch-size", type=_positive_int, default=DEFAULT_BATCH, metavar="N", help="sketches per model run"
    )
    parser.set_defaults(func=run)


def _positive_int(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value


def run(args: argparse.Namespace) -> int:
    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.engine.hints import check_hint_file, load_hints

    verbose = bool(getattr(args, "verbose", False))
    jobs, several = expand_inputs(args.sketches)
    _hints_step(args.hints, check_hint_file)
    assign_targets(
        jobs, Path(args.output), several, args.output, extra_inputs=[Path(args.hints)] if args.hints else []
    )
    colorizer = Colorizer(args.model, device=args.device)
    if args.hints is not None and not colorizer.accepts_hints:
        raise ModelError(f"--hints: {colorizer.no_hints_reason()}")
    # Decoded only now: the header, the outputs and the model could each refuse the call for free.
    hints = _hints_step(args.hints, load_hints)
    if verbose:
        reason = f"; not CUDA: {colorizer.fallback_reason}" if colorizer.fallback_reason else ""
        sys.stderr.write(f"device: {colorizer.device_label} ({colorizer.provider}{reason})\n")
        sys.stderr.write(f"model: {colorizer.model_name} sha256 {colorizer.model_sha256[:12]}…\n")
    pending = [job for job in jobs if job.error is None]
    colorize_all(colorizer, pending, args.fit, args.batch_size, verbose, hints)
    return report(jobs, Path(args.output) if several else None)


def _hints_step(argument: str | None, step: Callable[[Path], T]) -> T | None:
    """One step on the call's hint layer (its header check, its decoding); errors name ``--hints``."""
    if argument is None:
        return None
    try:
        return step(Path(argument))
    except InputError as exc:
        raise InputError(f"--hints: {exc}") from None


def expand_inputs(arguments: list[str]) -> tuple[list[Job], bool]:
    """Files stay as they are (checked later, one by one); folders give their image files, sorted."""
    jobs: list[Job] = []
    several = len(arguments) > 1
    for argument in arguments:
        path = Path(argument)
        try:
            is_folder = path.is_dir()
        except OSError as exc:  # a name too long for the file system, a loop of links
            jobs.append(Job(path, error=f"{path}: {exc.strerror or exc}"))
            continue
        if is_folder:
            several = True
            # Only image suffixes: an interrupted run's temporaries (.s2c-partial-….tmp) are never taken for
            # sketches.
            images = sorted(p for p in path.iterdir() if p.is_file() and p.suffix.lower() in IMAGE_SUFFIXES)
            if not images:
                jobs.append(Job(path, error=f"{path}: no PNG, JPEG, BMP or TIFF files in this folder"))
            jobs.extend(Job(image) for image in images)
        else:
            jobs.append(Job(path))
    return jobs, several


def assign_targets(
    jobs: list[Job], output: Path, several: bool, output_text: str = "", extra_inputs: Sequence[Path] = ()
) -> None:
    """Decide every photo's file name, and make sure the output can be written before any work starts.

    One sketch: OUT ending in ``.png`` is the photo's file; an existing folder, a name without a suffix or one
    ending in a slash is a folder (created) that gets ``<sketch name>.png``; other suffixes are refused (the
    photo is always PNG, which carries the provenance). Several sketches: OUT is a folder, so a name that
    looks like a file (``res.png``) is refused unless it ends in a slash. No photo may replace an input (a
    sketch, or ``extra_inputs`` such as the hint layer): that is refused before anything is written."""
    check_output_path(output)
    explicit_folder = output_text.endswith(("/", os.sep))
    if not several:
        job = jobs[0]
        as_folder = output.is_dir() or not output.suffix or explicit_folder
        if not as_folder and output.suffix.lower() != ".png":
            raise S2CError(
                f"output {output} must end in .png (photos are written as PNG, with their provenance)"
            )
        job.target = output / f"{job.source.stem}.png" if as_folder else output
        check_output_path(job.target)
        _refuse_overwriting_inputs(jobs, extra_inputs)
        _check_writable_folder(job.target.parent if str(job.target.parent) else Path("."), create=True)
        return
    if output.exists() and not output.is_dir():
        raise S2CError(f"output {output} is a file; several sketches need an output folder")
    if not output.exists() and not explicit_folder and output.suffix.lower() in FILE_LIKE_SUFFIXES:
        raise S2CError(
            f"output {output} looks like a file name, but several sketches need an output folder "
            f"(end it with {os.sep} to make a folder of that name)"
        )
    taken: set[str] = set()
    for job in jobs:
        if job.error is not None:
            continue
        name = f"{job.source.stem}.png"
        counter = 2
        while name.lower() in taken:  # a/face.jpg and b/face.png must not overwrite each other
            name = f"{job.source.stem}_{counter}.png"
            counter += 1
        taken.add(name.lower())
        try:
            check_output_path(output / name)
        except S2CError as exc:
            job.error = f"{job.source}: {exc}"
            continue
        job.target = output / name
    _refuse_overwriting_inputs(jobs, extra_inputs)
    _check_writable_folder(output, create=True)


def _refuse_overwriting_inputs(jobs: list[Job], extra_inputs: Sequence[Path]) -> None:
    inputs = [job.source for job in jobs] + list(extra_inputs)
    for job in jobs:
        if job.target is None:
            continue
        for source in inputs:
            if _same_file(job.target, source):
                raise S2CError(
                    f"output {job.target} would overwrite the input {source}; choose another output"
                )


def _same_file(first: Path, second: Path) -> bool:
    try:
        return os.path.samefile(first, second)  # links, "./a.png", case-insensitive file systems
    except OSError:  # one of them does not exist (yet)
        return os.path.normcase(os.path.abspath(first)) == os.path.normcase(os.path.abspath(second))


def _check_writable_folder(folder: Path, create: bool) -> None:
    try:
        if create:
            folder.mkdir(parents=True, exist_ok=True)
        if not folder.is_dir():
            raise S2CError(f"output folder {folder} is not a folder")
        create_temporary(folder).unlink()  # named like every write's temporary, so never taken for a photo
    except S2CError:
        raise
    except OSError as exc:
        raise S2CError(f"cannot write to output folder {folder}: {exc.strerror or exc}") from None


def report(jobs: list[Job], folder: Path | None) -> int:
    failed = [job for job in jobs if job.error is not None]
    done = [job for job in jobs if job.error is None and job.target is not None]
    if len(jobs) == 1 and done:
        print(f"wrote {printable(done[0].target)}")
    elif done:
        print(f"wrote {len(done)} of {len(jobs)} photos to {printable(folder)}")
    for job in failed:
        message = job.error or "failed"
        if str(job.source) not in message:
            message = f"{job.source}: {message}"
        log.info("colorize failed: %s", message)
        sys.stderr.write(f"error: {printable(message)}\n")  # a crafted name cannot add a line
    if failed and len(jobs) > 1:
        sys.stderr.write(f"error: {len(failed)} of {len(jobs)} sketches failed\n")
    return 1 if failed else 0
