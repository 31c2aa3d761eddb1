"""/subscriptions in a private chat: a staff member's alert subscriptions — the list, a new one, delete.

A new subscription is one form message edited in place as the buttons are pressed: meter kinds, event
classes and severities (toggles), the channel, and quiet hours (a preset, or typed as 22:00-07:00).
The choices live in the FSM until "Save"; the service checks the role and the values.
"""

from __future__ import annotations

from typing import Any, Literal

from aiogram import F, Router, html
from aiogram.exceptions import TelegramBadRequest
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.filters import PRIVATE
from handlers.i18n import N_
from handlers.operator.alert_texts import CLASSES, MARKS, METER_KINDS, SEVERITIES
from services.alert_routing import SubscriptionChannel
from services.alert_subscriptions import SubscriptionDTO, SubscriptionInput, SubscriptionService, parse_quiet_hours
from services.enums import EventClass, MeterKind, Severity
from services.errors import InvalidInput, NotFound, PermissionDenied
from services.people import PersonDTO

FORM_KEY = "subscription_form"
CHANNELS: dict[SubscriptionChannel, str] = {
    SubscriptionChannel.TELEGRAM: N_("Private chat"),
    SubscriptionChannel.GROUP: N_("Operators' chat"),
    SubscriptionChannel.EMAIL: N_("E-mail"),
}
QUIET_PRESETS: dict[str, tuple[int, int] | None] = {"off": None, "22-07": (22 * 60, 7 * 60), "23-08": (23 * 60, 8 * 60)}
DEFAULT_SEVERITIES = (Severity.WARNING.value, Severity.ALARM.value)
TOGGLES: dict[str, frozenset[str]] = {
    "k": frozenset(MeterKind),
    "c": frozenset(EventClass),
    "s": frozenset(Severity),
}
"""What each toggle row may hold (a forged value is ignored)."""


class SubscriptionForm(StatesGroup):
    editing = State()
    quiet = State()


class SubDo(CallbackData, prefix="sbd"):
    """List actions: ``new`` subscription, ``del`` one (its id), ``save`` or ``drop`` the form."""

    act: Literal["new", "del", "save", "drop"]
    sub_id: int = 0


class SubSite(CallbackData, prefix="sbs"):
    site_id: int


class SubSet(CallbackData, prefix="sbt"):
    """A press on the form: toggle a kind (``k``), class (``c``) or severity (``s``), pick the channel
    (``ch``) or the quiet hours (``q``: a preset, or ``other`` to type them)."""

    field: Literal["k", "c", "s", "ch", "q"]
    value: str


# --- texts ----------------------------------------------------------------------------------------


def hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def quiet_text(start: int | None, end: int | None) -> str:
    if start is None or end is None:
        return _("none")
    return f"{hhmm(start)}–{hhmm(end)}"


def subscription_text(sub: SubscriptionDTO) -> str:
    return "\n".join(
        [
            "<b>" + _("No. {id}").format(id=sub.id) + "</b> · " + html.quote(sub.site_name),
            _("Meters: {kinds}").format(kinds=", ".join(_(METER_KINDS[k]) for k in sub.meter_kinds)),
            _("Classes: {classes}").format(classes=", ".join(_(CLASSES[c]) for c in sub.event_classes)),
            _("Severities: {severities}").format(
                severities=", ".join(f"{MARKS[s]} {_(SEVERITIES[s])}" for s in sub.severities)
            ),
            _("Channel: {channel}").format(channel=_(CHANNELS[sub.channel])),
            _("Quiet hours: {hours}").format(hours=quiet_text(sub.quiet_from_min, sub.quiet_to_min)),
        ]
    )


def list_text(subs: list[SubscriptionDTO]) -> str:
    head = "<b>" + _("Alert subscriptions") + "</b>"
    if not subs:
        return head + "\n\n" + _("You have no subscriptions. Alerts of your sites go to the operators' chat.")
    return head + "\n\n" + "\n\n".join(subscription_text(sub) for sub in subs)


def list_keyboard(subs: list[SubscriptionDTO]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    builder.button(text="➕ " + _("New subscription"), callback_data=SubDo(act="new"))
    for sub in subs:
        builder.button(
            text="🗑 " + _("Delete No. {id}").format(id=sub.id), callback_data=SubDo(act="del", sub_id=sub.id)
        )
    builder.adjust(1)
    return builder.as_markup()


def form_text(form: dict[str, Any]) -> str:
    quiet = form.get("q")
    return "\n".join(
        [
            "<b>" + _("New subscription") + "</b> · " + html.quote(str(form["site_name"])),
            _(
                "Choose the meter kinds, event classes and severities (at least one of each), the channel and "
                "quiet hours. During quiet hours information alerts wait for a digest; alarms always come at once."
            ),
            "",
            _("Quiet hours: {hours}").format(hours=quiet_text(*quiet) if quiet else _("none")),
        ]
    )


def _mark(on: bool) -> str:
    return "✅ " if on else "▫️ "


def form_keyboard(form: dict[str, Any]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    sizes: list[int] = []
    for kind in MeterKind:
        builder.button(
            text=_mark(kind.value in form["k"]) + _(METER_KINDS[kind]),
            callback_data=SubSet(field="k", value=kind.value),
        )
    sizes.append(len(MeterKind))
    for event_class in EventClass:
        builder.button(
            text=_mark(event_class.value in form["c"]) + _(CLASSES[event_class]),
            callback_data=SubSet(field="c", value=event_class.value),
        )
    sizes += [2, 2]
    for severity in Severity:
        builder.button(
            text=_mark(severity.value in form["s"]) + MARKS[severity] + " " + _(SEVERITIES[severity]),
            callback_data=SubSet(field="s", value=severity.value),
        )
    sizes.append(len(Severity))
    for channel, name in CHANNELS.items():
        chosen = "🔘 " if form["ch"] == channel.value else "⚪ "
        builder.button(text=chosen + _(name), callback_data=SubSet(field="ch", value=channel.value))
    sizes.append(len(CHANNELS))
    quiet = tuple(form["q"]) if form.get("q") else None
    for key, preset in QUIET_PRESETS.items():
        chosen = "🔘 " if quiet == preset else "⚪ "
        label = _("No quiet hours") if preset is None else f"🌙 {hhmm(preset[0])}–{hhmm(preset[1])}"
        builder.button(text=chosen + label, callback_data=SubSet(field="q", value=key))
    builder.button(text="✏️ " + _("Other hours…"), callback_data=SubSet(field="q", value="other"))
    sizes += [2, 2]
    builder.button(text="💾 " + _("Save"), callback_data=SubDo(act="save"))
    builder.button(text="✖️ " + _("Cancel"), callback_data=SubDo(act="drop"))
    sizes.append(2)
    builder.adjust(*sizes)
    return builder.as_markup()


def input_error(error: InvalidInput) -> str:
    if error.field in {"meter_kinds", "event_classes", "severities"}:
        return _("Choose at least one meter kind, one event class and one severity.")
    if error.field == "quiet_hours":
        return _("Write the quiet hours as start and end, like 22:00-07:00 (they must differ).")
    if error.field == "email":
        return _("You have no e-mail address: add one in your profile, or choose another channel.")
    if error.field == "subscriptions":
        return _("You have too many subscriptions: delete one first.")
    return _("This subscription cannot be saved.")


# --- handlers -------------------------------------------------------------------------------------


def origin(user_id: int) -> str:
    return f"telegram:chat:{user_id}:user:{user_id}"


async def show_list(message: Message, person: PersonDTO, subscriptions: SubscriptionService, state: FSMContext) -> None:
    await state.clear()
    if not await subscriptions.sites(person.id):
        await message.answer(_("Subscriptions to alerts are for the staff of a site."))
        return
    subs = await subscriptions.list_for(person.id)
    await message.answer(list_text(subs), reply_markup=list_keyboard(subs))


async def _edit(query: CallbackQuery, text: str, markup: InlineKeyboardMarkup | None) -> None:
    if isinstance(query.message, Message):
        try:
            await query.message.edit_text(text, reply_markup=markup)
        except TelegramBadRequest as error:
            if "not modified" not in error.message:
                raise


async def start_new(
    query: CallbackQuery, person: PersonDTO, subscriptions: SubscriptionService, state: FSMContext
) -> None:
    sites = await subscriptions.sites(person.id)
    if not sites:
        await query.answer(_("Subscriptions to alerts are for the staff of a site."), show_alert=True)
        return
    await query.answer()
    if len(sites) == 1:
        await _open_form(query, state, *sites[0])
        return
    builder = InlineKeyboardBuilder()
    for site_id, name in sites:
        builder.button(text=name, callback_data=SubSite(site_id=site_id))
    builder.adjust(1)
    await _edit(query, _("Which site?"), builder.as_markup())


async def site_chosen(
    query: CallbackQuery,
    callback_data: SubSite,
    person: PersonDTO,
    subscriptions: SubscriptionService,
    state: FSMContext,
) -> None:
    names = dict(await subscriptions.sites(person.id))
    if callback_data.site_id not in names:
        await query.answer(_("Subscriptions to alerts are for the staff of a site."), show_alert=True)
        return
    await query.answer()
    await _open_form(query, state, callback_data.site_id, names[callback_data.site_id])


async def _open_form(query: CallbackQuery, state: FSMContext, site_id: int, site_name: str) -> None:
    form: dict[str, Any] = {
        "site": site_id,
        "site_name": site_name,
        "k": [k.value for k in MeterKind],
        "c": [c.value for c in EventClass],
        "s": list(DEFAULT_SEVERITIES),
        "ch": SubscriptionChannel.TELEGRAM.value,
        "q": None,
    }
    await state.set_state(SubscriptionForm.editing)
    await state.update_data({FORM_KEY: form})
    await _edit(query, form_text(form), form_keyboard(form))


async def form_pressed(query: CallbackQuery, callback_data: SubSet, state: FSMContext) -> None:
    form = (await state.get_data()).get(FORM_KEY)
    if not isinstance(form, dict):
        await query.answer(_("This form is closed. Send /subscriptions again."), show_alert=True)
        return
    field, value = callback_data.field, callback_data.value
    if value in TOGGLES.get(field, ()):
        chosen = set(form[field])
        chosen ^= {value}
        form[field] = sorted(chosen)
    elif field == "ch" and value in set(SubscriptionChannel):
        form["ch"] = value
    elif field == "q" and value == "other":
        await state.set_state(SubscriptionForm.quiet)
        await query.answer()
        if query.bot is not None:
            await query.bot.send_message(query.from_user.id, _("Send the quiet hours like 22:00-07:00, or /cancel."))
        return
    elif field == "q" and value in QUIET_PRESETS:
        preset = QUIET_PRESETS[value]
        form["q"] = list(preset) if preset else None
    await state.update_data({FORM_KEY: form})
    await query.answer()
    await _edit(query, form_text(form), form_keyboard(form))


async def quiet_typed(message: Message, state: FSMContext) -> None:
    form = (await state.get_data()).get(FORM_KEY)
    if not isinstance(form, dict):
        await state.clear()
        return
    try:
        start, end = parse_quiet_hours(message.text or "")
    except InvalidInput as error:
        await message.answer(input_error(error))
        return
    form["q"] = [start, end]
    await state.set_state(SubscriptionForm.editing)
    await state.update_data({FORM_KEY: form})
    await message.answer(form_text(form), reply_markup=form_keyboard(form))


def _input(form: dict[str, Any]) -> SubscriptionInput:
    quiet = form.get("q") or (None, None)
    return SubscriptionInput(
        site_id=int(form["site"]),
        meter_kinds=frozenset(MeterKind(v) for v in form["k"]),
        event_classes=frozenset(EventClass(v) for v in form["c"]),
        severities=frozenset(Severity(v) for v in form["s"]),
        channel=SubscriptionChannel(form["ch"]),
        quiet_from_min=quiet[0],
        quiet_to_min=quiet[1],
    )


async def save(query: CallbackQuery, person: PersonDTO, subscriptions: SubscriptionService, state: FSMContext) -> None:
    form = (await state.get_data()).get(FORM_KEY)
    if not isinstance(form, dict):
        await query.answer(_("This form is closed. Send /subscriptions again."), show_alert=True)
        return
    try:
        await subscriptions.add(person.id, _input(form), origin(query.from_user.id))
    except InvalidInput as error:
        await query.answer(input_error(error), show_alert=True)
        return
    except PermissionDenied:
        await query.answer(
            _("Only the chairman, a dispatcher or an admin of the site may send alerts to the operators' chat."),
            show_alert=True,
        )
        return
    await state.clear()
    await query.answer(_("Subscription saved."))
    subs = await subscriptions.list_for(person.id)
    await _edit(query, list_text(subs), list_keyboard(subs))


async def drop(query: CallbackQuery, person: PersonDTO, subscriptions: SubscriptionService, state: FSMContext) -> None:
    await state.clear()
    await query.answer()
    subs = await subscriptions.list_for(person.id)
    await _edit(query, list_text(subs), list_keyboard(subs))


async def delete(
    query: CallbackQuery, callback_data: SubDo, person: PersonDTO, subscriptions: SubscriptionService
) -> None:
    try:
        await subscriptions.delete(person.id, callback_data.sub_id, origin(query.from_user.id))
    except NotFound:
        await query.answer(_("This subscription no longer exists."), show_alert=True)
    else:
        await query.answer(_("Subscription deleted."))
    subs = await subscriptions.list_for(person.id)
    await _edit(query, list_text(subs), list_keyboard(subs))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(show_list, Command("subscriptions"))
    router.message.register(quiet_typed, StateFilter(SubscriptionForm.quiet), F.text)
    router.callback_query.register(start_new, SubDo.filter(F.act == "new"))
    router.callback_query.register(delete, SubDo.filter(F.act == "del"))
    router.callback_query.register(save, SubDo.filter(F.act == "save"))
    router.callback_query.register(drop, SubDo.filter(F.act == "drop"))
    router.callback_query.register(site_chosen, SubSite.filter())
    router.callback_query.register(form_pressed, SubSet.filter())
    return router
