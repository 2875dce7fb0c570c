"""``skg ingest``: run the Prefect ingest flow over a directory of guidance."""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import typer
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table
from rich.text import Text

from pipeline.app import EXIT_PARTIAL, app, console, err_console, fail, print_json, printable, state, user_errors


class _RichReporter:
    """A progress bar per stage, driven by :mod:`pipeline.progress`."""

    def __init__(self, progress: Progress) -> None:
        self.progress = progress
        self.tasks: dict[str, Any] = {}
        self.totals: dict[str, int] = {}
        # "Starting Prefect…" with a spinner until the flow runs (a cold start takes seconds)
        self.starting: Any = progress.add_task("Starting Prefect…", total=None)

    def start(self, stage: str, total: int) -> None:
        if self.starting is not None:  # Prefect is up: the first stage replaces the spinner
            self.progress.remove_task(self.starting)
            self.starting = None
        self.totals[stage] = max(total, 1)
        self.tasks[stage] = self.progress.add_task(stage, total=self.totals[stage])

    def advance(self, stage: str, n: int = 1) -> None:
        self.progress.advance(self.tasks[stage], n)

    def finish(self, stage: str) -> None:
        self.progress.update(self.tasks[stage], completed=self.totals[stage])


def configure_prefect(data_dir: Path, verbose: bool) -> None:
    """Prefect settings this run needs, set before Prefect is imported; the user's win."""
    os.environ.setdefault("PREFECT_LOGGING_LEVEL", "INFO" if verbose else "WARNING")
    # The flow's per-document lines reach the run's logs in the UI; the terminal shows warnings.
    os.environ.setdefault("PREFECT_LOGGING_LOGGERS_PREFECT_FLOW_RUNS_LEVEL", "INFO")
    os.environ.setdefault("PREFECT_LOGGING_HANDLERS_CONSOLE_LEVEL", "INFO" if verbose else "WARNING")
    # No telemetry from the local server nor from the client (its first-run notice included).
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    os.environ.setdefault("DO_NOT_TRACK", "1")
    os.environ.setdefault("PREFECT_SERVER_EPHEMERAL_STARTUP_TIMEOUT_SECONDS", "90")
    os.environ.setdefault("PREFECT_RESULTS_LOCAL_STORAGE_PATH", str((data_dir / "cache" / "prefect").resolve()))


def _task_runner(spec: str) -> Any:
    if spec in ("", "threads"):
        return None
    if spec == "dask" or spec.startswith("dask="):
        from prefect_dask import DaskTaskRunner

        address = spec.partition("=")[2]
        if address:
            return DaskTaskRunner(address=address)
        return DaskTaskRunner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1,
                                              "processes": True, "dashboard_address": None})
    fail(f"--task-runner {spec!r}: use 'threads', 'dask' or 'dask=tcp://HOST:PORT'")


@app.command("ingest")
def ingest_command(
    source_dir: Path = typer.Argument(Path("data/raw"), help="Directory of guidance and sources.toml."),
    store: str = typer.Option(None, "--store", help="'embedded' or a neo4j:// / bolt:// URI (default: SKG_STORE)."),
    data_dir: Path = typer.Option(None, "--data-dir", help="Store and caches (default: SKG_DATA_DIR or ./data)."),
    force: bool = typer.Option(False, "--force", help="Re-process every document, changed or not."),
    prune: bool = typer.Option(False, "--prune", help="Delete documents whose file is gone from the graph."),
    yes: bool = typer.Option(False, "--yes", help="With --prune: allow removing more than half of the "
                                                  "documents, or all of them from an empty directory."),
    task_runner: str = typer.Option("threads", "--task-runner",
                                    help="threads (default), dask (a local 2-worker cluster) or dask=ADDRESS."),
    batch_size: int = typer.Option(200, "--batch-size", min=1,
                                   help="Documents per task (each task starts one worker process)."),
    as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON."),
) -> None:
    """Run the ingest flow: extract, de-duplicate, tag, link and load into the graph.

    Unchanged documents are skipped (a run with nothing to do does not even start Prefect);
    changed ones are replaced and the report lists what each new edition added and removed.
    Exit code 2 when some documents failed or are missing (the others are loaded).
    `--prune` refuses, unless `--yes`, to remove more than half of the stored documents or
    any at all when the directory holds none.

    Example: `skg ingest data/raw --json`
    """
    with user_errors(), _stop_on_sigterm():
        from pipeline.settings import get_settings

        settings = get_settings(store=store, data_dir=data_dir, raw_dir=source_dir)
        configure_prefect(settings.data_dir, state.verbose)
        from extractors.reading.sources import discover
        from graph.stores import open_store
        from pipeline.plan import Planned, check_prune, hand_over, plan_sources
        from pipeline.run_report import problem_rows, skipped_report

        # One store session for the whole command: the flow's and its tasks' opens join this
        # server (the .users lock counts them), so it starts and stops once per ingest.
        with open_store(settings.store, settings.data_dir, settings.neo4j) as graph_store:
            found = discover(settings.raw_dir)
            if not any(s.meta.fetch for s in found.sources):
                keep = frozenset(p.id for p in found.problems)
                plan, version = plan_sources(found.sources, graph_store, force, keep)
                if prune:
                    check_prune(plan, len(found.sources) + len(found.problems), settings.raw_dir, yes)
                if plan.nothing_to_do(prune):
                    report = skipped_report(plan, found.warnings)
                    report.documents += problem_rows(found.problems)
                    report.counts = report.status_counts()
                    _finish(report, as_json)
                    return
                hand_over(settings.raw_dir, settings.data_dir, settings.store, force,
                          Planned(found.sources, found.warnings, plan, version, found.problems))
            report = _run_flow(settings, force, prune, yes, task_runner, batch_size, as_json)
        _finish(report, as_json)


TERM_GRACE_S = 5.0


def _begin_stop() -> None:
    """Kill the extraction workers now, and make sure the process is gone soon after."""
    from extractors.reading.budget import stop_all

    stop_all()
    # A worker thread stuck in a C call (a tagger) would keep the interpreter from exiting:
    # after a grace period run the exit handlers (Prefect's stops its server) and leave.
    watchdog = threading.Timer(TERM_GRACE_S, _exit_now)
    watchdog.daemon = True
    watchdog.start()


def _bridge_prefect_sigterm() -> None:
    """During a flow run Prefect swaps in its own SIGTERM handler, which only unwinds the flow
    and so waits for running tasks; have it begin our stop first. (Prefect looks the handler up
    by this module-level name each time it installs it; without that name this does nothing.)"""
    import prefect.utilities.engine as engine

    original = getattr(engine, "_prefect_sigterm_handler", None)
    if original is None or getattr(original, "skg_bridged", False):
        return

    def bridged(signum: int, *args: object) -> None:
        _begin_stop()
        original(signum, *args)

    bridged.skg_bridged = True  # type: ignore[attr-defined]
    engine._prefect_sigterm_handler = bridged  # type: ignore[assignment]


def _exit_now() -> None:
    import atexit

    err_console.print("Error: terminated", highlight=False)
    atexit._run_exitfuncs()
    os._exit(143)


@contextmanager
def _stop_on_sigterm() -> Iterator[None]:
    """Turn SIGTERM into an orderly stop: extraction workers are killed, the flow unwinds and
    Prefect's local API server (stopped by its exit handler) is not left orphaned (D17).
    SIGKILL cannot be caught: then the watchdog of :func:`pipeline.devserver.watch_ephemeral_server`
    stops the server."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def handler(_signum: int, _frame: object) -> None:
        _begin_stop()
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, handler)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _run_flow(settings: Any, force: bool, prune: bool, yes: bool, runner_spec: str, batch_size: int,
              quiet: bool) -> Any:
    from pipeline import progress as progress_hook

    params = dict(source_dir=str(settings.raw_dir), data_dir=str(settings.data_dir),
                  store=settings.store, prune=prune, force=force, batch_size=batch_size, yes=yes)
    columns = (SpinnerColumn(finished_text=" "), TextColumn("{task.description:>8}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=False, disable=quiet) as bar:
        reporter = _RichReporter(bar)
        progress_hook.set_reporter(reporter)
        try:
            from pipeline.devserver import watch_ephemeral_server

            watch_ephemeral_server()  # before Prefect can start its server: SIGKILL orphans none (D17)
            from pipeline.flows import ingest  # imports Prefect: under the spinner

            _bridge_prefect_sigterm()

            flow = ingest
            runner = _task_runner(runner_spec)
            if runner is not None:
                flow = ingest.with_options(task_runner=runner)
            run_state: Any = flow(**params, return_state=True)
        finally:
            progress_hook.set_reporter(None)
            if reporter.starting is not None:
                bar.remove_task(reporter.starting)
    return run_state.result(raise_on_failure=True)


def _finish(report: Any, as_json: bool) -> None:
    if as_json:
        print_json(report.model_dump(exclude={"skipped"}))
    else:
        _print_summary(report)
    for w in report.warnings:
        err_console.print(Text.assemble(("Warning:", "yellow"), " ", printable(w)), highlight=False,
                          soft_wrap=True)
    if report.problems:
        for d in report.problems:
            err_console.print(Text.assemble(("Error:", "bold red"), " ", printable(d.error or d.file)),
                              highlight=False, soft_wrap=True)
        raise typer.Exit(EXIT_PARTIAL)


def _print_summary(report: Any) -> None:
    docs = Table(title="Documents", highlight=False)
    for col in ("document", "status", "duplicate of", "what changed"):
        docs.add_column(col, overflow="fold")
    for d in report.documents:
        note = d.error if d.status == "failed" else (d.changes.summary() if d.changes else "")
        docs.add_row(d.file, d.status, d.duplicate_of or "", note or "")
    console.print(docs)
    if report.skipped:
        console.print("[green]Nothing changed:[/] no extraction, tagging or graph writes.")
    summary = Table(title="Run summary", highlight=False)
    summary.add_column("measure")
    summary.add_column("value", justify="right")
    for k, v in report.counts.items():
        summary.add_row(k, str(v))
    for k, v in report.timings.items():
        summary.add_row(f"time: {k} (s)", f"{v:.2f}")
    console.print(summary)
