"""Reconciles nobody waits for: one worker thread per process, requests for the same work merged.

Safe across ``fork`` (gunicorn ``--preload`` builds the Digest in the master): a process that
finds a pool made by its parent makes its own, since the parent's thread does not exist in it.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

log = logging.getLogger(__name__)


class Background:
    """A one-thread queue of named jobs; a job already waiting is not queued twice."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._pool: ThreadPoolExecutor | None = None
        self._pid = 0
        self._waiting: dict[str, Future[None]] = {}

    def submit(self, key: str, job: Callable[[], object]) -> Future[None]:
        """Queue ``job`` under ``key`` (or return the same job already waiting)."""
        with self._lock:
            if self._pool is None or self._pid != os.getpid():
                self._pool = ThreadPoolExecutor(1, thread_name_prefix="digest")
                self._pid, self._waiting = os.getpid(), {}
            if key in self._waiting:
                return self._waiting[key]
            future = self._pool.submit(self._run, key, job)
            self._waiting[key] = future
            return future

    def _run(self, key: str, job: Callable[[], object]) -> None:
        with self._lock:
            self._waiting.pop(key, None)  # running now: a later request queues a fresh run
        try:
            job()
        except Exception:
            log.exception("digest background job failed", extra={"event": "digest_failed", "job": key})

    def join(self, timeout: float = 60.0) -> None:
        """Wait until every job queued so far has run (tests, and the CLI before it exits)."""
        self.submit(f"join-{id(threading.current_thread())}", lambda: None).result(timeout)
