"""Time to acknowledge /peel under load: N concurrent signed slash commands over loopback.

Runs the Procfile's web process (gunicorn, 2 workers x 4 threads) against the fake Slack from
tests/fakeslack.py, fires all commands at once, and reports p50/p99 time to the HTTP ack, the
time until each answer reached its response_url, and errors (non-200 acks, missing or failed
answers). Target: p99 ack <= 100 ms and zero errors; exits 1 when missed.

    .venv/bin/python benchmarks/bench_slack.py [--concurrency 50] [--rounds 3]
"""

from __future__ import annotations

import argparse
import statistics
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.fakeslack import FakeSlack, command_body, signed_post  # noqa: E402
from tests.test_slack_gunicorn import free_port, start, wait_healthy  # noqa: E402

SECRET = "be9c4a11d00d0123456789abcdef0123"
QUERIES = (
    "aoi",
    "find police",
    "stats 2021",
    "grades",
    "concerns",
    "practice",
    "compare",
    "help",
    "recs",
    "",
)
TARGET_P99_MS = 100.0


def percentile(values: list[float], pct: int) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[pct - 1]


def one_round(
    url: str, fake: FakeSlack, concurrency: int, label: str
) -> tuple[list[float], list[float], int]:
    barrier = threading.Barrier(concurrency)
    acks: list[float] = [0.0] * concurrency
    sent: list[float] = [0.0] * concurrency
    statuses: list[int] = [0] * concurrency
    bodies = [
        command_body(QUERIES[i % len(QUERIES)], fake.response_url(f"{label}-{i}"), user_id=f"U{i:04d}")
        for i in range(concurrency)
    ]

    def fire(i: int) -> None:
        barrier.wait()
        sent[i] = time.perf_counter()
        try:
            result = signed_post(url + "/slack/events", bodies[i], SECRET)
            acks[i], statuses[i] = result.seconds * 1000, result.status
        except OSError:
            acks[i], statuses[i] = float("inf"), 0

    threads = [threading.Thread(target=fire, args=(i,)) for i in range(concurrency)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    errors = sum(status != 200 for status in statuses)
    answered: list[float] = []
    for i in range(concurrency):
        try:
            (reply,) = fake.wait_for(f"response/{label}-{i}", timeout=30)
        except AssertionError:
            errors += 1
            continue
        record = next(r for r in fake.requests if r.method == f"response/{label}-{i}")
        answered.append((record.at - sent[i]) * 1000)
        if "something went wrong" in reply.get("text", "") or not reply.get("blocks"):
            errors += 1
    return acks, answered, errors


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--concurrency", type=int, default=50)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()

    fake = FakeSlack().start()
    port = free_port()
    process = start(
        {
            "SLACK_BOT_TOKEN": "xoxb-bench-0-0",
            "SLACK_SIGNING_SECRET": SECRET,
            "SLACK_API_URL": fake.url,
            "LOG_LEVEL": "WARNING",
        },
        port,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, process)
        one_round(url, fake, 8, "warmup")  # both workers import, build their indexes, open connections
        all_acks: list[float] = []
        all_answers: list[float] = []
        total_errors = 0
        for n in range(args.rounds):
            acks, answers, errors = one_round(url, fake, args.concurrency, f"round{n}")
            all_acks += acks
            all_answers += answers
            total_errors += errors
            ack50, ack99 = percentile(acks, 50), percentile(acks, 99)
            ans50, ans99 = percentile(answers, 50), percentile(answers, 99)
            print(
                f"round {n + 1}: {args.concurrency} concurrent /peel  ack p50 {ack50:6.1f} ms  "
                f"p99 {ack99:6.1f} ms  max {max(acks):6.1f} ms  |  answer p50 {ans50:6.1f} ms  "
                f"p99 {ans99:6.1f} ms  |  errors {errors}"
            )
    finally:
        process.terminate()
        process.wait(timeout=10)
        fake.close()
    p99 = percentile(all_acks, 99)
    print(
        f"all {len(all_acks)}: ack p50 {percentile(all_acks, 50):.1f} ms, p99 {p99:.1f} ms; "
        f"answer p50 {percentile(all_answers, 50):.1f} ms, p99 {percentile(all_answers, 99):.1f} ms; "
        f"errors {total_errors} (target: ack p99 <= {TARGET_P99_MS:.0f} ms, 0 errors)"
    )
    return 0 if p99 <= TARGET_P99_MS and total_errors == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
