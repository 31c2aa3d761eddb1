"""Texts and keyboards of the announcements dialog and list (in the language of the current update)."""

from __future__ import annotations

from aiogram import html
from aiogram.types import InlineKeyboardMarkup
from aiogram.utils.i18n import get_i18n
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.formatting import format_date, format_dt
from handlers.i18n import N_
from handlers.operator.announcement_callbacks import AnnManage, AnnSite, AnnStep, Manage, Step
from handlers.resident.announcement_texts import plot_list
from services.announcement_model import CAPTION_TEXT_MAX, TEXT_MAX
from services.announcements import AnnouncementDTO, AnnouncementItem, DeliveryStats, SiteChoice, UnknownPlots
from services.enums import AnnouncementState
from services.errors import InvalidInput

_INPUT: dict[tuple[str, str], str] = {
    ("text", "empty"): N_("The announcement needs some text."),
    ("works_until", "format"): N_("Please type the date as dd.mm.yyyy, for example 30.11.2026."),
    ("works_until", "invalid_date"): N_("There is no such date. Please check the day and the month."),
    ("works_until", "past"): N_("This date has already passed. Please type today's date or a later one."),
    ("plots", "empty"): N_("Please type the plot numbers, for example: 1, 5, 12-15."),
    ("plots", "format"): N_("Please type plot numbers separated by commas, and ranges with a dash: 1, 5, 12-15."),
    ("plots", "range"): N_("A range goes from the smaller number to the larger one, for example 12-15."),
    ("plots", "range_too_large"): N_("That range is too large. Please check the numbers."),
    ("plots", "unknown"): N_("Some of these plots are not in the site. Please check the numbers."),
    ("photo", "too_long"): N_("This photo cannot be used. Please send another one."),
}


def locale() -> str:
    return get_i18n().current_locale


def input_error(error: InvalidInput) -> str:
    if isinstance(error, UnknownPlots):
        numbers = ", ".join(html.quote(number) for number in error.numbers[:20])
        return _("The site has no plots {numbers}. Please check the numbers.").format(numbers=numbers)
    if (error.field, error.reason) == ("text", "too_long"):
        return _("The text is too long: at most {limit} characters, or {caption} with a photo.").format(
            limit=TEXT_MAX, caption=CAPTION_TEXT_MAX
        )
    message = _INPUT.get((error.field, error.reason))
    return _(message) if message else _("Please check what you typed.")


def refused() -> str:
    return _("Sorry, only the chairman, a dispatcher or an admin of a site can publish announcements.")


def gone() -> str:
    return _("This announcement no longer exists.")


# --- the dialog -----------------------------------------------------------------------------------


def site_prompt(sites: list[SiteChoice]) -> tuple[str, InlineKeyboardMarkup]:
    builder = InlineKeyboardBuilder()
    for site in sites:
        builder.button(text=site.name, callback_data=AnnSite(site_id=site.id))
    builder.adjust(1)
    return _("Which site is the announcement for?"), builder.as_markup()


def text_prompt(site_name: str, current: str | None) -> tuple[str, InlineKeyboardMarkup | None]:
    lines = [
        "📢 " + _("New announcement for {site}").format(site=html.quote(site_name))
        if current is None
        else "✏️ " + _("Editing the announcement for {site}").format(site=html.quote(site_name)),
        _("Write the text of the announcement (at most {limit} characters). You can send a photo with the text as "
          "its caption.").format(limit=TEXT_MAX),
    ]  # fmt: skip
    if current is None:
        return "\n".join(lines), None
    return "\n".join(lines), _keyboard((_("Keep the current text"), Step.KEEP_TEXT))


def photo_prompt(has_photo: bool) -> tuple[str, InlineKeyboardMarkup]:
    text = _("Send a photo for the announcement, or continue without one.")
    buttons = [(_("Without a photo"), Step.NO_PHOTO)]
    if has_photo:
        buttons.insert(0, (_("Keep the photo"), Step.KEEP_PHOTO))
    return text, _keyboard(*buttons)


def date_prompt(current: str | None) -> tuple[str, InlineKeyboardMarkup]:
    text = _(
        "If the announcement is about works, type the date they end, as dd.mm.yyyy (for example 30.11.2026). "
        "Otherwise press “No end date”."
    )
    buttons = [(_("No end date"), Step.NO_DATE)]
    if current:
        buttons.insert(0, (_("Keep {date}").format(date=current), Step.KEEP_DATE))
    return text, _keyboard(*buttons)


def recipients_prompt() -> tuple[str, InlineKeyboardMarkup]:
    return _("Who should get it?"), _keyboard(
        (_("All residents of the site"), Step.ALL), (_("Residents of chosen plots"), Step.PLOTS)
    )


def plots_prompt() -> str:
    return _("Type the plot numbers: separated by commas, ranges with a dash, for example 1, 5, 12-15.")


def preview_controls(announcement: AnnouncementDTO, recipients: int) -> tuple[str, InlineKeyboardMarkup]:
    lines = ["👆 " + _("This is how residents will see the announcement."), audience_line(announcement)]
    lines.append(_("Recipients now: {n}.").format(n=recipients))
    if recipients == 0:
        lines.append(_("Nobody would get it: no resident has a meter bound there yet."))
    markup = _keyboard((_("Publish"), Step.PUBLISH), (_("Save as a draft"), Step.SAVE), (_("Cancel"), Step.CANCEL))
    return "\n".join(lines), markup


def audience_line(announcement: AnnouncementDTO) -> str:
    if announcement.plots is None:
        return _("For all residents of {site}.").format(site=html.quote(announcement.site_name))
    return _("For residents of plots {plots}.").format(plots=html.quote(plot_list(announcement)))


def _keyboard(*buttons: tuple[str, Step]) -> InlineKeyboardMarkup:
    builder = InlineKeyboardBuilder()
    for text, act in buttons:
        builder.button(text=text, callback_data=AnnStep(act=act))
    builder.adjust(1)
    return builder.as_markup()


# --- the list -------------------------------------------------------------------------------------


def stats_line(stats: DeliveryStats) -> str:
    return _("Sent: {sent} · by e-mail: {email} · failed: {failed} · waiting: {pending}").format(
        sent=stats.telegram, email=stats.email, failed=stats.failed, pending=stats.pending
    )


def state_line(announcement: AnnouncementDTO) -> str:
    if announcement.state is AnnouncementState.DRAFT:
        return "📝 " + _("Draft")
    if announcement.state is AnnouncementState.WITHDRAWN:
        moment = announcement.withdrawn_at
        when = format_dt(moment, announcement.timezone, locale()) if moment else ""
        return "🚫 " + _("Withdrawn {time}").format(time=when)
    moment = announcement.published_at
    when = format_dt(moment, announcement.timezone, locale()) if moment else ""
    return "📢 " + _("Published {time}").format(time=when)


def short(text: str, limit: int = 40) -> str:
    line = " ".join(text.split())
    return line if len(line) <= limit else line[: limit - 1] + "…"


def list_view(items: list[AnnouncementItem]) -> tuple[str, InlineKeyboardMarkup | None]:
    if not items:
        return _("There are no drafts or published announcements yet. Send /announce to write one."), None
    lines = ["<b>" + _("Announcements") + "</b>"]
    builder = InlineKeyboardBuilder()
    for item in items:
        dto = item.announcement
        lines += ["", f"<b>№ {dto.id}</b> · {html.quote(dto.site_name)} · {state_line(dto)}"]
        lines.append(html.quote(short(dto.text, 80)))
        if dto.works_until is not None:
            lines.append(_("Works until {date}").format(date=format_date(dto.works_until, locale())))
        if dto.state is AnnouncementState.PUBLISHED:
            lines.append(stats_line(item.stats))
        mark = "📝" if dto.state is AnnouncementState.DRAFT else "📢"
        builder.button(
            text=f"{mark} № {dto.id} {short(dto.text, 24)}", callback_data=AnnManage(act=Manage.OPEN, ann_id=dto.id)
        )
    builder.adjust(1)
    lines += ["", _("/announce: write a new announcement")]
    return "\n".join(lines), builder.as_markup()


def item_view(item: AnnouncementItem, rendered: str) -> tuple[str, InlineKeyboardMarkup]:
    dto = item.announcement
    lines = [rendered, "", "—", state_line(dto), audience_line(dto)]
    if dto.author_name:
        lines.append(_("Author: {name}").format(name=html.quote(dto.author_name)))
    if dto.photo_file_id:
        lines.append("🖼 " + _("With a photo"))
    builder = InlineKeyboardBuilder()
    if dto.state is AnnouncementState.DRAFT:
        builder.button(text="📢 " + _("Publish"), callback_data=AnnManage(act=Manage.PUBLISH, ann_id=dto.id))
        builder.button(text="✏️ " + _("Edit"), callback_data=AnnManage(act=Manage.EDIT, ann_id=dto.id))
        builder.button(text="🗑 " + _("Delete the draft"), callback_data=AnnManage(act=Manage.WITHDRAW, ann_id=dto.id))
    elif dto.state is AnnouncementState.PUBLISHED:
        lines.append(stats_line(item.stats))
        builder.button(text="🔄 " + _("Refresh"), callback_data=AnnManage(act=Manage.OPEN, ann_id=dto.id))
        withdraw = AnnManage(act=Manage.WITHDRAW, ann_id=dto.id)
        builder.button(text="🚫 " + _("Withdraw the announcement"), callback_data=withdraw)
    builder.button(text="« " + _("All announcements"), callback_data=AnnManage(act=Manage.LIST))
    builder.adjust(1)
    return "\n".join(lines), builder.as_markup()


def withdraw_question(dto: AnnouncementDTO) -> tuple[str, InlineKeyboardMarkup]:
    if dto.state is AnnouncementState.DRAFT:
        text = _("Delete draft № {id}? It has not been sent to anyone.").format(id=dto.id)
        yes = _("Yes, delete it")
    else:
        text = _(
            "Withdraw announcement № {id}? Residents will no longer see it among current announcements, and the "
            "messages not delivered yet will not be sent. Messages already delivered stay in residents' chats."
        ).format(id=dto.id)
        yes = _("Yes, withdraw it")
    builder = InlineKeyboardBuilder()
    builder.button(text=yes, callback_data=AnnManage(act=Manage.WITHDRAW_CONFIRMED, ann_id=dto.id))
    builder.button(text=_("No, go back"), callback_data=AnnManage(act=Manage.OPEN, ann_id=dto.id))
    builder.adjust(1)
    return text, builder.as_markup()
