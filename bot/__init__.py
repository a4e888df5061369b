"""OncoBrief's Discord bot: ``python -m bot`` starts it (see docs/discord-setup.md)."""
