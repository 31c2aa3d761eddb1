"""Languages of the admin web: the choice kept in the session, gettext domain ``web`` per request.

Templates use Jinja2's i18n extension (``_()``, ``ngettext()``, ``{% trans %}``) with new-style
gettext; the callables installed into the shared environment look up the request's translations in
the template context, so concurrent requests in different languages never mix.
"""

from __future__ import annotations

import gettext
from typing import Any, cast

import jinja2
from aiohttp import web
from aiohttp_session import get_session
from babel import Locale

import locales
from admin_web.keys import CONFIG_KEY, LANG_KEY

SESSION_LANG = "lang"
CONTEXT_TRANSLATIONS = "web_translations"
DOMAIN = "web"


def N_(message: str) -> str:
    """Mark a message for extraction; it is translated where it is shown."""
    return message


def translations_for(language: str) -> gettext.NullTranslations:
    return locales.translations(language, DOMAIN)


def language_name(code: str) -> str:
    """A language's name in that language (from CLDR, not a message): "Русский", "English"."""
    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


async def request_language(request: web.Request) -> str:
    """The session's language if it chose a supported one, else the configured default."""
    if LANG_KEY in request:
        return request[LANG_KEY]
    session = await get_session(request)
    chosen = session.get(SESSION_LANG)
    language = chosen if chosen in locales.LANGUAGES else request.app[CONFIG_KEY].default_locale
    request[LANG_KEY] = language
    return language


async def request_translations(request: web.Request) -> gettext.NullTranslations:
    return translations_for(await request_language(request))


async def set_language(request: web.Request, language: str) -> bool:
    if language not in locales.LANGUAGES:
        return False
    session = await get_session(request)
    session[SESSION_LANG] = language
    request[LANG_KEY] = language
    return True


@jinja2.pass_context
def _gettext(context: jinja2.runtime.Context, message: str) -> str:
    return cast(gettext.NullTranslations, context[CONTEXT_TRANSLATIONS]).gettext(message)


@jinja2.pass_context
def _ngettext(context: jinja2.runtime.Context, singular: str, plural: str, n: int) -> str:
    return cast(gettext.NullTranslations, context[CONTEXT_TRANSLATIONS]).ngettext(singular, plural, n)


def install(env: jinja2.Environment) -> None:
    """Install per-request gettext into an environment created with ``jinja2.ext.i18n``."""
    cast(Any, env).install_gettext_callables(_gettext, _ngettext, newstyle=True)
