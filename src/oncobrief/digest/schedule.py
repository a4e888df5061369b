"""When a daily digest fires: pure time-zone arithmetic, no I/O, no clock of its own.

A subscription fires once per *local date* at a wall-clock time in an IANA zone. Each local
date maps to exactly one instant, so a daylight-saving change can neither skip nor double a
day. The two awkward cases are decided on purpose:

- nonexistent time (spring forward, e.g. 02:30 on the day clocks jump 02:00 -> 03:00): the
  digest fires at the same distance past the jump, 03:30 local (the PEP 495 ``fold=0``
  reading, which is what people mean by "02:30, whatever the clocks say");
- ambiguous time (fall back, e.g. 01:30 occurs twice): the first occurrence (``fold=0``),
  never the second, so that day still fires once.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

UTC = dt.UTC
_TIME_RE = re.compile(r"^\s*([01]?\d|2[0-3])[:.h]([0-5]\d)\s*$")


class ScheduleError(ValueError):
    """A time of day or time zone that cannot be used; the message says what to type."""


def parse_time_of_day(text: str) -> dt.time:
    """Parse ``08:00``, ``8:00``, ``8.00`` or ``08h00`` into a naive time."""
    match = _TIME_RE.match(text or "")
    if not match:
        raise ScheduleError(f"{text!r} is not a time of day; use 24-hour HH:MM, e.g. 08:00")
    return dt.time(int(match.group(1)), int(match.group(2)))


def parse_zone(name: str) -> ZoneInfo:
    key = (name or "").strip()
    if key not in zone_names():
        raise ScheduleError(f"{name!r} is not an IANA time zone; try e.g. Europe/Berlin")
    try:
        return ZoneInfo(key)
    except (ZoneInfoNotFoundError, ValueError) as exc:  # pragma: no cover - listed but unloadable
        raise ScheduleError(f"time zone {key!r} cannot be loaded: {exc}") from exc


@lru_cache(maxsize=1)
def zone_names() -> frozenset[str]:
    return frozenset(available_timezones())


def suggest_zones(prefix: str, limit: int = 25) -> list[str]:
    """Zones for autocomplete: names starting with the text first, then names containing it."""
    needle = (prefix or "").strip().lower().replace(" ", "_")
    names = sorted(zone_names())
    if not needle:
        preferred = ["UTC", "Europe/London", "Europe/Berlin", "America/New_York"]
        return [n for n in preferred if n in zone_names()][:limit]
    starts = [n for n in names if n.lower().startswith(needle)]
    parts = [n for n in names if n not in starts and needle in n.lower()]
    return (starts + parts)[:limit]


@dataclass(frozen=True)
class DailySchedule:
    time_of_day: dt.time
    zone: ZoneInfo

    @classmethod
    def parse(cls, time_text: str, zone_name: str) -> DailySchedule:
        return cls(parse_time_of_day(time_text), parse_zone(zone_name))

    def fire_at(self, local_date: dt.date) -> dt.datetime:
        """The single UTC instant at which the digest for ``local_date`` fires."""
        wall = dt.datetime.combine(local_date, self.time_of_day, tzinfo=self.zone)
        # fold=0 (the default) picks the first of two ambiguous instants and, for a time in a
        # spring-forward gap, the pre-transition offset, i.e. shifted forward by the gap.
        return wall.astimezone(UTC)

    def local_date(self, instant: dt.datetime) -> dt.date:
        return instant.astimezone(self.zone).date()

    def latest_due(self, now: dt.datetime) -> tuple[dt.date, dt.datetime] | None:
        """The most recent (local date, fire instant) at or before ``now``."""
        today = self.local_date(now)
        for day in (today, today - dt.timedelta(days=1), today - dt.timedelta(days=2)):
            fire = self.fire_at(day)
            if fire <= now:
                return day, fire
        return None  # pragma: no cover - yesterday's fire is always in the past

    def next_after(self, now: dt.datetime, *, skip_dates: frozenset[dt.date] = frozenset()):
        """The first (local date, fire instant) strictly after ``now`` not in ``skip_dates``."""
        day = self.local_date(now) - dt.timedelta(days=1)
        for _ in range(400):
            fire = self.fire_at(day)
            if fire > now and day not in skip_dates:
                return day, fire
            day += dt.timedelta(days=1)
        raise ScheduleError("no next run found")  # pragma: no cover


@dataclass(frozen=True)
class Due:
    """A digest that should be posted now, keyed by its local date."""

    local_date: dt.date
    fire_at: dt.datetime


def due_run(
    schedule: DailySchedule,
    now: dt.datetime,
    *,
    created_at: dt.datetime,
    last_date: dt.date | None,
    grace: dt.timedelta,
) -> Due | None:
    """Decide whether a scheduled digest is due at ``now``.

    Only the most recent fire time counts: after a long outage the bot posts one digest (if
    within grace), not one per missed day. A date already run (``last_date``) never runs again,
    and fire times before the subscription existed are ignored.
    """
    latest = schedule.latest_due(now)
    if latest is None:
        return None
    day, fire = latest
    if fire < created_at:
        return None
    if last_date is not None and day <= last_date:
        return None
    if now - fire > grace:
        return None
    return Due(day, fire)


def is_missed(schedule: DailySchedule, now: dt.datetime, *, created_at, last_date, grace) -> bool:
    """True when the latest fire time passed unposted and is now beyond grace (for logging)."""
    latest = schedule.latest_due(now)
    if latest is None:
        return False
    day, fire = latest
    return fire >= created_at and (last_date is None or day > last_date) and now - fire > grace
