"""Settings from the environment (prefix ``MB_``) and an optional ``.env`` file.

Every setting is documented in ``.env.example``; a wrong value stops start-up with one line that
names the setting (see :func:`load_settings`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Literal
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

ENV_PREFIX = "MB_"


class SettingsError(Exception):
    """A setting is missing or wrong; the message is one line meant for the operator."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix=ENV_PREFIX,
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        validate_default=True,
        env_ignore_empty=True,
    )

    # Telegram
    bot_token: SecretStr | None = None
    telegram_api_url: str | None = None
    bot_mode: Literal["polling", "webhook"] = "polling"
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    webhook_path: str = "/telegram/webhook"
    operators_chat_id: int | None = None

    # Storage and transport
    database_url: str = "sqlite://meterbot.sqlite3"
    mqtt_url: str | None = None
    mqtt_client_id: str = "meterbot"

    # Admin web
    web_enabled: bool = True
    web_host: str = "127.0.0.1"
    web_port: int = Field(default=8080, ge=1, le=65535)
    web_secret: SecretStr | None = None
    web_session_minutes: int = Field(default=480, ge=5)
    metrics_token: SecretStr | None = None

    # E-mail (the fallback channel)
    smtp_url: str | None = None
    smtp_from: str = "meterbot@localhost"

    # Locale and time
    timezone: str = "Europe/Moscow"
    default_locale: Literal["ru", "en"] = "ru"

    # Behaviour
    scheduler_enabled: bool = True
    outbox_enabled: bool = True
    relay_timeout_seconds: int = Field(default=60, ge=1)
    meter_silence_minutes: int = Field(default=60, ge=1)
    data_dir: Path = Path("var")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"

    @field_validator("timezone")
    @classmethod
    def _known_timezone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError(f"unknown time zone {value!r} (expected e.g. Europe/Moscow)") from exc
        return value

    @field_validator("database_url")
    @classmethod
    def _supported_database(cls, value: str) -> str:
        scheme = urlsplit(value).scheme
        if scheme not in {"sqlite", "postgres", "postgresql", "asyncpg"}:
            raise ValueError(f"unsupported scheme {scheme!r} (use sqlite://FILE or postgres://USER@HOST/DB)")
        return value

    @field_validator("mqtt_url")
    @classmethod
    def _mqtt_scheme(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"mqtt", "mqtts"} or not parts.hostname:
            raise ValueError("expected mqtt://[user:password@]host[:port]")
        return value

    @field_validator("smtp_url")
    @classmethod
    def _smtp_scheme(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"smtp", "smtps"} or not parts.hostname:
            raise ValueError("expected smtp://[user:password@]host[:port] or smtps://…")
        return value

    @field_validator("telegram_api_url", "webhook_url")
    @classmethod
    def _http_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        parts = urlsplit(value)
        if parts.scheme not in {"http", "https"} or not parts.hostname:
            raise ValueError("expected an http:// or https:// URL")
        return value.rstrip("/")

    @field_validator("bot_token")
    @classmethod
    def _token_shape(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None or not value.get_secret_value():
            return None
        bot_id, sep, secret = value.get_secret_value().partition(":")
        if not sep or not bot_id.isdigit() or len(secret) < 8:
            raise ValueError("does not look like a bot token from @BotFather (123456:ABC…)")
        return value

    @model_validator(mode="after")
    def _webhook_complete(self) -> Settings:
        if self.bot_mode == "webhook" and self.bot_token is not None:
            if not self.webhook_url:
                raise ValueError("MB_BOT_MODE=webhook needs MB_WEBHOOK_URL")
            if self.webhook_secret is None or len(self.webhook_secret.get_secret_value()) < 16:
                raise ValueError("MB_BOT_MODE=webhook needs MB_WEBHOOK_SECRET of at least 16 characters")
        return self

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def is_sqlite(self) -> bool:
        return urlsplit(self.database_url).scheme == "sqlite"


def redact(url: str) -> str:
    """The URL without its password, for messages and logs."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    return url.replace(f":{parts.password}@", ":***@", 1)


def _describe(error: ValidationError) -> str:
    first = error.errors()[0]
    location = [str(part) for part in first.get("loc", ())]
    name = f"{ENV_PREFIX}{location[0].upper()}" if location else "settings"
    message = str(first.get("msg", "invalid value")).removeprefix("Value error, ")
    return f"invalid setting {name}: {message}"


def load_settings(**overrides: object) -> Settings:
    """Read the settings, turning a validation error into a :class:`SettingsError` with one line."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        raise SettingsError(_describe(exc)) from None
