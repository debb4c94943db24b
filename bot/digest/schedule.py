"""Pure time maths: which days a channel gets a post, and the UTC instant of each post.

Times are wall-clock times in the subscription's zone, so a 09:00 post stays at 09:00 local
across daylight-saving changes (08:00 UTC in summer, 09:00 UTC in winter in London).
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

_TIME = re.compile(r"^([01]?\d|2[0-3])[:.h]?([0-5]\d)$")


class Cadence(StrEnum):
    """How often a channel gets a post."""

    WEEKDAYS = "weekdays"
    DAILY = "daily"


def parse_time(text: str) -> time | None:
    """``09:00``, ``9:30``, ``0930``, ``9.30`` -> time; anything else -> None."""
    match = _TIME.match(text.strip().lower())
    return time(int(match.group(1)), int(match.group(2))) if match else None


def is_post_day(day: date, cadence: Cadence) -> bool:
    return cadence is Cadence.DAILY or day.weekday() < 5


def post_days(start: date, span_days: int, cadence: Cadence) -> list[date]:
    """Post days in ``[start, start + span_days)``."""
    days = (start + timedelta(days=i) for i in range(span_days))
    return [d for d in days if is_post_day(d, cadence)]


def post_instant(day: date, at: time, zone: ZoneInfo) -> datetime:
    """The UTC instant of the post on ``day`` at local time ``at``.

    A local time that does not exist (skipped by a spring-forward change) is read with the
    offset in force before the change, so it moves forward by the gap (01:30 becomes 02:30 BST);
    an ambiguous one (repeated in autumn) is its first occurrence.
    """
    local = datetime.combine(day, at, tzinfo=zone)
    return local.astimezone(UTC)


def local_date(instant: datetime, zone: ZoneInfo) -> date:
    """The calendar date in ``zone`` at a UTC instant."""
    return instant.astimezone(zone).date()


def format_local(instant: datetime, zone: ZoneInfo) -> str:
    """e.g. 'Mon 31 Mar 09:00 BST' for status lines."""
    local = instant.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b %H:%M %Z}"
