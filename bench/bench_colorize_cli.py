"""``s2c colorize`` per image against the bare model at batch 1 (issue 24, speed): writers and batch size.

    python bench/bench_colorize_cli.py [--model FILE.onnx] [--count 30] [--repeats 3] [--threads 1]
                                       [--baseline DIR]

On the same ``--count`` CUFS sketches, per image, medians of ``--repeats`` rounds:
- the bare model: ``session.run`` at batch 1 on ready tensors;
- the command itself (``s2c colorize`` in a warm process: model load, decode, fit, model, super-resolution,
  visible mark, watermark, PNG with provenance, fsyncs) as it ships, and with 1 or 3 exit writers
  (``colorize_pipeline.EXIT_WORKERS``) and at batch 4.
``--baseline DIR``: also the command of another checkout (``git archive <commit> | tar -x -C DIR``), in the
same rounds, so a change is measured before/after side by side. Each round runs one fresh process per checkout
(its own warm-up pass first), alternating, so load from other processes hits both alike; the ratios divide by
the bare model measured in the same process. Target: the command per image ≤ 1.3× the bare model at batch 1.
``--threads``: the generator's intra-op threads, in the bare model and the command alike (the command's own
default is all cores but one: 1 on the 2-core target). The CPU columns are each pass's processor time, all
threads: the work per image, which load from elsewhere does not change; "cores busy" is CPU over wall time.

On a shared machine: ``nice`` does not reach across sessions (Linux autogroups share the CPU per session, so
a nice-15 test run in another terminal still takes half the cores). Run it in its own session with its
autogroup raised, and any training paused (``/work/helpers/paused.sh`` in this project):

    setsid bash -c 'echo -10 > /proc/$$/autogroup && exec python bench/bench_colorize_cli.py --baseline DIR'
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
CURRENT = "this checkout"
BARE = "bare model, batch 1"
CPU = " (CPU)"  # the same pass's processor time, all threads: the work, whatever else ran beside it


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--model", default=str(REPO / "resources" / "models" / "s2c_generator.onnx"))
    parser.add_argument("--count", type=int, default=30)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--threads", type=int, default=1)
    parser.add_argument("--baseline", metavar="DIR", help="another checkout, measured alongside")
    parser.add_argument("--child", metavar="DIR", help=argparse.SUPPRESS)  # one round in a fresh process
    args = parser.parse_args()
    if args.child:
        print(json.dumps(_one_round(Path(args.child), args)))
        return
    sys.path.insert(0, str(REPO))
    from s2c_desktop.paths import DATASETS_ENV, datasets_dir

    environment = {**os.environ, DATASETS_ENV: str(datasets_dir())}  # a baseline elsewhere finds it too
    checkouts = {CURRENT: REPO, **({"baseline": Path(args.baseline).resolve()} if args.baseline else {})}
    samples: dict[str, dict[str, list[float]]] = {name: {} for name in checkouts}
    for _ in range(args.repeats):
        for name, folder in checkouts.items():
            command = [sys.executable, __file__, "--child", str(folder), "--model", args.model]
            command += ["--count", str(args.count), "--threads", str(args.threads)]
            done = subprocess.run(command, capture_output=True, text=True, env=environment)
            if done.returncode != 0:
                sys.exit(f"{name}: {done.stderr.strip()[-2000:]}")
            output = done.stdout
            for variant, value in json.loads(output.splitlines()[-1]).items():
                samples[name].setdefault(variant, []).append(value)
    print(f"{args.count} sketches, generator at {args.threads} thread(s), medians of {args.repeats} rounds")
    header = f"{'checkout':<14} {'variant':<30} {'ms/image':>9} {'× bare':>7} {'× bare, load excluded':>22}"
    print(f"{header} {'CPU ms/image':>13} {'cores busy':>11}")
    for name, variants in samples.items():
        bare = statistics.median(variants[BARE])
        load = statistics.median(variants["model load"]) / args.count
        for variant, values in variants.items():
            if variant.endswith(CPU) or variant == "model load":
                continue
            median, cpu = statistics.median(values), statistics.median(variants[f"{variant}{CPU}"])
            ratios = f"{median / bare:7.2f} {(median - load if variant != BARE else median) / bare:22.2f}"
            print(f"{name:<14} {variant:<30} {median:9.1f} {ratios} {cpu:13.1f} {cpu / median:11.2f}")
        print(f"{name:<14} {'model load, once per call':<30} {load * args.count:9.0f} ms")


def _one_round(folder: Path, args: argparse.Namespace) -> dict[str, float]:
    """Warm-up, then one timed pass of the bare model and of each variant the checkout has; ms per image."""
    sys.path.insert(0, str(folder))
    import numpy as np

    from s2c_desktop.cli import main as cli
    from s2c_desktop.engine import tensors
    from s2c_desktop.engine.colorizer import Colorizer
    from s2c_desktop.engine.model import load_model
    from s2c_desktop.paths import datasets_dir

    faces = datasets_dir() / "faces"
    sketches = [str(p) for p in sorted((faces / "cufs_cuhk" / "sketches").iterdir())[: args.count]]
    model = load_model(Path(args.model), device="cpu", threads=args.threads)
    height, width = model.height, model.width
    colorizer = Colorizer(Path(args.model), threads=args.threads)
    feeds = []
    for path in sketches:
        pixels = colorizer.prepare(path).fitted.pixels
        feed = {model.input_name: tensors.frame_to_model(pixels, height, width)[None].astype(np.float32)}
        if model.hints_name:
            feed[model.hints_name] = np.zeros((1, height, width, 4), np.float32)
        feeds.append(feed)

    def bare() -> None:
        for feed in feeds:
            model.session.run(None, feed)

    def load() -> None:
        Colorizer(Path(args.model), threads=args.threads)

    def command(batch: int = 1, writers: int | None = None):
        def go() -> None:
            with tempfile.TemporaryDirectory() as out:
                argv = ["colorize", *sketches, "-o", out, "--model", args.model]
                assert cli.main([*argv, "--batch-size", str(batch)]) == 0

        def with_writers() -> None:
            from s2c_desktop.cli import colorize_pipeline as pipeline

            shipped = pipeline.EXIT_WORKERS, pipeline.IN_FLIGHT
            pipeline.EXIT_WORKERS, pipeline.IN_FLIGHT = writers, 2 * writers
            try:
                go()
            finally:
                pipeline.EXIT_WORKERS, pipeline.IN_FLIGHT = shipped

        return go if writers is None else with_writers

    variants = {BARE: bare, "model load": load, "s2c colorize (as shipped)": command()}
    if (folder / "s2c_desktop" / "cli" / "colorize_pipeline.py").exists():
        variants |= {
            "s2c colorize, 1 exit writer": command(writers=1),
            "s2c colorize, 3 exit writers": command(writers=3),
            "s2c colorize, batch 4": command(batch=4),
        }
    _threads(args.threads)
    for go in variants.values():
        go()
    timings: dict[str, float] = {}
    for name, go in variants.items():
        started, cpu = time.perf_counter(), time.process_time()
        go()
        elapsed, cpu = (time.perf_counter() - started) * 1000, (time.process_time() - cpu) * 1000
        timings[name] = elapsed if name == "model load" else elapsed / len(sketches)
        timings[f"{name}{CPU}"] = cpu if name == "model load" else cpu / len(sketches)
    return timings


def _threads(threads: int) -> None:
    """The command loads its generator with the default threads: make that ``threads``, as the bare model."""
    from s2c_desktop.engine import model

    model.default_threads = lambda: threads


if __name__ == "__main__":
    main()
