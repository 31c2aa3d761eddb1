"""Settings: defaults, the MB_ prefix, .env files, and one clear line for every wrong value."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from bot.settings import SettingsError, load_settings


def test_defaults_are_zero_config() -> None:
    settings = load_settings()
    assert settings.database_url.startswith("sqlite://")
    assert settings.bot_token is None
    assert settings.mqtt_url is None
    assert settings.web_port == 8080
    assert settings.timezone == "Europe/Moscow"
    assert settings.default_locale == "ru"
    assert settings.bot_mode == "polling"


def test_environment_with_prefix(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MB_BOT_TOKEN", "123456:ABCDEF-secret-token")
    monkeypatch.setenv("MB_DATABASE_URL", "postgresql://u:p@db:5432/meterbot")
    monkeypatch.setenv("MB_MQTT_URL", "mqtt://user:pass@broker:1883")
    monkeypatch.setenv("MB_OPERATORS_CHAT_ID", "-1001234567890")
    monkeypatch.setenv("MB_TELEGRAM_API_URL", "http://127.0.0.1:8081/")
    settings = load_settings()
    assert settings.bot_token is not None
    assert settings.bot_token.get_secret_value() == "123456:ABCDEF-secret-token"
    assert "secret-token" not in repr(settings)
    assert settings.operators_chat_id == -1001234567890
    assert settings.telegram_api_url == "http://127.0.0.1:8081"
    assert not settings.is_sqlite


def test_empty_values_mean_unset(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MB_OPERATORS_CHAT_ID", "")
    monkeypatch.setenv("MB_BOT_TOKEN", "")
    settings = load_settings()
    assert settings.operators_chat_id is None
    assert settings.bot_token is None


def test_dotenv_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("MB_WEB_PORT=9090\nMB_DEFAULT_LOCALE=en\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    settings = load_settings()
    assert settings.web_port == 9090
    assert settings.default_locale == "en"


@pytest.mark.parametrize(
    ("name", "value", "expected"),
    [
        ("MB_TIMEZONE", "Mars/Olympus", "invalid setting MB_TIMEZONE: unknown time zone"),
        ("MB_DATABASE_URL", "mysql://x", "invalid setting MB_DATABASE_URL: unsupported scheme"),
        ("MB_MQTT_URL", "http://broker", "invalid setting MB_MQTT_URL: expected mqtt://"),
        ("MB_WEB_PORT", "99999", "invalid setting MB_WEB_PORT:"),
        ("MB_WEB_PORT", "eighty", "invalid setting MB_WEB_PORT:"),
        ("MB_BOT_MODE", "carrier-pigeon", "invalid setting MB_BOT_MODE:"),
        ("MB_BOT_TOKEN", "not-a-token", "invalid setting MB_BOT_TOKEN: does not look like a bot token"),
        ("MB_DEFAULT_LOCALE", "de", "invalid setting MB_DEFAULT_LOCALE:"),
        ("MB_SMTP_URL", "mail.example.org", "invalid setting MB_SMTP_URL: expected smtp://"),
        ("MB_OPERATORS_CHAT_ID", "group", "invalid setting MB_OPERATORS_CHAT_ID:"),
    ],
)
def test_wrong_value_is_one_line_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str, expected: str
) -> None:
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as caught:
        load_settings()
    message = str(caught.value)
    assert message.startswith(expected)
    assert "\n" not in message


def test_webhook_needs_url_and_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MB_BOT_TOKEN", "123456:ABCDEF-secret-token")
    monkeypatch.setenv("MB_BOT_MODE", "webhook")
    with pytest.raises(SettingsError, match="MB_WEBHOOK_URL"):
        load_settings()
    monkeypatch.setenv("MB_WEBHOOK_URL", "https://bot.example.org")
    monkeypatch.setenv("MB_WEBHOOK_SECRET", "short")
    with pytest.raises(SettingsError, match="MB_WEBHOOK_SECRET"):
        load_settings()


def test_cli_prints_one_line_not_a_traceback(tmp_path: Path) -> None:
    env = {"PATH": "/usr/bin:/bin", "MB_TIMEZONE": "Nowhere/Land", "HOME": str(tmp_path)}
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "migrate"],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        timeout=60,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.strip().splitlines() == [
        "meterbot: invalid setting MB_TIMEZONE: unknown time zone 'Nowhere/Land' (expected e.g. Europe/Moscow)"
    ]
    assert "Traceback" not in result.stderr


def test_example_env_documents_every_setting(project_root: Path) -> None:
    from bot.settings import Settings

    example = (project_root / ".env.example").read_text(encoding="utf-8")
    missing = [name for name in Settings.model_fields if f"MB_{name.upper()}=" not in example]
    assert missing == []
