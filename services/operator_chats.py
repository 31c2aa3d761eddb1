"""The operators' group chats: each site's own and the installation's default (for the command menu)."""

from __future__ import annotations

from services.db.models import Site


async def operators_chat_ids(default_chat_id: int | None = None) -> list[int]:
    """Every site's operators' chat and ``default_chat_id`` (sites without their own use it), each once,
    in ascending order."""
    rows = await Site.filter(operators_chat_id__isnull=False).values("operators_chat_id")
    chats: set[int] = {row["operators_chat_id"] for row in rows if row["operators_chat_id"]}
    if default_chat_id:
        chats.add(default_chat_id)
    return sorted(chats)
