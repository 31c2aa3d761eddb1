"""/bindings: the resident's meters and requests grouped by plot and account, with rename and unbind.

Other sections reach it with a ``ManageBinding`` button: ``action="list"`` opens the list,
``"rename"`` / ``"unbind"`` with a ``binding_id`` act on one binding (the server re-checks it is the
resident's own, so a forged button changes nothing).
"""

from __future__ import annotations

from typing import Literal

from aiogram import F, Router, html
from aiogram.filters import Command, StateFilter
from aiogram.filters.callback_data import CallbackData
from aiogram.fsm.context import FSMContext
from aiogram.fsm.state import State, StatesGroup
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import gettext as _

from handlers.filters import PRIVATE
from handlers.keyboards import InlineKeyboard, cancel_keyboard, main_menu
from handlers.resident import texts
from handlers.resident.binding import BindStart
from handlers.resident.registration import require_registration
from services.bindings import BindingDTO, BindingService, PlotBindings
from services.enums import BindingStatus
from services.errors import InvalidInput, NotFound
from services.people import PersonDTO
from services.profile import ProfileService

RENAME_KEY = "rename_binding"


class ManageBinding(CallbackData, prefix="bmg"):
    action: Literal["list", "rename", "unbind", "confirm", "keep"]
    binding_id: int = 0


class RenameForm(StatesGroup):
    label = State()


def meter_title(binding: BindingDTO) -> str:
    number = _("No. {serial}").format(serial=html.quote(binding.meter.serial))
    return f"«{html.quote(binding.label)}», {number}" if binding.label else number


def status_text(binding: BindingDTO) -> str:
    if binding.status is BindingStatus.PENDING:
        return "⏳ " + _("waiting for the chairman")
    return "✅ " + _("bound")


def group_title(group: PlotBindings, many_sites: bool) -> str:
    plot = _("Plot {plot}").format(plot=html.quote(group.plot_number)) if group.plot_number else _("No plot")
    parts = [f"<b>{plot}</b>"]
    if group.account_number:
        parts.append(_("account {account}").format(account=html.quote(group.account_number)))
    if many_sites:
        parts.append(html.quote(group.site_name))
    return " · ".join(parts)


def list_text(groups: list[PlotBindings]) -> str:
    if not groups:
        return _("You have no bound meters yet. Bind one by its serial number or with an activation code.")
    many_sites = len({group.site_name for group in groups}) > 1
    blocks = ["<b>" + _("Your meters and requests") + "</b>"]
    for group in groups:
        lines = [group_title(group, many_sites)]
        for binding in group.bindings:
            model = f", {html.quote(binding.meter.model)}" if binding.meter.model else ""
            lines.append(f"• {meter_title(binding)}{model}: {status_text(binding)}")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def list_keyboard(groups: list[PlotBindings]) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    sizes: list[int] = []
    for group in groups:
        for binding in group.bindings:
            name = binding.label or binding.meter.serial
            builder.button(text="✏️ " + name, callback_data=ManageBinding(action="rename", binding_id=binding.id))
            remove = _("Withdraw") if binding.status is BindingStatus.PENDING else _("Unbind")
            builder.button(text="✖️ " + remove, callback_data=ManageBinding(action="unbind", binding_id=binding.id))
            sizes.append(2)
    builder.button(text="➕ " + _("Bind a meter"), callback_data=BindStart())
    builder.adjust(*sizes, 1)
    return builder.as_markup()


async def send_list(message: Message, person: PersonDTO, bindings: BindingService, *, edit: bool = False) -> None:
    groups = await bindings.my_bindings(person.id)
    if edit:
        await message.edit_text(list_text(groups), reply_markup=list_keyboard(groups))
    else:
        await message.answer(list_text(groups), reply_markup=list_keyboard(groups))


async def cmd_bindings(
    message: Message, state: FSMContext, person: PersonDTO, profiles: ProfileService, bindings: BindingService
) -> None:
    await state.clear()
    if await require_registration(message, state, person, profiles):
        await send_list(message, person, bindings)


async def pressed(
    query: CallbackQuery,
    callback_data: ManageBinding,
    state: FSMContext,
    person: PersonDTO,
    bindings: BindingService,
) -> None:
    message = query.message
    if not isinstance(message, Message):
        await query.answer()
        return
    if callback_data.action == "list":
        await query.answer()
        await send_list(message, person, bindings)
        return
    try:
        binding = await bindings.get_binding(callback_data.binding_id, person.id)
    except NotFound:
        await query.answer(_("This meter is no longer in your list."), show_alert=True)
        return
    await query.answer()
    if callback_data.action == "rename":
        await state.set_state(RenameForm.label)
        await state.update_data({RENAME_KEY: binding.id})
        await message.answer(
            _("Enter a new name for meter {meter} (up to 32 characters), for example “Main” or “Bathhouse”.").format(
                meter=meter_title(binding)
            ),
            reply_markup=cancel_keyboard(),
        )
    elif callback_data.action == "unbind":
        await message.answer(confirm_text(binding), reply_markup=confirm_keyboard(binding.id))
    elif callback_data.action == "confirm":
        await bindings.unbind(binding.id, person.id)
        done = _("Meter {meter} is unbound.") if binding.status is BindingStatus.ACTIVE else _("Request withdrawn.")
        groups = await bindings.my_bindings(person.id)
        await message.edit_text(
            done.format(meter=meter_title(binding)) + "\n\n" + list_text(groups), reply_markup=list_keyboard(groups)
        )
    else:
        await send_list(message, person, bindings, edit=True)


def confirm_text(binding: BindingDTO) -> str:
    if binding.status is BindingStatus.PENDING:
        return _("Withdraw the request to bind meter {meter}?").format(meter=meter_title(binding))
    return _(
        "Unbind meter {meter}? You will no longer see its readings and charts; to bind it again you will need a "
        "new request."
    ).format(meter=meter_title(binding))


def confirm_keyboard(binding_id: int) -> InlineKeyboardMarkup:
    builder = InlineKeyboard()
    builder.button(text=_("Yes"), callback_data=ManageBinding(action="confirm", binding_id=binding_id))
    builder.button(text=_("No"), callback_data=ManageBinding(action="keep", binding_id=binding_id))
    return builder.as_markup()


async def new_label(message: Message, state: FSMContext, person: PersonDTO, bindings: BindingService) -> None:
    binding_id = int((await state.get_data()).get(RENAME_KEY) or 0)
    try:
        binding = await bindings.rename(binding_id, person.id, message.text or "")
    except InvalidInput as error:
        await message.answer(texts.input_error(error), reply_markup=cancel_keyboard())
        return
    except NotFound:
        await state.clear()
        await message.answer(_("This meter is no longer in your list."), reply_markup=main_menu())
        return
    await state.clear()
    await message.answer(_("Renamed: {meter}.").format(meter=meter_title(binding)), reply_markup=main_menu())
    await send_list(message, person, bindings)


async def not_text(message: Message) -> None:
    await message.answer(_("Please answer with text, or send /cancel to stop."))


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.filter(PRIVATE)
    router.callback_query.filter(PRIVATE)
    router.message.register(cmd_bindings, Command("bindings"))
    router.message.register(new_label, StateFilter(RenameForm.label), F.text)
    router.message.register(not_text, StateFilter(RenameForm.label))
    router.callback_query.register(pressed, ManageBinding.filter())
    return router
