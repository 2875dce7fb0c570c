"""Entry point of the ``skg`` command: imports every command module so it registers.

:func:`main` runs the app with the exit codes README.md documents: click's usage errors (which it
would exit with 2, the code for "some inputs failed") exit with ``EXIT_USAGE``.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys

import typer
from typer import rich_utils

# typer 0.29 vendors click: its exceptions, not the click package's, are the ones raised
from typer._click import exceptions as click_errors

import pipeline.commands
from pipeline.app import EXIT_USAGE, EXIT_USER_ERROR, app

for _mod in pkgutil.iter_modules(pipeline.commands.__path__):
    importlib.import_module(f"pipeline.commands.{_mod.name}")


def main(argv: list[str] | None = None) -> None:
    """Run ``skg`` and exit: 0 ok, 1 user error, 2 some inputs failed, 64 usage error."""
    command = typer.main.get_command(app)
    try:
        code = command.main(args=argv, prog_name="skg", standalone_mode=False)
    except click_errors.UsageError as e:
        rich_utils.rich_format_error(e)
        sys.exit(EXIT_USAGE)
    except click_errors.ClickException as e:
        rich_utils.rich_format_error(e)
        sys.exit(EXIT_USER_ERROR)
    except typer.Abort:
        sys.exit(130)
    sys.exit(code if isinstance(code, int) else 0)


__all__ = ["app", "main"]
