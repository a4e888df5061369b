"""Ingest from the web: article pages and RSS/Atom feeds into the library folder.

Modules: ``fetch`` (polite HTTP), ``html`` (trafilatura extraction), ``feeds`` (feedparser),
``sources`` (sources.toml), ``state`` (health and dedupe index, SQLite), ``store`` (stored
text layout), ``dedupe`` (URLs, fingerprints, story grouping), ``runner`` (the ``Ingestor``),
``commands`` (CLI).
"""
