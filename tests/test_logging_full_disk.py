"""Logging when the log folder's disk is full (issue 13 §10): no logging tracebacks, one notice, then
stderr."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

from tests.sketch.fulldisk import fill_up, small_filesystem

SCRIPT = textwrap.dedent("""
    import logging, sys
    from s2c_desktop.logging_setup import configure_logging
    configure_logging(console=sys.argv[1] == "console")
    log = logging.getLogger("s2c.test")
    for number in range(40):
        log.info("busy line %d with a long tail " + "x" * 200, number)
    log.warning("the one warning")
    print("still running", flush=True)
""")


def _run_with_full_log_disk(tmp_path: Path, console: str) -> subprocess.CompletedProcess[str]:
    with small_filesystem(tmp_path / "logs_fs", size_kib=64) as disk:
        (disk / "logs").mkdir()
        fill_up(disk)
        env = {**os.environ, "S2C_HOME": str(disk)}
        return subprocess.run(
            [sys.executable, "-c", SCRIPT, console],
            capture_output=True,
            text=True,
            env=env,
            timeout=120,
            cwd=Path(__file__).resolve().parent.parent,
        )


def test_cli_with_a_full_log_disk_prints_one_notice_and_no_tracebacks(tmp_path: Path) -> None:
    run = _run_with_full_log_disk(tmp_path, "console")
    assert run.returncode == 0 and run.stdout.strip() == "still running"
    assert "Traceback" not in run.stderr and "Logging error" not in run.stderr, run.stderr[:2000]
    lines = run.stderr.splitlines()
    assert len(lines) <= 2, lines  # the notice, and the warning the console shows anyway
    assert any("the one warning" in line for line in lines)


def test_gui_with_a_full_log_disk_falls_back_to_stderr(tmp_path: Path) -> None:
    run = _run_with_full_log_disk(tmp_path, "gui")  # the GUI has no console handler
    assert run.returncode == 0
    assert "Traceback" not in run.stderr and "Logging error" not in run.stderr, run.stderr[:2000]
    lines = run.stderr.splitlines()
    notices = [line for line in lines if "log file" in line]
    assert len(notices) == 1
    assert sum("busy line" in line for line in lines) >= 30  # the records went to stderr instead
    assert any("the one warning" in line for line in lines)
