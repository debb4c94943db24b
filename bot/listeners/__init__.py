"""Slack listeners, one module per kind of event; each exposes ``register(app, services)``.

Callbacks are plain functions of plain values so tests can call them without a Bolt app.
"""
