"""Structured (one JSON object per line) logs with secrets redacted.

The redacting formatter sits on the root handler, so it covers every logger (ours, Bolt's,
slack_sdk's) and tracebacks too: known secret values and anything shaped like a Slack token become
``[redacted]`` in the written line, while the log record itself is left untouched.
"""

from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from typing import Any, TextIO

REDACTED = "[redacted]"
TOKEN_PATTERN = re.compile(r"\bx(?:ox[abeprs]|app)-[A-Za-z0-9-]+")
# Capabilities in URLs: Socket Mode's wss:// ticket grants a connection; a response_url (or incoming
# webhook) lets anyone post into the channel. slack_sdk logs both at DEBUG.
URL_SECRET_PATTERN = re.compile(r"(?<=\bticket=)[^&\s\"'\\]+|(?<=hooks\.slack\.com/)[^\s\"'\\,]+")
_STANDARD_ATTRS = set(vars(logging.makeLogRecord({}))) | {"message", "asctime"}


def redact(text: str, secrets: Iterable[str] = ()) -> str:
    """Replace every secret value, every Slack-token-shaped string and every capability in a URL
    (a Socket Mode ticket, the path of a ``hooks.slack.com`` response URL) in ``text``."""
    for secret in secrets:
        if secret:
            text = text.replace(secret, REDACTED)
    return URL_SECRET_PATTERN.sub(REDACTED, TOKEN_PATTERN.sub(REDACTED, text))


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, then any ``extra=`` fields; every
    secret in ``secrets`` and every Slack-token-shaped string is ``[redacted]`` in the line.

    Redaction happens on the formatted line, never on the record, so other handlers on the same
    logger still see the record as it was logged.
    """

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        self.secrets = tuple(s for s in secrets if s)

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, Any] = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD_ATTRS and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["error"] = record.exc_text
        return redact(json.dumps(entry, default=str, ensure_ascii=False), self.secrets)


def configure_logging(
    level: str, secrets: Iterable[str] = (), stream: TextIO | None = None
) -> logging.Handler:
    """Send all logs as redacted JSON lines to ``stream`` (default stderr); returns the handler."""
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(secrets))
    root = logging.getLogger()
    for old in [h for h in root.handlers if isinstance(h.formatter, JsonFormatter)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    return handler
