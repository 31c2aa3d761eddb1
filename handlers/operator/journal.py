"""/journal [plot]: the journal of restriction operations (ведомость операций ограничения) in the chat, a
page at a time, for the site of the operators' chat (or the staff member's site in private), over the
last twelve months. The CSV export is the admin web's (``RestrictionService.journal_csv``)."""

from __future__ import annotations

from aiogram import Router, html
from aiogram.enums import ChatType
from aiogram.filters import Command, CommandObject
from aiogram.types import CallbackQuery, InlineKeyboardMarkup, Message
from aiogram.utils.i18n import I18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.formatting import format_date, format_dt
from handlers.operator.restriction_callbacks import JournalPage
from handlers.operator.restriction_texts import REASONS, STATES, money
from services.enums import RelayAction
from services.pagination import Page
from services.people import PersonDTO
from services.restriction_model import Completion, JournalRow
from services.restrictions import RestrictionService

PAGE_SIZE = 5
COMPLETION = {
    Completion.PENDING: "⏳",
    Completion.IN_FORCE: "⛔",
    Completion.LIFTED: "🔌",
    Completion.RESTORED: "🔌",
    Completion.NOT_EXECUTED: "✖️",
}


def refusal() -> str:
    return _("Sorry, the journal is for the board and the dispatchers of this site.")


def completion_text(row: JournalRow, language: str) -> str:
    if row.completion is Completion.IN_FORCE:
        return _("in force")
    if row.completion is Completion.LIFTED and row.lifted_on is not None:
        return _("lifted on {day}").format(day=format_date(row.lifted_on, language))
    if row.completion is Completion.RESTORED:
        return _("power restored")
    if row.completion is Completion.NOT_EXECUTED:
        return _("not executed")
    return _("in progress")


def row_text(row: JournalRow, timezone: str, language: str) -> str:
    head = _("No. {id}").format(id=row.restriction_id)
    if row.plot_number:
        head += " · " + _("plot {plot}").format(plot=html.quote(row.plot_number))
    head += " · " + _("meter {serial}").format(serial=html.quote(row.serial))
    action = "⛔ " + _("off") if row.action is RelayAction.OFF else "🔌 " + _("on")
    what = action + " · " + _(REASONS[row.reason])
    if row.debt_amount is not None:
        what += " " + money(row.debt_amount, language)
    dates = []
    if row.notice_on:
        dates.append(_("notice {day}").format(day=format_date(row.notice_on, language)))
    if row.control_on:
        dates.append(_("control {day}").format(day=format_date(row.control_on, language)))
    if row.executed_at:
        dates.append(_("actual {when}").format(when=format_dt(row.executed_at, timezone, language)))
    outcome = f"{_(STATES[row.state])} · {COMPLETION[row.completion]} {completion_text(row, language)}"
    if row.operator_name:
        outcome += " · " + html.quote(row.operator_name)
    return "\n".join(line for line in (f"<b>{head}</b>", what, " · ".join(dates), outcome) if line)


def page_text(page: Page[JournalRow], site: str, plot: str, period: str, timezone: str, language: str) -> str:
    where = html.quote(site) + (", " + _("plot {plot}").format(plot=html.quote(plot)) if plot else "")
    rows = ["📒 <b>" + _("Journal of restriction operations") + "</b>", where]
    rows.append(
        _("{period} · operations: {count} · page {page} of {pages}").format(
            period=period, count=page.total, page=page.page + 1, pages=page.pages
        )
    )
    if not page.items:
        rows.append("\n" + _("No operations in this period."))
    rows += ["\n" + row_text(row, timezone, language) for row in page.items]
    return "\n".join(rows)


def pager(page: Page[JournalRow], site_id: int, plot_id: int) -> InlineKeyboardMarkup | None:
    builder = InlineKeyboardBuilder()
    if page.has_previous:
        builder.button(text="◀️", callback_data=JournalPage(site=site_id, plot=plot_id, page=page.page - 1))
    if page.has_next:
        builder.button(text="▶️", callback_data=JournalPage(site=site_id, plot=plot_id, page=page.page + 1))
    return builder.as_markup() if page.has_previous or page.has_next else None


async def render(
    restrictions: RestrictionService, site_id: int, site_name: str, plot_id: int, page_no: int, language: str
) -> tuple[str, InlineKeyboardMarkup | None]:
    period = await restrictions.journal_period(site_id)
    page = await restrictions.journal_page(site_id, plot_id or None, period, page_no, PAGE_SIZE)
    plot = page.items[0].plot_number if plot_id and page.items else ""
    span = f"{format_date(period[0], language)} – {format_date(period[1], language)}"
    timezone = (await restrictions.site_timezone(site_id)) or "UTC"
    return page_text(page, site_name, plot, span, timezone, language), pager(page, site_id, plot_id)


async def cmd_journal(
    message: Message, command: CommandObject, person: PersonDTO, restrictions: RestrictionService, i18n: I18n
) -> None:
    sites = dict(await restrictions.journal_sites(person.id))
    if not sites:
        await message.reply(refusal())
        return
    site_ids = list(sites)
    if message.chat.type != ChatType.PRIVATE:
        here = await restrictions.site_of_chat(message.chat.id)
        site_ids = [here] if here in sites else []
    if not site_ids:
        await message.reply(refusal())
        return
    number = (command.args or "").strip()
    if len(site_ids) > 1:
        builder = InlineKeyboardBuilder()
        for site_id in site_ids:
            plot_id = (await restrictions.plot_id(site_id, number) or 0) if number else 0
            builder.button(text=sites[site_id], callback_data=JournalPage(site=site_id, plot=plot_id))
        builder.adjust(1)
        await message.reply(_("Which site?"), reply_markup=builder.as_markup())
        return
    site_id = site_ids[0]
    plot_id = 0
    if number:
        found = await restrictions.plot_id(site_id, number)
        if found is None:
            await message.reply(_("No plot {plot} at this site.").format(plot=html.quote(number)))
            return
        plot_id = found
    text, keyboard = await render(restrictions, site_id, sites[site_id], plot_id, 0, i18n.current_locale)
    await message.answer(text, reply_markup=keyboard)


async def page_pressed(
    query: CallbackQuery, callback_data: JournalPage, person: PersonDTO, restrictions: RestrictionService, i18n: I18n
) -> None:
    sites = dict(await restrictions.journal_sites(person.id))
    if callback_data.site not in sites or not isinstance(query.message, Message):
        await query.answer(refusal(), show_alert=True)
        return
    await query.answer()
    text, keyboard = await render(
        restrictions,
        callback_data.site,
        sites[callback_data.site],
        callback_data.plot,
        callback_data.page,
        i18n.current_locale,
    )
    await query.message.edit_text(text, reply_markup=keyboard)


def build_router() -> Router:
    router = Router(name=__name__)
    router.message.register(cmd_journal, Command("journal"))
    router.callback_query.register(page_pressed, JournalPage.filter())
    return router
