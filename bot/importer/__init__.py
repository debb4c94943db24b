"""Draft a knowledge file from a PEEL report's plain text: ``peel-bot import``.

Works from the report text and the PEEL frameworks (``framework.py``) only; it never reads
``knowledge/``. Every fact it writes is checked verbatim against the report before it is kept, and
whatever it cannot decide goes to the draft's ``review`` list instead of being guessed.
"""

from bot.importer.draft import Draft
from bot.importer.pipeline import import_report, import_text

__all__ = ["Draft", "import_report", "import_text"]
