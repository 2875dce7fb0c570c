"""Entry point of the ``skg`` command: imports every command module so it registers."""

from __future__ import annotations

import importlib
import pkgutil

import pipeline.commands
from pipeline.app import app

for _mod in pkgutil.iter_modules(pipeline.commands.__path__):
    importlib.import_module(f"pipeline.commands.{_mod.name}")

__all__ = ["app"]
