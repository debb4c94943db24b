"""Helpers for the digest tests: a small synthetic knowledge base, a settable clock, stores."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TypeVar

import pytest

from bot.config import DigestSettings
from bot.digest.reconcile import Digest
from bot.digest.service import digest_client
from bot.digest.store import DigestStore
from bot.knowledge import KnowledgeBase, Report
from bot.knowledge.models import (
    Area,
    Concern,
    Improvement,
    Practice,
    Recommendation,
    ReportFile,
    ReportMeta,
    Statistic,
    TopicsFile,
)


def _report(report_id: str, year: int, label: str) -> Report:
    meta = ReportMeta(
        id=report_id,
        title=f"Inspection {label}",
        force="Test force",
        inspectorate="Test inspectorate",
        published=f"March {year + 1}",
        label=label,
        year=year,
        grade_scale=["Good", "Requires improvement"],
        seed=f"seeds/{report_id}.txt",
    )
    areas = [
        Area(
            id=f"area-{i}",
            name=f"Area {i}",
            grade="Good" if i % 2 else "Requires improvement",
            quote=f"Area {i} is graded {'Good' if i % 2 else 'Requires improvement'} here.",
        )
        for i in range(1, 5)
    ]
    areas.append(Area(id="ungraded", name="Ungraded area", grade=None, quote="This area is not graded."))
    data = ReportFile(
        report=meta,
        areas=areas,
        improvements=[
            Improvement(id=f"afi-{i}", area=f"area-{i}", quote=f"The force should improve thing {i}.")
            for i in range(1, 4)
        ],
        concerns=[
            Concern(
                id="coc-1",
                area="area-2",
                quote="The force is not doing enough about the first concern.",
                recommendations=[Recommendation(id="rec-1", quote="Within six months the force should act.")],
            )
        ],
        practices=[
            Practice(id="practice-1", area="area-3", title="A good idea", quote="The force runs a good idea.")
        ],
        statistics=[
            Statistic(
                id=f"stat-{i}",
                area="area-1",
                label=f"Figure {i}",
                value=f"{i}.5",
                unit="%",
                quote=f"The figure was {i}.5 percent.",
            )
            for i in range(1, 4)
        ],
    )
    return Report(meta=meta, data=data, path=Path(f"{report_id}.yaml"), areas={a.id: a for a in areas})


def synthetic_kb() -> KnowledgeBase:
    """Two reports, each with 4 graded areas, 1 ungraded, 3 AFIs, 1 concern + 1 rec, 1 practice, 3 stats."""
    reports = [_report("old-report", 2016, "2016"), _report("new-report", 2021, "2021/22")]
    return KnowledgeBase(reports=reports, topics=TopicsFile(), root=Path("."))


class Clock:
    """A settable UTC clock: ``clock()`` is now; ``clock.set(...)`` / ``clock.advance(...)`` move it."""

    def __init__(self, start: datetime) -> None:
        self.value = start

    def __call__(self) -> datetime:
        return self.value

    def set(self, value: datetime) -> None:
        self.value = value

    def advance(self, **kwargs: float) -> None:
        self.value += timedelta(**kwargs)


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)  # type: ignore[misc]


@contextmanager
def open_store(url: str) -> Iterator[DigestStore]:
    store = DigestStore.open(url)
    try:
        yield store
    finally:
        store.close()


T = TypeVar("T")


def at_once(work: Callable[[T], object], args: Iterable[T]) -> None:
    """``work(arg)`` for every arg, each in its own thread, all let go together (a barrier, as
    racing processes would be); returns when every one has finished."""
    args = list(args)
    barrier = threading.Barrier(len(args))

    def run(arg: T) -> None:
        barrier.wait()
        work(arg)

    threads = [threading.Thread(target=run, args=(arg,)) for arg in args]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()


CHANNEL = "C0DIGEST"
START = utc(2025, 3, 27, 12, 0)  # Thursday; British Summer Time starts on Sunday 30 March
SETTINGS = DigestSettings(horizon_days=14)


@pytest.fixture
def clock() -> Clock:
    return Clock(START)


@pytest.fixture
def make_digest(db_url: str, fake_slack: Any, clock: Clock) -> Iterator[Callable[..., Digest]]:
    """Digests on the test database and the fake Slack (each its own engine, like a process)."""
    made: list[Digest] = []

    def make(
        kb: KnowledgeBase | None = None,
        settings: DigestSettings = SETTINGS,
        timeout: float = 15,
        now: Callable[[], datetime] | None = None,
    ) -> Digest:
        client = digest_client("xoxb-test", fake_slack.url)
        client.timeout = timeout  # type: ignore[assignment]  # urllib takes fractions of a second
        digest = Digest(DigestStore.open(db_url), kb or synthetic_kb(), client, settings, now or clock)
        made.append(digest)
        return digest

    yield make
    for digest in made:
        digest.background.join()
        digest.store.close()


def subscribe(
    digest: Digest, post_time: str = "09:00", cadence: str = "weekdays", channel: str = CHANNEL
) -> None:
    digest.store.subscribe(
        channel, post_time=post_time, cadence=cadence, zone="Europe/London", user_id="U1", now=digest.now()
    )


def queued(fake_slack: Any, channel: str = CHANNEL) -> list[int]:
    """post_at of every message in Slack's queue for the channel, sorted."""
    return sorted(m["post_at"] for m in fake_slack.scheduled.values() if m["channel_id"] == channel)
