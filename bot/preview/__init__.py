"""``peel-bot preview``: the bot's Slack messages, App Home and digest drawn in a local web page.

``workspace`` drives the bot's own Slack code against an in-memory workspace, ``blocks`` and
``mrkdwn`` draw Block Kit as Slack does, ``pages`` and ``server`` serve it on loopback, and
``browser`` launches the OS's Chromium for the screenshots and the browser test.
"""
