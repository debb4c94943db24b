"""Rotation: a per-channel order that mixes kinds and reports, and never repeats within a cycle."""

from __future__ import annotations

from collections import Counter
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from bot.digest.rotation import DIGEST_KINDS, channel_order, eligible, next_uids
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
