"""``s2c colorize``'s overlapped pipeline (issue 24, speed): the photos and failures of one after another."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from s2c_desktop.cli.colorize_pipeline import IN_FLIGHT, Job, colorize_all
from s2c_desktop.cli.main import main
from s2c_desktop.engine import invisible_mark, superres
from s2c_desktop.engine.colorizer import Colorizer
from s2c_desktop.engine.provenance import leaving_photo, read_provenance
from s2c_desktop.engine.visible_mark import PROVENANCE_KEY as VISIBLE_MARK_KEY
from s2c_desktop.imaging import open_image
from tests.engine.tiny_model import write_tiny_model

# What leaving_photo adds to the colorizer's metadata: taken off to rebuild the photo one step at a time.
EXIT_FIELDS = (VISIBLE_MARK_KEY, invisible_mark.PROVENANCE_KEY, superres.PROVENANCE_KEY, "case")


@pytest.fixture(scope="module")
def model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_tiny_model(tmp_path_factory.mktemp("pipeline_model"))


@pytest.fixture(scope="module")
def colorizer(model: Path) -> Colorizer:
    return Colorizer(model, device="cpu")


@pytest.fixture(scope="module")
def sketches(datasets: Path) -> list[Path]:
    many = sorted((datasets / "faces" / "cufs_cuhk" / "sketches").iterdir())[: IN_FLIGHT + 5]
    assert len(many) > IN_FLIGHT  # more photos than may wait for a writer
    return many


def _one_after_another(colorizer: Colorizer, sketch: Path, written: Path) -> np.ndarray:
    """The photo the sequential steps make from ``sketch`` under the provenance ``written`` records."""
    recorded = read_provenance(written)
    metadata = {key: value for key, value in recorded.items() if key not in EXIT_FIELDS}
    photo, marked = leaving_photo(colorizer.colorize(sketch).photo, metadata)
    assert marked == recorded  # the same provenance, watermark payload included
    return np.asarray(photo)


@pytest.mark.parametrize("batch", ["1", "3"])
def test_every_photo_is_the_one_made_one_after_another(
    model: Path, colorizer: Colorizer, sketches: list[Path], tmp_path: Path, batch: str
) -> None:
    bad = tmp_path / "notes.png"
    bad.write_text("not a drawing")
    inputs = [*sketches[:3], bad, *sketches[3:]]  # a bad sketch inside a batch
    out = tmp_path / "out"
    argv = ["colorize", "--model", str(model), "--device", "cpu", "--batch-size", batch, "-o", str(out)]
    assert main([*argv, *map(str, inputs)]) == 1
    assert sorted(path.name for path in out.iterdir()) == sorted(f"{s.stem}.png" for s in sketches)
    for sketch in sketches:
        written = out / f"{sketch.stem}.png"
        expected = _one_after_another(colorizer, sketch, written)
        assert np.array_equal(np.asarray(open_image(written, "RGB")), expected), sketch.name


def test_a_photo_that_cannot_be_written_costs_only_itself(
    colorizer: Colorizer, sketches: list[Path], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    jobs = [Job(sketch, out / f"{sketch.stem}.png") for sketch in sketches]
    jobs[2].target = out / "gone" / "photo.png"  # its folder does not exist
    colorize_all(colorizer, jobs, "auto", 2, verbose=False)
    assert jobs[2].error is not None and "cannot write" in jobs[2].error
    assert [job.error for job in jobs if job is not jobs[2]] == [None] * (len(jobs) - 1)
    assert sorted(path.name for path in out.iterdir()) == sorted(
        f"{sketch.stem}.png" for index, sketch in enumerate(sketches) if index != 2
    )


def test_verbose_lines_follow_the_sketches_order_and_a_warning_comes_first(
    model: Path, sketches: list[Path], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    blank = tmp_path / "blank.png"
    Image.new("L", (200, 250), 255).save(blank)  # colorized with a warning
    inputs = [*sketches[:4], blank, *sketches[4:]]
    argv = ["-v", "colorize", "--model", str(model), "--device", "cpu", "-o", str(tmp_path / "out")]
    assert main([*argv, *map(str, inputs)]) == 0
    err = capsys.readouterr().err.splitlines()
    written = [next(p.name for p in inputs if line.startswith(str(p))) for line in err if " → " in line]
    assert written == [p.name for p in inputs]
    warning = next(i for i, line in enumerate(err) if line.startswith(f"warning: {blank}"))
    assert warning < next(i for i, line in enumerate(err) if line.startswith(f"{blank} → "))
