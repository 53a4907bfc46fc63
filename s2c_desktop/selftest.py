"""``s2c-desktop --self-test``: prove an installed copy works, headless, then exit.

Checks, in order: the bundled model loads (sha256 against its card) and colorizes a sketch drawn by code
(``engine/example_sketch.py``: no dataset image is needed), and the photo written as the app writes it
carries the watermark ``s2c verify`` reads; the crime database opens (built from the datasets
when missing) and answers a query; the Qt main window can be created offscreen. Prints one line per check
and exits 0 only when all pass.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

from s2c_desktop import __version__


def _check_model(args: argparse.Namespace) -> str:
    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.engine.example_sketch import draw_example_sketch

    colorizer = Colorizer(model_path=Path(args.model) if args.model else None, device="auto")
    # Drawn by code: the installer carries no dataset face (docs/adr/0004-packaging.md).
    result = colorizer.colorize(draw_example_sketch())
    photo = result.photo
    if photo.mode != "RGB" or photo.size != (200, 250):
        raise RuntimeError(f"unexpected photo {photo.mode} {photo.size}")
    extrema = photo.getextrema()
    if all(lo == hi for lo, hi in extrema):
        raise RuntimeError("the generated photo is flat")
    origin = _verify_written(result)
    return (
        f"model {colorizer.model_name} (sha256 {colorizer.model_sha256[:12]}…) on {colorizer.device_label}: "
        f"drawn example sketch → {photo.size[0]}×{photo.size[1]} photo in {result.latency_ms:.0f} ms; "
        f"written and verified ({origin.model}, watermark z {origin.strength:.1f})"
    )


def _verify_written(result: Any) -> Any:
    """The photo as the app writes it carries the watermark that ``s2c verify`` reads back."""
    import tempfile

    from s2c_desktop.engine.provenance import save_photo_png, verify_image

    with tempfile.TemporaryDirectory(prefix="s2c-selftest-") as folder:
        origin = verify_image(save_photo_png(result, Path(folder) / "photo.png"))
    if origin is None:
        raise RuntimeError("the written photo does not carry the watermark")
    return origin


def _check_database(args: argparse.Namespace) -> str:
    from s2c_desktop.stats import db
    from s2c_desktop.stats.queries import CrimeReport
    from s2c_desktop.stats.service import open_or_build

    reports = open_or_build(datasets=args.datasets)
    try:
        built = sum(getattr(report, "loaded", 0) for report in reports)
        top = CrimeReport().run(1)
        if not top.rows:
            raise RuntimeError("query 1 returned no robbery types")
        action = f"built with {built} rows" if reports else "opened"
        return f"crime database {db.current_path()} {action}; query 1 → {len(top.rows)} robbery types"
    finally:
        db.close_database()


def _check_gui(args: argparse.Namespace) -> str:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from s2c_desktop.ui.selftest_gui import create_main_window_for_self_test

    return create_main_window_for_self_test(args)


CHECKS: list[tuple[str, Callable[[argparse.Namespace], str]]] = [
    ("model", _check_model),
    ("database", _check_database),
    ("gui", _check_gui),
]


def run_self_test(args: argparse.Namespace) -> int:
    from s2c_desktop.logging_setup import configure_logging

    configure_logging(console=False, debug=bool(getattr(args, "debug", False)))
    print(f"s2c-desktop {__version__} self-test ({'bundle' if getattr(sys, 'frozen', False) else 'source'})")
    failures = 0
    for name, check in CHECKS:
        started = time.perf_counter()
        try:
            detail = check(args)
        except Exception as exc:  # a self-test reports every failure and goes on
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            if getattr(args, "debug", False):
                traceback.print_exc()
        else:
            print(f"ok   {name}: {detail} [{time.perf_counter() - started:.1f} s]")
    print("self-test passed" if failures == 0 else f"self-test FAILED ({failures} check(s))")
    sys.stdout.flush()
    return 0 if failures == 0 else 1
