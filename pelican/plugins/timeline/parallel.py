"""Spreading independent work over the machine's cores, with results in input order.

Below a threshold the work runs in this process: starting workers costs more than it saves.
Results come back in the order of the input, so the output never depends on scheduling.
"""

from __future__ import annotations

import contextlib
import gc
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from typing import Any, TypeVar

T = TypeVar("T")
R = TypeVar("R")

MIN_ITEMS_PER_WORKER = 300
_task: tuple[Callable[..., Any], tuple[Any, ...]] | None = None


def default_jobs() -> int:
    env = os.environ.get("TIMELINE_JOBS")
    if env:
        return max(1, int(env))
    return (
        len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1)
    )


def _run_chunk(chunk: Sequence[Any]) -> list[Any]:
    assert _task is not None
    func, args = _task
    return [func(item, *args) for item in chunk]


def map_in_processes(
    func: Callable[..., R], items: Sequence[T], *args: Any, jobs: int | None = None
) -> list[R]:
    """[func(item, *args) for item in items], over several processes when it pays."""
    global _task
    jobs = jobs or default_jobs()
    workers = min(jobs, len(items) // MIN_ITEMS_PER_WORKER)
    if workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item, *args) for item in items]
    size = -(-len(items) // (workers * 4))
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    _task = (func, args)
    try:
        with multiprocessing.get_context("fork").Pool(workers) as pool:
            results = pool.map(_run_chunk, chunks)
    finally:
        _task = None
    return [r for chunk in results for r in chunk]


class Background:
    """A function running in a forked process while this one goes on; `join()` returns its
    result or raises with the child's traceback. Without fork (or with one job) it runs
    at once, in this process."""

    def __init__(self, func: Callable[[], R], enabled: bool = True) -> None:
        self._result: Any = None
        self._process: Any = None
        self.forked = enabled and "fork" in multiprocessing.get_all_start_methods()
        if not self.forked:
            self._result = ("ok", func())
            return
        context = multiprocessing.get_context("fork")
        receiver, sender = context.Pipe(duplex=False)
        self._receiver = receiver
        self._process = context.Process(target=_run_and_send, args=(func, sender),
                                        daemon=False)
        self._process.start()
        sender.close()

    def join(self) -> Any:
        if self._process is not None:
            try:
                self._result = self._receiver.recv()
            except EOFError:
                self._result = ("error", "the worker process ended without a result")
            self._process.join()
            self._process = None
        status, value = self._result
        if status != "ok":
            raise RuntimeError(f"a background step failed:\n{value}")
        return value


def _run_and_send(func: Callable[[], Any], sender: Any) -> None:
    import traceback

    try:
        result = ("ok", func())
    except BaseException:
        result = ("error", traceback.format_exc())
    sender.send(result)
    sender.close()


@contextlib.contextmanager
def no_gc() -> Iterator[None]:
    """Loading builds millions of acyclic objects; the cyclic collector would rescan every
    live object many times over for nothing. Reference counting still frees them."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
