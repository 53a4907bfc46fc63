"""The README's training command lines: every subcommand and option it shows exists (``--help`` lists it)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from training.__main__ import main


def _readme_training_commands() -> list[str]:
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    block = readme.split("## Training the generator", 1)[1].split("```text", 1)[1].split("```", 1)[0]
    commands: list[str] = []
    for line in block.splitlines():
        text = line.split("#", 1)[0].strip()
        if text.startswith("python -m training "):
            commands.append(text)
        elif text and commands:  # a continuation line of the command above
            commands[-1] += " " + text
    return commands


def test_every_training_command_of_the_readme_exists_with_its_options(
    capsys: pytest.CaptureFixture[str],
) -> None:
    commands = _readme_training_commands()
    assert {c.split()[3] for c in commands} >= {"prepare", "train", "export", "evaluate", "judge"}
    for command in commands:
        subcommand = command.split()[3]
        with pytest.raises(SystemExit) as exit_info:
            main([subcommand, "--help"])
        assert exit_info.value.code == 0, command
        out = capsys.readouterr().out
        for option in re.findall(r"(--[a-z][a-z0-9-]*)", command):
            assert option in out, f"README shows {option} for 'training {subcommand}' but --help does not"
