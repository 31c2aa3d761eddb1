"""What a resident types to bind a meter, checked and normalized: serial, MAC or IMEI, activation code,
a meter's label. Pure functions; each rule raises :class:`~services.errors.InvalidInput`."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass
from enum import StrEnum

from services.errors import InvalidInput

SERIAL_MAX = 64
LABEL_MAX = 32
CODE_LENGTH = 8
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
"""No 0/O, 1/I: a code read aloud or from paper is not misread."""

_SERIAL = re.compile(r"[0-9A-Za-z][0-9A-Za-z./_-]*")
_SEPARATORS = re.compile(r"[\s:.\-]")
_HEX = re.compile(r"[0-9A-F]+")
_IMEI = re.compile(r"[0-9]{15}")


class IdentifierKind(StrEnum):
    MAC = "mac"
    IMEI = "imei"


@dataclass(frozen=True, slots=True)
class Identifier:
    kind: IdentifierKind
    value: str
    """MAC: 12 or 16 upper-case hex digits (EUI-48 or a ZigBee EUI-64); IMEI: 15 digits."""


def normalize_serial(raw: str) -> str:
    """The serial as printed, without spaces around or inside. Reasons: ``empty``, ``too_long``, ``format``."""
    serial = "".join(raw.split())
    if not serial:
        raise InvalidInput("serial", "empty")
    if len(serial) > SERIAL_MAX:
        raise InvalidInput("serial", "too_long")
    if not _SERIAL.fullmatch(serial):
        raise InvalidInput("serial", "format")
    return serial


def parse_identifier(raw: str) -> Identifier:
    """A MAC (any case; ``:``, ``-``, ``.`` or spaces between the digits, or none) or an IMEI (15 digits,
    spaces or dashes allowed). Reason: ``format``."""
    compact = _SEPARATORS.sub("", raw.strip()).upper()
    if _IMEI.fullmatch(compact):
        return Identifier(IdentifierKind.IMEI, compact)
    if len(compact) in (12, 16) and _HEX.fullmatch(compact):
        return Identifier(IdentifierKind.MAC, compact)
    raise InvalidInput("identifier", "format")


def registry_mac(value: str) -> str:
    """A MAC from the registry in the same form as :func:`parse_identifier` gives ("" when unusable)."""
    compact = _SEPARATORS.sub("", value.strip()).upper()
    return compact if _HEX.fullmatch(compact) else ""


def registry_imei(value: str) -> str:
    return _SEPARATORS.sub("", value.strip())


def normalize_code(raw: str) -> str:
    """An activation code as typed (any case, with spaces or a dash). Reason: ``format``."""
    code = _SEPARATORS.sub("", raw.strip()).upper()
    if len(code) != CODE_LENGTH or any(char not in CODE_ALPHABET for char in code):
        raise InvalidInput("code", "format")
    return code


def new_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def format_code(code: str) -> str:
    """``ABCD-EFGH``: how a code is printed for people."""
    return f"{code[:4]}-{code[4:]}" if len(code) == CODE_LENGTH else code


def validate_label(raw: str) -> str:
    """A meter's name for its owner ("Основной", "Баня"): 1-32 characters. Reasons: ``empty``, ``too_long``."""
    label = " ".join(raw.split())
    if not label:
        raise InvalidInput("label", "empty")
    if len(label) > LABEL_MAX:
        raise InvalidInput("label", "too_long")
    return label
