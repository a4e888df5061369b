"""A clock the digest tests set by hand (injected as ``oncobrief.digest.runner.utc_now``)."""

from __future__ import annotations

import datetime as dt


class Clock:
    def __init__(self, now: dt.datetime) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now
