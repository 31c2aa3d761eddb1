"""Fakes of Telegram's servers only: a recording aiogram session and a Bot API-compatible HTTP server."""
