"""``skg ingest``: run the Prefect ingest flow over a directory of guidance."""

from __future__ import annotations

import os
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

from pipeline.app import EXIT_PARTIAL, app, console, err_console, fail, print_json, state, user_errors


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
    task_runner: str = typer.Option("threads", "--task-runner",
                                    help="threads (default), dask (a local 2-worker cluster) or dask=ADDRESS."),
    batch_size: int = typer.Option(50, "--batch-size", min=1, help="Documents per task."),
    as_json: bool = typer.Option(False, "--json", help="Print the run report as JSON."),
) -> None:
    """Run the ingest flow: extract, de-duplicate, tag, link and load into the graph.

    Unchanged documents are skipped (a run with nothing to do does not even start Prefect);
    changed ones are replaced and the report lists what each new edition added and removed.
    Exit code 2 when some documents failed (the others are loaded).

    Example: `skg ingest data/raw --json`
    """
    from pipeline.settings import get_settings

    with user_errors():
        settings = get_settings(store=store, data_dir=data_dir, raw_dir=source_dir)
        configure_prefect(settings.data_dir, state.verbose)
        from extractors.reading.sources import discover
        from graph.stores import open_store
        from pipeline.plan import Planned, hand_over, plan_sources
        from pipeline.run_report import skipped_report

        # One store session for the whole command: the flow's and its tasks' opens join this
        # server (the .users lock counts them), so it starts and stops once per ingest.
        with open_store(settings.store, settings.data_dir, settings.neo4j) as graph_store:
            sources, warnings = discover(settings.raw_dir)
            if not any(s.meta.fetch for s in sources):
                plan, version = plan_sources(sources, graph_store, force)
                if plan.nothing_to_do(prune):
                    _finish(skipped_report(plan, warnings), as_json)
                    return
                hand_over(settings.raw_dir, settings.data_dir, settings.store, force,
                          Planned(sources, warnings, plan, version))
            report = _run_flow(settings, force, prune, task_runner, batch_size, as_json)
        _finish(report, as_json)


def _run_flow(settings: Any, force: bool, prune: bool, runner_spec: str, batch_size: int,
              quiet: bool) -> Any:
    from pipeline import progress as progress_hook

    params = dict(source_dir=str(settings.raw_dir), data_dir=str(settings.data_dir),
                  store=settings.store, prune=prune, force=force, batch_size=batch_size)
    columns = (SpinnerColumn(finished_text=" "), TextColumn("{task.description:>8}"), BarColumn(),
               MofNCompleteColumn(), TimeElapsedColumn())
    with Progress(*columns, console=err_console, transient=False, disable=quiet) as bar:
        reporter = _RichReporter(bar)
        progress_hook.set_reporter(reporter)
        try:
            from pipeline.flows import ingest  # imports Prefect: under the spinner

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
        err_console.print(Text.assemble(("Warning:", "yellow"), " ", w), highlight=False)
    if report.failed:
        for d in report.failed:
            err_console.print(Text.assemble(("Error:", "bold red"), " ", d.error or d.file),
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
