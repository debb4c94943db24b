"""Slack's redeliveries (``X-Slack-Retry-Num``): drop the duplicates, keep the lost deliveries.

Slack retries an Events API delivery for a reason (``X-Slack-Retry-Reason``). ``http_timeout``
means the first delivery reached us but our acknowledgement was late: it is already being
handled, so the retry is acked and dropped (nothing is posted twice). Every other reason
(``connection_failed``, ``http_error``, ``ssl_error``, ``too_many_redirects``, ``unknown_error``)
means the first delivery was never handled, so the retry is handled like a first delivery
(an App Home publish is not lost).
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

RETRY_HEADER = "x-slack-retry-num"
REASON_HEADER = "x-slack-retry-reason"
DUPLICATE_REASONS = frozenset({"http_timeout"})

log = logging.getLogger(__name__)


def _header(request: BoltRequest, name: str) -> str | None:
    values = request.headers.get(name)
    return values[0] if values else None


def retry_number(request: BoltRequest) -> str | None:
    """The retry count Slack sent, or None for a first delivery."""
    return _header(request, RETRY_HEADER)


def ignore_retries(request: BoltRequest, next_: Callable[[], None]) -> BoltResponse | None:
    """Global middleware: ack a duplicate retry with 200 and stop; pass everything else on."""
    attempt = retry_number(request)
    if attempt is None:
        next_()
        return None
    reason = (_header(request, REASON_HEADER) or "unknown")[:40]
    extra = {"event": "retry", "attempt": attempt[:10], "reason": reason}
    if reason in DUPLICATE_REASONS:
        log.info("ignored retry", extra=extra)
        return BoltResponse(status=200, body="")
    log.info("handling retry", extra=extra)
    next_()
    return None
