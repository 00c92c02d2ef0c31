"""The typer layer: parse options, call the core, pick a reporter and an exit code."""

from __future__ import annotations

import importlib
import os
import sys
from collections.abc import Sequence
from typing import Annotated, Any, NamedTuple

import typer
import typer._click as click
import typer.main
from typer.core import TyperCommand, TyperGroup

from rbctl import __version__
from rbctl.cli import localise
from rbctl.messages import LANGUAGES, normalise, set_lang, t

localise.install()


class Lazy(NamedTuple):
    """A command known by name and one-line help, its module imported only when it runs."""

    module: str
    help: str  # a message id (rbctl.messages), or the text itself


# Every command, in the order `rbctl --help` lists them. The help line must equal the command's
# own help (a test keeps them equal): `--help` shows this one so that it does not have to import
# every command module (jinja2, openpyxl, pydantic models...).
COMMANDS: dict[str, Lazy] = {
    "validate": Lazy("rbctl.cli.validate", "cmd.validate"),
    "status": Lazy("rbctl.cli.status", "cmd.status"),
    "rules": Lazy("rbctl.cli.rules", "cmd.rules"),
    "score": Lazy("rbctl.cli.score", "cmd.score"),
    "report": Lazy("rbctl.cli.report", "cmd.report"),
    "init": Lazy("rbctl.cli.init", "cmd.init"),
    "answer": Lazy("rbctl.cli.answer", "cmd.answer"),
    "fmt": Lazy("rbctl.cli.fmt", "cmd.fmt"),
    "schema": Lazy("rbctl.cli.schema", "cmd.schema"),
    "diff": Lazy("rbctl.cli.diff", "cmd.diff"),
    "rubric": Lazy("rbctl.cli.rubric", "cmd.rubric"),
    "new": Lazy("rbctl.cli.new", "cmd.new"),
    "evidence": Lazy("rbctl.cli.evidence", "cmd.evidence"),
    "import": Lazy("rbctl.cli.import_", "cmd.import"),
}

_LOADED: dict[str, TyperGroup] = {}  # module -> the group of the commands it registers


def load_module_commands(module: str) -> TyperGroup:
    """The commands one module registers, as a click group (imported once)."""
    if module not in _LOADED:
        holder = typer.Typer(add_completion=False, pretty_exceptions_enable=False)

        @holder.callback()
        def _holder() -> None:  # a callback makes typer build a group even for one command
            pass

        importlib.import_module(module).register(holder)
        group = typer.main.get_command(holder)
        assert isinstance(group, TyperGroup)
        _LOADED[module] = group
    return _LOADED[module]


class LazyGroup(TyperGroup):
    """The root command: subcommands resolved by name, their modules imported on first use."""

    listing = False  # set while the root's help is drawn: placeholders are enough then

    def list_commands(self, ctx: click.Context) -> list[str]:  # noqa: ARG002 - click's signature
        return [*COMMANDS, *(name for name in self.commands if name not in COMMANDS)]

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = self._command(cmd_name)
        if command is not None:
            localise.localise_command(command, ctx)
        return command

    def _command(self, cmd_name: str) -> click.Command | None:
        if cmd_name in self.commands:
            return self.commands[cmd_name]
        lazy = COMMANDS.get(cmd_name)
        if lazy is None:
            return None
        if self.listing:
            return TyperCommand(name=cmd_name, help=t(lazy.help))
        command: click.Command = load_module_commands(lazy.module).commands[cmd_name]
        self.commands[cmd_name] = command
        return command

    def resolve_command(self, ctx: click.Context, args: list[str]) -> tuple[str | None, click.Command | None,
                                                                           list[str]]:
        # typer's own resolve_command adds an English "Did you mean"; suggestions are made when
        # the error is shown (localise.error_text), from every command, loaded or not.
        return self._click_resolve_command(ctx, args)

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        localise.localise_command(self, ctx)
        self.listing = True
        try:
            super().format_help(ctx, formatter)
        finally:
            self.listing = False

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,  # type: ignore[override]
             complete_var: str | None = None, standalone_mode: bool = True, **extra: Any) -> Any:
        """click's main, with parser errors said in the user's language (typer's are English)."""
        set_lang(None)  # each run chooses again: --lang, else RBCTL_LANG
        set_lang(_lang_in(list(sys.argv[1:] if args is None else args)))  # errors before --lang is parsed
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        try:
            result = super().main(args, prog_name, complete_var, standalone_mode=False, **extra)
        except click.exceptions.NoArgsIsHelpError as exc:  # the help is already shown
            sys.exit(exc.exit_code)
        except click.exceptions.ClickException as exc:
            show_usage_error(exc)
            sys.exit(exc.exit_code)
        except typer.Abort:
            sys.stderr.write(t("help.aborted") + "\n")
            sys.exit(1)
        sys.exit(result if isinstance(result, int) else 0)


def _lang_in(args: list[str]) -> str | None:
    """The value of a root `--lang`, read before click parses (a parse error may come first)."""
    for i, arg in enumerate(args):
        if arg == "--lang" and i + 1 < len(args):
            return args[i + 1]
        if arg.startswith("--lang="):
            return arg.partition("=")[2]
        if not arg.startswith("-"):
            return None  # a command name: what follows is not the root's
    return None


def show_usage_error(exc: click.ClickException) -> None:
    from rich.console import Console
    from rich.markup import escape

    message, hint = localise.error_text(exc)
    err = Console(stderr=True, highlight=False, soft_wrap=True)
    ctx: click.Context | None = getattr(exc, "ctx", None)
    if ctx is not None:
        err.print(escape(ctx.get_usage()), style="dim")
    err.print(f"[red]{escape(t('err.label'))}[/red] {escape(message)}")
    if hint:
        err.print(f"  [cyan]→ {escape(hint)}[/cyan]")


app = typer.Typer(
    name="rbctl",
    cls=LazyGroup,
    help="app.help",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _choose_language(value: str | None) -> str | None:
    if value is not None:
        code = normalise(value)
        if code is None:
            raise typer.BadParameter(t("value.choice", value=value, choices=", ".join(LANGUAGES)))
        set_lang(code)
    return value


@app.callback(invoke_without_command=True)
def _root(
    version: Annotated[bool, typer.Option("--version", help="opt.version")] = False,
    lang: Annotated[str | None, typer.Option(  # noqa: ARG001 - used by its callback, before any help
        "--lang", metavar="id|en", is_eager=True, callback=_choose_language, help="opt.lang")] = None,
) -> None:
    if version:
        typer.echo(f"rbctl {__version__}")
        raise typer.Exit(0)


def main() -> None:
    """Console entry point: no traceback ever reaches the user."""
    try:
        app()
    except KeyboardInterrupt:
        sys.stderr.write(t("main.cancelled") + "\n")
        sys.exit(130)
    except Exception as exc:  # a bug of rbctl's own: say so plainly, keep the details on request
        if os.environ.get("RBCTL_DEBUG"):
            raise
        from rich.console import Console
        from rich.markup import escape

        err = Console(stderr=True, highlight=False, soft_wrap=True)
        err.print(f"[red]{escape(t('main.internal_error'))}[/red] {escape(type(exc).__name__)}: {escape(str(exc))}")
        err.print(f"  [cyan]→ {escape(t('main.internal_hint'))}[/cyan]")
        sys.exit(3)
