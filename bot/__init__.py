"""peel-bot: PEEL police inspection findings in Slack, verbatim and with their source."""

__version__ = "0.1.0"
