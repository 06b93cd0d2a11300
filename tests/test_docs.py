"""docs/cli.md documents every command, every option and every setting the code has."""

from __future__ import annotations

import re
from pathlib import Path

import click
import pytest

from countersight.cli import cli
from countersight.settings import SETTINGS

DOC = Path(__file__).resolve().parents[1] / "docs" / "cli.md"


def commands(group: click.Group, prefix: str = "") -> list[tuple[str, click.Command]]:
    """Every command under ``group``, subcommands of nested groups included, as ("name sub", command)."""
    found: list[tuple[str, click.Command]] = []
    for name, command in sorted(group.commands.items()):
        full = f"{prefix}{name}"
        found.append((full, command))
        if isinstance(command, click.Group):
            found += commands(command, full + " ")
    return found


def long_flags(command: click.Command) -> list[str]:
    flags: list[str] = []
    for param in command.params:
        if isinstance(param, click.Option):
            flags += [o for o in (*param.opts, *param.secondary_opts) if o.startswith("--")]
    return flags


def section(name: str) -> str:
    """The text under ``## countersight NAME`` up to the next second-level heading."""
    text = DOC.read_text(encoding="utf-8")
    m = re.search(rf"^## countersight {re.escape(name)}[ \t]*$(.*?)(?=^## |\Z)", text, re.M | re.S)
    assert m, f"docs/cli.md has no '## countersight {name}' section"
    return m.group(1)


COMMANDS = commands(cli)


def test_the_walk_finds_the_commands():
    names = [n for n, _ in COMMANDS]
    assert {"ingest", "events", "show", "search", "export", "evaluate", "summary", "demo", "settings"} <= set(names)


def test_the_walk_enters_groups():
    @click.group()
    def top() -> None: ...

    @top.group()
    def users() -> None: ...

    @users.command("add")
    @click.option("--role", "--as", "role")
    @click.option("--admin/--no-admin")
    def add(role, admin) -> None: ...

    @top.command()
    def plain() -> None: ...

    assert [n for n, _ in commands(top)] == ["plain", "users", "users add"]
    assert long_flags(add) == ["--role", "--as", "--admin", "--no-admin"]


@pytest.mark.parametrize(("name", "command"), COMMANDS, ids=[n for n, _ in COMMANDS])
def test_every_command_and_option_is_documented(name: str, command: click.Command):
    text = section(name)
    assert text.strip(), f"the section of {name} is empty"
    missing = [flag for flag in long_flags(command) if not re.search(rf"`{re.escape(flag)}(?![\w-])", text)]
    assert missing == [], f"'## countersight {name}' does not mention {missing}"


def test_every_setting_is_documented():
    text = DOC.read_text(encoding="utf-8")
    settings_section = text.split("\n## Settings", 1)
    assert len(settings_section) == 2, "docs/cli.md has no '## Settings' section"
    body = settings_section[1]
    for s in SETTINGS:
        assert f"`{s.name}`" in body, s.name
        assert f"`{s.env}`" in body, s.env
        assert s.help in " ".join(body.split()), f"the help of {s.name} differs from settings.py"
        assert f"| {s.allowed} |" in body, f"the allowed values of {s.name} differ from settings.py"
