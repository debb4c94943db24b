"""Time maths: post days and the UTC instant of a local post time, across DST changes."""

from __future__ import annotations

from datetime import date, time
from zoneinfo import ZoneInfo

import pytest

from bot.digest.schedule import Cadence, format_local, local_date, parse_time, post_days, post_instant
from tests.digest_support import utc

LONDON = ZoneInfo("Europe/London")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("09:00", time(9, 0)),
        ("9:30", time(9, 30)),
        ("0745", time(7, 45)),
        ("17.15", time(17, 15)),
        ("23:59", time(23, 59)),
        ("00:00", time(0, 0)),
    ],
)
def test_parse_time_accepts_common_forms(text, expected):
    assert parse_time(text) == expected


@pytest.mark.parametrize("text", ["24:00", "9", "9:60", "nine", "", "09:00:00", "weekdays"])
def test_parse_time_rejects_everything_else(text):
    assert parse_time(text) is None


def test_weekdays_skip_the_weekend():
    # 2025-03-28 is a Friday
    days = post_days(date(2025, 3, 28), 7, Cadence.WEEKDAYS)
    assert days == [
        date(2025, 3, 28),
        date(2025, 3, 31),
        date(2025, 4, 1),
        date(2025, 4, 2),
        date(2025, 4, 3),
    ]
    assert len(post_days(date(2025, 3, 28), 7, Cadence.DAILY)) == 7


def test_nine_am_london_is_eight_utc_in_summer_and_nine_in_winter():
    # BST starts on Sunday 30 March 2025 and ends on Sunday 26 October 2025.
    assert post_instant(date(2025, 3, 28), time(9), LONDON) == utc(2025, 3, 28, 9, 0)
    assert post_instant(date(2025, 3, 31), time(9), LONDON) == utc(2025, 3, 31, 8, 0)
    assert post_instant(date(2025, 10, 24), time(9), LONDON) == utc(2025, 10, 24, 8, 0)
    assert post_instant(date(2025, 10, 27), time(9), LONDON) == utc(2025, 10, 27, 9, 0)


def test_times_inside_the_spring_gap_and_autumn_overlap():
    # 01:30 does not exist on 30 March 2025 in London: it moves forward by the gap (to 02:30 BST).
    assert post_instant(date(2025, 3, 30), time(1, 30), LONDON) == utc(2025, 3, 30, 1, 30)
    assert post_instant(date(2025, 3, 30), time(1, 30), LONDON).astimezone(LONDON).hour == 2
    # 01:30 happens twice on 26 October 2025: the first (BST) occurrence is used.
    assert post_instant(date(2025, 10, 26), time(1, 30), LONDON) == utc(2025, 10, 26, 0, 30)


def test_local_date_and_formatting():
    late_evening = utc(2025, 6, 30, 23, 30)  # 00:30 BST on 1 July
    assert local_date(late_evening, LONDON) == date(2025, 7, 1)
    assert local_date(late_evening, ZoneInfo("UTC")) == date(2025, 6, 30)
    assert format_local(utc(2025, 3, 31, 8, 0), LONDON) == "Mon 31 Mar 09:00 BST"
