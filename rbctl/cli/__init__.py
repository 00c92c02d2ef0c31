"""The command line: one module per command, sharing `options`; only this layer prints and exits."""

from rbctl.cli.root import app, main

__all__ = ["app", "main"]
