"""The one error handler: log the failure with a short reference id and tell the user.

Used both as Bolt's global ``app.error`` handler (acknowledgement path) and by :func:`guarded`
around work done after the acknowledgement, so no failure is ever silent.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from slack_bolt import Ack, BoltResponse

from bot.engine.reply import new_ref
from bot.slack.client import DeliveryError, send_to_response_url

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)


def friendly_text(ref: str) -> str:
    """What the user sees when something breaks."""
    return (
        ":warning: Sorry, something went wrong while answering that. Please try again; "
        f"if it keeps happening, give your admin the reference `{ref}`."
    )


def _field(value: Any, key: str) -> Any:
    return value.get(key) if isinstance(value, dict) else None


def _context(body: Any) -> dict[str, Any]:
    """Who and what, for the log line; any shape of body (a failure may come from a malformed one)."""
    event, user = _field(body, "event"), _field(body, "user")
    who = _field(body, "user_id") or _field(user, "id") or _field(event, "user")
    kind = _field(body, "command") or _field(body, "type") or _field(event, "type")
    return {"user": who if isinstance(who, str) else None, "kind": kind if isinstance(kind, str) else None}


def log_failure(error: BaseException, body: dict[str, Any]) -> str:
    """Log ``error`` as one structured line and return its reference id."""
    ref = new_ref()
    log.error(
        "request failed",
        exc_info=(type(error), error, error.__traceback__),
        extra={"event": "error", "ref": ref, "error_type": type(error).__name__, **_context(body)},
    )
    return ref


def handle_error(error: Exception, body: dict[str, Any]) -> BoltResponse:
    """Global handler: log, then answer the request itself with a friendly ephemeral message."""
    ref = log_failure(error, body or {})
    if body and (body.get("command") or body.get("type") in ("block_actions", "view_submission")):
        return BoltResponse(
            status=200,
            body={"response_type": "ephemeral", "text": friendly_text(ref)},
            headers={"content-type": "application/json"},
        )
    return BoltResponse(status=200, body="")


def report_to_user(error: BaseException, body: dict[str, Any]) -> str:
    """After the ack: log, then post the friendly message to the request's ``response_url``."""
    ref = log_failure(error, body)
    url = body.get("response_url")
    if url:
        try:
            send_to_response_url(
                url, {"response_type": "ephemeral", "replace_original": False, "text": friendly_text(ref)}
            )
        except DeliveryError as exc:
            log.error(
                "could not tell the user about a failure",
                extra={"event": "error", "ref": ref, "detail": str(exc)},
            )
    return ref


def guarded(func: Callable[[dict[str, Any]], None]) -> Callable[..., None]:
    """Wrap post-ack work taking ``body``: any exception goes to :func:`report_to_user`."""

    @functools.wraps(func)
    def run(body: dict[str, Any]) -> None:
        try:
            func(body)
        except Exception as exc:
            report_to_user(exc, body)

    return run


def acknowledge(ack: Ack) -> None:
    """Acknowledge at once; the work follows (a lazy listener, or :func:`ack_then`'s task)."""
    ack()


def ack_then(work: Callable[[dict[str, Any]], None], services: Services) -> Callable[..., None]:
    """A listener that acks at once, then runs ``work(body)`` on ``services.background``.

    Used instead of Bolt's lazy listeners, which deep-copy the whole request before handing it
    to a thread: that copy was over half the cost of an acknowledgement under load.
    """
    task = guarded(work)

    def listener(ack: Ack, body: dict[str, Any]) -> None:
        acknowledge(ack)
        services.background.submit(task, body)

    return listener
