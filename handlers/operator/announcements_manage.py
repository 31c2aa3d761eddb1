"""/announcements: drafts and published announcements with their delivery counts; edit, publish, withdraw.

Every press goes through the service, which re-reads the presser's role at the announcement's site and
changes state with a conditional update: a forged or repeated press changes nothing.
"""

from __future__ import annotations

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command
from aiogram.fsm.context import FSMContext
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.operator import announcement_texts as texts
from handlers.operator.announcement_callbacks import AnnManage, Manage
from handlers.operator.announcements import origin, start_editing
from handlers.resident.announcement_texts import announcement_text
from services.announcements import AnnouncementItem, AnnouncementService
from services.enums import AnnouncementState
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.people import PersonDTO


async def cmd_list(message: Message, person: PersonDTO, announcements: AnnouncementService) -> None:
    if not await announcements.sites_for_author(person.id):
        await message.answer(texts.refused())
        return
    text, markup = texts.list_view(await announcements.list_for_author(person.id))
    await message.answer(text, reply_markup=markup)


async def show_list(query: CallbackQuery, person: PersonDTO, announcements: AnnouncementService) -> None:
    if not await announcements.sites_for_author(person.id):
        await query.answer(texts.refused(), show_alert=True)
        return
    text, markup = texts.list_view(await announcements.list_for_author(person.id))
    await _show(query, text, markup)


async def open_item(
    query: CallbackQuery, callback_data: AnnManage, person: PersonDTO, announcements: AnnouncementService
) -> None:
    item = await _item(query, callback_data.ann_id, person, announcements)
    if item is not None:
        await _show_item(query, item)


async def publish(
    query: CallbackQuery, callback_data: AnnManage, person: PersonDTO, announcements: AnnouncementService
) -> None:
    try:
        published = await announcements.publish(person.id, callback_data.ann_id, _where(query))
    except (PermissionDenied, NotFound, InvalidInput) as error:
        await _refuse(query, error)
        return
    if published.changed:
        notice = _("Published: {n} messages are on their way.").format(n=published.queued)
    else:
        notice = _("It is not a draft any more: nothing was sent again.")
    item = AnnouncementItem(published.announcement, await announcements.delivery_stats(callback_data.ann_id))
    await _show_item(query, item, notice)


async def ask_withdraw(
    query: CallbackQuery, callback_data: AnnManage, person: PersonDTO, announcements: AnnouncementService
) -> None:
    item = await _item(query, callback_data.ann_id, person, announcements)
    if item is None:
        return
    if item.announcement.state is AnnouncementState.WITHDRAWN:
        await _show_item(query, item)
        return
    text, markup = texts.withdraw_question(item.announcement)
    await _show(query, text, markup)


async def withdraw(
    query: CallbackQuery, callback_data: AnnManage, person: PersonDTO, announcements: AnnouncementService
) -> None:
    try:
        withdrawn = await announcements.withdraw(person.id, callback_data.ann_id, _where(query))
    except (PermissionDenied, NotFound) as error:
        await _refuse(query, error)
        return
    if not withdrawn.changed:
        notice = _("It was withdrawn already.")
    elif withdrawn.announcement.published_at is None:
        notice = _("The draft is deleted.")
    else:
        notice = _("Withdrawn. Messages not delivered yet: {n}, and they will not be sent.").format(
            n=withdrawn.cancelled
        )
    text, markup = texts.list_view(await announcements.list_for_author(person.id))
    await _show(query, notice + "\n\n" + text, markup, answered=False)
    await query.answer(notice)


async def edit(
    query: CallbackQuery,
    callback_data: AnnManage,
    state: FSMContext,
    person: PersonDTO,
    announcements: AnnouncementService,
) -> None:
    item = await _item(query, callback_data.ann_id, person, announcements)
    if item is None:
        return
    if item.announcement.state is not AnnouncementState.DRAFT:
        await query.answer(_("Only drafts can be edited."), show_alert=True)
        return
    await query.answer()
    if isinstance(query.message, Message):
        await start_editing(query.message, state, item.announcement)


# --- plumbing -------------------------------------------------------------------------------------


async def _item(
    query: CallbackQuery, announcement_id: int, person: PersonDTO, announcements: AnnouncementService
) -> AnnouncementItem | None:
    try:
        return await announcements.get(person.id, announcement_id)
    except (PermissionDenied, NotFound) as error:
        await _refuse(query, error)
    return None


def _where(query: CallbackQuery) -> str:
    """The audit origin of a button press: the chat it was pressed in, and who pressed it."""
    message = query.message
    return origin(message.chat.id if message else query.from_user.id, query.from_user.id)


async def _refuse(query: CallbackQuery, error: PermissionDenied | NotFound | InvalidInput) -> None:
    """A service's refusal as an alert under the button."""
    if isinstance(error, PermissionDenied):
        text = texts.refused()
    elif isinstance(error, NotFound):
        text = texts.gone()
    else:
        text = texts.input_error(error)
    await query.answer(text, show_alert=True)


async def _show_item(query: CallbackQuery, item: AnnouncementItem, notice: str = "") -> None:
    rendered = announcement_text(item.announcement, texts.locale())
    text, markup = texts.item_view(item, rendered)
    await _show(query, (notice + "\n\n" if notice else "") + text, markup)


async def _show(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None, *, answered: bool = True) -> None:
    """Replace the pressed message with this screen."""
    if answered:
        await query.answer()
    if not isinstance(query.message, Message):
        if query.bot is not None:
            await query.bot.send_message(query.from_user.id, text, reply_markup=markup)
        return
    try:
        await query.message.edit_text(text, reply_markup=markup)
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            raise


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(cmd_list, Command("announcements"))
    router.callback_query.register(show_list, AnnManage.filter(F.act == Manage.LIST))
    router.callback_query.register(open_item, AnnManage.filter(F.act == Manage.OPEN))
    router.callback_query.register(publish, AnnManage.filter(F.act == Manage.PUBLISH))
    router.callback_query.register(ask_withdraw, AnnManage.filter(F.act == Manage.WITHDRAW))
    router.callback_query.register(withdraw, AnnManage.filter(F.act == Manage.WITHDRAW_CONFIRMED))
    router.callback_query.register(edit, AnnManage.filter(F.act == Manage.EDIT))
    return router
