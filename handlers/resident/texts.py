"""Domain errors of registration, profile and binding as the resident reads them (in the current locale)."""

from __future__ import annotations

import math

from aiogram import html
from aiogram.utils.i18n import gettext as _
from aiogram.utils.i18n import ngettext

from handlers.i18n import N_
from services.bindings import BindingRefused, Refusal
from services.errors import InvalidInput, Throttled

_INPUT: dict[tuple[str, str], str] = {
    ("name", "too_short"): N_("The name is too short: please enter at least two letters."),
    ("name", "too_long"): N_("The name is too long: at most 100 characters, please."),
    ("name", "characters"): N_(
        "A name may contain only letters, spaces and hyphens, for example: Anna Petrova-Sidorova."
    ),
    ("phone", "format"): N_(
        "This does not look like a phone number. Enter it with the country code, for example +7 912 345-67-89 "
        "or 8 912 345-67-89, or press the button to share your number."
    ),
    ("email", "format"): N_(
        "This does not look like an e-mail address. It should read like name@mail.ru: a name, the @ sign "
        "and the mail server's domain."
    ),
    ("email", "too_long"): N_("The e-mail address is too long."),
    ("channel", "email_missing"): N_("Add an e-mail address first: notifications by e-mail need one."),
    ("serial", "empty"): N_("Please enter the serial number."),
    ("serial", "too_long"): N_("The serial number is too long: check the label."),
    ("serial", "format"): N_(
        "A serial number consists of Latin letters and digits (dashes and slashes are allowed): check the label."
    ),
    ("identifier", "format"): N_(
        "This is neither a MAC address (12 or 16 hex digits, e.g. 00:1A:2B:3C:4D:5E) nor an IMEI (15 digits): "
        "check the label."
    ),
    ("code", "format"): N_("An activation code has 8 Latin letters and digits, for example ABCD-EF23."),
    ("label", "empty"): N_("The name cannot be empty."),
    ("label", "too_long"): N_("The name is too long: at most 32 characters."),
    ("reason", "empty"): N_("The reason cannot be empty."),
    ("reason", "too_long"): N_("The reason is too long: at most 500 characters."),
}

_REFUSALS: dict[Refusal, str] = {
    Refusal.UNKNOWN_SERIAL: N_(
        "There is no meter with this serial number in the registry. Check that you entered it exactly as on the label."
    ),
    Refusal.MISMATCH: N_(
        "The serial number and the MAC address or IMEI do not match the registry. Check both exactly as on the label."
    ),
    Refusal.BOUND_TO_OTHER: N_(
        "This meter is already bound to another resident. If it is yours, please contact the board."
    ),
    Refusal.PENDING: N_("You have already asked to bind this meter: the request is waiting for the chairman."),
    Refusal.ALREADY_YOURS: N_("This meter is already bound to you: see it in /bindings."),
    Refusal.UNKNOWN_QR: N_(
        "This QR code is not valid (or the meter has been replaced). Bind the meter by its serial number with /bind."
    ),
    Refusal.UNKNOWN_CODE: N_("There is no such activation code. Check it letter by letter."),
    Refusal.CODE_EXPIRED: N_(
        "This activation code has expired (a code is valid for a week). Ask the board for a new one."
    ),
    Refusal.CODE_USED: N_("This activation code has already been used. Ask the board for a new one."),
    Refusal.NO_METERS: N_("No meters are registered for this plot yet. Please contact the board."),
}


def input_error(error: InvalidInput) -> str:
    message = _INPUT.get((error.field, error.reason))
    return _(message) if message else _("Please check what you entered and try again.")


def refusal(error: BindingRefused) -> str:
    text = _(_REFUSALS[error.reason])
    if error.support_contact:
        contact = html.quote(error.support_contact)
        text += "\n" + _("Support: {contact}").format(contact=contact)
    return text


def throttled(error: Throttled) -> str:
    minutes = max(1, math.ceil(error.retry_after_seconds / 60))
    return ngettext(
        "Too many failed attempts. For safety, binding is paused: try again in {minutes} minute.",
        "Too many failed attempts. For safety, binding is paused: try again in {minutes} minutes.",
        minutes,
    ).format(minutes=minutes)
