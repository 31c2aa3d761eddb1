"""/announce: a chairman, dispatcher or site admin writes an announcement in the private chat with the bot.

Steps: the site (when they have several), the text (a photo may come with it as its caption), an optional
photo, an optional "works until" date, the recipients (all residents of the site, or chosen plots typed as
"1, 5, 12-15"), then the preview exactly as residents will get it, with Publish / Save as a draft / Cancel.
Editing a draft (from /announcements) runs the same steps with "keep" buttons. The service re-checks the
author's role at every step that reads or writes, and the preview's buttons act once: a double press finds
the dialog finished.
"""

from __future__ import annotations

import asyncio
from datetime import date
from typing import Any

from aiogram import F, Router
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.formatting import format_date
from handlers.operator import announcement_texts as texts
from handlers.operator.announcement_callbacks import AnnSite, AnnStep, Step
from handlers.resident.announcement_texts import AnnouncementNoticeRenderer, send_announcement
from services.announcement_model import check_text
from services.announcements import AnnouncementDTO, AnnouncementService, Draft, WrongState
from services.enums import Channel
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.people import PersonDTO

_finishing = asyncio.Lock()
"""Serializes the preview's buttons, so that a double press publishes (or saves) once."""


class Compose(StatesGroup):
    site = State()
    text = State()
    photo = State()
    until = State()
    recipients = State()
    plots = State()
    preview = State()


def origin(chat_id: int, user_id: int) -> str:
    return f"telegram:chat:{chat_id}:user:{user_id}"


def draft_of(data: dict[str, Any]) -> Draft:
    plots = data.get("plots")
    return Draft(
        site_id=int(data["site_id"]),
        text=data.get("text") or "",
        photo_file_id=data.get("photo") or "",
        works_until=date.fromisoformat(data["until"]) if data.get("until") else None,
        plot_ids=tuple(int(plot_id) for plot_id in plots) if plots is not None else None,
    )


def _message(query: CallbackQuery) -> Message | None:
    return query.message if isinstance(query.message, Message) else None


# --- starting -------------------------------------------------------------------------------------


async def cmd_announce(
    message: Message, state: FSMContext, person: PersonDTO, announcements: AnnouncementService
) -> None:
    sites = await announcements.sites_for_author(person.id)
    if not sites:
        await message.answer(texts.refused())
        return
    await state.clear()
    if len(sites) == 1:
        await begin(message, state, {"site_id": sites[0].id, "site": sites[0].name})
        return
    await state.set_state(Compose.site)
    text, markup = texts.site_prompt(sites)
    await message.answer(text, reply_markup=markup)


async def site_chosen(
    query: CallbackQuery,
    callback_data: AnnSite,
    state: FSMContext,
    person: PersonDTO,
    announcements: AnnouncementService,
) -> None:
    site = next((s for s in await announcements.sites_for_author(person.id) if s.id == callback_data.site_id), None)
    message = _message(query)
    if site is None or message is None:
        await query.answer(texts.refused(), show_alert=True)
        return
    await query.answer()
    await message.edit_reply_markup(reply_markup=None)
    await begin(message, state, {"site_id": site.id, "site": site.name})


async def begin(target: Message, state: FSMContext, data: dict[str, Any]) -> None:
    """Start (or, with ``ann_id`` and the draft's values in ``data``, restart for editing) at the text."""
    data = {"text": None, "photo": "", "until": None, "plots": None, "ann_id": None} | data
    await state.set_state(Compose.text)
    await state.set_data(data)
    text, markup = texts.text_prompt(data["site"], data["text"] if data["ann_id"] else None)
    await target.answer(text, reply_markup=markup)


async def start_editing(target: Message, state: FSMContext, draft: AnnouncementDTO) -> None:
    """The dialog over an existing draft, its values kept unless changed."""
    await begin(
        target,
        state,
        {
            "site_id": draft.site_id,
            "site": draft.site_name,
            "ann_id": draft.id,
            "text": draft.text,
            "photo": draft.photo_file_id,
            "until": draft.works_until.isoformat() if draft.works_until else None,
            "plots": [plot.id for plot in draft.plots] if draft.plots is not None else None,
        },
    )


# --- text, photo, date ----------------------------------------------------------------------------


async def got_text(message: Message, state: FSMContext) -> None:
    text = message.text or message.caption or ""
    photo = message.photo[-1].file_id if message.photo else None
    try:
        text = check_text(text, with_photo=photo is not None)
    except InvalidInput as error:
        data = await state.get_data()
        prompt, markup = texts.text_prompt(data["site"], data["text"] if data.get("ann_id") else None)
        await message.answer(texts.input_error(error) + "\n\n" + prompt, reply_markup=markup)
        return
    await state.update_data(text=text)
    if photo is None:
        await ask_photo(message, state)
        return
    await state.update_data(photo=photo)
    await ask_date(message, state)


async def keep_text(query: CallbackQuery, state: FSMContext) -> None:
    await _done_with_buttons(query)
    if (message := _message(query)) is not None:
        await ask_photo(message, state)


async def text_expected(message: Message) -> None:
    await message.answer(_("Please write the text of the announcement (a photo may come with it as its caption)."))


async def ask_photo(target: Message, state: FSMContext) -> None:
    await state.set_state(Compose.photo)
    text, markup = texts.photo_prompt(bool((await state.get_data()).get("photo")))
    await target.answer(text, reply_markup=markup)


async def got_photo(message: Message, state: FSMContext) -> None:
    data = await state.get_data()
    try:
        check_text(data.get("text") or "", with_photo=True)
    except InvalidInput as error:
        text, markup = texts.photo_prompt(bool(data.get("photo")))
        await message.answer(texts.input_error(error) + "\n\n" + text, reply_markup=markup)
        return
    assert message.photo is not None  # the filter let only photos in
    await state.update_data(photo=message.photo[-1].file_id)
    await ask_date(message, state)


async def photo_step(query: CallbackQuery, callback_data: AnnStep, state: FSMContext) -> None:
    if callback_data.act is Step.NO_PHOTO:
        await state.update_data(photo="")
    await _done_with_buttons(query)
    if (message := _message(query)) is not None:
        await ask_date(message, state)


async def photo_expected(message: Message, state: FSMContext) -> None:
    text, markup = texts.photo_prompt(bool((await state.get_data()).get("photo")))
    await message.answer(text, reply_markup=markup)


async def ask_date(target: Message, state: FSMContext) -> None:
    await state.set_state(Compose.until)
    until = (await state.get_data()).get("until")
    text, markup = texts.date_prompt(format_date(date.fromisoformat(until), texts.locale()) if until else None)
    await target.answer(text, reply_markup=markup)


async def got_date(message: Message, state: FSMContext, announcements: AnnouncementService) -> None:
    data = await state.get_data()
    try:
        day = await announcements.check_works_until(int(data["site_id"]), message.text or "")
    except InvalidInput as error:
        until = data.get("until")
        text, markup = texts.date_prompt(format_date(date.fromisoformat(until), texts.locale()) if until else None)
        await message.answer(texts.input_error(error) + "\n\n" + text, reply_markup=markup)
        return
    await state.update_data(until=day.isoformat())
    await ask_recipients(message, state)


async def date_step(query: CallbackQuery, callback_data: AnnStep, state: FSMContext) -> None:
    if callback_data.act is Step.NO_DATE:
        await state.update_data(until=None)
    await _done_with_buttons(query)
    if (message := _message(query)) is not None:
        await ask_recipients(message, state)


# --- recipients -----------------------------------------------------------------------------------


async def ask_recipients(target: Message, state: FSMContext) -> None:
    await state.set_state(Compose.recipients)
    text, markup = texts.recipients_prompt()
    await target.answer(text, reply_markup=markup)


async def recipients_step(
    query: CallbackQuery,
    callback_data: AnnStep,
    state: FSMContext,
    person: PersonDTO,
    announcements: AnnouncementService,
) -> None:
    await _done_with_buttons(query)
    message = _message(query)
    if message is None:
        return
    if callback_data.act is Step.PLOTS:
        await state.set_state(Compose.plots)
        await message.answer(texts.plots_prompt())
        return
    await state.update_data(plots=None)
    await show_preview(message, state, person, announcements)


async def got_plots(message: Message, state: FSMContext, person: PersonDTO, announcements: AnnouncementService) -> None:
    data = await state.get_data()
    try:
        plots = await announcements.resolve_plots(person.id, int(data["site_id"]), message.text or "")
    except PermissionDenied:
        await _refuse(message, state)
        return
    except InvalidInput as error:
        await message.answer(texts.input_error(error) + "\n\n" + texts.plots_prompt())
        return
    await state.update_data(plots=[plot.id for plot in plots])
    await show_preview(message, state, person, announcements)


# --- preview and its buttons ----------------------------------------------------------------------


async def show_preview(
    target: Message, state: FSMContext, person: PersonDTO, announcements: AnnouncementService
) -> None:
    data = await state.get_data()
    try:
        preview = await announcements.preview(person.id, draft_of(data), data.get("ann_id"))
    except PermissionDenied:
        await _refuse(target, state)
        return
    except InvalidInput as error:  # e.g. the date passed while the dialog was open: ask again from there
        await target.answer(texts.input_error(error))
        await (ask_date(target, state) if error.field == "works_until" else begin(target, state, data))
        return
    await state.set_state(Compose.preview)
    rendered = AnnouncementNoticeRenderer().for_resident(preview.announcement, texts.locale(), Channel.TELEGRAM)
    await send_announcement(target, rendered.text, preview.announcement.photo_file_id)
    text, markup = texts.preview_controls(preview.announcement, preview.recipients)
    await target.answer(text, reply_markup=markup)


async def preview_step(
    query: CallbackQuery,
    callback_data: AnnStep,
    state: FSMContext,
    person: PersonDTO,
    announcements: AnnouncementService,
) -> None:
    message = _message(query)
    async with _finishing:
        if message is None or await state.get_state() != Compose.preview.state:
            await query.answer(_("This button is out of date. Please open the section again."))
            return
        data = await state.get_data()
        await state.clear()
        await _done_with_buttons(query)
        if callback_data.act is Step.CANCEL:
            await message.answer(_("Cancelled. Nothing was published."))
            return
        where = origin(message.chat.id, query.from_user.id)
        try:
            saved = await _save(data, person, announcements, where)
            if callback_data.act is Step.SAVE:
                await message.answer(
                    _("Draft № {id} is saved. Publish it from /announcements when it is ready.").format(id=saved.id)
                )
                return
            published = await announcements.publish(person.id, saved.id, where)
        except PermissionDenied:
            await message.answer(texts.refused())
            return
        except NotFound:
            await message.answer(texts.gone())
            return
        except WrongState:
            await message.answer(_("This announcement is not a draft any more: it was published or deleted."))
            return
        except InvalidInput as error:
            await message.answer(texts.input_error(error))
            return
    await message.answer(
        _(
            "Announcement № {id} is published: {n} messages are on their way. Delivery counts are in /announcements."
        ).format(id=published.announcement.id, n=published.queued)
    )


async def _save(
    data: dict[str, Any], person: PersonDTO, announcements: AnnouncementService, where: str
) -> AnnouncementDTO:
    draft = draft_of(data)
    if data.get("ann_id"):
        return await announcements.edit_draft(person.id, int(data["ann_id"]), draft, where)
    return await announcements.create_draft(person.id, draft, where)


async def plots_expected(message: Message) -> None:
    await message.answer(texts.plots_prompt())


async def press_a_button(message: Message) -> None:
    await message.answer(_("Please choose with the buttons above, or send /cancel."))


# --- plumbing -------------------------------------------------------------------------------------


async def _done_with_buttons(query: CallbackQuery) -> None:
    """Answer the press and take the step's buttons away, so that it cannot be pressed again."""
    await query.answer()
    message = _message(query)
    if message is None:
        return
    try:
        await message.edit_reply_markup(reply_markup=None)
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            raise


async def _refuse(target: Message, state: FSMContext) -> None:
    await state.clear()
    await target.answer(texts.refused())


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(cmd_announce, Command("announce"))
    router.callback_query.register(site_chosen, StateFilter(Compose.site), AnnSite.filter())
    text_step = StateFilter(Compose.text)
    router.callback_query.register(keep_text, text_step, AnnStep.filter(F.act == Step.KEEP_TEXT))
    router.message.register(got_text, text_step, F.text | F.caption)
    router.message.register(text_expected, text_step)
    photo = StateFilter(Compose.photo)
    router.message.register(got_photo, photo, F.photo)
    router.callback_query.register(photo_step, photo, AnnStep.filter(F.act.in_({Step.NO_PHOTO, Step.KEEP_PHOTO})))
    router.message.register(photo_expected, photo)
    until = StateFilter(Compose.until)
    router.message.register(got_date, until, F.text)
    router.callback_query.register(date_step, until, AnnStep.filter(F.act.in_({Step.NO_DATE, Step.KEEP_DATE})))
    router.callback_query.register(
        recipients_step, StateFilter(Compose.recipients), AnnStep.filter(F.act.in_({Step.ALL, Step.PLOTS}))
    )
    router.message.register(got_plots, StateFilter(Compose.plots), F.text)
    router.message.register(plots_expected, StateFilter(Compose.plots))
    router.callback_query.register(preview_step, AnnStep.filter(F.act.in_({Step.PUBLISH, Step.SAVE, Step.CANCEL})))
    router.message.register(
        press_a_button, StateFilter(Compose.site, Compose.until, Compose.recipients, Compose.preview)
    )
    return router
