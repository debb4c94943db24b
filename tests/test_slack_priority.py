"""Acknowledgements first: background work waits while requests are in flight, within a bound."""

from __future__ import annotations

import threading
import time

from bot.slack.priority import AckFirst, AckFirstExecutor


def test_work_waits_for_in_flight_requests_then_a_quiet_period():
    gate = AckFirst(quiet=0.05, max_wait=2.0)
    order = []
    with AckFirstExecutor(gate, max_workers=2) as pool:
        with gate.acknowledging():
            future = pool.submit(lambda: order.append(("work", time.monotonic())))
            time.sleep(0.2)
            order.append(("ack done", time.monotonic()))
        future.result(timeout=2)
    (first, t_ack), (second, t_work) = order
    assert (first, second) == ("ack done", "work")
    assert t_work - t_ack >= 0.05


def test_waiting_is_bounded_so_answers_never_starve():
    gate = AckFirst(quiet=0.01, max_wait=0.2)
    with gate.acknowledging():
        waited = gate.wait_turn()
    assert 0.2 <= waited < 0.5


def test_no_wait_when_idle():
    gate = AckFirst(quiet=0.01, max_wait=1.0)
    time.sleep(0.02)
    assert gate.wait_turn() < 0.01


def test_overlapping_requests_all_count():
    gate = AckFirst(quiet=0.0, max_wait=2.0)
    release = [threading.Event(), threading.Event()]

    def request(i):
        with gate.acknowledging():
            release[i].wait(2)

    threads = [threading.Thread(target=request, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    time.sleep(0.05)
    waiter = threading.Thread(target=gate.wait_turn)
    waiter.start()
    release[0].set()
    time.sleep(0.1)
    assert waiter.is_alive()  # one request still in flight
    release[1].set()
    waiter.join(1)
    assert not waiter.is_alive()
    for t in threads:
        t.join()
