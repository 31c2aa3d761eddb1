"""Enumerations shared by the models, the DTOs and every adapter."""

from __future__ import annotations

from enum import StrEnum


class SiteKind(StrEnum):
    SNT = "snt"
    BUILDING = "building"


class Role(StrEnum):
    ADMIN = "admin"
    CHAIRMAN = "chairman"
    DISPATCHER = "dispatcher"
    ENGINEER = "engineer"
    READER = "reader"


class Channel(StrEnum):
    TELEGRAM = "telegram"
    EMAIL = "email"


class MeterKind(StrEnum):
    INDIVIDUAL = "individual"
    MAIN = "main"


class Protocol(StrEnum):
    NATIVE = "native"
    TASMOTA = "tasmota"
    SHELLY = "shelly"
    ZIGBEE2MQTT = "zigbee2mqtt"


class RelayState(StrEnum):
    ON = "on"
    OFF = "off"
    UNKNOWN = "unknown"


class BindingStatus(StrEnum):
    PENDING = "pending"
    ACTIVE = "active"
    REJECTED = "rejected"
    UNBOUND = "unbound"


class BindingMethod(StrEnum):
    SERIAL = "serial"
    CODE = "code"
    QR = "qr"
    ADMIN = "admin"


class ReadingSource(StrEnum):
    TELEMETRY = "telemetry"
    MANUAL = "manual"
    IMPORT = "import"
    API = "api"


class Quality(StrEnum):
    MEASURED = "measured"
    ESTIMATED = "estimated"
    MISSING = "missing"


class EventClass(StrEnum):
    INTEGRITY = "integrity"
    TAMPER = "tamper"
    THRESHOLD = "threshold"
    OTHER = "other"


class Severity(StrEnum):
    INFO = "info"
    WARNING = "warning"
    ALARM = "alarm"


class AlertState(StrEnum):
    ACTIVE = "active"
    ACKNOWLEDGED = "acknowledged"
    CLEARED = "cleared"


class RelayAction(StrEnum):
    ON = "on"
    OFF = "off"


class CommandState(StrEnum):
    QUEUED = "queued"
    SENT = "sent"
    CONFIRMED = "confirmed"
    FAILED = "failed"
    TIMEOUT = "timeout"
    EXPIRED = "expired"
    CANCELLED = "cancelled"


class RestrictionReason(StrEnum):
    DEBT = "debt"
    REPAIR = "repair"
    OTHER = "other"


class RestrictionState(StrEnum):
    PLANNED = "planned"
    NOTIFIED = "notified"
    AWAITING_EXECUTION = "awaiting_execution"
    EXECUTING = "executing"
    DONE = "done"
    FAILED = "failed"
    CANCELLED = "cancelled"


class TicketType(StrEnum):
    CONNECTION = "connection"
    TAKE_READINGS = "take_readings"
    ADMIT_METER = "admit_meter"
    REPLACE_METER = "replace_meter"
    NON_CONTRACTUAL = "non_contractual"
    THEFT = "theft"
    COMPLAINT = "complaint"
    QUESTION = "question"
    OTHER = "other"


class TicketStage(StrEnum):
    REGISTERED = "registered"
    QUALIFIED = "qualified"
    IN_WORK = "in_work"
    DONE = "done"
    CANCELLED = "cancelled"


class AnnouncementState(StrEnum):
    DRAFT = "draft"
    PUBLISHED = "published"
    WITHDRAWN = "withdrawn"


class OutboxStatus(StrEnum):
    PENDING = "pending"
    SENDING = "sending"
    SENT = "sent"
    FAILED = "failed"


class QuarantineSource(StrEnum):
    MQTT = "mqtt"
    CSV = "csv"
    API = "api"
    FORM = "form"
