"""Errors of report building that callers catch without loading the template engine."""

from __future__ import annotations


class TemplateRenderError(Exception):
    """A template that could not be rendered (syntax, undefined name, limits); the message names it."""
