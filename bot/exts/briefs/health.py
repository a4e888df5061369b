"""Per-source ingest health for /brief sources, read from the core's ingest state.

Read only: nothing is created when ingestion was never set up (no sources file, no state).
"""

from __future__ import annotations

from oncobrief.ingest.sources import SourceRow, SourcesFileError, load_sources, source_rows
from oncobrief.ingest.state import STATE_FILE, IngestState, SourceHealth
from oncobrief.settings import Settings


class HealthReport:
    """The rows to show, or the reason the sources file cannot be used."""

    def __init__(self, rows: list[SourceRow], problem: str | None = None) -> None:
        self.rows = rows
        self.problem = problem


def source_health(settings: Settings) -> HealthReport | None:
    """None when ingestion is not configured at all. Blocking (SQLite): run in a thread."""
    sources_file = settings.resolved_sources_file
    state_file = settings.data_dir / STATE_FILE
    if not sources_file.exists() and not state_file.exists():
        return None
    try:
        specs = load_sources(sources_file)
    except SourcesFileError as exc:
        return HealthReport([], problem=str(exc))
    if not state_file.exists():
        rows = [SourceRow(s, SourceHealth(source=s.url, outlet=s.outlet)) for s in specs]
        return HealthReport(rows)
    state = IngestState(state_file)
    try:
        return HealthReport(source_rows(specs, state))
    finally:
        state.close()
