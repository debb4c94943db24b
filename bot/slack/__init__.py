"""The Slack app: wiring (app.py), HTTP and Socket Mode front ends, Web API clients and logs."""
