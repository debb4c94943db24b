"""A separate process that reconciles one channel, for the racing and kill -9 tests:

    python -m tests.digest_worker DB_URL SLACK_API_URL CHANNEL NOW_ISO [open-only]

It builds a Digest on the synthetic knowledge with its clock fixed at NOW_ISO, prints ``ready``,
waits for a line on stdin (so racing workers start together), reconciles and prints the outcome
as JSON. With ``open-only`` it only opens the store (creating the schema) on the go line, and exits.
"""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from datetime import datetime

from bot.config import DigestSettings
from bot.digest.reconcile import Digest
from bot.digest.service import digest_client
from bot.digest.store import DigestStore
from tests.digest_support import synthetic_kb


def main(argv: list[str]) -> int:
    db_url, api_url, channel, now_iso = argv[:4]
    if argv[4:] == ["open-only"]:
        print("ready", flush=True)
        sys.stdin.readline()  # go
        DigestStore.open(db_url).close()
        return 0
    store = DigestStore.open(db_url)
    now = datetime.fromisoformat(now_iso)
    digest = Digest(store, synthetic_kb(), digest_client("xoxb-test", api_url), DigestSettings(), lambda: now)
    print("ready", flush=True)
    sys.stdin.readline()  # go
    outcome = digest.reconcile(channel)
    print(json.dumps(asdict(outcome)), flush=True)
    store.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
