"""Helpers shared by every extension: embeds within Discord limits, escaping, paging, errors."""
