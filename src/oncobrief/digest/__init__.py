"""Daily digests: schedule (time zones), state store (SQLite), composition and exactly-once posting.

No discord import here: the bot supplies a ``DigestSender`` (see ``runner.py``).
"""
