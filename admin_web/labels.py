"""Names of the domain's values as pages show them (message ids; templates translate them with ``_()``).

Templates reach them as ``L.<group>[value]``; the reason codes of the CSV import are in ``L.reason``.
"""

from __future__ import annotations

from types import SimpleNamespace

from admin_web.i18n import N_
from services.admin_codes import CodeState
from services.admin_import import OTHER_SITE
from services.enums import (
    BindingMethod,
    BindingStatus,
    Channel,
    EventClass,
    MeterKind,
    Protocol,
    QuarantineSource,
    ReadingSource,
    RelayState,
    Role,
    Severity,
    SiteKind,
)
from services.meters import VerificationStatus
from services.registry_csv import Reason

ROLE: dict[str, str] = {
    Role.ADMIN: N_("Administrator"),
    Role.CHAIRMAN: N_("Chairman"),
    Role.DISPATCHER: N_("Dispatcher"),
    Role.ENGINEER: N_("Service engineer"),
    Role.READER: N_("Reader"),
}
KIND: dict[str, str] = {MeterKind.INDIVIDUAL: N_("individual"), MeterKind.MAIN: N_("main (common)")}
PROTOCOL: dict[str, str] = {
    Protocol.NATIVE: N_("meterbot (native)"),
    Protocol.TASMOTA: "Tasmota",
    Protocol.SHELLY: "Shelly",
    Protocol.ZIGBEE2MQTT: "zigbee2mqtt",
}
RELAY: dict[str, str] = {RelayState.ON: N_("on"), RelayState.OFF: N_("off"), RelayState.UNKNOWN: N_("unknown")}
EVENT_CLASS: dict[str, str] = {
    EventClass.INTEGRITY: N_("Integrity violation"),
    EventClass.TAMPER: N_("Tampering"),
    EventClass.THRESHOLD: N_("Parameter threshold breach"),
    EventClass.OTHER: N_("Other event"),
}
SEVERITY: dict[str, str] = {
    Severity.INFO: N_("Information"),
    Severity.WARNING: N_("Warning"),
    Severity.ALARM: N_("Alarm"),
}
BINDING_STATUS: dict[str, str] = {
    BindingStatus.PENDING: N_("waiting for a decision"),
    BindingStatus.ACTIVE: N_("active"),
    BindingStatus.REJECTED: N_("rejected"),
    BindingStatus.UNBOUND: N_("unbound"),
}
BINDING_METHOD: dict[str, str] = {
    BindingMethod.SERIAL: N_("serial and MAC/IMEI"),
    BindingMethod.CODE: N_("activation code"),
    BindingMethod.QR: N_("QR sticker"),
    BindingMethod.ADMIN: N_("by staff"),
}
CHANNEL: dict[str, str] = {Channel.TELEGRAM: "Telegram", Channel.EMAIL: N_("e-mail")}
CODE_STATE: dict[str, str] = {
    CodeState.ACTIVE: N_("valid"),
    CodeState.EXPIRED: N_("expired"),
    CodeState.USED: N_("used"),
}
SOURCE: dict[str, str] = {
    QuarantineSource.MQTT: "MQTT",
    QuarantineSource.CSV: N_("CSV import"),
    QuarantineSource.API: "API",
    QuarantineSource.FORM: N_("web form"),
}
READING_SOURCE: dict[str, str] = {
    ReadingSource.TELEMETRY: N_("telemetry"),
    ReadingSource.MANUAL: N_("entered by the resident"),
    ReadingSource.IMPORT: N_("import"),
    ReadingSource.API: "API",
}
SITE_KIND: dict[str, str] = {SiteKind.SNT: N_("gardening partnership"), SiteKind.BUILDING: N_("apartment building")}
VERIFICATION: dict[str, str] = {
    VerificationStatus.OK: N_("in order"),
    VerificationStatus.DUE_SOON: N_("due soon"),
    VerificationStatus.OVERDUE: N_("overdue"),
    VerificationStatus.UNKNOWN: N_("not known"),
}
TARIFF: dict[str, str] = {"t1": N_("T1 (day)"), "t2": N_("T2 (night)"), "t3": N_("T3"), "t4": N_("T4")}

REASON: dict[str, str] = {
    Reason.EMPTY_FILE: N_("The file is empty, has only comments, or has a header but no meter lines."),
    Reason.BAD_ENCODING: N_("The file is neither UTF-8 nor Windows-1251."),
    Reason.BAD_CSV: N_("Not CSV text: NUL characters (a spreadsheet saved as is?) or a stray quote."),
    Reason.MISSING_HEADER: N_("The first line names no known column."),
    Reason.UNKNOWN_COLUMN: N_("A column name is not known."),
    Reason.DUPLICATE_COLUMN: N_("Two columns mean the same thing."),
    Reason.MISSING_SERIAL_COLUMN: N_("The header has no serial number column."),
    Reason.EXTRA_COLUMNS: N_("More cells than columns (a comma inside an unquoted value?)."),
    Reason.MISSING_SERIAL: N_("The serial number is empty."),
    Reason.BAD_SERIAL: N_("The serial number is too long or has characters other than A–Z, 0–9, . / _ -."),
    Reason.MISSING_SITE: N_("A new meter without a site."),
    Reason.UNKNOWN_SITE: N_("The site does not exist."),
    Reason.BAD_MAC: N_("The MAC address is not 12 or 16 hexadecimal digits."),
    Reason.BAD_IMEI: N_("The IMEI is not 15 digits or its check digit is wrong."),
    Reason.BAD_KIND: N_("The kind is neither individual nor main (ИПУ/ОДПУ)."),
    Reason.BAD_PHASES: N_("The number of phases is neither 1 nor 3."),
    Reason.BAD_TARIFFS: N_("The number of tariffs is not from 1 to 4."),
    Reason.BAD_MULTIPLIER: N_("The multiplier is not a number above 0 with at most 3 decimals."),
    Reason.BAD_DATE: N_("A date is not dd.mm.yyyy or yyyy-mm-dd, or the next verification is not after the last."),
    Reason.UNKNOWN_PROTOCOL: N_("The protocol is not native, tasmota, shelly or zigbee2mqtt."),
    Reason.MISSING_TOPIC: N_("A Tasmota, Shelly or zigbee2mqtt meter needs its topic_id."),
    Reason.BAD_TOPIC: N_("The topic_id has +, #, control characters, empty levels, or / or spaces where not allowed."),
    Reason.BAD_GATEWAY: N_("The gateway serial number is not valid."),
    Reason.TOO_LONG: N_("A text is longer than its column allows."),
    Reason.DUPLICATE_IN_FILE: N_("The serial number is already on an earlier line (the first one is imported)."),
    Reason.TOPIC_TAKEN: N_("Another meter already uses this protocol and topic_id."),
    Reason.MAC_TAKEN: N_("Another meter already has this MAC address."),
    Reason.IMEI_TAKEN: N_("Another meter already has this IMEI."),
    Reason.SERIAL_OTHER_SITE: N_("A meter with this serial number belongs to another site."),
    Reason.GATEWAY_OTHER_SITE: N_("The gateway belongs to another site."),
    Reason.ACCOUNT_OTHER_PLOT: N_("The account already belongs to another plot."),
    OTHER_SITE: N_("The line names another site: import each site's meters on that site's page."),
}

L = SimpleNamespace(
    role=ROLE,
    kind=KIND,
    protocol=PROTOCOL,
    relay=RELAY,
    event_class=EVENT_CLASS,
    severity=SEVERITY,
    binding_status=BINDING_STATUS,
    binding_method=BINDING_METHOD,
    channel=CHANNEL,
    code_state=CODE_STATE,
    source=SOURCE,
    reading_source=READING_SOURCE,
    site_kind=SITE_KIND,
    verification=VERIFICATION,
    tariff=TARIFF,
    reason=REASON,
)
