"""``gunicorn bot.slack.wsgi:app``: the HTTP-mode WSGI app, configured from the environment.

A bad setting or invalid knowledge stops the server with one clear line instead of a traceback
(exit status 4 is gunicorn's "App failed to load", which halts the master instead of respawning).
"""

from __future__ import annotations

import sys

from gunicorn.arbiter import Arbiter

from bot.config import ConfigError, load_settings
from bot.knowledge import KnowledgeError
from bot.slack.server import http_wsgi_app, setup_logging

APP_LOAD_ERROR = Arbiter.APP_LOAD_ERROR

try:
    _settings = load_settings()
    setup_logging(_settings)
    app = http_wsgi_app(_settings)
except (ConfigError, KnowledgeError) as _exc:
    _what = "" if isinstance(_exc, ConfigError) else "knowledge/ is invalid:\n"
    print(f"peel-bot cannot start: {_what}{_exc}", file=sys.stderr, flush=True)
    sys.exit(APP_LOAD_ERROR)
