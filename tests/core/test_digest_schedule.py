"""Daily schedule across daylight-saving changes: once per local day, never skipped or doubled."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest

from oncobrief.digest.schedule import (
    DailySchedule,
    ScheduleError,
    due_run,
    is_missed,
    parse_time_of_day,
    suggest_zones,
)

UTC = dt.UTC
GRACE = dt.timedelta(hours=12)


def simulate(schedule: DailySchedule, start: dt.datetime, days: int, step_minutes: int = 5):
    """Tick an injectable clock every few minutes; return every (local date, tick) that fired."""
    created_at = start
    last_date = None
    fired = []
    now = start
    end = start + dt.timedelta(days=days)
    while now < end:
        due = due_run(schedule, now, created_at=created_at, last_date=last_date, grace=GRACE)
        if due is not None:
            fired.append((due.local_date, due.fire_at, now))
            last_date = due.local_date
        now += dt.timedelta(minutes=step_minutes)
    return fired


@pytest.mark.parametrize(
    ("zone", "start"),
    [
        ("America/New_York", dt.datetime(2026, 10, 28, 0, 0, tzinfo=UTC)),  # fall back Nov 1
        ("America/New_York", dt.datetime(2026, 3, 4, 0, 0, tzinfo=UTC)),  # spring fwd Mar 8
        ("Europe/Berlin", dt.datetime(2026, 10, 21, 0, 0, tzinfo=UTC)),  # fall back Oct 25
        ("Europe/Berlin", dt.datetime(2026, 3, 25, 0, 0, tzinfo=UTC)),  # spring fwd Mar 29
    ],
)
def test_dst_week_fires_once_per_local_day_at_0800(zone, start):
    schedule = DailySchedule.parse("08:00", zone)
    fired = simulate(schedule, start, days=8)
    dates = [local_date for local_date, _, _ in fired]
    assert len(dates) == len(set(dates)), "a local day fired twice"
    expected = {start.astimezone(ZoneInfo(zone)).date() + dt.timedelta(days=i) for i in range(1, 8)}
    assert expected <= set(dates), "a local day was skipped"
    offsets = set()
    for _local_date, fire_at, tick in fired:
        local = fire_at.astimezone(ZoneInfo(zone))
        assert (local.hour, local.minute) == (8, 0)
        assert fire_at <= tick < fire_at + dt.timedelta(minutes=5)
        offsets.add(local.utcoffset())
    assert len(offsets) == 2, "the week should span both offsets of the zone"


def test_nonexistent_local_time_fires_once_after_the_gap():
    schedule = DailySchedule.parse("02:30", "America/New_York")
    # 2026-03-08: clocks jump from 02:00 EST to 03:00 EDT; 02:30 does not exist.
    fire = schedule.fire_at(dt.date(2026, 3, 8))
    local = fire.astimezone(ZoneInfo("America/New_York"))
    assert (local.hour, local.minute) == (3, 30)
    fired = simulate(schedule, dt.datetime(2026, 3, 6, tzinfo=UTC), days=4)
    days = [d for d, _, _ in fired]
    assert days.count(dt.date(2026, 3, 8)) == 1
    assert dt.date(2026, 3, 7) in days and dt.date(2026, 3, 9) in days


def test_ambiguous_local_time_fires_on_the_first_occurrence_only():
    schedule = DailySchedule.parse("01:30", "America/New_York")
    # 2026-11-01: 01:30 happens at 05:30 UTC (EDT) and again at 06:30 UTC (EST).
    assert schedule.fire_at(dt.date(2026, 11, 1)) == dt.datetime(2026, 11, 1, 5, 30, tzinfo=UTC)
    fired = simulate(schedule, dt.datetime(2026, 10, 31, tzinfo=UTC), days=2, step_minutes=1)
    assert [d for d, _, _ in fired].count(dt.date(2026, 11, 1)) == 1


def test_missed_time_posts_once_within_grace_and_not_after():
    schedule = DailySchedule.parse("08:00", "Europe/Berlin")
    created = dt.datetime(2026, 11, 20, tzinfo=UTC)
    fire = schedule.fire_at(dt.date(2026, 11, 25))  # 07:00 UTC
    back_up = fire + dt.timedelta(hours=3)
    due = due_run(
        schedule, back_up, created_at=created, last_date=dt.date(2026, 11, 24), grace=GRACE
    )
    assert due is not None and due.local_date == dt.date(2026, 11, 25)
    again = due_run(schedule, back_up, created_at=created, last_date=due.local_date, grace=GRACE)
    assert again is None, "the same day must never run twice"
    too_late = fire + dt.timedelta(hours=12, minutes=1)
    args = dict(created_at=created, last_date=dt.date(2026, 11, 24), grace=GRACE)
    assert due_run(schedule, too_late, **args) is None
    assert is_missed(schedule, too_late, **args)


def test_fire_times_before_the_subscription_are_ignored():
    schedule = DailySchedule.parse("08:00", "UTC")
    created = dt.datetime(2026, 11, 25, 9, 0, tzinfo=UTC)
    assert due_run(schedule, created, created_at=created, last_date=None, grace=GRACE) is None
    next_day = dt.datetime(2026, 11, 26, 8, 0, tzinfo=UTC)
    due = due_run(schedule, next_day, created_at=created, last_date=None, grace=GRACE)
    assert due is not None and due.local_date == dt.date(2026, 11, 26)


def test_next_after_skips_a_date_already_posted():
    schedule = DailySchedule.parse("08:00", "UTC")
    now = dt.datetime(2026, 11, 25, 7, 0, tzinfo=UTC)
    assert schedule.next_after(now)[0] == dt.date(2026, 11, 25)
    skipped = schedule.next_after(now, skip_dates=frozenset({dt.date(2026, 11, 25)}))
    assert skipped[0] == dt.date(2026, 11, 26)


@pytest.mark.parametrize("text", ["25:00", "8", "noon", "", "08:60"])
def test_bad_times_are_refused_with_a_hint(text):
    with pytest.raises(ScheduleError, match="HH:MM"):
        parse_time_of_day(text)


def test_unknown_zone_is_refused_and_zones_are_suggested():
    with pytest.raises(ScheduleError, match="IANA"):
        DailySchedule.parse("08:00", "Mars/Olympus")
    assert suggest_zones("berl") == ["Europe/Berlin"]
    assert "America/New_York" in suggest_zones("new_y")
    assert len(suggest_zones("a")) == 25
