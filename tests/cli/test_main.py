"""The ``s2c`` error convention: non-zero exit, one ``error:`` line, traceback only with --debug."""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

import pytest

from s2c_desktop.cli import main as cli_main
from s2c_desktop.errors import S2CError


def run_cli(*args: str, home: Path) -> subprocess.CompletedProcess[str]:
    env = dict(os.environ, S2C_HOME=str(home))
    return subprocess.run(
        [sys.executable, "-m", "s2c_desktop.cli.main", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )


def test_help_lists_subcommands(s2c_home: Path) -> None:
    proc = run_cli("--help", home=s2c_home)
    assert proc.returncode == 0
    assert "colorize" in proc.stdout and "stats" in proc.stdout


def test_no_command_prints_help_and_fails(s2c_home: Path) -> None:
    proc = run_cli(home=s2c_home)
    assert proc.returncode == 2
    assert "usage:" in proc.stderr


def test_usage_error_is_one_error_line(s2c_home: Path) -> None:
    proc = run_cli("frobnicate", home=s2c_home)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert lines[-1].startswith("error:") and "frobnicate" in lines[-1]
    assert "Traceback" not in proc.stderr


@pytest.fixture
def failing_command(monkeypatch: pytest.MonkeyPatch):
    """A real subcommand wired into the real parser, failing the way subcommands fail."""
    original = cli_main.build_parser

    def build_with_failures() -> argparse.ArgumentParser:
        parser = original()
        sub = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
        user = sub.add_parser("fail-user")
        user.set_defaults(func=lambda args: (_ for _ in ()).throw(S2CError("the sketch is unreadable")))
        bug = sub.add_parser("fail-bug")
        bug.set_defaults(func=lambda args: 1 / 0)
        return parser

    monkeypatch.setattr(cli_main, "build_parser", build_with_failures)


def test_user_error_is_one_line_without_traceback(
    failing_command, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli_main.main(["fail-user"]) == 1
    err = capsys.readouterr().err
    assert err == "error: the sketch is unreadable\n"


def test_unexpected_error_points_to_log(failing_command, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["fail-bug"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: unexpected ZeroDivisionError") and "Traceback" not in err
    from s2c_desktop.logging_setup import log_file_path

    assert "ZeroDivisionError" in log_file_path().read_text(encoding="utf-8")


def test_debug_shows_traceback(failing_command, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli_main.main(["--debug", "fail-bug"]) == 1
    err = capsys.readouterr().err
    assert "Traceback" in err and err.rstrip().splitlines()[-1].startswith("error:")
