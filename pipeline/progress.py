"""Stage progress for long runs: the CLI installs a reporter, the flow reports to it.

A module-level hook rather than a flow parameter, so that deployments (whose parameters must
be JSON) and the CLI run the same flow. Without a reporter, progress calls do nothing.
"""

from __future__ import annotations

from typing import Protocol


class Reporter(Protocol):
    def start(self, stage: str, total: int) -> None: ...
    def advance(self, stage: str, n: int = 1) -> None: ...
    def finish(self, stage: str) -> None: ...


_reporter: Reporter | None = None


def set_reporter(reporter: Reporter | None) -> None:
    global _reporter
    _reporter = reporter


def start(stage: str, total: int) -> None:
    if _reporter:
        _reporter.start(stage, total)


def advance(stage: str, n: int = 1) -> None:
    if _reporter:
        _reporter.advance(stage, n)


def finish(stage: str) -> None:
    if _reporter:
        _reporter.finish(stage)
