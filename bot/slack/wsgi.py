"""``gunicorn bot.slack.wsgi:app``: the HTTP-mode WSGI app, configured from the environment.

A bad setting or invalid knowledge stops the worker with one clear line instead of a traceback.
"""

from __future__ import annotations

import sys

from bot.config import ConfigError, load_settings
from bot.knowledge import KnowledgeError
from bot.slack.server import http_wsgi_app, setup_logging

try:
    _settings = load_settings()
    setup_logging(_settings)
    app = http_wsgi_app(_settings)
except ConfigError as _exc:
    sys.exit(f"peel-bot cannot start: {_exc}")
except KnowledgeError as _exc:
    sys.exit(f"peel-bot cannot start: knowledge/ is invalid:\n{_exc}")
