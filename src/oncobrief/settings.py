"""All settings in one place: environment variables with the ONCOBRIEF_ prefix, or a .env file."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Any

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="ONCOBRIEF_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    seeds_dir: Path = Field(Path("seeds"), description="Folder of article files to load.")
    templates_dir: Path | None = Field(
        None, description="Folder whose templates override the bundled ones (fallback: bundled)."
    )
    data_dir: Path = Field(Path("data"), description="State, cache and sources.toml live here.")
    sources_file: Path | None = Field(None, description="Default: <data_dir>/sources.toml.")
    cache_enabled: bool = Field(True, description="Keep parsed briefs in <data_dir>/cache.")
    max_file_bytes: int = Field(2_000_000, gt=0, description="Larger files are refused.")
    summary_sentences: int = Field(3, ge=1, le=10)
    max_findings: int = Field(5, ge=1, le=20)
    log_level: str = "INFO"
    # Discord (read by bot/ only; kept here so there is one settings class).
    discord_token: SecretStr | None = Field(None, validation_alias="DISCORD_TOKEN")
    guild_ids: Annotated[list[int], NoDecode] = Field(
        default_factory=list, description="Sync commands here instantly: `123,456` or `[123, 456]`."
    )
    digest_grace_hours: float = Field(12.0, ge=0)
    digest_tick_seconds: float = Field(30.0, gt=0, description="How often due digests are checked.")
    poll_sources: bool = True

    @field_validator("guild_ids", mode="before")
    @classmethod
    def _split_guild_ids(cls, value: Any) -> Any:
        """Accept the comma-separated form people type as well as a JSON list."""
        if isinstance(value, str):
            return [part for part in value.strip().strip("[]").replace(" ", "").split(",") if part]
        return value

    @property
    def resolved_sources_file(self) -> Path:
        return self.sources_file or self.data_dir / "sources.toml"


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()
