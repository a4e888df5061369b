"""OncoBrief's Discord bot: ``python -m bot`` starts it (see the README, section Discord bot)."""
