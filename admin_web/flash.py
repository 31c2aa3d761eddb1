"""One-time messages after a redirect (Post/Redirect/Get): kept in the session until the next page."""

from __future__ import annotations

from aiohttp import web
from aiohttp_session import get_session

SESSION_FLASH = "flash"
MAX_FLASHES = 5


async def flash(request: web.Request, text: str, kind: str = "ok") -> None:
    """Show ``text`` (already translated) on the next page; ``kind`` is ``ok`` or ``error``."""
    session = await get_session(request)
    items = session.get(SESSION_FLASH)
    items = items if isinstance(items, list) else []
    session[SESSION_FLASH] = [*items, [kind, text]][-MAX_FLASHES:]


async def pop_flashes(request: web.Request) -> list[tuple[str, str]]:
    session = await get_session(request)
    items = session.pop(SESSION_FLASH, None)
    if not isinstance(items, list):
        return []
    return [(str(kind), str(text)) for kind, text in items if isinstance(text, str)]
