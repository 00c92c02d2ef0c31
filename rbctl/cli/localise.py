"""Typer and click in the user's language: help panels, types as words, parser errors.

The vendored click in typer writes its own English (``Missing argument 'X'.``, ``Usage:``,
``[default: ...]``, ``<list[Path]>``). Nothing here changes click's behaviour; it renames what
click shows, from the message catalogue (rbctl.messages), at the moment it is shown:
- help texts, metavars and the help option are set on each command before it is used
  (``localise_command``), from message ids kept in ``_MSG_KEY``;
- typer's help-panel constants and click's usage prefix are set when a help formatter is made
  (``LocalFormatter``), so nothing heavy is imported for a run that shows no help;
- parser errors are re-worded from the exception's fields (``error_text``), with suggestions.
"""

from __future__ import annotations

import difflib
import re
import sys
from enum import Enum
from pathlib import Path
from typing import Any

import typer._click as click
import typer._coercion
import typer._param_types
from typer._click.formatting import HelpFormatter

from rbctl.messages import en, t

_MSG_KEY = "_rbctl_msg_key"  # the message id a help text or metavar came from


# ---- help ---------------------------------------------------------------------------------------


def _translated(obj: object, attr: str) -> None:
    """Set ``obj.attr`` from the message id it was first given (kept beside it)."""
    keys: dict[str, str | None] = obj.__dict__.setdefault(_MSG_KEY, {})
    if attr not in keys:
        keys[attr] = getattr(obj, attr, None)
    key = keys[attr]
    if isinstance(key, str):
        setattr(obj, attr, t(key))


def type_word(param: click.Parameter) -> str | None:
    """A parameter's type as a word (TEKS, ANGKA, ...), or its choices; None for a flag."""
    if getattr(param, "is_flag", False):
        return ""
    desc = getattr(param, "type_descriptor", None)
    annotation: Any = getattr(desc, "annotation", None)
    if getattr(desc, "is_list", False) and getattr(annotation, "__args__", None):
        annotation = annotation.__args__[0]
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "|".join(str(m.value) for m in annotation)
    words = {int: "type.integer", float: "type.number", str: "type.text", bool: "type.yes_no",
             Path: "type.path"}
    key = words.get(annotation) if isinstance(annotation, type) else None
    return t(key) if key else None


def _no_type(ctx: click.Context) -> None:  # noqa: ARG001 - typer's signature
    return None


def localise_command(command: click.Command, ctx: click.Context | None = None) -> None:
    """Help, short help, parameter help and metavars of ``command`` (and its subcommands)."""
    for attr in ("help", "short_help"):
        _translated(command, attr)
    if hasattr(command, "options_metavar"):
        command.options_metavar = t("usage.options")
    if hasattr(command, "subcommand_metavar"):
        command.subcommand_metavar = t("usage.command")
    for param in command.params:
        _translated(param, "help")
        _translated(param, "metavar")
        if param.metavar is None or param.metavar == "":
            param.metavar = type_word(param)
        if param.param_type_name == "argument":  # its name is its metavar: no type column
            param.__dict__["display_type_rich"] = _no_type
    # The help option is made on first use, from a context: a bare one will do for a subcommand.
    helper = command.get_help_option(ctx if ctx is not None and ctx.command is command else click.Context(command))
    if helper is not None:
        helper.help = t("help.option")
        helper.metavar = ""
    for sub in getattr(command, "commands", {}).values():
        localise_command(sub)


def _set_typer_constants() -> None:
    rich_utils = sys.modules.get("typer.rich_utils")
    if rich_utils is None:
        return
    values = {
        "DEPRECATED_STRING": "help.deprecated", "DEFAULT_STRING": "help.default",
        "ENVVAR_STRING": "help.envvar", "REQUIRED_LONG_STRING": "help.required",
        "ARGUMENTS_PANEL_TITLE": "help.panel.arguments", "OPTIONS_PANEL_TITLE": "help.panel.options",
        "COMMANDS_PANEL_TITLE": "help.panel.commands", "ERRORS_PANEL_TITLE": "help.panel.error",
        "ABORTED_TEXT": "help.aborted", "RICH_HELP": "help.rich_try",
    }
    for name, key in values.items():
        setattr(rich_utils, name, t(key))
    setattr(rich_utils, "RANGE_STRING", "")  # noqa: B010 - a module found at run time
    # typer colours the usage prefix by matching its English text.
    rich_utils.highlighter.highlights = [
        re.sub(r"\(\?P<usage>[^)]*\)", f"(?P<usage>{re.escape(t('usage.prefix'))})", h)
        for h in rich_utils.highlighter.highlights]


class LocalFormatter(HelpFormatter):
    """click's help formatter with the usage line in the user's language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _set_typer_constants()

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = re.sub(r"\{([^{}]+)\}", r"\1", args)  # typer's {REQUIRED} is just REQUIRED
        args = args.replace("[OPTIONS]", t("usage.options")).replace("COMMAND [ARGS]...", t("usage.command"))
        super().write_usage(prog, args, t("usage.prefix") if prefix is None else prefix)


# ---- parser errors ------------------------------------------------------------------------------


def _pattern(template: str) -> re.Pattern[str]:
    parts = re.split(r"\{(\w+)\}", template)
    rx = "".join(re.escape(p) if i % 2 == 0 else f"(?P<{p}>.+?)" for i, p in enumerate(parts))
    return re.compile(f"^{rx}$", re.S)


_CLICK = [(key, _pattern(text)) for key, text in en.CLICK_RAW.items()]


def _unquote(text: str) -> str:
    return text[1:-1] if len(text) >= 2 and text[0] == text[-1] and text[0] in "'\"" else text


def suggest(word: str, candidates: list[str] | tuple[str, ...]) -> list[str]:
    """Up to three candidates close to ``word`` (case-insensitive)."""
    lowered = {c.lower(): c for c in candidates}
    hits = difflib.get_close_matches(word.lower(), list(lowered), n=3, cutoff=0.6)
    prefixed = [c for low, c in lowered.items() if word and low.startswith(word.lower())]
    return list(dict.fromkeys([lowered[h] for h in hits] + prefixed))[:3]


def did_you_mean(word: str, candidates: list[str] | tuple[str, ...]) -> str:
    hits = suggest(word, candidates)
    return t("click.did_you_mean", names=", ".join(f"`{h}`" for h in hits)) if hits else ""


def _param_name(param: click.Parameter | None) -> str:
    if param is None:
        return ""
    if param.param_type_name == "argument":
        return param.metavar or (param.name or "").upper()
    return " / ".join(param.opts)


def _all_options(ctx: click.Context | None) -> list[str]:
    if ctx is None:
        return []
    return [o for p in ctx.command.get_params(ctx) for o in (*p.opts, *p.secondary_opts) if o.startswith("-")]


def _reworded(message: str) -> tuple[str, dict[str, str]] | None:
    for key, pattern in _CLICK:
        match = pattern.match(message)
        if match:
            return key, {k: v if k == "choices" else _unquote(v) for k, v in match.groupdict().items()}
    return None


def error_text(exc: click.ClickException) -> tuple[str, str]:
    """The message and hint for a parser error, in the user's language."""
    ctx: click.Context | None = getattr(exc, "ctx", None)
    hint = ""
    if isinstance(exc, click.exceptions.MissingParameter):
        kind = exc.param_type or (exc.param.param_type_name if exc.param else "parameter")
        message = t(f"click.missing_{kind}", name=_param_name(exc.param))
        word = type_word(exc.param) if exc.param is not None else None
        if word and "|" in word:
            hint = t("click.choose_from", choices=", ".join(word.split("|")))
    elif isinstance(exc, click.exceptions.NoSuchOption):
        message = t("click.no_such_option", name=exc.option_name)
        hint = did_you_mean(exc.option_name, _all_options(ctx))
    elif isinstance(exc, click.exceptions.BadParameter):
        reason = exc.message
        found = _reworded(reason)
        if found:
            reason = t(found[0], **found[1])
        name = _param_name(exc.param)
        message = t("click.bad_value", name=name, reason=reason) if name else t("click.bad_value_plain",
                                                                                   reason=reason)
        hint = getattr(exc, "rbctl_hint", "")
    else:
        message = exc.format_message()
        found = _reworded(message)
        if found:
            key, values = found
            message = t(key, **values)
            if key == "click.no_such_command" and ctx is not None and hasattr(ctx.command, "list_commands"):
                hint = did_you_mean(values["name"], ctx.command.list_commands(ctx))
    if not hint and ctx is not None:
        hint = t("help.try", command=ctx.command_path)
    return message, hint


# ---- pydantic's messages for option values (typer checks values with pydantic) ----------------


class ValueHintError(ValueError):
    """A value error whose text is already the user's: shown as is."""


def value_error_text(exc: Any) -> str:
    """The first pydantic error of an option value, in the user's language."""
    errors = exc.errors()
    if not errors:
        return str(exc)
    error = errors[0]
    kind, value, extra = error.get("type", ""), error.get("input"), error.get("ctx") or {}
    if kind == "int_parsing":
        return t("value.integer", value=value)
    if kind in ("float_parsing", "decimal_parsing"):
        text = str(value)
        if re.fullmatch(r"-?\d+,\d+", text):
            return t("value.decimal_comma", value=value, fixed=text.replace(",", "."))
        return t("value.number", value=value)
    if kind == "greater_than_equal":
        return t("value.at_least", value=value, limit=extra.get("ge"))
    if kind == "less_than_equal":
        return t("value.at_most", value=value, limit=extra.get("le"))
    if kind == "bool_parsing":
        return t("value.yes_no", value=value)
    if kind == "value_error":
        inner = str(extra.get("error", ""))
        found = _reworded(inner)
        if found and found[0] == "value.choice":
            choices = [_unquote(c.strip()) for c in found[1]["choices"].split(",")]
            text = t("value.choice", value=found[1]["value"], choices=", ".join(choices))
            hint = did_you_mean(found[1]["value"], choices)
            return f"{text} {hint}".strip()
        return inner
    return t("value.invalid", value=value)


def install() -> None:
    """Route click's help formatting and typer's value errors through the catalogue."""
    click.Context.formatter_class = LocalFormatter
    for module in (typer._coercion, typer._param_types):
        if hasattr(module, "get_error_msg"):
            module.get_error_msg = value_error_text  # type: ignore[attr-defined]
