"""Reading a meter registry CSV: the header, the dialect, and each line checked on its own.

Pure functions, no database: :func:`parse_registry` turns text into :class:`MeterRow` values and
:class:`LineError` values with stable reason codes (:class:`Reason`). What needs the database (unknown
sites, topics already taken) is checked by :mod:`services.registry`. docs/import.md describes the format.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Any

from services.binding_input import normalize_serial
from services.enums import MeterKind, Protocol
from services.errors import InvalidInput


class Reason(StrEnum):
    """Why a line (or the whole file) was rejected. Stable codes: the CLI and docs/import.md use them."""

    # the whole file: nothing is imported
    EMPTY_FILE = "empty_file"
    BAD_ENCODING = "bad_encoding"
    BAD_CSV = "bad_csv"
    MISSING_HEADER = "missing_header"
    UNKNOWN_COLUMN = "unknown_column"
    DUPLICATE_COLUMN = "duplicate_column"
    MISSING_SERIAL_COLUMN = "missing_serial_column"
    # one line: the line is skipped, the others are imported
    EXTRA_COLUMNS = "extra_columns"
    MISSING_SERIAL = "missing_serial"
    BAD_SERIAL = "bad_serial"
    MISSING_SITE = "missing_site"
    UNKNOWN_SITE = "unknown_site"
    BAD_MAC = "bad_mac"
    BAD_IMEI = "bad_imei"
    BAD_KIND = "bad_kind"
    BAD_PHASES = "bad_phases"
    BAD_TARIFFS = "bad_tariffs"
    BAD_MULTIPLIER = "bad_multiplier"
    BAD_DATE = "bad_date"
    UNKNOWN_PROTOCOL = "unknown_protocol"
    MISSING_TOPIC = "missing_topic"
    BAD_TOPIC = "bad_topic"
    BAD_GATEWAY = "bad_gateway"
    TOO_LONG = "too_long"
    DUPLICATE_IN_FILE = "duplicate_in_file"
    TOPIC_TAKEN = "topic_taken"
    MAC_TAKEN = "mac_taken"
    IMEI_TAKEN = "imei_taken"
    SERIAL_OTHER_SITE = "serial_other_site"
    GATEWAY_OTHER_SITE = "gateway_other_site"
    ACCOUNT_OTHER_PLOT = "account_other_plot"


FILE_REASONS = frozenset(
    {
        Reason.EMPTY_FILE,
        Reason.BAD_ENCODING,
        Reason.BAD_CSV,
        Reason.MISSING_HEADER,
        Reason.UNKNOWN_COLUMN,
        Reason.DUPLICATE_COLUMN,
        Reason.MISSING_SERIAL_COLUMN,
    }
)


@dataclass(frozen=True, slots=True)
class LineError:
    line: int
    """1-based line of the file (the header is line 1); 0 when the whole file is meant."""
    reason_code: str
    detail: str


class RowError(Exception):
    def __init__(self, reason: Reason, detail: str) -> None:
        super().__init__(f"{reason.value}: {detail}")
        self.reason = reason
        self.detail = detail


# --- columns ----------------------------------------------------------------------------------------


def normalize_header(name: str) -> str:
    """``" Серийный  номер "`` -> ``"серийный номер"``; ``"MAC-адрес"`` -> ``"mac адрес"``."""
    lowered = name.strip().lstrip("\ufeff").lower().replace("ё", "е")
    return re.sub(r"[^0-9a-zа-я]+", " ", lowered).strip()


COLUMN_ALIASES: Mapping[str, tuple[str, ...]] = {
    "site": ("site", "site slug", "slug", "объект", "снт", "код объекта"),
    "plot": ("plot", "plot number", "premise", "участок", "номер участка", "участка", "помещение", "квартира"),
    "account": ("account", "account number", "лицевой счет", "лс", "л с", "номер лс", "номер лицевого счета"),
    "serial": (
        "serial",
        "serial number",
        "serial no",
        "серийный номер",
        "серийный",
        "заводской номер",
        "зав номер",
        "номер пу",
        "номер счетчика",
    ),
    "mac": ("mac", "mac address", "mac адрес", "мас", "мас адрес"),  # the seeds write МАС in Cyrillic too
    "imei": ("imei",),
    "model": ("model", "модель", "модель пу", "тип пу", "тип счетчика"),
    "kind": ("kind", "вид", "вид пу", "тип учета", "ипу одпу", "назначение"),
    "phases": ("phases", "фазы", "фазность", "число фаз", "количество фаз"),
    "tariffs": ("tariffs", "tariff count", "тарифы", "тарифность", "тариф", "число тарифов", "количество тарифов"),
    "multiplier": ("multiplier", "ratio", "ct ratio", "коэффициент", "коэффициент трансформации", "ктт", "кт"),
    "installed_on": ("installed on", "installed", "installation date", "дата установки"),
    "verified_on": ("verified on", "verification date", "дата поверки", "дата последней поверки"),
    "next_verification_on": (
        "next verification on",
        "next verification",
        "дата следующей поверки",
        "следующая поверка",
    ),
    "place": ("place", "location", "место установки", "место"),
    "seal": ("seal", "seal number", "пломба", "номер пломбы"),
    "protocol": ("protocol", "протокол"),
    "topic_id": ("topic id", "topic", "mqtt topic", "топик", "идентификатор в mqtt"),
    "gateway": ("gateway", "gateway serial", "шлюз", "успд", "коммуникатор", "шлюз успд"),
    "label": ("label", "name", "название", "наименование"),
}
ALIASES: Mapping[str, str] = {
    normalize_header(alias): column for column, aliases in COLUMN_ALIASES.items() for alias in aliases
}

LIMITS = {"site": 64, "plot": 32, "account": 32, "model": 100, "place": 200, "seal": 64, "label": 64, "topic_id": 128}

KIND_ALIASES = {
    "individual": MeterKind.INDIVIDUAL,
    "ипу": MeterKind.INDIVIDUAL,
    "индивидуальный": MeterKind.INDIVIDUAL,
    "main": MeterKind.MAIN,
    "одпу": MeterKind.MAIN,
    "общий": MeterKind.MAIN,
    "общедомовой": MeterKind.MAIN,
    "головной": MeterKind.MAIN,
}
PROTOCOL_ALIASES = {protocol.value: protocol for protocol in Protocol} | {"z2m": Protocol.ZIGBEE2MQTT}
MULTIPLIER_MAX = Decimal("9999999.999")
MULTIPLIER_STEP = Decimal("0.001")
_HEX = re.compile(r"[0-9A-F]+")
_MAC_SEPARATORS = re.compile(r"[\s:.\-]")
_BAD_TOPIC_CHARS = re.compile(r"[+#\x00-\x1f\x7f]")


# --- values -----------------------------------------------------------------------------------------


def parse_mac(raw: str) -> str:
    """12 or 16 hex digits (EUI-48, or a ZigBee EUI-64, also as ``0x…``) -> ``"00:12:4B:…"``."""
    compact = _MAC_SEPARATORS.sub("", raw).upper()
    if compact.startswith("0X") and len(compact) == 18:
        compact = compact[2:]
    if len(compact) not in (12, 16) or not _HEX.fullmatch(compact):
        raise RowError(Reason.BAD_MAC, f"mac {raw!r} is not 12 or 16 hex digits")
    return ":".join(compact[i : i + 2] for i in range(0, len(compact), 2))


def luhn_ok(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def parse_imei(raw: str) -> str:
    compact = re.sub(r"[\s\-]", "", raw)
    if len(compact) != 15 or not compact.isdigit():
        raise RowError(Reason.BAD_IMEI, f"imei {raw!r} is not 15 digits")
    if not luhn_ok(compact):
        raise RowError(Reason.BAD_IMEI, f"imei {raw!r} fails the Luhn check digit")
    return compact


def parse_serial(raw: str, reason: Reason = Reason.BAD_SERIAL, column: str = "serial") -> str:
    try:
        return normalize_serial(raw)
    except InvalidInput as exc:
        explain = {"too_long": "is longer than 64 characters", "format": "has characters other than A-Z, 0-9, . / _ -"}
        raise RowError(reason, f"{column} {raw!r} {explain.get(exc.reason, exc.reason)}") from exc


def parse_kind(raw: str) -> MeterKind:
    kind = KIND_ALIASES.get(raw.strip().lower())
    if kind is None:
        raise RowError(Reason.BAD_KIND, f"kind {raw!r} is not individual/main (ИПУ/ОДПУ)")
    return kind


def _small_int(raw: str, allowed: range | tuple[int, ...], reason: Reason, column: str) -> int:
    try:
        value = int(raw.strip())
    except ValueError:
        value = -1
    if value not in allowed:
        raise RowError(reason, f"{column} {raw!r} is not one of {', '.join(str(v) for v in allowed)}")
    return value


def parse_phases(raw: str) -> int:
    return _small_int(raw, (1, 3), Reason.BAD_PHASES, "phases")


def parse_tariffs(raw: str) -> int:
    return _small_int(raw, range(1, 5), Reason.BAD_TARIFFS, "tariffs")


def parse_multiplier(raw: str) -> Decimal:
    try:
        value = Decimal(re.sub(r"\s", "", raw).replace(",", "."))
    except InvalidOperation:
        raise RowError(Reason.BAD_MULTIPLIER, f"multiplier {raw!r} is not a number") from None
    if not value.is_finite() or value <= 0 or value > MULTIPLIER_MAX:
        raise RowError(Reason.BAD_MULTIPLIER, f"multiplier {raw!r} must be above 0 and below 10 000 000")
    if value != value.quantize(MULTIPLIER_STEP):
        raise RowError(Reason.BAD_MULTIPLIER, f"multiplier {raw!r} has more than 3 decimals")
    return value.quantize(MULTIPLIER_STEP)


def parse_date(raw: str, column: str) -> date:
    text = raw.strip()
    for pattern in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return datetime.strptime(text, pattern).date()  # noqa: DTZ007 (a calendar date, no time)
        except ValueError:
            continue
    raise RowError(Reason.BAD_DATE, f"{column} {raw!r} is not a date as dd.mm.yyyy or yyyy-mm-dd")


def parse_protocol(raw: str) -> Protocol:
    protocol = PROTOCOL_ALIASES.get(raw.strip().lower())
    if protocol is None:
        known = ", ".join(p.value for p in Protocol)
        raise RowError(Reason.UNKNOWN_PROTOCOL, f"protocol {raw!r} is not one of {known}")
    return protocol


def parse_topic(raw: str) -> str:
    topic = raw.strip()
    if _BAD_TOPIC_CHARS.search(topic) or topic.startswith("/") or topic.endswith("/") or "//" in topic:
        raise RowError(Reason.BAD_TOPIC, f"topic_id {raw!r} has +, #, control characters or empty levels")
    return topic


def check_topic(protocol: Protocol, topic: str) -> None:
    """Native, Tasmota and Shelly ids are one topic level without spaces; zigbee2mqtt names may have both."""
    if protocol is not Protocol.ZIGBEE2MQTT and re.search(r"[\s/]", topic):
        raise RowError(Reason.BAD_TOPIC, f"topic_id {topic!r} of a {protocol.value} device has '/' or spaces")


def parse_plot(raw: str) -> str:
    return raw.strip().lstrip("№").strip()


def _text(raw: str) -> str:
    return " ".join(raw.split())


PARSERS: Mapping[str, Callable[[str], Any]] = {
    "site": lambda raw: raw.strip().lower(),
    "plot": parse_plot,
    "account": _text,
    "serial": parse_serial,
    "mac": parse_mac,
    "imei": parse_imei,
    "model": _text,
    "kind": parse_kind,
    "phases": parse_phases,
    "tariffs": parse_tariffs,
    "multiplier": parse_multiplier,
    "installed_on": lambda raw: parse_date(raw, "installed_on"),
    "verified_on": lambda raw: parse_date(raw, "verified_on"),
    "next_verification_on": lambda raw: parse_date(raw, "next_verification_on"),
    "place": _text,
    "seal": _text,
    "protocol": parse_protocol,
    "topic_id": parse_topic,
    "gateway": lambda raw: parse_serial(raw, Reason.BAD_GATEWAY, "gateway"),
    "label": _text,
}


@dataclass(frozen=True, slots=True)
class MeterRow:
    """One good line. ``None`` means the cell was empty: a new meter gets the default, an existing
    meter keeps its stored value."""

    line: int
    text: str
    serial: str
    site: str | None = None
    plot: str | None = None
    account: str | None = None
    mac: str | None = None
    imei: str | None = None
    model: str | None = None
    kind: MeterKind | None = None
    phases: int | None = None
    tariffs: int | None = None
    multiplier: Decimal | None = None
    installed_on: date | None = None
    verified_on: date | None = None
    next_verification_on: date | None = None
    place: str | None = None
    seal: str | None = None
    protocol: Protocol | None = None
    topic_id: str | None = None
    gateway: str | None = None
    label: str | None = None


@dataclass(frozen=True, slots=True)
class BadLine:
    line: int
    text: str
    errors: tuple[LineError, ...]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    rows: tuple[MeterRow, ...] = ()
    bad: tuple[BadLine, ...] = ()
    fatal: LineError | None = None
    columns: tuple[str, ...] = field(default=())


def parse_row(cells: Mapping[str, str], line: int, text: str) -> MeterRow | BadLine:
    """Every cell checked; a line with several problems reports each of them."""
    values: dict[str, Any] = {}
    errors: list[LineError] = []
    if not cells.get("serial", "").strip():
        errors.append(LineError(line, Reason.MISSING_SERIAL.value, "the serial cell is empty"))
    for column, raw in cells.items():
        if not raw.strip():
            continue
        try:
            value = PARSERS[column](raw)
            limit = LIMITS.get(column)
            if limit is not None and len(value) > limit:
                raise RowError(Reason.TOO_LONG, f"{column} is longer than {limit} characters")
            values[column] = value
        except RowError as exc:
            errors.append(LineError(line, exc.reason.value, exc.detail))
    errors += _cross_field_errors(values, line)
    if errors:
        return BadLine(line, text, tuple(errors))
    return MeterRow(line=line, text=text, **values)


def _cross_field_errors(values: Mapping[str, Any], line: int) -> list[LineError]:
    errors: list[LineError] = []
    verified, due = values.get("verified_on"), values.get("next_verification_on")
    if verified is not None and due is not None and due <= verified:
        errors.append(LineError(line, Reason.BAD_DATE.value, "next_verification_on is not after verified_on"))
    topic, protocol = values.get("topic_id"), values.get("protocol")
    if topic is not None:
        try:
            check_topic(protocol or Protocol.NATIVE, topic)
        except RowError as exc:
            errors.append(LineError(line, exc.reason.value, exc.detail))
    return errors


# --- the file ---------------------------------------------------------------------------------------


def decode(data: bytes) -> str:
    """UTF-8 (with or without a BOM), else Windows-1251 (Excel's CSV on a Russian Windows)."""
    for encoding in ("utf-8-sig", "cp1251"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise UnicodeDecodeError("cp1251", data, 0, len(data), "neither UTF-8 nor Windows-1251")


def _is_comment(cells: list[str]) -> bool:
    return bool(cells) and cells[0].lstrip().startswith("#")


def _is_blank(cells: list[str]) -> bool:
    return all(not cell.strip() for cell in cells)


def _known_columns(header_line: str, delimiter: str) -> int:
    cells = next(csv.reader([header_line], delimiter=delimiter), [])
    return sum(normalize_header(cell) in ALIASES for cell in cells)


def sniff_delimiter(lines: list[str]) -> str:
    """``;`` or ``,`` by :class:`csv.Sniffer`, overruled when the other one reads more of the header."""
    content = [line for line in lines if line.strip() and not line.lstrip().startswith("#")][:20]
    if not content:
        return ";"
    try:
        sniffed = csv.Sniffer().sniff("".join(content), delimiters=";,").delimiter
    except csv.Error:
        sniffed = ";" if content[0].count(";") >= content[0].count(",") else ","
    other = "," if sniffed == ";" else ";"
    return other if _known_columns(content[0], other) > _known_columns(content[0], sniffed) else sniffed


def _header(cells: list[str], line: int) -> tuple[list[str], LineError | None]:
    names = [normalize_header(cell) for cell in cells]
    columns = [ALIASES.get(name, "") for name in names]
    if not any(columns):
        return [], LineError(line, Reason.MISSING_HEADER.value, "the first line is not a header with column names")
    unknown = [cell.strip() for cell, column in zip(cells, columns, strict=True) if not column and cell.strip()]
    if unknown:
        return [], LineError(line, Reason.UNKNOWN_COLUMN.value, f"unknown columns: {', '.join(unknown)}")
    present = [column for column in columns if column]
    repeated = sorted({column for column in present if present.count(column) > 1})
    if repeated:
        return [], LineError(line, Reason.DUPLICATE_COLUMN.value, f"columns given twice: {', '.join(repeated)}")
    if "serial" not in present:
        return [], LineError(line, Reason.MISSING_SERIAL_COLUMN.value, "the header has no serial column")
    return columns, None


def _records(lines: list[str], delimiter: str) -> Iterator[tuple[int, int, list[str]]]:
    """(first line, last line, cells) of every record; a quoted cell may span lines."""
    reader = csv.reader(iter(lines), delimiter=delimiter, skipinitialspace=True, strict=True)
    previous = 0
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BadCsv(previous + 1, str(exc)) from exc
        yield previous + 1, reader.line_num, cells
        previous = reader.line_num


class _BadCsv(Exception):
    def __init__(self, line: int, reason: str) -> None:
        super().__init__(reason)
        self.line = line
        self.reason = reason


def parse_registry(text: str) -> ParsedFile:
    text = text.lstrip("\ufeff")
    if not text.strip():
        return ParsedFile(fatal=LineError(0, Reason.EMPTY_FILE.value, "the file is empty"))
    if "\x00" in text:
        detail = "the file has NUL characters: a spreadsheet or a binary file, not CSV text"
        return ParsedFile(fatal=LineError(0, Reason.BAD_CSV.value, detail))
    lines = io.StringIO(text, newline="").readlines()
    delimiter = sniff_delimiter(lines)
    columns: list[str] = []
    rows: list[MeterRow] = []
    bad: list[BadLine] = []
    try:
        for first, last, cells in _records(lines, delimiter):
            if _is_blank(cells) or _is_comment(cells):
                continue
            if not columns:
                columns, fatal = _header(cells, first)
                if fatal is not None:
                    return ParsedFile(fatal=fatal)
                continue
            source = "".join(lines[first - 1 : last]).rstrip("\r\n")
            if len(cells) > len(columns) and not _is_blank(cells[len(columns) :]):
                detail = f"{len(cells)} cells for {len(columns)} columns (a ',' inside an unquoted value?)"
                bad.append(BadLine(first, source, (LineError(first, Reason.EXTRA_COLUMNS.value, detail),)))
                continue
            named = {column: cell for column, cell in zip(columns, cells, strict=False) if column}
            parsed = parse_row(named, first, source)
            if isinstance(parsed, MeterRow):
                rows.append(parsed)
            else:
                bad.append(parsed)
    except _BadCsv as exc:
        detail = f"not valid CSV from here on ({exc.reason}): a stray quote?"
        return ParsedFile(fatal=LineError(exc.line, Reason.BAD_CSV.value, detail))
    if not columns:
        return ParsedFile(fatal=LineError(0, Reason.EMPTY_FILE.value, "the file has only comments"))
    if not rows and not bad:
        return ParsedFile(fatal=LineError(0, Reason.EMPTY_FILE.value, "the file has a header but no meter lines"))
    return ParsedFile(rows=tuple(rows), bad=tuple(bad), columns=tuple(columns))
