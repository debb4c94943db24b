"""``python -m bot`` is the same as the ``peel-bot`` console script."""

from bot.cli import main

main()
