"""Approve / Reject under a binding request in the operators' group chat.

The service re-checks the presser's role at the meter's site from the database on every press (being
in the group is not a role) and decides with a conditional update, so a double press or two chairmen
at once decide once; anyone else gets a polite refusal and is audited. Reject asks for the reason as a
reply to the bot (the only messages a bot in privacy mode sees); /cancel keeps the request pending.
The group message is edited, in the site's language, to show who decided and when.
"""

from __future__ import annotations

from aiogram import Bot, F, Router, html
from aiogram.enums import ChatType
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ForceReply, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _

from handlers.filters import ChatIs
from handlers.operator.notices import Decide, group_text, when
from handlers.resident import texts
from services.bindings import BindingRequest, BindingService
from services.enums import BindingStatus
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.people import PersonDTO

GROUPS = {ChatType.GROUP, ChatType.SUPERGROUP}
POST_KEY = "reject_post"
PROMPT_KEY = "reject_prompt"
BINDING_KEY = "reject_binding"


class RejectReason(StatesGroup):
    reason = State()


def origin(chat_id: int, user_id: int) -> str:
    return f"telegram:chat:{chat_id}:user:{user_id}"


def already_decided(request: BindingRequest, language: str) -> str:
    binding = request.binding
    if binding.status is BindingStatus.UNBOUND or binding.decided_at is None:
        return _("The resident has withdrawn this request.")
    moment = when(binding.decided_at, request.timezone, language)
    if binding.status is BindingStatus.ACTIVE:
        return _("Already approved by {who} at {when}.").format(who=binding.decided_by_name, when=moment)
    return _("Already rejected by {who} at {when}.").format(who=binding.decided_by_name, when=moment)


async def show_outcome(bot: Bot, chat_id: int, message_id: int, request: BindingRequest, language: str) -> None:
    """Edit the group's request message into its final form (buttons gone); an unchanged text is fine."""
    try:
        await bot.edit_message_text(
            text=group_text(request, language), chat_id=chat_id, message_id=message_id, reply_markup=None
        )
    except TelegramBadRequest as error:
        if "not modified" not in error.message:
            raise


async def refuse_press(query: CallbackQuery) -> None:
    await query.answer(
        _("Sorry, only the chairman or a dispatcher of this site can decide on binding requests."), show_alert=True
    )


async def approve(
    query: CallbackQuery, callback_data: Decide, person: PersonDTO, bindings: BindingService, i18n: I18n, bot: Bot
) -> None:
    message = query.message
    if message is None:
        await query.answer()
        return
    try:
        decision = await bindings.approve(
            callback_data.binding_id, person.id, origin(message.chat.id, query.from_user.id)
        )
    except PermissionDenied:
        await refuse_press(query)
        return
    except NotFound:
        await query.answer(_("This request no longer exists."), show_alert=True)
        return
    language = i18n.default_locale
    if decision.changed:
        await query.answer(_("Approved. The resident will be notified."))
    else:
        await query.answer(already_decided(decision.request, i18n.current_locale), show_alert=True)
    await show_outcome(bot, message.chat.id, message.message_id, decision.request, language)


async def reject_pressed(
    query: CallbackQuery,
    callback_data: Decide,
    state: FSMContext,
    person: PersonDTO,
    bindings: BindingService,
    i18n: I18n,
    bot: Bot,
) -> None:
    message = query.message
    if message is None:
        await query.answer()
        return
    try:
        request = await bindings.check_decider(
            callback_data.binding_id, person.id, origin(message.chat.id, query.from_user.id)
        )
    except PermissionDenied:
        await refuse_press(query)
        return
    except NotFound:
        await query.answer(_("This request no longer exists."), show_alert=True)
        return
    if request.binding.status is not BindingStatus.PENDING:
        await query.answer(already_decided(request, i18n.current_locale), show_alert=True)
        await show_outcome(bot, message.chat.id, message.message_id, request, i18n.default_locale)
        return
    await query.answer()
    prompt = await bot.send_message(
        message.chat.id,
        _("{who}, reply to this message with the reason for rejecting request No. {id}, or reply /cancel.").format(
            who=html.link(html.quote(query.from_user.full_name), f"tg://user?id={query.from_user.id}"),
            id=request.binding.id,
        ),
        reply_markup=ForceReply(selective=True, input_field_placeholder=_("Reason for rejection")),
        reply_to_message_id=message.message_id,
    )
    await state.set_state(RejectReason.reason)
    await state.update_data(
        {BINDING_KEY: request.binding.id, POST_KEY: message.message_id, PROMPT_KEY: prompt.message_id}
    )


async def reason_given(
    message: Message, state: FSMContext, person: PersonDTO, bindings: BindingService, i18n: I18n, bot: Bot
) -> None:
    data = await state.get_data()
    binding_id, post_id = int(data[BINDING_KEY]), int(data[POST_KEY])
    try:
        decision = await bindings.reject(
            binding_id,
            person.id,
            message.text or "",
            origin(message.chat.id, message.from_user.id if message.from_user else 0),
        )
    except InvalidInput as error:
        await message.reply(texts.input_error(error), reply_markup=ForceReply(selective=True))
        return
    except PermissionDenied:
        await state.clear()
        await message.reply(_("Sorry, only the chairman or a dispatcher of this site can decide on binding requests."))
        return
    except NotFound:
        await state.clear()
        await message.reply(_("This request no longer exists."))
        return
    await state.clear()
    await show_outcome(bot, message.chat.id, post_id, decision.request, i18n.default_locale)
    if decision.changed:
        await message.reply(_("Request No. {id} rejected. The resident will be notified.").format(id=binding_id))
    else:
        await message.reply(already_decided(decision.request, i18n.current_locale))


async def reason_cancelled(message: Message, state: FSMContext) -> None:
    binding_id = (await state.get_data()).get(BINDING_KEY)
    await state.clear()
    await message.reply(_("Rejection cancelled: request No. {id} is still waiting.").format(id=binding_id))


async def reason_not_text(message: Message) -> None:
    await message.reply(
        _("Please write the reason as text, or reply /cancel."), reply_markup=ForceReply(selective=True)
    )


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(ChatIs(*GROUPS))
    router.callback_query.filter(ChatIs(*GROUPS))
    router.callback_query.register(approve, Decide.filter(F.action == "ok"))
    router.callback_query.register(reject_pressed, Decide.filter(F.action == "no"))
    router.message.register(reason_cancelled, StateFilter(RejectReason.reason), Command("cancel"))
    router.message.register(reason_given, StateFilter(RejectReason.reason), F.text)
    router.message.register(reason_not_text, StateFilter(RejectReason.reason))
    return router
