"""Rotation: a per-channel order that mixes kinds and reports, and never repeats within a cycle."""

from __future__ import annotations

from collections import Counter
from datetime import date
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bot.digest.rotation import (
    DIGEST_KINDS,
    STATISTIC_EVERY,
    channel_order,
    eligible,
    next_items,
    next_uids,
    statistic_day,
    streams,
)
from bot.digest.schedule import Cadence, post_days
from tests.digest_support import synthetic_kb

KB = synthetic_kb()
ELIGIBLE = eligible(KB)
channel_ids = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789", min_size=9, max_size=11).map(
    lambda s: "C" + s
)


def test_eligible_is_graded_areas_and_the_issue_kinds():
    kinds = Counter(e.kind for e in ELIGIBLE)
    # per report: 4 graded areas, 3 AFIs, 1 concern, 1 recommendation, 1 practice, 3 statistics
    assert kinds == {
        "area": 8,
        "improvement": 6,
        "concern": 2,
        "recommendation": 2,
        "practice": 2,
        "statistic": 6,
    }
    assert all(e.kind in DIGEST_KINDS for e in ELIGIBLE)
    assert not [e for e in ELIGIBLE if e.item.id == "ungraded"]


def test_real_knowledge_has_every_digest_kind(kb):
    kinds = {e.kind for e in eligible(kb)}
    assert kinds == set(DIGEST_KINDS)


@given(channel_ids)
def test_order_is_a_permutation_and_deterministic(channel):
    order = channel_order(ELIGIBLE, channel)
    assert sorted(e.uid for e in order) == sorted(e.uid for e in ELIGIBLE)
    assert [e.uid for e in channel_order(list(reversed(ELIGIBLE)), channel)] == [e.uid for e in order]


def max_gap(sequence: list[str], value: str) -> int:
    """Longest stretch (cyclic, counting the first from the start) between occurrences of value."""
    positions = [i for i, v in enumerate(sequence) if v == value]
    gaps = [b - a for a, b in pairwise(positions)]
    return max([positions[0] + 1, len(sequence) - positions[-1] + positions[0], *gaps])


def assert_evenly_spread(order) -> None:
    kinds = [e.kind for e in order]
    counts = Counter(kinds)
    for kind, n in counts.items():  # each kind comes round about every len/n posts
        assert max_gap(kinds, kind) <= len(order) / n + len(counts), kind
    for kind in counts:  # and within a kind, the reports take turns
        reports = [e.report.id for e in order if e.kind == kind]
        per_report = Counter(reports)
        for report, n in per_report.items():
            assert max_gap(reports, report) <= len(reports) / n + len(per_report), (kind, report)


@given(channel_ids)
def test_order_spreads_kinds_and_reports_evenly(channel):
    assert_evenly_spread(channel_order(ELIGIBLE, channel))


@given(channel_ids)
def test_real_knowledge_order_spreads_kinds_and_reports_evenly(kb, channel):
    assert_evenly_spread(channel_order(eligible(kb), channel))


def test_channels_get_different_orders():
    orders = {tuple(e.uid for e in channel_order(ELIGIBLE, f"C{i:09d}")) for i in range(20)}
    assert len(orders) == 20


def test_no_kind_runs_when_none_dominates():
    for i in range(50):
        order = channel_order(ELIGIBLE, f"C{i:09d}")
        runs = sum(a.kind == b.kind for a, b in pairwise(order))
        assert runs <= 2  # the largest kind is under a third of the entries


ORDER = [f"u{i}" for i in range(12)]


@given(st.lists(st.sampled_from([*ORDER, "removed-1", "removed-2"]), max_size=40), st.integers(0, 40))
def test_no_repeat_until_every_item_has_been_shown(history, count):
    sequence = history + next_uids(ORDER, history, count)
    shown: set[str] = set()
    for uid in history:  # replay the history's cycles the way the rotation does
        if uid in ORDER:
            shown.add(uid)
            if len(shown) == len(ORDER):
                shown = set()
    for uid in sequence[len(history) :]:
        assert uid not in shown, f"{uid} repeated before all {len(ORDER)} items were shown"
        shown.add(uid)
        if len(shown) == len(ORDER):
            shown = set()
    assert len(sequence) == len(history) + count


@given(st.lists(st.sampled_from(ORDER), max_size=30), st.integers(0, 20), st.integers(0, 20))
def test_plan_ahead_equals_planning_day_by_day(history, first, second):
    ahead = next_uids(ORDER, history, first + second)
    head = next_uids(ORDER, history, first)
    assert ahead == head + next_uids(ORDER, history + head, second)


def test_a_full_cycle_shows_everything_once_then_starts_again():
    assert next_uids(ORDER, [], 12) == ORDER
    assert next_uids(ORDER, ORDER, 3) == ORDER[:3]
    assert next_uids(ORDER, ["u3", "u0"], 3) == ["u1", "u2", "u4"]
    assert next_uids([], ["u1"], 3) == []


# -- the content mix: findings people read, a statistic at most one morning in four ----------------


@given(channel_ids, st.sampled_from(list(Cadence)))
def test_at_most_one_post_day_in_four_is_a_statistic(channel, cadence):
    days = post_days(date(2025, 1, 1), 400, cadence)
    stats = [statistic_day(d, cadence, channel) for d in days]
    assert all(sum(stats[i : i + STATISTIC_EVERY]) <= 1 for i in range(len(stats)))
    assert sum(stats) == len(days) // STATISTIC_EVERY or sum(stats) == len(days) // STATISTIC_EVERY + 1
    assert not any(statistic_day(d, Cadence.WEEKDAYS, channel) for d in days if d.weekday() >= 5)


def test_the_real_mix_is_mostly_findings_with_compared_statistics_first(kb):
    findings, stats = streams(eligible(kb), "C0MIX")
    assert len(findings) == 42 and len(stats) == 92  # 16 grades, 12 AFIs, 3 concerns, 3 + 4 recs, 4 practices
    compared = [e for e in stats if e.item.comparator]
    assert len(compared) == 44 and stats[:44] == compared  # England and Wales comparator first
    days = post_days(date(2025, 1, 6), 7 * 80, Cadence.WEEKDAYS)  # 400 weekdays
    slots = [statistic_day(d, Cadence.WEEKDAYS, "C0MIX") for d in days]
    items = next_items([e.uid for e in findings], [e.uid for e in stats], [], slots)
    kinds = {e.uid: e.kind for e in findings + stats}
    shown = [kinds[u] for u in items]
    assert shown.count("statistic") == 100 and all(
        s == (k == "statistic") for s, k in zip(slots, shown, strict=True)
    )
    # each stream shows everything once before any repeats
    first_findings = [u for u in items if kinds[u] != "statistic"][:42]
    assert sorted(first_findings) == sorted(e.uid for e in findings)
    first_stats = [u for u in items if kinds[u] == "statistic"][:92]
    assert sorted(first_stats) == sorted(e.uid for e in stats)
    assert first_stats[:44] == [e.uid for e in compared]


@given(st.lists(st.booleans(), max_size=30), st.integers(0, 20))
def test_each_stream_continues_its_own_cycle(slots, seen):
    findings, stats = [f"f{i}" for i in range(7)], [f"s{i}" for i in range(5)]
    history = next_items(findings, stats, [], [i % 3 == 0 for i in range(seen)])
    items = next_items(findings, stats, history, slots)
    assert [u.startswith("s") for u in items] == slots
    assert [u for u in items if u[0] == "f"] == next_uids(findings, history, slots.count(False))
    assert [u for u in items if u[0] == "s"] == next_uids(stats, history, slots.count(True))


def test_without_statistics_every_day_is_a_finding():
    assert next_items(["f1", "f2"], [], [], [True, False, True]) == ["f1", "f2", "f1"]
    assert next_items([], ["s1"], [], [False, True]) == ["s1", "s1"]
