"""Acknowledgements before answers: background work yields to in-flight Slack requests.

Python threads share one interpreter lock, so answers computed while a burst of commands is
arriving would slow every acknowledgement down. Work started after an ack first waits (briefly
and with a hard bound) until no request has been in flight for a short quiet period.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from typing import Any, TypeVar

QUIET_SECONDS = 0.015
MAX_WAIT_SECONDS = 0.5

T = TypeVar("T")


class AckFirst:
    """Counts requests in flight; :meth:`wait_turn` blocks background work while there are any."""

    def __init__(self, quiet: float = QUIET_SECONDS, max_wait: float = MAX_WAIT_SECONDS) -> None:
        self.quiet = quiet
        self.max_wait = max_wait
        self._in_flight = 0
        self._last_done = 0.0
        self._changed = threading.Condition()

    @contextmanager
    def acknowledging(self) -> Iterator[None]:
        """Wrap the handling of one incoming request."""
        with self._changed:
            self._in_flight += 1
        try:
            yield
        finally:
            with self._changed:
                self._in_flight -= 1
                self._last_done = time.monotonic()
                self._changed.notify_all()

    def wait_turn(self) -> float:
        """Block until no request has been in flight for ``quiet`` seconds, at most ``max_wait``.

        Returns how long it waited.
        """
        started = time.monotonic()
        deadline = started + self.max_wait
        with self._changed:
            while True:
                now = time.monotonic()
                if now >= deadline:
                    break
                if self._in_flight == 0:
                    idle = now - self._last_done
                    if idle >= self.quiet:
                        break
                    self._changed.wait(min(self.quiet - idle, deadline - now))
                else:
                    self._changed.wait(deadline - now)
        return time.monotonic() - started


class AckFirstExecutor(ThreadPoolExecutor):
    """Bolt's background executor: every task waits its turn behind in-flight acknowledgements."""

    def __init__(self, gate: AckFirst, max_workers: int, thread_name_prefix: str = "") -> None:
        super().__init__(max_workers=max_workers, thread_name_prefix=thread_name_prefix)
        self.gate = gate

    def submit(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> Future[T]:
        def after_acks() -> T:
            self.gate.wait_turn()
            return fn(*args, **kwargs)

        return super().submit(after_acks)
