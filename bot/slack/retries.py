"""Drop Slack's redeliveries (``X-Slack-Retry-Num``) so nothing is ever posted twice.

Slack only retries when it did not see our acknowledgement in time; every listener acks before
doing any work, so the first delivery is already being answered and the retry is acked and dropped.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

from slack_bolt import BoltRequest, BoltResponse

RETRY_HEADER = "x-slack-retry-num"

log = logging.getLogger(__name__)


def retry_number(request: BoltRequest) -> str | None:
    """The retry count Slack sent, or None for a first delivery."""
    values = request.headers.get(RETRY_HEADER)
    return values[0] if values else None


def ignore_retries(request: BoltRequest, next_: Callable[[], None]) -> BoltResponse | None:
    """Global middleware: ack a retry with 200 and stop; pass first deliveries on."""
    attempt = retry_number(request)
    if attempt is None:
        next_()
        return None
    reason = (request.headers.get("x-slack-retry-reason") or ["unknown"])[0]
    log.info("ignored retry", extra={"event": "retry", "attempt": attempt, "reason": reason})
    return BoltResponse(status=200, body="")
