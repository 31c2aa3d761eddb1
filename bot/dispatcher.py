"""The Dispatcher factory: services in, middlewares and routers wired, errors answered politely."""

from __future__ import annotations

import logging
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.exceptions import TelegramAPIError
from aiogram.fsm.storage.base import BaseStorage
from aiogram.types import ErrorEvent
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

import locales
from bot.middlewares import LocaleMiddleware, PersonMiddleware
from handlers import build_root_router
from handlers.i18n import DOMAIN
from services.people import PeopleService

log = logging.getLogger(__name__)


def build_i18n(default_locale: str) -> I18n:
    return I18n(path=locales.compiled_dir(), default_locale=default_locale, domain=DOMAIN)


def build_dispatcher(
    *,
    people: PeopleService,
    default_locale: str = locales.DEFAULT_LANGUAGE,
    storage: BaseStorage | None = None,
    **services: object,
) -> Dispatcher:
    """A Dispatcher whose handlers receive ``people`` and every other service as keyword arguments."""
    workflow_data: dict[str, Any] = {**services, "people": people}
    dp = Dispatcher(storage=storage, **workflow_data)
    dp.update.outer_middleware(PersonMiddleware(people))
    LocaleMiddleware(build_i18n(default_locale)).setup(dp)
    dp.include_router(build_root_router())
    dp.errors.register(on_error)
    return dp


async def on_error(event: ErrorEvent, bot: Bot) -> bool:
    """Log the failure with its traceback; tell the user, in their language, to try again."""
    update = event.update
    log.error("update %s failed", update.update_id, exc_info=event.exception)
    text = _("Something went wrong. Please try again a little later.")
    try:
        if update.callback_query is not None:
            await update.callback_query.answer(text, show_alert=True)
        elif update.message is not None:
            await bot.send_message(update.message.chat.id, text)
    except TelegramAPIError:
        log.warning("could not tell the user about the failed update %s", update.update_id, exc_info=True)
    return True
