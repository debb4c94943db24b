"""Gunicorn settings for HTTP mode, shared by the Procfile (``gunicorn -c python:bot.slack.gunicorn_config``)
and ``peel-bot serve``, so both start the same way.

The app is built once in the master before the workers fork (``preload_app``): settings, knowledge
and the bot token are checked once, and a problem stops the server with one line. The limits keep
one client from holding a worker for long; Slack's requests are small and quick. Gunicorn is still
not a front-line server (a few slow clients can hold every thread): run it behind a router.
"""

worker_class = "gthread"
workers = 2
threads = 4
preload_app = True
timeout = 30  # a worker silent for this long is restarted
graceful_timeout = 10
keepalive = 5
limit_request_line = 4094  # bytes in the request line (method, path, query)
limit_request_fields = 50
limit_request_field_size = 8190
# Bodies are capped at bot.slack.guard.MAX_BODY_BYTES by the app itself (gunicorn has no such limit).

SETTINGS = {
    name: value
    for name, value in dict(globals()).items()
    if not name.startswith("_") and name.islower() and isinstance(value, int | str | bool)
}
