"""Tortoise models for the whole mission.

Only ``services`` import this module (import-linter checks it). Timestamps are timezone-aware UTC;
calendar days (``DateField``) are days in the site's time zone. Registers and consumption are kWh with
three decimals, stored as ``DECIMAL`` so that sums and differences are exact.
"""

from __future__ import annotations

from typing import Any

from tortoise import fields
from tortoise.indexes import Index
from tortoise.models import Model

from services.enums import (
    AlertState,
    AnnouncementState,
    BindingMethod,
    BindingStatus,
    Channel,
    CommandState,
    EventClass,
    MeterKind,
    OutboxStatus,
    Protocol,
    Quality,
    QuarantineSource,
    ReadingSource,
    RelayAction,
    RelayState,
    RestrictionReason,
    RestrictionState,
    Role,
    Severity,
    SiteKind,
    TicketStage,
    TicketType,
)


class TimestampedModel(Model):
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        abstract = True


# --- Sites, plots, accounts, people, staff -------------------------------------------------------


class Site(TimestampedModel):
    """A gardening partnership (СНТ) or an apartment building."""

    id = fields.IntField(primary_key=True)
    slug = fields.CharField(max_length=64, unique=True)
    name = fields.CharField(max_length=200)
    kind = fields.CharEnumField(SiteKind, default=SiteKind.SNT)
    timezone = fields.CharField(max_length=64, default="Europe/Moscow")
    operators_chat_id = fields.BigIntField(null=True)
    day_zone_start_min = fields.SmallIntField(default=7 * 60)
    """Start of the day zone t1, minutes after local midnight (07:00)."""
    night_zone_start_min = fields.SmallIntField(default=23 * 60)
    """Start of the night zone t2, minutes after local midnight (23:00)."""
    reading_window_start_day = fields.SmallIntField(default=20)
    reading_window_end_day = fields.SmallIntField(default=25)
    billing_period_start_day = fields.SmallIntField(default=1)
    manual_readings_for_telemetry = fields.BooleanField(default=False)
    consent_text = fields.TextField(default="")
    support_contact = fields.CharField(max_length=200, default="")
    ticket_review_days: fields.JSONField[dict[str, int]] = fields.JSONField(default=dict)
    deviation_percent = fields.SmallIntField(default=50)
    imbalance_percent = fields.SmallIntField(default=10)

    plots: fields.ReverseRelation[Plot]
    meters: fields.ReverseRelation[Meter]


class Plot(TimestampedModel):
    """A plot of a СНТ or a premise (apartment) of a building."""

    id = fields.IntField(primary_key=True)
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="plots")
    number = fields.CharField(max_length=32)
    address = fields.CharField(max_length=300, default="")
    area_m2 = fields.DecimalField(max_digits=10, decimal_places=2, null=True)

    class Meta:
        unique_together = (("site", "number"),)


class Account(TimestampedModel):
    """A personal account (лицевой счёт) of a plot."""

    id = fields.IntField(primary_key=True)
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="accounts")
    plot: fields.ForeignKeyNullableRelation[Plot] = fields.ForeignKeyField(
        "models.Plot", related_name="accounts", null=True
    )
    number = fields.CharField(max_length=32)
    holder_name = fields.CharField(max_length=200, default="")
    debt = fields.DecimalField(max_digits=12, decimal_places=2, default=0)

    class Meta:
        unique_together = (("site", "number"),)


class Person(TimestampedModel):
    """Anyone meterbot knows: a resident, a staff member, or both."""

    id = fields.IntField(primary_key=True)
    telegram_id = fields.BigIntField(null=True, unique=True)
    name = fields.CharField(max_length=200, default="")
    phone = fields.CharField(max_length=32, default="")
    email = fields.CharField(max_length=254, default="")
    locale = fields.CharField(max_length=8, null=True)
    channel = fields.CharEnumField(Channel, default=Channel.TELEGRAM)
    consent_at = fields.DatetimeField(null=True)
    bot_blocked_at = fields.DatetimeField(null=True)


class StaffRole(TimestampedModel):
    """A role of a person at one site. Being in the operators' chat is not a role."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField("models.Person", related_name="roles")
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="staff_roles")
    role = fields.CharEnumField(Role)

    class Meta:
        unique_together = (("person", "site", "role"),)


class WebLogin(TimestampedModel):
    """Admin-web credentials of a person (argon2id hash), with throttling state."""

    id = fields.IntField(primary_key=True)
    person: fields.OneToOneRelation[Person] = fields.OneToOneField("models.Person", related_name="web_login")
    login = fields.CharField(max_length=64, unique=True)
    password_hash = fields.CharField(max_length=200)
    is_superuser = fields.BooleanField(default=False)
    blocked = fields.BooleanField(default=False)
    failed_attempts = fields.SmallIntField(default=0)
    locked_until = fields.DatetimeField(null=True)
    last_login_at = fields.DatetimeField(null=True)


class ApiToken(TimestampedModel):
    """A read/write token of one integration (billing, 1C) for the JSON API, scoped to sites.

    Only a SHA-256 of the token is kept; the token itself is shown once, when it is issued."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    token_hash = fields.CharField(max_length=64, unique=True)
    prefix = fields.CharField(max_length=12)
    """The token's first characters, to tell tokens apart in lists."""
    site_ids: fields.JSONField[list[int]] = fields.JSONField(default=list)
    """Sites the integration may read; an empty list means every site."""
    can_write = fields.BooleanField(default=False)
    """May post readings."""
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="api_tokens", null=True, on_delete=fields.SET_NULL
    )
    revoked_at = fields.DatetimeField(null=True)
    last_used_at = fields.DatetimeField(null=True)


# --- Equipment ------------------------------------------------------------------------------------


class Gateway(TimestampedModel):
    """A gateway / УСПД / communicator that meters talk through."""

    id = fields.IntField(primary_key=True)
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="gateways")
    serial = fields.CharField(max_length=64, unique=True)
    model = fields.CharField(max_length=100, default="")
    place = fields.CharField(max_length=200, default="")
    last_seen_at = fields.DatetimeField(null=True)


class Meter(TimestampedModel):
    """An electricity meter (прибор учёта) as the registry knows it."""

    id = fields.IntField(primary_key=True)
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="meters")
    plot: fields.ForeignKeyNullableRelation[Plot] = fields.ForeignKeyField(
        "models.Plot", related_name="meters", null=True
    )
    account: fields.ForeignKeyNullableRelation[Account] = fields.ForeignKeyField(
        "models.Account", related_name="meters", null=True
    )
    gateway: fields.ForeignKeyNullableRelation[Gateway] = fields.ForeignKeyField(
        "models.Gateway", related_name="meters", null=True
    )
    serial = fields.CharField(max_length=64, unique=True)
    mac = fields.CharField(max_length=32, default="")
    imei = fields.CharField(max_length=20, default="")
    model = fields.CharField(max_length=100, default="")
    kind = fields.CharEnumField(MeterKind, default=MeterKind.INDIVIDUAL)
    phases = fields.SmallIntField(default=1)
    tariff_count = fields.SmallIntField(default=2)
    multiplier = fields.DecimalField(max_digits=10, decimal_places=3, default=1)
    installed_on = fields.DateField(null=True)
    place = fields.CharField(max_length=200, default="")
    verified_on = fields.DateField(null=True)
    next_verification_on = fields.DateField(null=True)
    seal_number = fields.CharField(max_length=64, default="")
    protocol = fields.CharEnumField(Protocol, default=Protocol.NATIVE)
    topic_id = fields.CharField(max_length=128)
    has_telemetry = fields.BooleanField(default=True)
    relay_state = fields.CharEnumField(RelayState, default=RelayState.UNKNOWN)
    online = fields.BooleanField(null=True)
    last_seen_at = fields.DatetimeField(null=True)
    label = fields.CharField(max_length=64, default="")
    qr_token = fields.CharField(max_length=32, null=True, unique=True)

    class Meta:
        unique_together = (("protocol", "topic_id"),)
        indexes = (("site", "kind"), ("site", "plot"))


class ActivationCode(TimestampedModel):
    """A one-week, single-use code that binds a resident to a plot's meters at once."""

    id = fields.IntField(primary_key=True)
    code = fields.CharField(max_length=16, unique=True)
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="codes")
    plot: fields.ForeignKeyRelation[Plot] = fields.ForeignKeyField("models.Plot", related_name="codes")
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    used_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="used_codes", null=True
    )
    created_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="created_codes", null=True
    )


class Binding(TimestampedModel):
    """A resident's tie to a meter, from the request through the chairman's decision to unbinding."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField("models.Person", related_name="bindings")
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="bindings")
    status = fields.CharEnumField(BindingStatus, default=BindingStatus.PENDING)
    method = fields.CharEnumField(BindingMethod, default=BindingMethod.SERIAL)
    label = fields.CharField(max_length=64, default="")
    decided_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="binding_decisions", null=True
    )
    decided_at = fields.DatetimeField(null=True)
    reject_reason = fields.TextField(default="")
    unbound_at = fields.DatetimeField(null=True)
    chat_id = fields.BigIntField(null=True)
    message_id = fields.BigIntField(null=True)

    class Meta:
        indexes = (("person", "status"), ("meter", "status"))


# --- Data -----------------------------------------------------------------------------------------


class Reading(Model):
    """Cumulative register values per tariff zone (kWh) of a meter at a time."""

    id = fields.BigIntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="readings")
    ts = fields.DatetimeField()
    t1 = fields.DecimalField(max_digits=14, decimal_places=3, null=True)
    t2 = fields.DecimalField(max_digits=14, decimal_places=3, null=True)
    t3 = fields.DecimalField(max_digits=14, decimal_places=3, null=True)
    t4 = fields.DecimalField(max_digits=14, decimal_places=3, null=True)
    total = fields.DecimalField(max_digits=14, decimal_places=3)
    source = fields.CharEnumField(ReadingSource, default=ReadingSource.TELEMETRY)
    flags = fields.SmallIntField(default=0)
    submitted_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="submitted_readings", null=True
    )
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        unique_together = (("meter", "ts"),)


class TelemetrySample(Model):
    """Instantaneous values: power (W), voltage (V), current (A) per phase, frequency (Hz)."""

    id = fields.BigIntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="samples")
    ts = fields.DatetimeField()
    power_w = fields.FloatField(null=True)
    voltage_a = fields.FloatField(null=True)
    voltage_b = fields.FloatField(null=True)
    voltage_c = fields.FloatField(null=True)
    current_a = fields.FloatField(null=True)
    current_b = fields.FloatField(null=True)
    current_c = fields.FloatField(null=True)
    frequency_hz = fields.FloatField(null=True)

    class Meta:
        unique_together = (("meter", "ts"),)


class HourlyAggregate(Model):
    """Consumption of one hour (UTC hour start), per tariff zone, with its quality."""

    id = fields.BigIntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="hourly")
    hour = fields.DatetimeField()
    t1 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    t2 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    t3 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    t4 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    total = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    quality = fields.CharEnumField(Quality, default=Quality.MEASURED)

    class Meta:
        unique_together = (("meter", "hour"),)


class DailyAggregate(Model):
    """Consumption of one calendar day in the site's time zone, and the registers at its end."""

    id = fields.BigIntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="daily")
    day = fields.DateField()
    t1 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    t2 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    t3 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    t4 = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    total = fields.DecimalField(max_digits=14, decimal_places=3, default=0)
    end_t1 = fields.DecimalField(max_digits=14, decimal_places=3, null=True)
    end_t2 = fields.DecimalField(max_digits=14, decimal_places=3, null=True)
    end_total = fields.DecimalField(max_digits=14, decimal_places=3, null=True)
    quality = fields.CharEnumField(Quality, default=Quality.MEASURED)

    class Meta:
        unique_together = (("meter", "day"),)


class MeterEvent(Model):
    """An event from a meter (or from meterbot's own monitoring): the event journal."""

    id = fields.BigIntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="events")
    ts = fields.DatetimeField()
    code = fields.CharField(max_length=64)
    event_class = fields.CharEnumField(EventClass, default=EventClass.OTHER)
    severity = fields.CharEnumField(Severity, default=Severity.INFO)
    text = fields.TextField(default="")
    from_monitoring = fields.BooleanField(default=False)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        unique_together = (("meter", "ts", "code"),)
        indexes = (("meter", "severity", "ts"), Index(fields=("ts",)))


class Alert(TimestampedModel):
    """An event turned into work: one active alert per meter and kind (``active_key`` is unique)."""

    id = fields.IntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="alerts")
    kind = fields.CharField(max_length=64)
    active_key = fields.CharField(max_length=100, null=True, unique=True)
    event_class = fields.CharEnumField(EventClass)
    severity = fields.CharEnumField(Severity)
    state = fields.CharEnumField(AlertState, default=AlertState.ACTIVE)
    first_at = fields.DatetimeField()
    last_at = fields.DatetimeField()
    count = fields.IntField(default=1)
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    assignee: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="assigned_alerts", null=True
    )
    acknowledged_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="acknowledged_alerts", null=True
    )
    acknowledged_at = fields.DatetimeField(null=True)
    cleared_at = fields.DatetimeField(null=True)
    escalation_level = fields.SmallIntField(default=0)
    next_escalation_at = fields.DatetimeField(null=True)

    class Meta:
        indexes = (("state", "severity"), ("next_escalation_at",))


class RelayCommand(TimestampedModel):
    """A relay command with its lifecycle; ``id`` travels to the device where the protocol allows."""

    id = fields.UUIDField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="commands")
    action = fields.CharEnumField(RelayAction)
    state = fields.CharEnumField(CommandState, default=CommandState.QUEUED)
    requested_by: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="relay_commands", null=True
    )
    sent_at = fields.DatetimeField(null=True)
    finished_at = fields.DatetimeField(null=True)
    deadline_at = fields.DatetimeField(null=True)
    expires_at = fields.DatetimeField(null=True)
    attempts = fields.SmallIntField(default=0)
    error = fields.TextField(default="")
    chat_id = fields.BigIntField(null=True)
    message_id = fields.BigIntField(null=True)

    class Meta:
        indexes = (("state", "deadline_at"), ("meter", "state"))


class Restriction(TimestampedModel):
    """A consumption restriction (or its lifting): the journal of restriction operations."""

    id = fields.IntField(primary_key=True)
    meter: fields.ForeignKeyRelation[Meter] = fields.ForeignKeyField("models.Meter", related_name="restrictions")
    action = fields.CharEnumField(RelayAction)
    reason = fields.CharEnumField(RestrictionReason)
    reason_text = fields.TextField(default="")
    debt_amount = fields.DecimalField(max_digits=12, decimal_places=2, null=True)
    works_start_on = fields.DateField(null=True)
    notify_resident = fields.BooleanField(default=False)
    notice_on = fields.DateField(null=True)
    control_on = fields.DateField(null=True)
    state = fields.CharEnumField(RestrictionState, default=RestrictionState.PLANNED)
    executed_at = fields.DatetimeField(null=True)
    operator: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="restrictions", null=True
    )
    command: fields.ForeignKeyNullableRelation[RelayCommand] = fields.ForeignKeyField(
        "models.RelayCommand", related_name="restrictions", null=True
    )


# --- Tickets and announcements ---------------------------------------------------------------------


class Ticket(TimestampedModel):
    """A resident's request or complaint on the dispatcher desk."""

    id = fields.IntField(primary_key=True)
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="tickets")
    author: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField("models.Person", related_name="tickets")
    plot: fields.ForeignKeyNullableRelation[Plot] = fields.ForeignKeyField(
        "models.Plot", related_name="tickets", null=True
    )
    meter: fields.ForeignKeyNullableRelation[Meter] = fields.ForeignKeyField(
        "models.Meter", related_name="tickets", null=True
    )
    ticket_type = fields.CharEnumField(TicketType)
    stage = fields.CharEnumField(TicketStage, default=TicketStage.REGISTERED)
    text = fields.TextField()
    assignee: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="assigned_tickets", null=True
    )
    due_at = fields.DatetimeField(null=True)
    closed_at = fields.DatetimeField(null=True)
    chat_id = fields.BigIntField(null=True)
    message_id = fields.BigIntField(null=True)

    class Meta:
        indexes = (("site", "stage", "due_at"),)


class TicketComment(TimestampedModel):
    """A stage change, a staff reply or a resident's comment in a ticket's history."""

    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField("models.Ticket", related_name="comments")
    author: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="ticket_comments", null=True
    )
    stage = fields.CharEnumField(TicketStage)
    text = fields.TextField(default="")
    from_staff = fields.BooleanField(default=False)

    class Meta:
        indexes = (("ticket_id",),)


class TicketAttachment(TimestampedModel):
    """A photo or document of a ticket: Telegram's file id and a stored copy."""

    id = fields.IntField(primary_key=True)
    ticket: fields.ForeignKeyRelation[Ticket] = fields.ForeignKeyField("models.Ticket", related_name="attachments")
    comment: fields.ForeignKeyNullableRelation[TicketComment] = fields.ForeignKeyField(
        "models.TicketComment", related_name="attachments", null=True
    )
    telegram_file_id = fields.CharField(max_length=200, default="")
    file_name = fields.CharField(max_length=200, default="")
    mime_type = fields.CharField(max_length=100, default="")
    size = fields.IntField(default=0)
    storage_key = fields.CharField(max_length=300, default="")

    class Meta:
        indexes = (("ticket_id",),)


class Announcement(TimestampedModel):
    """An announcement to a site's residents (all, or chosen plots)."""

    id = fields.IntField(primary_key=True)
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="announcements")
    author: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="announcements", null=True
    )
    text = fields.TextField()
    photo_file_id = fields.CharField(max_length=200, default="")
    works_until = fields.DateField(null=True)
    plot_ids: fields.JSONField[list[int] | None] = fields.JSONField(null=True)
    state = fields.CharEnumField(AnnouncementState, default=AnnouncementState.DRAFT)
    published_at = fields.DatetimeField(null=True)
    withdrawn_at = fields.DatetimeField(null=True)


class Subscription(TimestampedModel):
    """What events a staff member wants, and where (the seeds' subscriptions)."""

    id = fields.IntField(primary_key=True)
    person: fields.ForeignKeyRelation[Person] = fields.ForeignKeyField("models.Person", related_name="subscriptions")
    site: fields.ForeignKeyRelation[Site] = fields.ForeignKeyField("models.Site", related_name="subscriptions")
    meter_kinds: fields.JSONField[list[str]] = fields.JSONField(default=list)
    event_classes: fields.JSONField[list[str]] = fields.JSONField(default=list)
    severities: fields.JSONField[list[str]] = fields.JSONField(default=list)
    channel = fields.CharField(max_length=16, default="telegram")
    quiet_from_min = fields.SmallIntField(null=True)
    """Quiet hours (minutes after local midnight): info events wait for the digest."""
    quiet_to_min = fields.SmallIntField(null=True)


# --- Delivery, audit, quarantine -------------------------------------------------------------------


class OutboxMessage(TimestampedModel):
    """A notification stored before it is sent; the sender moves it to sent or failed."""

    id = fields.BigIntField(primary_key=True)
    person: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="outbox", null=True
    )
    chat_id = fields.BigIntField(null=True)
    email = fields.CharField(max_length=254, default="")
    channel = fields.CharEnumField(Channel, default=Channel.TELEGRAM)
    kind = fields.CharField(max_length=32, default="text")
    payload: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)
    attachment = fields.BinaryField(null=True)
    status = fields.CharEnumField(OutboxStatus, default=OutboxStatus.PENDING)
    attempts = fields.SmallIntField(default=0)
    next_try_at = fields.DatetimeField(null=True)
    last_error = fields.TextField(default="")
    sent_at = fields.DatetimeField(null=True)
    sent_via = fields.CharEnumField(Channel, null=True)
    sent_message_id = fields.BigIntField(null=True)
    """Telegram's message id once delivered, so that a feature can edit what it sent."""
    dedup_key = fields.CharField(max_length=200, null=True, unique=True)
    topic = fields.CharField(max_length=64, default="")

    class Meta:
        indexes = (("status", "next_try_at"), ("topic",))


class AuditEntry(Model):
    """Who did what, when and from where: every privileged action."""

    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField(auto_now_add=True)
    actor: fields.ForeignKeyNullableRelation[Person] = fields.ForeignKeyField(
        "models.Person", related_name="audit", null=True
    )
    actor_label = fields.CharField(max_length=200, default="")
    site: fields.ForeignKeyNullableRelation[Site] = fields.ForeignKeyField(
        "models.Site", related_name="audit", null=True
    )
    action = fields.CharField(max_length=64)
    object_type = fields.CharField(max_length=64, default="")
    object_id = fields.CharField(max_length=64, default="")
    origin = fields.CharField(max_length=200, default="")
    allowed = fields.BooleanField(default=True)
    details: fields.JSONField[dict[str, Any]] = fields.JSONField(default=dict)

    class Meta:
        indexes = (Index(fields=("at",)), ("action", "at"), ("object_type", "object_id"))


class QuarantineEntry(Model):
    """Input that was rejected, with the reason: nothing is silently lost."""

    id = fields.BigIntField(primary_key=True)
    received_at = fields.DatetimeField(auto_now_add=True)
    source = fields.CharEnumField(QuarantineSource)
    topic = fields.CharField(max_length=300, default="")
    payload = fields.TextField(default="")
    reason = fields.CharField(max_length=300)

    class Meta:
        indexes = (("source", "received_at"),)


class UnknownDevice(Model):
    """A device that publishes but is not in the registry: shown to operators."""

    id = fields.IntField(primary_key=True)
    protocol = fields.CharEnumField(Protocol)
    topic_id = fields.CharField(max_length=128)
    first_seen_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    messages = fields.IntField(default=1)
    last_payload = fields.TextField(default="")

    class Meta:
        unique_together = (("protocol", "topic_id"),)


class JobRun(Model):
    """The last run of a scheduled job, so that a restart neither skips nor repeats it."""

    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    last_run_at = fields.DatetimeField()


__all__ = [
    "Account",
    "ActivationCode",
    "Alert",
    "Announcement",
    "ApiToken",
    "AuditEntry",
    "Binding",
    "DailyAggregate",
    "Gateway",
    "HourlyAggregate",
    "JobRun",
    "Meter",
    "MeterEvent",
    "OutboxMessage",
    "Person",
    "Plot",
    "QuarantineEntry",
    "Reading",
    "RelayCommand",
    "Restriction",
    "Site",
    "StaffRole",
    "Subscription",
    "TelemetrySample",
    "Ticket",
    "TicketAttachment",
    "TicketComment",
    "UnknownDevice",
    "WebLogin",
]
