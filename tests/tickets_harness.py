"""Residents, staff and the operators' group talking about tickets to the real Dispatcher and services.

Built on :mod:`tests.residents_harness` (the recording session, the real outbox worker, SMTP). The session
here also answers ``getFile`` and serves the file's bytes, as Telegram's file server would, so that the
bot's ``bot.download`` works; updates with a photo or a document are built like Telegram sends them.
"""

from __future__ import annotations

import itertools
from collections.abc import AsyncGenerator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher

from bot.dispatcher import build_dispatcher
from bot.telegram import create_bot
from handlers.operator.notices import BindingNoticeRenderer
from handlers.operator.ticket_notices import TicketNoticeRenderer
from services.bindings import BindingService
from services.clock import FixedClock
from services.db.models import Binding, Meter, Person, Site, StaffRole, Ticket
from services.enums import BindingStatus, Role, TicketType
from services.outbox import OutboxService
from services.people import PeopleService
from services.profile import ProfileService
from services.ticket_desk import TicketDesk
from services.ticket_files import LocalFileStore
from services.tickets import TicketService
from tests.fakes.telegram import TEST_TOKEN, Call, RecordingSession, message_update_dict
from tests.residents_harness import GROUP, NOW, USER, World, resident

DISPATCHER = 2101
ENGINEER = 2201
OTHER_ENGINEER = 2202
READER = 2301
FOREIGN_DISPATCHER = 2401

JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 2048
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 512
PDF = b"%PDF-1.7\n" + b"0" * 1024

_unique = itertools.count(1)


class FileSession(RecordingSession):
    """The recording session, plus Telegram's getFile and file server for the files in :attr:`files`."""

    def __init__(self) -> None:
        super().__init__()
        self.files: dict[str, bytes] = {}

    def _result(self, bot: Bot, call: Call) -> Any:
        if call.method == "getFile":
            file_id = call.params["file_id"]
            data = self.files.get(file_id, b"")
            return {
                "file_id": file_id,
                "file_unique_id": f"u{file_id}",
                "file_size": len(data),
                "file_path": f"f/{file_id}",
            }
        return super()._result(bot, call)

    async def stream_content(
        self,
        url: str,
        headers: dict[str, Any] | None = None,
        timeout: int = 30,
        chunk_size: int = 65536,
        raise_for_status: bool = True,
    ) -> AsyncGenerator[bytes, None]:
        yield self.files.get(url.rsplit("/", 1)[-1], b"")


@dataclass
class Desk:
    """The ticket services and the dispatcher around the residents' world."""

    world: World
    tickets: TicketService
    desk: TicketDesk
    store: LocalFileStore
    session: FileSession
    notes: dict[str, Any] = field(default_factory=dict)

    @property
    def clock(self) -> FixedClock:
        return self.world.clock

    async def send(self, text: str, *, user_id: int = USER, **kwargs: Any) -> list[Call]:
        return await self.world.send(text, user_id=user_id, **kwargs)

    async def press(self, data: str, message_id: int, *, user_id: int = USER, **kwargs: Any) -> list[Call]:
        return await self.world.press(data, message_id, user_id=user_id, **kwargs)

    async def in_group(self, text: str, *, user_id: int, reply_to: int | None = None) -> list[Call]:
        if reply_to is not None:
            return await self.world.reply_in_group(text, reply_to, user_id=user_id)
        return await self.world.send(text, user_id=user_id, chat_id=GROUP)

    async def photo(
        self, data: bytes, *, caption: str = "", user_id: int = USER, size: int | None = None
    ) -> list[Call]:
        file_id = f"photo-{next(_unique)}"
        self.session.files[file_id] = data
        update = _file_update(user_id, caption)
        update["message"]["photo"] = [
            {"file_id": f"{file_id}-thumb", "file_unique_id": "t", "width": 90, "height": 90, "file_size": 100},
            {
                "file_id": file_id,
                "file_unique_id": file_id,
                "width": 1280,
                "height": 960,
                "file_size": size or len(data),
            },
        ]
        self.notes["last_file_id"] = file_id
        return await self.world._feed(update)

    async def document(
        self, data: bytes, name: str, mime: str, *, caption: str = "", user_id: int = USER, size: int | None = None
    ) -> list[Call]:
        file_id = f"doc-{next(_unique)}"
        self.session.files[file_id] = data
        update = _file_update(user_id, caption)
        update["message"]["document"] = {
            "file_id": file_id,
            "file_unique_id": file_id,
            "file_name": name,
            "mime_type": mime,
            "file_size": size if size is not None else len(data),
        }
        self.notes["last_file_id"] = file_id
        return await self.world._feed(update)

    async def deliver(self) -> list[Call]:
        return await self.world.deliver()


def _file_update(user_id: int, caption: str) -> dict[str, Any]:
    update = message_update_dict("x", user_id=user_id)
    del update["message"]["text"]
    if caption:
        update["message"]["caption"] = caption
    return update


def make_desk(tmp: Path, *, smtp_url: str | None = None, default_operators_chat_id: int | None = None) -> Desk:
    session = FileSession()
    bot = create_bot(TEST_TOKEN, None, session=session)
    clock = FixedClock(NOW)
    people, profiles, outbox = PeopleService(clock), ProfileService(clock), OutboxService(clock)
    bindings = BindingService(clock, outbox, BindingNoticeRenderer("ru"))
    store = LocalFileStore(tmp / "attachments")
    notices = TicketNoticeRenderer("ru")
    tickets = TicketService(clock, outbox, notices, store, default_operators_chat_id=default_operators_chat_id)
    desk = TicketDesk(clock, outbox, notices, store, default_operators_chat_id=default_operators_chat_id)
    dp: Dispatcher = build_dispatcher(
        people=people,
        profiles=profiles,
        bindings=bindings,
        outbox=outbox,
        clock=clock,
        tickets=tickets,
        ticket_desk=desk,
    )
    world = World(dp, bot, session, clock, people, profiles, bindings, outbox, smtp_url)
    return Desk(world, tickets, desk, store, session)


async def staff(site: Site, telegram_id: int, name: str, *roles: Role, locale: str = "ru") -> int:
    person = await Person.create(telegram_id=telegram_id, name=name, locale=locale)
    for role in roles:
        await StaffRole.create(person=person, site=site, role=role)
    return person.id


async def bound_resident(
    desk: Desk,
    meters: list[Meter],
    *,
    user_id: int = USER,
    name: str = "Иван Петров",
    email: str = "",
    locale: str = "ru",
) -> int:
    """A registered resident with active bindings to ``meters``; returns the person id."""
    person_id = await resident(desk.world, user_id, name=name, email_address=email, locale=locale)
    for meter in meters:
        await Binding.create(person_id=person_id, meter=meter, status=BindingStatus.ACTIVE)
    return person_id


async def filed(
    desk: Desk, person_id: int, meter: Meter, *, ticket_type: TicketType = TicketType.QUESTION, text: str = ""
) -> Ticket:
    """A ticket filed through the service, its post delivered to the group (the outbox is emptied)."""
    card = await desk.tickets.create(
        person_id,
        ticket_type,
        meter.plot_id,  # type: ignore[attr-defined]
        meter.id,
        text or "Когда будет проверка счётчиков?",
    )
    await desk.deliver()
    return await Ticket.get(id=card.ticket.id)


def buttons_of(call: Call) -> list[tuple[str, str]]:
    rows = (call.reply_markup or {}).get("inline_keyboard") or []
    return [(button["text"], button.get("callback_data", "")) for row in rows for button in row]


def data_for(call: Call, label_part: str) -> str:
    matches = [data for text, data in buttons_of(call) if label_part in text]
    assert matches, f"no button with {label_part!r} among {buttons_of(call)}"
    return matches[0]
