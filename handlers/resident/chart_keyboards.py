"""The period picker under a chart: report, scale, period kind, ◀ ▶, and the days or months to drill into.

Every button carries the whole state it leads to (meter, kind, anchor day, period preference) in a few
bytes, so a press needs no server-side session, and the handler re-checks access on each one.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum

from aiogram.filters.callback_data import CallbackData
from aiogram.types import InlineKeyboardButton, InlineKeyboardMarkup
from aiogram.utils.i18n import gettext as _
from aiogram.utils.keyboard import InlineKeyboardBuilder

from handlers.i18n import N_
from handlers.keyboards import InlineKeyboard
from handlers.resident import meter_texts as texts
from handlers.resident.chart_texts import chart_labels
from services.charts import ChartFamily, ChartKind, ChartResult, ChartView, PeriodMode, Scale, kind_of

DAYS_PER_ROW = 8
MONTHS_PER_ROW = 6
SELECTED = "✓ "


class KindCode(StrEnum):
    CONSUMPTION_HOURLY = "h"
    CONSUMPTION_DAILY = "d"
    CONSUMPTION_MONTHLY = "m"
    READINGS_DAILY = "rd"
    READINGS_MONTHLY = "rm"
    NETWORK_VOLTAGE = "v"
    NETWORK_CURRENT = "i"
    NETWORK_FREQUENCY = "f"

    @property
    def kind(self) -> ChartKind:
        return ChartKind[self.name]

    @classmethod
    def of(cls, kind: ChartKind) -> KindCode:
        return cls[kind.name]


class ModeCode(StrEnum):
    ROLLING = "r"
    CALENDAR = "c"
    BILLING = "b"

    @property
    def mode(self) -> PeriodMode:
        return PeriodMode[self.name]

    @classmethod
    def of(cls, mode: PeriodMode) -> ModeCode:
        return cls[mode.name]


class ChartNav(CallbackData, prefix="cg"):
    """A chart to show: meter, kind, a day in the period (yyyymmdd; 0: today), how a month is counted."""

    mid: int
    k: KindCode
    d: int = 0
    p: ModeCode = ModeCode.ROLLING

    @property
    def anchor(self) -> date | None:
        if self.d == 0:
            return None
        try:
            return date(self.d // 10000, self.d // 100 % 100, self.d % 100)
        except ValueError:
            return None


class ChartNoop(CallbackData, prefix="cgn"):
    """A press on what is already shown."""


FAMILIES: dict[ChartFamily, str] = {
    ChartFamily.CONSUMPTION: N_("Consumption"),
    ChartFamily.READINGS: N_("Readings"),
    ChartFamily.NETWORK: N_("Network"),
}
FAMILY_ICONS = {ChartFamily.CONSUMPTION: "⚡ ", ChartFamily.READINGS: "🔢 ", ChartFamily.NETWORK: "〰 "}
SCALES: dict[Scale, str] = {Scale.DAY: N_("Day"), Scale.MONTH: N_("Month"), Scale.YEAR: N_("Year")}
NETWORK_KINDS: dict[ChartKind, str] = {
    ChartKind.NETWORK_VOLTAGE: N_("Voltage"),
    ChartKind.NETWORK_CURRENT: N_("Electric current"),
    ChartKind.NETWORK_FREQUENCY: N_("Frequency"),
}
MODES: dict[PeriodMode, str] = {
    PeriodMode.ROLLING: N_("30 days"),
    PeriodMode.CALENDAR: N_("Calendar"),
    PeriodMode.BILLING: N_("Billing"),
}


def nav(mid: int, kind: ChartKind, anchor: date | None, mode: PeriodMode) -> ChartNav:
    day = 0 if anchor is None else anchor.year * 10000 + anchor.month * 100 + anchor.day
    return ChartNav(mid=mid, k=KindCode.of(kind), d=day, p=ModeCode.of(mode))


def _button(text: str, selected: bool, target: ChartNav) -> InlineKeyboardButton:
    if selected:
        return InlineKeyboardButton(text=SELECTED + text, callback_data=ChartNoop().pack())
    return InlineKeyboardButton(text=text, callback_data=target.pack())


def chart_keyboard(result: ChartResult, preference: PeriodMode) -> InlineKeyboardMarkup:
    """The picker for ``result``; ``preference`` is how the resident likes months counted (kept across
    every press, even where it does not apply)."""
    view, mid = result.view, result.meter.meter_id
    builder = InlineKeyboard()
    builder.row(*_families(view, mid, preference))
    builder.row(*_scales(view, mid, preference))
    modes = _modes(view, mid)
    if modes:
        builder.row(*modes)
    arrows = []
    if view.previous is not None:
        arrows.append(
            InlineKeyboardButton(text="◀", callback_data=nav(mid, view.kind, view.previous, preference).pack())
        )
    if view.next is not None:
        arrows.append(InlineKeyboardButton(text="▶", callback_data=nav(mid, view.kind, view.next, preference).pack()))
    if arrows:
        builder.row(*arrows)
    _drill(builder, view, mid, preference)
    return builder.as_markup()


def _families(view: ChartView, mid: int, preference: PeriodMode) -> list[InlineKeyboardButton]:
    families = [ChartFamily.CONSUMPTION, ChartFamily.READINGS] + ([ChartFamily.NETWORK] if view.network else [])
    buttons = []
    for family in families:
        kind = kind_of(family, view.kind.scale) or kind_of(family, Scale.MONTH) or kind_of(family, Scale.DAY)
        assert kind is not None
        text = FAMILY_ICONS[family] + _(FAMILIES[family])
        buttons.append(_button(text, family is view.kind.family, nav(mid, kind, view.anchor, preference)))
    return buttons


def _scales(view: ChartView, mid: int, preference: PeriodMode) -> list[InlineKeyboardButton]:
    family = view.kind.family
    if family is ChartFamily.NETWORK:
        return [
            _button(_(name), kind is view.kind, nav(mid, kind, view.anchor, preference))
            for kind, name in NETWORK_KINDS.items()
        ]
    buttons = []
    for scale, name in SCALES.items():
        kind = kind_of(family, scale)
        if kind is not None:
            buttons.append(_button(_(name), kind is view.kind, nav(mid, kind, view.anchor, preference)))
    return buttons


def _modes(view: ChartView, mid: int) -> list[InlineKeyboardButton]:
    modes = [m for m in view.kind.periods if m is not PeriodMode.BILLING or view.billing]
    if len(modes) < 2:
        return []
    return [_button(_(MODES[mode]), mode is view.mode, nav(mid, view.kind, view.anchor, mode)) for mode in modes]


def _drill(builder: InlineKeyboardBuilder, view: ChartView, mid: int, preference: PeriodMode) -> None:
    """Consumption by day: a button per day opening its hours; by month: a button per month."""
    if view.kind is ChartKind.CONSUMPTION_DAILY:
        buttons = [
            InlineKeyboardButton(
                text=str(day.day), callback_data=nav(mid, ChartKind.CONSUMPTION_HOURLY, day, preference).pack()
            )
            for day in view.drill
        ]
        per_row = DAYS_PER_ROW
    elif view.kind is ChartKind.CONSUMPTION_MONTHLY:
        names = chart_labels(texts.locale()).months_short
        months = _month_names(view, names)
        buttons = [
            InlineKeyboardButton(
                text=name, callback_data=nav(mid, ChartKind.CONSUMPTION_DAILY, first, view.mode).pack()
            )
            for first, name in zip(view.drill, months, strict=True)
        ]
        per_row = MONTHS_PER_ROW
    else:
        return
    for start in range(0, len(buttons), per_row):
        builder.row(*buttons[start : start + per_row])


def _month_names(view: ChartView, names: tuple[str, ...]) -> list[str]:
    """A billing period is named after the month it ends in (its first day is in the month before)."""
    if view.mode is PeriodMode.BILLING:
        return [names[first.month % 12] for first in view.drill]
    return [names[first.month - 1] for first in view.drill]
