"""Run one document's work in a child process with a deadline and a memory cap.

A quadratic regex, a PDF page of a million words or a flate bomb must fail *that* document, not
stall the ingest. Signal alarms cannot do it (Prefect runs tasks in worker threads, and
``signal.alarm`` only works in the main thread), and a thread cannot be killed, so the work runs
in a worker process that is killed when the deadline passes. The worker is reused across
documents (spawning one costs the imports, ~1 s) and replaced after a kill or a crash.

A new worker is started, and ``prepare`` run in it (the tagger builds its spaCy pipeline), before
the next document's deadline starts: the deadline measures that document's own work, never a
worker's start-up, which a loaded machine can stretch to many seconds.

>>> with Budget(timeout=60, memory_mb=4096) as budget:
...     doc = budget.run(extract, source, label=str(source.path))
"""

from __future__ import annotations

import multiprocessing
import os
import threading
import weakref
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from types import TracebackType
from typing import Any, TypeVar

from extractors.errors import BudgetExceededError, ExtractionError, SkgError

T = TypeVar("T")

# Every live Budget, so that a SIGTERM handler can stop their workers at once (stop_all).
_LIVE: weakref.WeakSet[Budget] = weakref.WeakSet()
_STOPPING = threading.Event()
# How long a new worker may take to import and run ``prepare``: far above any real start-up
# (~1 s alone, tens of seconds on a crowded machine), only there so a wedged start cannot hang.
STARTUP_TIMEOUT = 600.0


def stop_all() -> None:
    """Kill every worker and make later :meth:`Budget.run` calls fail at once: the process is
    shutting down (SIGTERM), and a batch must not start its next document."""
    _STOPPING.set()
    for budget in list(_LIVE):
        budget._discard(wait=False)


def _init_worker(memory_mb: int, parent: int) -> None:
    """Worker initialiser: die with the parent, and cap the address space so a runaway raises
    MemoryError here.

    A SIGKILLed parent cannot kill its worker, and a worker busy in one document (a flate bomb in
    C code) would not notice for minutes, its deadline gone with the parent; so the kernel is
    asked to SIGKILL it when its parent goes (Linux ``PR_SET_PDEATHSIG``; the parent is the
    thread that started it, the one that runs this budget's documents). A parent already gone by
    now is caught by the ``getppid`` check."""
    _die_with_parent(parent)
    if memory_mb <= 0:
        return
    import resource

    limit = memory_mb * 1024 * 1024
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


def _die_with_parent(parent: int) -> None:
    import sys

    if not sys.platform.startswith("linux"):
        return
    import ctypes
    import signal

    pr_set_pdeathsig = 1
    try:
        ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, int(signal.SIGKILL), 0, 0, 0)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:
        os._exit(1)


def _prepare(fn: Callable[[], object] | None) -> None:
    """Run in a new worker before its first document; only its side effects are kept."""
    if fn is not None:
        fn()


def _call(fn: Callable[..., Any], args: tuple[Any, ...], kwargs: dict[str, Any]) -> Any:
    """Run in the worker; exceptions that may not pickle come back as text."""
    try:
        return fn(*args, **kwargs)
    except SkgError:
        raise
    except MemoryError as e:
        raise BudgetExceededError(f"ran out of memory ({e or 'MemoryError'})") from None
    except RecursionError as e:
        raise ExtractionError(f"nested too deeply to read ({e})") from None
    except Exception as e:  # noqa: BLE001 - any bug in one document becomes its failure
        raise ExtractionError(f"{type(e).__name__}: {e}") from None


class Budget:
    """A worker process that runs callables with a per-call deadline and a memory cap.

    ``timeout <= 0`` and ``memory_mb <= 0`` switch the bound off (the callable still runs in the
    worker, so crashes stay isolated). ``prepare`` (a picklable callable, e.g. one that builds a
    pipeline into a module-level cache) runs in every new worker before its first call, outside
    any call's deadline. Every failure is raised as a :class:`SkgError` whose message starts
    with ``label``.
    """

    def __init__(self, timeout: float = 60.0, memory_mb: int = 4096,
                 prepare: Callable[[], object] | None = None) -> None:
        self.timeout = timeout
        self.memory_mb = memory_mb
        self.prepare = prepare
        self._pool: ProcessPoolExecutor | None = None
        _LIVE.add(self)

    def _executor(self, label: str) -> ProcessPoolExecutor:
        if self._pool is not None:
            return self._pool
        # spawn, not fork: the parent has threads (Prefect, redis) and fork would copy locks.
        pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("spawn"),
                                   initializer=_init_worker, initargs=(self.memory_mb, os.getpid()))
        self._pool = pool
        try:
            pool.submit(_prepare, self.prepare).result(timeout=STARTUP_TIMEOUT)
        except FutureTimeout:
            self._discard()
            raise BudgetExceededError(
                f"{label}: not read: the worker did not start within {STARTUP_TIMEOUT:g} s") from None
        except BrokenProcessPool:
            self._discard()
            if _STOPPING.is_set():
                raise BudgetExceededError(f"{label}: not read: the run is stopping") from None
            raise BudgetExceededError(
                f"{label}: not read: the worker died while starting (is SKG_DOC_MEMORY_MB="
                f"{self.memory_mb} too small?)") from None
        except Exception as e:  # noqa: BLE001 - a failing prepare fails this call, one line
            self._discard()
            if _STOPPING.is_set():  # stop_all() cancelled the start-up
                raise BudgetExceededError(f"{label}: not read: the run is stopping") from None
            raise BudgetExceededError(
                f"{label}: not read: the worker could not start ({type(e).__name__}: {e})") from None
        if self._pool is not pool:  # stop_all() ran meanwhile (SIGTERM)
            raise BudgetExceededError(f"{label}: not read: the run is stopping")
        return pool

    def _discard(self, wait: bool = True) -> None:
        pool, self._pool = self._pool, None
        if pool is None:
            return
        for proc in list((getattr(pool, "_processes", None) or {}).values()):
            proc.kill()
        pool.shutdown(wait=wait, cancel_futures=True)

    def run(self, fn: Callable[..., T], *args: Any, label: str, **kwargs: Any) -> T:
        """``fn(*args, **kwargs)`` in the worker; its result, or a SkgError naming ``label``."""
        if _STOPPING.is_set():
            raise BudgetExceededError(f"{label}: not read: the run is stopping")
        if multiprocessing.current_process().daemon:
            # A daemonic process (a Dask worker of `--task-runner dask`) may not start children:
            # run in place, errors still one line; that worker's own memory limit applies.
            return self._in_place(fn, args, kwargs, label)
        future = self._executor(label).submit(_call, fn, args, kwargs)
        try:
            return future.result(timeout=self.timeout if self.timeout > 0 else None)
        except FutureTimeout:
            self._discard()
            raise BudgetExceededError(
                f"{label}: took over {self.timeout:g} s (raise SKG_DOC_TIMEOUT to allow more)"
            ) from None
        except BrokenProcessPool:
            self._discard()
            if _STOPPING.is_set():
                raise BudgetExceededError(f"{label}: not read: the run is stopping") from None
            raise BudgetExceededError(
                f"{label}: the worker died (over SKG_DOC_MEMORY_MB={self.memory_mb} or a crash)"
            ) from None
        except SkgError as e:
            message = str(e)
            if isinstance(e, BudgetExceededError) and "memory" in message:
                self._discard()  # a worker that hit its cap may be left fragmented: start afresh
                message += f" (SKG_DOC_MEMORY_MB={self.memory_mb})"
            if not message.startswith(label):
                message = f"{label}: {message}"
            raise type(e)(message) from None

    @staticmethod
    def _in_place(fn: Callable[..., T], args: tuple[Any, ...], kwargs: dict[str, Any], label: str) -> T:
        try:
            return _call(fn, args, kwargs)
        except SkgError as e:
            message = str(e)
            raise type(e)(message if message.startswith(label) else f"{label}: {message}") from None

    def close(self) -> None:
        """Stop the worker."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)

    def __enter__(self) -> Budget:
        return self

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        self.close()
