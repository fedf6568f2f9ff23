"""Backoff: doubling delays with jitter, a cap, and Retry-After as a floor."""

import random
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from leads.delivery.backoff import next_delay
from leads.delivery.channels.http import retry_after


def test_delays_double_within_their_jitter_band():
    rng = random.Random(6)
    for attempt, ceiling in ((1, 30), (2, 60), (3, 120), (4, 240)):
        delays = [next_delay(attempt, 30, 3600, rng=rng) for _ in range(200)]
        assert all(ceiling / 2 <= delay <= ceiling for delay in delays)
        assert max(delays) - min(delays) > ceiling / 4  # jittered, not one value


def test_delays_stop_growing_at_the_cap():
    rng = random.Random(1)
    assert all(1800 <= next_delay(20, 30, 3600, rng=rng) <= 3600 for _ in range(50))


def test_retry_after_is_a_floor_even_above_the_cap_but_not_for_ever():
    assert next_delay(1, 0.2, 1, retry_after=2, rng=random.Random(0)) == 2
    assert next_delay(5, 30, 3600, retry_after=1, rng=random.Random(0)) >= 240
    assert next_delay(1, 30, 3600, retry_after=10**9) == 24 * 3600


@pytest.mark.parametrize(
    ("header", "expected"),
    [("120", 120.0), ("", None), (None, None), ("bientôt", None), ("0", 0.0)],
)
def test_retry_after_header_in_seconds(header, expected):
    assert retry_after(header) == expected


def test_retry_after_header_as_an_http_date():
    later = datetime.now(UTC) + timedelta(seconds=90)
    assert 85 <= retry_after(format_datetime(later, usegmt=True)) <= 90
