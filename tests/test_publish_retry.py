"""Retry waits are capped, one by one (MAX_RETRY_WAIT) and in total
(``retry_max_time``), and no value can make them overflow.

The waits are watched with a stand-in clock (``FakeTime``, put in place of
the ``time`` module that publish.py uses): ``sleep`` moves it on instead of
sleeping, so a capped five-minute retry runs in milliseconds and the exact
sequence of waits can be asserted. The servers are real, on 127.0.0.1.
"""
from __future__ import annotations

import math
import socket
import time

import pytest

from gloss_graph import publish as pub
from gloss_graph.errors import UsageError
from test_publish import SMALL_TTL, assert_one_line, fake_server, read_body, record, reply

pytestmark = pytest.mark.server


class FakeTime:
    """``monotonic`` and ``sleep`` on a clock that only moves when told."""

    def __init__(self):
        self.now = 1000.0
        self.waits: list[float] = []

    def monotonic(self) -> float:
        return self.now

    def sleep(self, seconds: float) -> None:
        self.waits.append(seconds)
        self.now += seconds


@pytest.fixture
def clock(monkeypatch) -> FakeTime:
    fake = FakeTime()
    monkeypatch.setattr(pub, "time", fake)
    return fake


@pytest.fixture
def small_ttl(tmp_path):
    path = tmp_path / "small.ttl"
    path.write_text(SMALL_TTL, encoding="utf-8")
    return path


def unavailable(clock: FakeTime | None = None, takes: float = 0.0):
    """Always 503; each answer moves ``clock`` on by ``takes`` seconds (a
    slow store)."""
    def respond(handler, received, number):
        record(handler, received, read_body(handler))
        if clock is not None:
            clock.now += takes
        reply(handler, 503, b"loading, try again later")
    return respond


def test_each_wait_doubles_up_to_the_cap():
    assert [pub.retry_wait(n, 0.5) for n in range(1, 11)] == [
        0.5, 1, 2, 4, 8, 16, 30, 30, 30, 30]
    assert pub.MAX_RETRY_WAIT == 30


def test_waits_after_very_many_tries_do_not_overflow():
    # 0.5 * 2 ** 2000 does not fit in a float; the exponent is capped first.
    assert pub.retry_wait(2001, 0.5) == pub.MAX_RETRY_WAIT
    assert pub.retry_wait(10**12, 0.5) == pub.MAX_RETRY_WAIT
    assert pub.retry_wait(10**12, 0) == 0


def test_forty_retries_stop_at_the_total_cap(small_ttl, clock):
    with fake_server(unavailable()) as (base, received):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{base}/store", retries=40, backoff=0.5,
                        retry_max_time=300, env={})
    # 0.5 + 1 + 2 + 4 + 8 + 16 = 31.5, then 30 s each while the total stays
    # within 300: eight more (271.5); a ninth would end at 301.5.
    assert clock.waits == [0.5, 1, 2, 4, 8, 16] + [30] * 8
    assert sum(clock.waits) <= 300 < sum(clock.waits) + 30
    assert len(received.requests) == 15
    message = str(caught.value)
    assert_one_line(message)
    assert message.endswith(
        "server answered 503 Service Unavailable: loading, try again later "
        "(after 15 attempts; stopped by --retry-max-time 300)")


def test_the_time_the_tries_take_counts_too(small_ttl, clock):
    # Each try takes 100 s (a slow store answering 503). The first fails at
    # 1100, so no try may start after 1400: tries start at 1100.5, 1201.5
    # and 1303.5; the next wait (4 s) would end at 1407.5.
    with fake_server(unavailable(clock, takes=100)) as (base, received):
        with pytest.raises(pub.ServerRefused, match=r"\(after 4 attempts; stopped by"):
            pub.publish(small_ttl, f"{base}/store", retries=10, backoff=0.5,
                        retry_max_time=300, env={})
    assert clock.waits == [0.5, 1, 2]
    assert len(received.requests) == 4


def test_the_retry_count_still_stops_first_when_it_is_lower(small_ttl, clock):
    with fake_server(unavailable()) as (base, received):
        with pytest.raises(pub.ServerRefused) as caught:
            pub.publish(small_ttl, f"{base}/store", retries=3, env={})
    assert clock.waits == [0.5, 1, 2]
    assert str(caught.value).endswith("(after 4 attempts)")
    assert len(received.requests) == 4


def test_no_retry_time_means_no_wait(small_ttl, clock):
    with fake_server(unavailable()) as (base, received):
        with pytest.raises(pub.ServerRefused, match=r"later \(after 1 attempt; stopped by "
                                                    r"--retry-max-time 0\)$"):
            pub.publish(small_ttl, f"{base}/store", retries=5, retry_max_time=0, env={})
    assert clock.waits == []
    assert len(received.requests) == 1


def test_dropped_connections_stop_at_the_total_cap_too(small_ttl, clock):
    def hang_up(handler, received, number):
        record(handler, received, read_body(handler))
        handler.close_connection = True
        handler.connection.shutdown(socket.SHUT_RDWR)

    with fake_server(hang_up) as (base, received):
        with pytest.raises(pub.ConnectionFailed) as caught:
            pub.publish(small_ttl, f"{base}/store", retries=5, backoff=1,
                        retry_max_time=2.5, env={})
    assert clock.waits == [1]  # 1 + 2 would pass 2.5
    assert str(caught.value).endswith(
        "the server closed the connection before answering "
        "(after 2 attempts; stopped by --retry-max-time 2.5)")


def test_verify_retries_under_the_same_caps(small_ttl, clock):
    def store_then_busy(handler, received, number):
        record(handler, received, read_body(handler))
        reply(handler, 204 if handler.path.startswith("/store") else 503, b"busy")

    with fake_server(store_then_busy) as (base, received):
        with pytest.raises(pub.ServerRefused, match=r"could not count triples .* 503 "):
            pub.publish(small_ttl, f"{base}/store", verify=True, retries=40,
                        retry_max_time=60, env={})
    assert clock.waits == [0.5, 1, 2, 4, 8, 16]  # 31.5 s; 30 more would pass 60
    assert len(received.requests) == 1 + 7


def test_a_real_run_with_tiny_waits_stays_short(small_ttl):
    # No stand-in clock: the caps hold in real time as well.
    started = time.monotonic()
    with fake_server(unavailable()) as (base, received):
        with pytest.raises(pub.ServerRefused, match="stopped by --retry-max-time 0.1"):
            pub.publish(small_ttl, f"{base}/store", retries=pub.MAX_RETRIES, backoff=0.01,
                        retry_max_time=0.1, env={})
    assert time.monotonic() - started < 5
    assert 2 <= len(received.requests) <= 5


@pytest.mark.parametrize("options, words", [
    ({"retries": 10**30}, "retries must be from 0 to 1000"),
    ({"retries": -1}, "retries must be from 0 to 1000"),
    ({"retry_max_time": math.inf}, "retry max time must be from 0 to 86400 seconds"),
    ({"retry_max_time": math.nan}, "retry max time must be from 0 to 86400 seconds"),
    ({"retry_max_time": -1}, "retry max time must be from 0 to 86400 seconds"),
    ({"timeout": 1e12}, "timeout must be more than 0 and at most 86400 seconds"),
    ({"timeout": math.nan}, "timeout must be more than 0 and at most 86400 seconds"),
    ({"backoff": 1e308}, "backoff must be from 0 to 30 seconds"),
])
def test_out_of_range_values_are_usage_errors_not_overflows(small_ttl, options, words):
    with pytest.raises(UsageError) as caught:
        pub.publish(small_ttl, "http://127.0.0.1:1/store", env={}, **options)
    assert_one_line(str(caught.value))
    assert str(caught.value).startswith(words)
