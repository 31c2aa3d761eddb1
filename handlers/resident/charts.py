"""“Charts”: the seeds' reports as photos with a period picker underneath.

Opening charts (the menu button, or the button on the meter card) sends a new photo: consumption by day
over the last 30 days. Every press under it redraws the same message (editMessageMedia) instead of
sending another one. While a chart is being drawn the chat shows "sending a photo…"; one that is in the
cache goes out at once. Each press asks the chart service again with the pressing person's id, so a
forged or stale meter id gets "not found" and no picture.
"""

from __future__ import annotations

from aiogram import Bot, F, Router
from aiogram.enums import ChatAction
from aiogram.exceptions import TelegramBadRequest
from aiogram.fsm.context import FSMContext
from aiogram.types import BufferedInputFile, CallbackQuery, InputMediaPhoto, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.i18n import button
from handlers.keyboards import CHARTS
from handlers.resident import meter_texts as texts
from handlers.resident.chart_keyboards import ChartNav, ChartNoop, chart_keyboard
from handlers.resident.chart_texts import caption, chart_labels
from handlers.resident.meter_callbacks import MeterAct, MeterAction
from handlers.resident.readings_submit import leave_submission
from services.charts import ChartRequest, ChartResult, ChartService, PeriodMode
from services.errors import NotFound
from services.meters import MeterQueryService
from services.people import PersonDTO


async def _render(bot: Bot, chat_id: int, charts: ChartService, request: ChartRequest) -> ChartResult:
    """The chart; while it is drawn (not when it comes from the cache) the chat shows "sending a photo…"."""

    async def uploading() -> None:
        await bot.send_chat_action(chat_id, ChatAction.UPLOAD_PHOTO)

    return await charts.render(request, chart_labels(texts.locale()), on_miss=uploading)


def _photo(result: ChartResult) -> BufferedInputFile:
    view = result.view
    return BufferedInputFile(result.png, filename=f"{view.kind.value}-{view.start:%Y%m%d}.png")


async def send_chart(bot: Bot, chat_id: int, result: ChartResult, preference: PeriodMode) -> None:
    await bot.send_photo(
        chat_id,
        _photo(result),
        caption=caption(result, texts.locale()),
        reply_markup=chart_keyboard(result, preference),
    )


def first_chart(person: PersonDTO, meter_id: int) -> ChartRequest:
    """What opening charts shows: consumption by day over the last 30 days."""
    return ChartRequest(person.id, meter_id)


async def charts_menu(
    message: Message,
    state: FSMContext,
    bot: Bot,
    person: PersonDTO,
    meter_queries: MeterQueryService,
    charts: ChartService,
) -> None:
    """The menu's “Charts”: the only meter's chart at once, or first the choice of a meter."""
    await leave_submission(state)
    meters = await meter_queries.list_for_person(person.id)
    if not meters:
        await message.answer(texts.no_meters_text(), reply_markup=texts.bind_keyboard())
        return
    if len(meters) > 1:
        await message.answer(_("Which meter's charts?"), reply_markup=texts.list_keyboard(meters, act=MeterAct.CHARTS))
        return
    try:
        result = await _render(bot, message.chat.id, charts, first_chart(person, meters[0].meter_id))
    except NotFound:  # unbound between the two queries
        await message.answer(texts.not_found_text())
        return
    await send_chart(bot, message.chat.id, result, PeriodMode.ROLLING)


async def charts_pressed(
    query: CallbackQuery, callback_data: MeterAction, bot: Bot, person: PersonDTO, charts: ChartService
) -> None:
    """“Charts” on the meter card (or a meter chosen from the list): a new photo below."""
    chat_id = query.message.chat.id if query.message is not None else query.from_user.id
    try:
        result = await _render(bot, chat_id, charts, first_chart(person, callback_data.mid))
    except NotFound:
        await query.answer(texts.not_found_text(), show_alert=True)
        return
    await query.answer()
    await send_chart(bot, chat_id, result, PeriodMode.ROLLING)


async def chart_nav(
    query: CallbackQuery, callback_data: ChartNav, bot: Bot, person: PersonDTO, charts: ChartService
) -> None:
    """A press under a chart: the chart it names, drawn over the pressed photo."""
    message = query.message
    chat_id = message.chat.id if message is not None else query.from_user.id
    pressed = callback_data
    request = ChartRequest(person.id, pressed.mid, pressed.k.kind, pressed.anchor, pressed.p.mode)
    try:
        result = await _render(bot, chat_id, charts, request)
    except NotFound:
        await query.answer(texts.not_found_text(), show_alert=True)
        return
    await query.answer()
    preference = callback_data.p.mode
    if not isinstance(message, Message):  # too old to edit
        await send_chart(bot, chat_id, result, preference)
        return
    media = InputMediaPhoto(media=_photo(result), caption=caption(result, texts.locale()))
    try:
        await message.edit_media(media, reply_markup=chart_keyboard(result, preference))
    except TelegramBadRequest as error:
        if "message is not modified" in str(error):
            return
        await send_chart(bot, chat_id, result, preference)  # the photo is gone or cannot be edited


async def already_shown(query: CallbackQuery) -> None:
    await query.answer()


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(charts_menu, button(CHARTS))
    router.callback_query.register(charts_pressed, MeterAction.filter(F.act == MeterAct.CHARTS))
    router.callback_query.register(chart_nav, ChartNav.filter())
    router.callback_query.register(already_shown, ChartNoop.filter())
    return router
