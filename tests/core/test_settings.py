"""Settings come from ONCOBRIEF_ variables; the token from DISCORD_TOKEN and is never shown."""

import pytest
from pydantic import ValidationError

from oncobrief.settings import Settings


def test_guild_ids_accept_comma_separated_and_json(monkeypatch):
    monkeypatch.setenv("ONCOBRIEF_GUILD_IDS", "123, 456")
    assert Settings().guild_ids == [123, 456]
    monkeypatch.setenv("ONCOBRIEF_GUILD_IDS", "[7]")
    assert Settings().guild_ids == [7]


def test_bad_guild_id_is_a_validation_error(monkeypatch):
    monkeypatch.setenv("ONCOBRIEF_GUILD_IDS", "abc")
    with pytest.raises(ValidationError):
        Settings()


def test_token_is_read_from_discord_token_and_hidden_in_repr(monkeypatch):
    monkeypatch.setenv("DISCORD_TOKEN", "secret-token-value")
    settings = Settings()
    assert settings.discord_token.get_secret_value() == "secret-token-value"
    assert "secret-token-value" not in repr(settings)


def test_env_file_is_read(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("ONCOBRIEF_SEEDS_DIR", raising=False)
    (tmp_path / ".env").write_text("ONCOBRIEF_SEEDS_DIR=articles\n", encoding="utf-8")
    assert str(Settings().seeds_dir) == "articles"
