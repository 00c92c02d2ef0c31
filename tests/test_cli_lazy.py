"""Commands load on first use: `--help` stays fast, and what it lists is what runs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from rbctl.cli.localise import localise_command
from rbctl.cli.root import COMMANDS, load_module_commands
from rbctl.messages import t


@pytest.mark.parametrize("name", list(COMMANDS))
def test_listed_help_is_the_commands_own(name: str) -> None:
    command = load_module_commands(COMMANDS[name].module).commands[name]
    localise_command(command)  # as a run shows it, in the user's language (rbctl.messages)
    assert command.get_short_help_str(limit=500) == t(COMMANDS[name].help)
    assert t(COMMANDS[name].help) != COMMANDS[name].help  # listed in the catalogue


def test_every_registered_command_is_listed() -> None:
    registered = {name for lazy in COMMANDS.values() for name in load_module_commands(lazy.module).commands}
    assert registered == set(COMMANDS)


def test_help_imports_no_command_module() -> None:
    code = ("import sys; from rbctl.cli import main; sys.argv = ['rbctl', '--help']\n"
            "try:\n    main()\nexcept SystemExit:\n    pass\n"
            "heavy = [m for m in ('rbctl.models', 'rbctl.validate', 'jinja2', 'openpyxl', 'docx', 'pydantic')"
            " if m in sys.modules]\nprint('HEAVY', heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert "validate" in out
    assert "HEAVY []" in out
