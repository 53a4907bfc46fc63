"""``s2c colorize``'s work, overlapped on the machine's cores (issue 24, speed).

Each photo costs, on one core of the 2-core target: decoding and fitting its sketch (~1.5 ms), the model
(~26 ms at one intra-op thread), then the stages every photo that leaves the app goes through
(:func:`~s2c_desktop.engine.provenance.leaving_photo`: super-resolution ~16 ms, the visible mark ~1 ms, the
invisible watermark ~6 ms; then the PNG ~6 ms and its fsyncs). One after another that is over twice the
model's time, so three kinds of thread share the work:

- one reader thread decodes and fits the next batch while the model runs this one;
- the calling thread runs the model, batch after batch;
- :data:`EXIT_WORKERS` writer threads take each photo through the exit stages and write it.

onnxruntime, zlib, OpenCV and numpy release Python's global lock while they compute, so the threads run on
separate cores (``bench/bench_colorize_cli.py`` measures the command against the bare model). At most
:data:`IN_FLIGHT` photos wait for a writer, so memory stays bounded whatever the number of sketches.

The outcome is the one of running the steps one after another: the same photos, and each failure (a bad
sketch, a failing batch, a photo that cannot be written) recorded on its own job while the others go on.
Warnings and ``--verbose`` lines come out in the sketches' order.
"""

from __future__ import annotations

import logging
import sys
from collections import deque
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from s2c_desktop.errors import S2CError
from s2c_desktop.printable import printable

if TYPE_CHECKING:
    from s2c_desktop.engine.colorizer import Colorizer, ColorizeResult, PreparedSketch
    from s2c_desktop.engine.hints import HintLayer

log = logging.getLogger(__name__)

PROGRESS_MIN_FILES = 4  # a progress bar for more than a few sketches
# Photos through the exit stages at once: the model's thread keeps one core, these two share both cores with
# it, so neither core idles while the model waits for nothing (one writer left the exit stages the
# bottleneck, ~1.5× the model per photo: bench/bench_colorize_cli.py compares 1, 2 and 3).
EXIT_WORKERS = 2
IN_FLIGHT = 2 * EXIT_WORKERS  # photos made by the model and not yet written, at most


@dataclass
class Job:
    source: Path
    target: Path | None = None
    error: str | None = None


def colorize_all(
    colorizer: Colorizer,
    jobs: list[Job],
    fit: str,
    batch_size: int,
    verbose: bool,
    hints: HintLayer | None = None,
) -> None:
    """Colorize ``jobs`` in batches of ``batch_size`` and write each photo to its ``target``; every failure
    is recorded on its job (``job.error``), never raised."""
    from tqdm import tqdm

    batches = [jobs[start : start + batch_size] for start in range(0, len(jobs), batch_size)]
    with (
        tqdm(
            total=len(jobs),
            disable=len(jobs) < PROGRESS_MIN_FILES,
            file=sys.stderr,
            unit="sketch",
            leave=False,
        ) as progress,
        ThreadPoolExecutor(max_workers=1, thread_name_prefix="s2c-reader") as reader,
        ThreadPoolExecutor(max_workers=EXIT_WORKERS, thread_name_prefix="s2c-writer") as writers,
    ):

        def read(batch: list[Job]) -> Future[list[tuple[Job, PreparedSketch | Exception]]]:
            return reader.submit(_prepare_batch, colorizer, batch, fit, hints)

        upcoming = read(batches[0]) if batches else None
        writes: deque[Future[str | None]] = deque()
        for index in range(len(batches)):
            assert upcoming is not None
            prepared = upcoming.result()
            upcoming = read(batches[index + 1]) if index + 1 < len(batches) else None
            ready = _take_prepared(prepared, progress)
            try:
                results = colorizer.run([item for _, item in ready])
            except Exception as exc:
                for job, _ in ready:
                    job.error = f"{job.source}: {describe_failure(exc)}"
                progress.update(len(ready))
                continue
            for (job, _), result in zip(ready, results, strict=True):
                while len(writes) >= IN_FLIGHT:
                    _finish(writes.popleft(), progress)
                writes.append(writers.submit(_write_photo, job, result, verbose))
        while writes:
            _finish(writes.popleft(), progress)


def _prepare_batch(
    colorizer: Colorizer, batch: list[Job], fit: str, hints: HintLayer | None
) -> list[tuple[Job, PreparedSketch | Exception]]:
    """Decode and fit each sketch of ``batch`` (in the reader thread); a failure is kept for its job."""
    prepared: list[tuple[Job, PreparedSketch | Exception]] = []
    for job in batch:
        try:
            prepared.append((job, colorizer.prepare(job.source, fit, hints=hints)))
        except Exception as exc:  # one odd file must not cost the others their photos
            prepared.append((job, exc))
    return prepared


def _take_prepared(
    prepared: list[tuple[Job, PreparedSketch | Exception]], progress: Any
) -> list[tuple[Job, PreparedSketch]]:
    """The batch's sketches ready for the model; failures recorded on their jobs, warnings printed."""
    ready: list[tuple[Job, PreparedSketch]] = []
    for job, item in prepared:
        if isinstance(item, Exception):
            job.error = describe_failure(item)
            progress.update(1)
            continue
        ready.append((job, item))
        for warning in item.source.warnings:  # colorized anyway; the artist decides
            log.info("colorize warning: %s: %s", job.source, warning)
            progress.write(f"warning: {printable(job.source)}: {warning}", file=sys.stderr)
    return ready


def _write_photo(job: Job, result: ColorizeResult, verbose: bool) -> str | None:
    """The photo through the exit stages and onto disk (in a writer thread); the ``--verbose`` line."""
    from s2c_desktop.engine.provenance import save_photo_png

    try:
        if job.target is None:
            raise S2CError("no output name")  # assign_targets names every pending job
        save_photo_png(result, job.target)
    except Exception as exc:
        job.error = f"{job.source}: {describe_failure(exc)}"
        return None
    if not verbose:
        return None
    return (
        f"{printable(job.source)} → {printable(job.target)} (fit {result.metadata['fit']}, "
        f"model {result.metadata['model_ms']} ms)"
    )


def _finish(write: Future[str | None], progress: Any) -> None:
    line = write.result()  # _write_photo records its own failure on the job
    if line is not None:  # through tqdm, so the line does not tear the progress bar
        progress.write(line, file=sys.stderr)
    progress.update(1)


def describe_failure(exc: Exception) -> str:
    if isinstance(exc, S2CError):
        return str(exc)
    # A bug, not the user's fault: keep the batch going, put the traceback in the log.
    log.error("unexpected error while colorizing", exc_info=exc)
    return f"unexpected {type(exc).__name__}: {exc} (details in the log)"
