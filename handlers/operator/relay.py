"""Relay off / on: ``/relay <serial or plot>`` (the operators' chat, or a staff member in private), the
"Relay off" button under an alert or a meter card (:class:`handlers.callbacks.RelayStart`), then the seeds'
restriction form — off or on; the reason (debt: the amount; repair works: the start date; another
reason: a text); whether to notify the resident in advance (the notice and control dates) — a summary,
and a second explicit confirmation before anything is planned or sent.

The draft lives in the FSM of the person filling it in (other people's presses find no draft) and the
buttons carry its nonce (a button of an older form finds nothing either). The final press runs under a
lock per person and chat and clears the draft first, so a double press plans once. The service re-checks
the role (chairman, dispatcher, admin) from the database on every step and audits each one. In a group,
typed answers are replies to the bot's prompt (what a bot in privacy mode sees).
"""

from __future__ import annotations

import asyncio
import secrets
from datetime import date
from decimal import Decimal
from typing import Any

from aiogram import F, Router, html
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, ForceReply, InlineKeyboardMarkup, Message, User
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.callbacks import RelayStart
from handlers.formatting import format_date
from handlers.operator.restriction_actions import markup, refusal
from handlers.operator.restriction_callbacks import FormStep, RelayForm
from handlers.operator.restriction_texts import REASON_BUTTONS, REASONS, card_text, form_error, money
from services.enums import RelayAction, RelayState, RestrictionReason
from services.errors import Conflict, InvalidInput, NotFound, PermissionDenied
from services.people import PersonDTO
from services.restriction_form import RestrictionForm, check_day, clean_text, parse_amount, parse_day
from services.restriction_model import MeterTarget
from services.restrictions import RestrictionService

DRAFT = "relay_draft"
_locks: dict[tuple[int, int], asyncio.Lock] = {}


class RelayInput(StatesGroup):
    choosing = State()
    amount = State()
    works = State()
    text = State()
    notice = State()
    control = State()


def origin(chat_id: int, user_id: int) -> str:
    return f"telegram:chat:{chat_id}:user:{user_id}"


def where(event: Message | CallbackQuery) -> str:
    """The audit origin of a message or of a press."""
    if isinstance(event, Message):
        return origin(event.chat.id, event.from_user.id if event.from_user else 0)
    chat_id = event.message.chat.id if event.message is not None else event.from_user.id
    return origin(chat_id, event.from_user.id)


# --- texts and keyboards -----------------------------------------------------------------------------


def target_text(target: MeterTarget) -> str:
    name = _("No. {serial}").format(serial=html.quote(target.serial))
    if target.model:
        name += f", {html.quote(target.model)}"
    rows = ["📟 <b>" + _("Meter {name}").format(name=name) + "</b>", html.quote(target.site_name)]
    if target.plot_number:
        rows.append(_("Plot: {plot}").format(plot=html.quote(target.plot_number)))
    relay = {RelayState.ON: _("on"), RelayState.OFF: _("off")}.get(target.relay_state, _("unknown"))
    link = "⚪" if target.online is None else ("🟢" if target.online else "🔴")
    rows.append(_("Relay: {state}").format(state=relay) + f"  {link}")
    rows.append(_("Residents bound: {count}").format(count=target.residents))
    return "\n".join(rows)


def form_keyboard(nonce: str, step: FormStep, choices: list[tuple[str, str]]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for label, value in choices:
        builder.button(text=label, callback_data=RelayForm(step=step, nonce=nonce, value=value))
    builder.button(text="✖️ " + _("Cancel"), callback_data=RelayForm(step=FormStep.ABORT, nonce=nonce))
    builder.adjust(*([2] * ((len(choices) + 1) // 2)), 1)
    return builder.as_markup()


def form_from(draft: dict[str, Any]) -> RestrictionForm:
    def day(key: str) -> date | None:
        return date.fromisoformat(draft[key]) if draft.get(key) else None

    return RestrictionForm(
        meter_id=int(draft["meter_id"]),
        action=RelayAction(draft.get("action", RelayAction.OFF)),
        reason=RestrictionReason(draft.get("reason", RestrictionReason.OTHER)),
        debt_amount=Decimal(draft["amount"]) if draft.get("amount") else None,
        works_start_on=day("works"),
        reason_text=str(draft.get("text", "")),
        notify_resident=bool(draft.get("notify")),
        notice_on=day("notice"),
        control_on=day("control"),
    )


def summary_text(form: RestrictionForm, draft: dict[str, Any], language: str, second: bool) -> str:
    meter = _("meter No. {serial}").format(serial=html.quote(draft["serial"]))
    if draft.get("plot"):
        meter = _("plot {plot}, {meter}").format(plot=html.quote(draft["plot"]), meter=meter)
    if form.action is RelayAction.OFF:
        rows = ["⛔ <b>" + _("Switch off {meter}").format(meter=meter) + "</b>"]
    else:
        rows = ["🔌 <b>" + _("Restore power to {meter}").format(meter=meter) + "</b>"]
    rows.append(html.quote(draft["site"]))
    if form.action is RelayAction.OFF:
        if form.debt_amount is not None:
            rows.append(_("Reason: debt of {amount}").format(amount=money(form.debt_amount, language)))
        elif form.works_start_on is not None:
            rows.append(_("Reason: repair works from {day}").format(day=format_date(form.works_start_on, language)))
        else:
            rows.append(_("Reason: {text}").format(text=html.quote(form.reason_text or _(REASONS[form.reason]))))
    if form.notify_resident and form.notice_on and form.control_on:
        rows.append(
            _("The resident is notified on {notice}; on {control} you will be asked to execute.").format(
                notice=format_date(form.notice_on, language), control=format_date(form.control_on, language)
            )
        )
    elif form.action is RelayAction.OFF:
        rows.append(_("Without a notice: the command is sent right after the confirmation."))
    if second:
        rows.append("\n⚠️ " + _("Please confirm once more. This cannot be undone once the command is sent."))
    else:
        rows.append("\n" + _("Check the details. Nothing is planned or sent until you confirm."))
    return "\n".join(rows)


# --- starting the form -------------------------------------------------------------------------------


async def cmd_relay(
    message: Message,
    command: CommandObject,
    person: PersonDTO,
    restrictions: RestrictionService,
    state: FSMContext,
    i18n: I18n,
) -> None:
    query = (command.args or "").strip()
    if not query:
        await message.reply(_("Usage: /relay <meter serial or plot number>"))
        return
    group = message.chat.id if message.chat.type != ChatType.PRIVATE else None
    try:
        targets = await restrictions.targets(person.id, query, chat_id=group, origin=where(message))
    except PermissionDenied:
        await message.reply(refusal())
        return
    if not targets:
        await message.reply(_("No meter with the serial or plot number {query}.").format(query=html.quote(query)))
        return
    if len(targets) == 1:
        await start_form(message, where(message), targets[0], person, restrictions, state, i18n)
        return
    builder = InlineKeyboardBuilder()
    for target in targets:
        plot = _("plot {plot}").format(plot=target.plot_number) + " · " if target.plot_number else ""
        builder.button(text=f"{plot}№ {target.serial}", callback_data=RelayStart(meter_id=target.meter_id))
    builder.adjust(1)
    await message.reply(_("Several meters match. Which one?"), reply_markup=builder.as_markup())


async def relay_start(
    query: CallbackQuery,
    callback_data: RelayStart,
    person: PersonDTO,
    restrictions: RestrictionService,
    state: FSMContext,
    i18n: I18n,
) -> None:
    if not isinstance(query.message, Message):
        await query.answer()
        return
    try:
        target = await restrictions.target(callback_data.meter_id, person.id, where(query))
    except PermissionDenied:
        await query.answer(refusal(), show_alert=True)
        return
    except NotFound:
        await query.answer(_("This meter no longer exists."), show_alert=True)
        return
    await query.answer()
    await start_form(query.message, where(query), target, person, restrictions, state, i18n)


async def start_form(
    message: Message,
    where_from: str,
    target: MeterTarget,
    person: PersonDTO,
    restrictions: RestrictionService,
    state: FSMContext,
    i18n: I18n,
) -> None:
    """A new draft for ``target`` and its first question, in the chat of ``message``."""
    if target.open_restriction is not None:
        current = await restrictions.get(target.open_restriction)
        note = _("This meter already has an open restriction; finish or cancel it first.")
        await message.answer(
            note + "\n\n" + card_text(current, i18n.default_locale), reply_markup=markup(current, i18n)
        )
        return
    nonce = secrets.token_urlsafe(6)
    draft = {
        "nonce": nonce,
        "meter_id": target.meter_id,
        "serial": target.serial,
        "plot": target.plot_number,
        "site": target.site_name,
    }
    await state.set_state(RelayInput.choosing)
    await state.update_data({DRAFT: draft})
    await restrictions.record_step(person.id, target.meter_id, "start", where_from)
    choices = [("⛔ " + _("Switch off"), RelayAction.OFF.value), ("🔌 " + _("Switch on"), RelayAction.ON.value)]
    await message.answer(
        target_text(target) + "\n\n" + _("What should be done?"),
        reply_markup=form_keyboard(nonce, FormStep.ACTION, choices),
    )


# --- the steps ---------------------------------------------------------------------------------------


async def _draft(state: FSMContext, nonce: str | None = None) -> dict[str, Any] | None:
    """The person's draft (None when there is none, or it is not the one ``nonce`` names)."""
    draft: dict[str, Any] | None = (await state.get_data()).get(DRAFT)
    if draft is None or (nonce is not None and draft.get("nonce") != nonce):
        return None
    return draft


async def _save(state: FSMContext, draft: dict[str, Any], next_state: State = RelayInput.choosing) -> None:
    await state.set_state(next_state)
    await state.update_data({DRAFT: draft})


async def form_pressed(
    query: CallbackQuery,
    callback_data: RelayForm,
    person: PersonDTO,
    restrictions: RestrictionService,
    state: FSMContext,
    i18n: I18n,
) -> None:
    message = query.message
    draft = await _draft(state, callback_data.nonce)
    if not isinstance(message, Message) or draft is None:
        await query.answer(_("This form is no longer active. Start again with /relay."), show_alert=True)
        return
    step, value = callback_data.step, callback_data.value
    if step is FormStep.ABORT:
        await state.clear()
        await query.answer()
        await message.edit_text(message.html_text + "\n\n" + _("Cancelled: nothing was planned or sent."))
        return
    try:
        await restrictions.target(int(draft["meter_id"]), person.id, where(query))  # the role, fresh
        await restrictions.record_step(person.id, int(draft["meter_id"]), step.name.lower(), where(query), value=value)
    except PermissionDenied:
        await query.answer(refusal(), show_alert=True)
        return
    except NotFound:
        await state.clear()
        await query.answer(_("This meter no longer exists."), show_alert=True)
        return
    if step is FormStep.GO:
        await _plan(query, message, draft, person, restrictions, state, i18n)
        return
    await query.answer()
    if step is FormStep.ACTION and value in {a.value for a in RelayAction}:
        draft["action"] = value
        if value == RelayAction.ON.value:
            await _summary(message, draft, restrictions, person, state, i18n, edit=True)
            return
        await _save(state, draft)
        marks = {RestrictionReason.DEBT: "💸", RestrictionReason.REPAIR: "🛠", RestrictionReason.OTHER: "✏️"}
        choices = [(f"{marks[reason]} {_(label)}", reason.value) for reason, label in REASON_BUTTONS.items()]
        await message.edit_text(
            message.html_text + "\n\n" + _("Reason for switching off?"),
            reply_markup=form_keyboard(draft["nonce"], FormStep.REASON, choices),
        )
    elif step is FormStep.REASON and value in {r.value for r in RestrictionReason}:
        draft["reason"] = value
        prompts = {
            "debt": (RelayInput.amount, _("Debt amount, roubles (e.g. 1 500,50):")),
            "repair": (RelayInput.works, _("Start date of the works (DD.MM.YYYY):")),
            "other": (RelayInput.text, _("Describe the reason:")),
        }
        next_state, prompt = prompts[value]
        await _save(state, draft, next_state)
        await message.edit_reply_markup(reply_markup=None)
        await _ask(message, query.from_user, prompt)
    elif step is FormStep.NOTIFY:
        draft["notify"] = value == "yes"
        await message.edit_reply_markup(reply_markup=None)
        if draft["notify"]:
            await _save(state, draft, RelayInput.notice)
            await _ask(message, query.from_user, _("Date to notify the resident (DD.MM.YYYY):"))
        else:
            await _summary(message, draft, restrictions, person, state, i18n)
    elif step is FormStep.CONFIRM:
        form = form_from(draft)
        await message.edit_text(
            summary_text(form, draft, i18n.current_locale, second=True),
            reply_markup=_final_keyboard(draft["nonce"], form),
        )


def _final_keyboard(nonce: str, form: RestrictionForm) -> InlineKeyboardMarkup:
    if form.notify_resident:
        label = "✅ " + _("Yes, plan it")
    elif form.action is RelayAction.OFF:
        label = "⚠️ " + _("Yes, switch off now")
    else:
        label = "⚠️ " + _("Yes, restore power now")
    return form_keyboard(nonce, FormStep.GO, [(label, "go")])


async def _ask(message: Message, user: User, prompt: str) -> None:
    """A question to answer by text. In a group it names the person (a selective ForceReply reaches only
    them), and the answer is a reply to it: what a bot in privacy mode sees."""
    if message.chat.type != ChatType.PRIVATE:
        prompt = html.link(html.quote(user.full_name), f"tg://user?id={user.id}") + ", " + prompt
    await message.answer(
        prompt + "\n" + _("Or /cancel to stop."),
        reply_markup=ForceReply(selective=True, input_field_placeholder=_("Your answer")),
    )


async def _summary(
    message: Message,
    draft: dict[str, Any],
    restrictions: RestrictionService,
    person: PersonDTO,
    state: FSMContext,
    i18n: I18n,
    *,
    edit: bool = False,
) -> None:
    """Check the whole form with the service and show it with Confirm / Cancel (or what is wrong)."""
    try:
        form = await restrictions.check(form_from(draft), person.id, where(message))
    except InvalidInput as error:
        await state.clear()
        await message.answer(form_error(error, _) + "\n" + _("Please start again with /relay."))
        return
    except Conflict:
        await state.clear()
        await message.answer(_("This meter already has an open restriction; finish or cancel it first."))
        return
    await _save(state, draft)
    text = summary_text(form, draft, i18n.current_locale, second=False)
    keyboard = form_keyboard(draft["nonce"], FormStep.CONFIRM, [("✅ " + _("Confirm"), "ok")])
    if edit:
        await message.edit_text(text, reply_markup=keyboard)
    else:
        await message.answer(text, reply_markup=keyboard)


async def _plan(
    query: CallbackQuery,
    message: Message,
    draft: dict[str, Any],
    person: PersonDTO,
    restrictions: RestrictionService,
    state: FSMContext,
    i18n: I18n,
) -> None:
    """The final press: plan once, whatever the number of presses."""
    key = (message.chat.id, query.from_user.id)
    async with _locks.setdefault(key, asyncio.Lock()):
        if await _draft(state, draft["nonce"]) is None:
            await query.answer(_("Already done."))
            return
        await state.clear()
        try:
            planned = await restrictions.plan(
                form_from(draft), person.id, where(query), chat_id=message.chat.id, message_id=message.message_id
            )
        except PermissionDenied:
            await query.answer(refusal(), show_alert=True)
            return
        except (InvalidInput, Conflict) as error:
            text = form_error(error, _) if isinstance(error, InvalidInput) else _("Relay control is not available now.")
            await query.answer(text, show_alert=True)
            return
        finally:
            _locks.pop(key, None)
    if planned.command_id is None:
        await query.answer(_("Planned."))
        await message.edit_text(card_text(planned, i18n.default_locale), reply_markup=markup(planned, i18n))
    else:
        await query.answer(_("The command is on its way to the meter."))


# --- typed answers -----------------------------------------------------------------------------------


async def typed(
    message: Message, state: FSMContext, person: PersonDTO, restrictions: RestrictionService, i18n: I18n
) -> None:
    draft = await _draft(state)
    current = await state.get_state()
    user = message.from_user
    if draft is None or user is None:
        await state.clear()
        return
    text = message.text or ""
    meter_id = int(draft["meter_id"])
    try:
        today = await restrictions.today(meter_id)
        if current == RelayInput.amount.state:
            draft["amount"] = str(parse_amount(text))
        elif current == RelayInput.works.state:
            draft["works"] = check_day("works_start_on", parse_day(text, today), today).isoformat()
        elif current == RelayInput.text.state:
            draft["text"] = clean_text(text)
        elif current == RelayInput.notice.state:
            draft["notice"] = check_day("notice_on", parse_day(text, today), today).isoformat()
        elif current == RelayInput.control.state:
            notice = date.fromisoformat(draft["notice"])
            draft["control"] = check_day("control_on", parse_day(text, today), notice, "before_notice").isoformat()
    except InvalidInput as error:
        await message.reply(form_error(error, _), reply_markup=ForceReply(selective=True))
        return
    await restrictions.record_step(person.id, meter_id, str(current).split(":")[-1], where(message), value=text[:100])
    if current == RelayInput.notice.state:
        await _save(state, draft, RelayInput.control)
        await _ask(message, user, _("Control date: when to ask you to execute (DD.MM.YYYY):"))
    elif current == RelayInput.control.state:
        await _summary(message, draft, restrictions, person, state, i18n)
    else:
        await _save(state, draft)
        choices = [("🔔 " + _("Yes, notify"), "yes"), ("🚫 " + _("No, at once"), "no")]
        await message.answer(
            _("Notify the resident in advance?"), reply_markup=form_keyboard(draft["nonce"], FormStep.NOTIFY, choices)
        )


async def typed_not_text(message: Message) -> None:
    await message.reply(_("Please answer with text, or /cancel."), reply_markup=ForceReply(selective=True))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_relay, Command("relay"))
    router.callback_query.register(relay_start, RelayStart.filter())
    router.callback_query.register(form_pressed, RelayForm.filter())
    inputs = StateFilter(RelayInput.amount, RelayInput.works, RelayInput.text, RelayInput.notice, RelayInput.control)
    router.message.register(typed, inputs, F.text, ~F.text.startswith("/"))
    router.message.register(typed_not_text, inputs, ~F.text)
    return router
