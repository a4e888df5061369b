"""The sources file: the feeds and pages a team follows.

``sources.toml`` in the data folder (or ``Settings.sources_file``)::

    [defaults]
    interval_minutes = 60      # how often the bot polls a source
    baseline_entries = 5       # first poll of a feed: only this many recent entries are new

    [[feed]]
    url = "https://outlet.example/oncology.rss"
    outlet = "Outlet Name"
    interval_minutes = 30      # optional, overrides the default

    [[page]]
    url = "https://outlet.example/news/one-article"
    outlet = "Outlet Name"

Health (last success, last error and its reason, articles seen) lives in the ingest state
(``state.py``); ``source_rows`` joins both for ``oncobrief sources`` and ``/brief sources``.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit

from oncobrief.ingest.state import IngestState, SourceHealth

DEFAULT_INTERVAL_MINUTES = 60
DEFAULT_BASELINE_ENTRIES = 5


class SourcesFileError(Exception):
    """The sources file cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class SourceSpec:
    url: str
    kind: Literal["feed", "page"]
    outlet: str | None = None
    interval_minutes: float = DEFAULT_INTERVAL_MINUTES
    baseline_entries: int = DEFAULT_BASELINE_ENTRIES

    @property
    def interval(self) -> dt.timedelta:
        return dt.timedelta(minutes=self.interval_minutes)


def load_sources(path: Path) -> list[SourceSpec]:
    """The sources in ``path``; a missing file is no sources, a broken one an error."""
    path = Path(path)
    if not path.exists():
        return []
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise SourcesFileError(f"{path}: cannot read ({exc})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise SourcesFileError(f"{path}: not valid TOML ({exc})") from exc
    defaults = data.get("defaults", {})
    if not isinstance(defaults, dict):
        raise SourcesFileError(f"{path}: [defaults] must be a table")
    interval = _number(path, "defaults", defaults, "interval_minutes", DEFAULT_INTERVAL_MINUTES)
    baseline = int(
        _number(path, "defaults", defaults, "baseline_entries", DEFAULT_BASELINE_ENTRIES)
    )
    unknown = set(data) - {"defaults", "feed", "page"}
    if unknown:
        raise SourcesFileError(
            f"{path}: unknown section(s) {', '.join(sorted(unknown))}; use [[feed]] and [[page]]"
        )
    specs: list[SourceSpec] = []
    seen: set[str] = set()
    for kind in ("feed", "page"):
        entries = data.get(kind, [])
        if not isinstance(entries, list):
            raise SourcesFileError(f"{path}: write each {kind} as a [[{kind}]] table")
        for number, entry in enumerate(entries, 1):
            where = f"[[{kind}]] #{number}"
            url = entry.get("url") if isinstance(entry, dict) else None
            if not isinstance(url, str) or urlsplit(url).scheme not in ("http", "https"):
                raise SourcesFileError(f'{path}: {where} needs url = "http(s)://..."')
            if url in seen:
                raise SourcesFileError(f"{path}: {where} repeats {url}")
            seen.add(url)
            outlet = entry.get("outlet")
            specs.append(
                SourceSpec(
                    url=url,
                    kind=kind,
                    outlet=str(outlet) if outlet else None,
                    interval_minutes=_number(path, where, entry, "interval_minutes", interval),
                    baseline_entries=int(_number(path, where, entry, "baseline_entries", baseline)),
                )
            )
    return specs


def _number(path: Path, where: str, table: dict, key: str, default: float) -> float:
    value = table.get(key, default)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0:
        raise SourcesFileError(f"{path}: {where} {key} must be a number >= 0, not {value!r}")
    return float(value)


@dataclass(frozen=True)
class SourceRow:
    """A source with its health, for tables."""

    spec: SourceSpec | None  # None: ingested by hand, not in the sources file
    health: SourceHealth

    @property
    def url(self) -> str:
        return self.health.source

    @property
    def outlet(self) -> str | None:
        return (self.spec.outlet if self.spec else None) or self.health.outlet

    @property
    def status(self) -> str:
        if self.health.last_checked is None:
            return "never polled"
        return "ok" if self.health.ok else "failing"


def source_rows(specs: list[SourceSpec], state: IngestState) -> list[SourceRow]:
    """Every source of the file (in file order), then others with recorded health."""
    rows = []
    listed = set()
    for spec in specs:
        listed.add(spec.url)
        health = state.health(spec.url) or SourceHealth(source=spec.url, outlet=spec.outlet)
        rows.append(SourceRow(spec, health))
    rows += [SourceRow(None, h) for h in state.all_health() if h.source not in listed]
    return rows


def due_sources(
    specs: list[SourceSpec], state: IngestState, now: dt.datetime | None = None
) -> list[SourceSpec]:
    """Sources whose interval has passed since their last poll (and no Retry-After holds)."""
    now = now or dt.datetime.now(dt.UTC)
    due = []
    for spec in specs:
        health = state.health(spec.url)
        if health is None or health.last_checked is None:
            due.append(spec)
            continue
        if health.retry_after and health.retry_after > now:
            continue
        if health.last_checked + spec.interval <= now:
            due.append(spec)
    return due
