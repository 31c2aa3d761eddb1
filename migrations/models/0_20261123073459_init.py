from tortoise import BaseDBAsyncClient

RUN_IN_TRANSACTION = True


async def upgrade(db: BaseDBAsyncClient) -> str:
    return """
        CREATE TABLE IF NOT EXISTS "jobrun" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL UNIQUE,
    "last_run_at" TIMESTAMPTZ NOT NULL
);
COMMENT ON TABLE "jobrun" IS 'The last run of a scheduled job, so that a restart neither skips nor repeats it.';
CREATE TABLE IF NOT EXISTS "person" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "telegram_id" BIGINT UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "phone" VARCHAR(32) NOT NULL,
    "email" VARCHAR(254) NOT NULL,
    "locale" VARCHAR(8),
    "channel" VARCHAR(8) NOT NULL,
    "consent_at" TIMESTAMPTZ,
    "bot_blocked_at" TIMESTAMPTZ
);
COMMENT ON COLUMN "person"."channel" IS 'TELEGRAM: telegram\nEMAIL: email';
COMMENT ON TABLE "person" IS 'Anyone meterbot knows: a resident, a staff member, or both.';
CREATE TABLE IF NOT EXISTS "apitoken" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "name" VARCHAR(100) NOT NULL,
    "token_hash" VARCHAR(64) NOT NULL UNIQUE,
    "prefix" VARCHAR(12) NOT NULL,
    "site_ids" JSONB NOT NULL,
    "can_write" BOOL NOT NULL,
    "revoked_at" TIMESTAMPTZ,
    "last_used_at" TIMESTAMPTZ,
    "created_by_id" INT REFERENCES "person" ("id") ON DELETE SET NULL
);
COMMENT ON TABLE "apitoken" IS 'A read/write token of one integration (billing, 1C) for the JSON API, scoped to sites.';
CREATE TABLE IF NOT EXISTS "outboxmessage" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "chat_id" BIGINT,
    "email" VARCHAR(254) NOT NULL,
    "channel" VARCHAR(8) NOT NULL,
    "kind" VARCHAR(32) NOT NULL,
    "payload" JSONB NOT NULL,
    "attachment" BYTEA,
    "status" VARCHAR(7) NOT NULL,
    "attempts" SMALLINT NOT NULL,
    "next_try_at" TIMESTAMPTZ,
    "last_error" TEXT NOT NULL,
    "sent_at" TIMESTAMPTZ,
    "sent_via" VARCHAR(8),
    "sent_message_id" BIGINT,
    "dedup_key" VARCHAR(200) UNIQUE,
    "topic" VARCHAR(64) NOT NULL,
    "person_id" INT REFERENCES "person" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_outboxmessa_status_78b7bc" ON "outboxmessage" ("status", "next_try_at");
CREATE INDEX IF NOT EXISTS "idx_outboxmessa_topic_828a42" ON "outboxmessage" ("topic");
COMMENT ON COLUMN "outboxmessage"."channel" IS 'TELEGRAM: telegram\nEMAIL: email';
COMMENT ON COLUMN "outboxmessage"."status" IS 'PENDING: pending\nSENDING: sending\nSENT: sent\nFAILED: failed';
COMMENT ON COLUMN "outboxmessage"."sent_via" IS 'TELEGRAM: telegram\nEMAIL: email';
COMMENT ON TABLE "outboxmessage" IS 'A notification stored before it is sent; the sender moves it to sent or failed.';
CREATE TABLE IF NOT EXISTS "quarantineentry" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "received_at" TIMESTAMPTZ NOT NULL,
    "source" VARCHAR(4) NOT NULL,
    "topic" VARCHAR(300) NOT NULL,
    "payload" TEXT NOT NULL,
    "reason" VARCHAR(300) NOT NULL
);
CREATE INDEX IF NOT EXISTS "idx_quarantinee_source_4629ba" ON "quarantineentry" ("source", "received_at");
COMMENT ON COLUMN "quarantineentry"."source" IS 'MQTT: mqtt\nCSV: csv\nAPI: api\nFORM: form';
COMMENT ON TABLE "quarantineentry" IS 'Input that was rejected, with the reason: nothing is silently lost.';
CREATE TABLE IF NOT EXISTS "site" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "slug" VARCHAR(64) NOT NULL UNIQUE,
    "name" VARCHAR(200) NOT NULL,
    "kind" VARCHAR(8) NOT NULL,
    "timezone" VARCHAR(64) NOT NULL,
    "operators_chat_id" BIGINT,
    "day_zone_start_min" SMALLINT NOT NULL,
    "night_zone_start_min" SMALLINT NOT NULL,
    "reading_window_start_day" SMALLINT NOT NULL,
    "reading_window_end_day" SMALLINT NOT NULL,
    "billing_period_start_day" SMALLINT NOT NULL,
    "manual_readings_for_telemetry" BOOL NOT NULL,
    "consent_text" TEXT NOT NULL,
    "support_contact" VARCHAR(200) NOT NULL,
    "ticket_review_days" JSONB NOT NULL,
    "deviation_percent" SMALLINT NOT NULL,
    "imbalance_percent" SMALLINT NOT NULL
);
COMMENT ON COLUMN "site"."kind" IS 'SNT: snt\nBUILDING: building';
COMMENT ON TABLE "site" IS 'A gardening partnership (СНТ) or an apartment building.';
CREATE TABLE IF NOT EXISTS "announcement" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "text" TEXT NOT NULL,
    "photo_file_id" VARCHAR(200) NOT NULL,
    "works_until" DATE,
    "plot_ids" JSONB,
    "state" VARCHAR(9) NOT NULL,
    "published_at" TIMESTAMPTZ,
    "withdrawn_at" TIMESTAMPTZ,
    "author_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "announcement"."state" IS 'DRAFT: draft\nPUBLISHED: published\nWITHDRAWN: withdrawn';
COMMENT ON TABLE "announcement" IS 'An announcement to a site''s residents (all, or chosen plots).';
CREATE TABLE IF NOT EXISTS "auditentry" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "at" TIMESTAMPTZ NOT NULL,
    "actor_label" VARCHAR(200) NOT NULL,
    "action" VARCHAR(64) NOT NULL,
    "object_type" VARCHAR(64) NOT NULL,
    "object_id" VARCHAR(64) NOT NULL,
    "origin" VARCHAR(200) NOT NULL,
    "allowed" BOOL NOT NULL,
    "details" JSONB NOT NULL,
    "actor_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "site_id" INT REFERENCES "site" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_auditentry_at_08671f" ON "auditentry" ("at");
CREATE INDEX IF NOT EXISTS "idx_auditentry_action_f061b5" ON "auditentry" ("action", "at");
COMMENT ON TABLE "auditentry" IS 'Who did what, when and from where: every privileged action.';
CREATE TABLE IF NOT EXISTS "gateway" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "serial" VARCHAR(64) NOT NULL UNIQUE,
    "model" VARCHAR(100) NOT NULL,
    "place" VARCHAR(200) NOT NULL,
    "last_seen_at" TIMESTAMPTZ,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "gateway" IS 'A gateway / УСПД / communicator that meters talk through.';
CREATE TABLE IF NOT EXISTS "plot" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" VARCHAR(32) NOT NULL,
    "address" VARCHAR(300) NOT NULL,
    "area_m2" DECIMAL(10,2),
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_plot_site_id_e6889d" UNIQUE ("site_id", "number")
);
COMMENT ON TABLE "plot" IS 'A plot of a СНТ or a premise (apartment) of a building.';
CREATE TABLE IF NOT EXISTS "account" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "number" VARCHAR(32) NOT NULL,
    "holder_name" VARCHAR(200) NOT NULL,
    "debt" DECIMAL(12,2) NOT NULL,
    "plot_id" INT REFERENCES "plot" ("id") ON DELETE CASCADE,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_account_site_id_8a9f2a" UNIQUE ("site_id", "number")
);
COMMENT ON TABLE "account" IS 'A personal account (лицевой счёт) of a plot.';
CREATE TABLE IF NOT EXISTS "activationcode" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "code" VARCHAR(16) NOT NULL UNIQUE,
    "expires_at" TIMESTAMPTZ NOT NULL,
    "used_at" TIMESTAMPTZ,
    "created_by_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "plot_id" INT NOT NULL REFERENCES "plot" ("id") ON DELETE CASCADE,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
    "used_by_id" INT REFERENCES "person" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "activationcode" IS 'A one-week, single-use code that binds a resident to a plot''s meters at once.';
CREATE TABLE IF NOT EXISTS "meter" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "serial" VARCHAR(64) NOT NULL UNIQUE,
    "mac" VARCHAR(32) NOT NULL,
    "imei" VARCHAR(20) NOT NULL,
    "model" VARCHAR(100) NOT NULL,
    "kind" VARCHAR(10) NOT NULL,
    "phases" SMALLINT NOT NULL,
    "tariff_count" SMALLINT NOT NULL,
    "multiplier" DECIMAL(10,3) NOT NULL,
    "installed_on" DATE,
    "place" VARCHAR(200) NOT NULL,
    "verified_on" DATE,
    "next_verification_on" DATE,
    "seal_number" VARCHAR(64) NOT NULL,
    "protocol" VARCHAR(11) NOT NULL,
    "topic_id" VARCHAR(128) NOT NULL,
    "has_telemetry" BOOL NOT NULL,
    "relay_state" VARCHAR(7) NOT NULL,
    "online" BOOL,
    "last_seen_at" TIMESTAMPTZ,
    "label" VARCHAR(64) NOT NULL,
    "qr_token" VARCHAR(32) UNIQUE,
    "account_id" INT REFERENCES "account" ("id") ON DELETE CASCADE,
    "gateway_id" INT REFERENCES "gateway" ("id") ON DELETE CASCADE,
    "plot_id" INT REFERENCES "plot" ("id") ON DELETE CASCADE,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meter_protoco_ce5038" UNIQUE ("protocol", "topic_id")
);
CREATE INDEX IF NOT EXISTS "idx_meter_site_id_c87705" ON "meter" ("site_id", "kind");
CREATE INDEX IF NOT EXISTS "idx_meter_site_id_e16b0b" ON "meter" ("site_id", "plot_id");
COMMENT ON COLUMN "meter"."kind" IS 'INDIVIDUAL: individual\nMAIN: main';
COMMENT ON COLUMN "meter"."protocol" IS 'NATIVE: native\nTASMOTA: tasmota\nSHELLY: shelly\nZIGBEE2MQTT: zigbee2mqtt';
COMMENT ON COLUMN "meter"."relay_state" IS 'ON: on\nOFF: off\nUNKNOWN: unknown';
COMMENT ON TABLE "meter" IS 'An electricity meter (прибор учёта) as the registry knows it.';
CREATE TABLE IF NOT EXISTS "alert" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "kind" VARCHAR(64) NOT NULL,
    "active_key" VARCHAR(100) UNIQUE,
    "event_class" VARCHAR(9) NOT NULL,
    "severity" VARCHAR(7) NOT NULL,
    "state" VARCHAR(12) NOT NULL,
    "first_at" TIMESTAMPTZ NOT NULL,
    "last_at" TIMESTAMPTZ NOT NULL,
    "count" INT NOT NULL,
    "details" JSONB NOT NULL,
    "acknowledged_at" TIMESTAMPTZ,
    "cleared_at" TIMESTAMPTZ,
    "escalation_level" SMALLINT NOT NULL,
    "next_escalation_at" TIMESTAMPTZ,
    "acknowledged_by_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "assignee_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_alert_state_f65c59" ON "alert" ("state", "severity");
CREATE INDEX IF NOT EXISTS "idx_alert_next_es_359b6c" ON "alert" ("next_escalation_at");
COMMENT ON COLUMN "alert"."event_class" IS 'INTEGRITY: integrity\nTAMPER: tamper\nTHRESHOLD: threshold\nOTHER: other';
COMMENT ON COLUMN "alert"."severity" IS 'INFO: info\nWARNING: warning\nALARM: alarm';
COMMENT ON COLUMN "alert"."state" IS 'ACTIVE: active\nACKNOWLEDGED: acknowledged\nCLEARED: cleared';
COMMENT ON TABLE "alert" IS 'An event turned into work: one active alert per meter and kind (``active_key`` is unique).';
CREATE TABLE IF NOT EXISTS "binding" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "status" VARCHAR(8) NOT NULL,
    "method" VARCHAR(6) NOT NULL,
    "label" VARCHAR(64) NOT NULL,
    "decided_at" TIMESTAMPTZ,
    "reject_reason" TEXT NOT NULL,
    "unbound_at" TIMESTAMPTZ,
    "chat_id" BIGINT,
    "message_id" BIGINT,
    "decided_by_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    "person_id" INT NOT NULL REFERENCES "person" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_binding_person__6108a5" ON "binding" ("person_id", "status");
CREATE INDEX IF NOT EXISTS "idx_binding_meter_i_33c3ac" ON "binding" ("meter_id", "status");
COMMENT ON COLUMN "binding"."status" IS 'PENDING: pending\nACTIVE: active\nREJECTED: rejected\nUNBOUND: unbound';
COMMENT ON COLUMN "binding"."method" IS 'SERIAL: serial\nCODE: code\nQR: qr\nADMIN: admin';
COMMENT ON TABLE "binding" IS 'A resident''s tie to a meter, from the request through the chairman''s decision to unbinding.';
CREATE TABLE IF NOT EXISTS "dailyaggregate" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "day" DATE NOT NULL,
    "t1" DECIMAL(14,3) NOT NULL,
    "t2" DECIMAL(14,3) NOT NULL,
    "t3" DECIMAL(14,3) NOT NULL,
    "t4" DECIMAL(14,3) NOT NULL,
    "total" DECIMAL(14,3) NOT NULL,
    "end_t1" DECIMAL(14,3),
    "end_t2" DECIMAL(14,3),
    "end_total" DECIMAL(14,3),
    "quality" VARCHAR(9) NOT NULL,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_dailyaggreg_meter_i_bfe3cd" UNIQUE ("meter_id", "day")
);
COMMENT ON COLUMN "dailyaggregate"."quality" IS 'MEASURED: measured\nESTIMATED: estimated\nMISSING: missing';
COMMENT ON TABLE "dailyaggregate" IS 'Consumption of one calendar day in the site''s time zone, and the registers at its end.';
CREATE TABLE IF NOT EXISTS "hourlyaggregate" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "hour" TIMESTAMPTZ NOT NULL,
    "t1" DECIMAL(14,3) NOT NULL,
    "t2" DECIMAL(14,3) NOT NULL,
    "t3" DECIMAL(14,3) NOT NULL,
    "t4" DECIMAL(14,3) NOT NULL,
    "total" DECIMAL(14,3) NOT NULL,
    "quality" VARCHAR(9) NOT NULL,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_hourlyaggre_meter_i_40c03e" UNIQUE ("meter_id", "hour")
);
COMMENT ON COLUMN "hourlyaggregate"."quality" IS 'MEASURED: measured\nESTIMATED: estimated\nMISSING: missing';
COMMENT ON TABLE "hourlyaggregate" IS 'Consumption of one hour (UTC hour start), per tariff zone, with its quality.';
CREATE TABLE IF NOT EXISTS "meterevent" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "ts" TIMESTAMPTZ NOT NULL,
    "code" VARCHAR(64) NOT NULL,
    "event_class" VARCHAR(9) NOT NULL,
    "severity" VARCHAR(7) NOT NULL,
    "text" TEXT NOT NULL,
    "from_monitoring" BOOL NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_meterevent_meter_i_82e33d" UNIQUE ("meter_id", "ts", "code")
);
CREATE INDEX IF NOT EXISTS "idx_meterevent_meter_i_6fbfe8" ON "meterevent" ("meter_id", "severity", "ts");
CREATE INDEX IF NOT EXISTS "idx_meterevent_ts_0e3e0f" ON "meterevent" ("ts");
COMMENT ON COLUMN "meterevent"."event_class" IS 'INTEGRITY: integrity\nTAMPER: tamper\nTHRESHOLD: threshold\nOTHER: other';
COMMENT ON COLUMN "meterevent"."severity" IS 'INFO: info\nWARNING: warning\nALARM: alarm';
COMMENT ON TABLE "meterevent" IS 'An event from a meter (or from meterbot''s own monitoring): the event journal.';
CREATE TABLE IF NOT EXISTS "reading" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "ts" TIMESTAMPTZ NOT NULL,
    "t1" DECIMAL(14,3),
    "t2" DECIMAL(14,3),
    "t3" DECIMAL(14,3),
    "t4" DECIMAL(14,3),
    "total" DECIMAL(14,3) NOT NULL,
    "source" VARCHAR(9) NOT NULL,
    "flags" SMALLINT NOT NULL,
    "received_at" TIMESTAMPTZ NOT NULL,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    "submitted_by_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_reading_meter_i_4008f1" UNIQUE ("meter_id", "ts")
);
COMMENT ON COLUMN "reading"."source" IS 'TELEMETRY: telemetry\nMANUAL: manual\nIMPORT: import\nAPI: api';
COMMENT ON TABLE "reading" IS 'Cumulative register values per tariff zone (kWh) of a meter at a time.';
CREATE TABLE IF NOT EXISTS "relaycommand" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" UUID NOT NULL PRIMARY KEY,
    "action" VARCHAR(3) NOT NULL,
    "state" VARCHAR(9) NOT NULL,
    "sent_at" TIMESTAMPTZ,
    "finished_at" TIMESTAMPTZ,
    "deadline_at" TIMESTAMPTZ,
    "expires_at" TIMESTAMPTZ,
    "attempts" SMALLINT NOT NULL,
    "error" TEXT NOT NULL,
    "chat_id" BIGINT,
    "message_id" BIGINT,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    "requested_by_id" INT REFERENCES "person" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_relaycomman_state_33a1e1" ON "relaycommand" ("state", "deadline_at");
CREATE INDEX IF NOT EXISTS "idx_relaycomman_meter_i_6f8a58" ON "relaycommand" ("meter_id", "state");
COMMENT ON COLUMN "relaycommand"."action" IS 'ON: on\nOFF: off';
COMMENT ON COLUMN "relaycommand"."state" IS 'QUEUED: queued\nSENT: sent\nCONFIRMED: confirmed\nFAILED: failed\nTIMEOUT: timeout\nEXPIRED: expired\nCANCELLED: cancelled';
COMMENT ON TABLE "relaycommand" IS 'A relay command with its lifecycle; ``id`` travels to the device where the protocol allows.';
CREATE TABLE IF NOT EXISTS "restriction" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "action" VARCHAR(3) NOT NULL,
    "reason" VARCHAR(6) NOT NULL,
    "reason_text" TEXT NOT NULL,
    "debt_amount" DECIMAL(12,2),
    "works_start_on" DATE,
    "notify_resident" BOOL NOT NULL,
    "notice_on" DATE,
    "control_on" DATE,
    "state" VARCHAR(18) NOT NULL,
    "executed_at" TIMESTAMPTZ,
    "command_id" UUID REFERENCES "relaycommand" ("id") ON DELETE CASCADE,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    "operator_id" INT REFERENCES "person" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "restriction"."action" IS 'ON: on\nOFF: off';
COMMENT ON COLUMN "restriction"."reason" IS 'DEBT: debt\nREPAIR: repair\nOTHER: other';
COMMENT ON COLUMN "restriction"."state" IS 'PLANNED: planned\nNOTIFIED: notified\nAWAITING_EXECUTION: awaiting_execution\nEXECUTING: executing\nDONE: done\nFAILED: failed\nCANCELLED: cancelled';
COMMENT ON TABLE "restriction" IS 'A consumption restriction (or its lifting): the journal of restriction operations.';
CREATE TABLE IF NOT EXISTS "staffrole" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "role" VARCHAR(10) NOT NULL,
    "person_id" INT NOT NULL REFERENCES "person" ("id") ON DELETE CASCADE,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_staffrole_person__837d60" UNIQUE ("person_id", "site_id", "role")
);
COMMENT ON COLUMN "staffrole"."role" IS 'ADMIN: admin\nCHAIRMAN: chairman\nDISPATCHER: dispatcher\nENGINEER: engineer\nREADER: reader';
COMMENT ON TABLE "staffrole" IS 'A role of a person at one site. Being in the operators'' chat is not a role.';
CREATE TABLE IF NOT EXISTS "subscription" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "meter_kinds" JSONB NOT NULL,
    "event_classes" JSONB NOT NULL,
    "severities" JSONB NOT NULL,
    "channel" VARCHAR(16) NOT NULL,
    "quiet_from_min" SMALLINT,
    "quiet_to_min" SMALLINT,
    "person_id" INT NOT NULL REFERENCES "person" ("id") ON DELETE CASCADE,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "subscription" IS 'What events a staff member wants, and where (the seeds'' subscriptions).';
CREATE TABLE IF NOT EXISTS "telemetrysample" (
    "id" BIGSERIAL NOT NULL PRIMARY KEY,
    "ts" TIMESTAMPTZ NOT NULL,
    "power_w" DOUBLE PRECISION,
    "voltage_a" DOUBLE PRECISION,
    "voltage_b" DOUBLE PRECISION,
    "voltage_c" DOUBLE PRECISION,
    "current_a" DOUBLE PRECISION,
    "current_b" DOUBLE PRECISION,
    "current_c" DOUBLE PRECISION,
    "frequency_hz" DOUBLE PRECISION,
    "meter_id" INT NOT NULL REFERENCES "meter" ("id") ON DELETE CASCADE,
    CONSTRAINT "uid_telemetrysa_meter_i_a300f4" UNIQUE ("meter_id", "ts")
);
COMMENT ON TABLE "telemetrysample" IS 'Instantaneous values: power (W), voltage (V), current (A) per phase, frequency (Hz).';
CREATE TABLE IF NOT EXISTS "ticket" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "ticket_type" VARCHAR(15) NOT NULL,
    "stage" VARCHAR(10) NOT NULL,
    "text" TEXT NOT NULL,
    "due_at" TIMESTAMPTZ,
    "closed_at" TIMESTAMPTZ,
    "chat_id" BIGINT,
    "message_id" BIGINT,
    "assignee_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "author_id" INT NOT NULL REFERENCES "person" ("id") ON DELETE CASCADE,
    "meter_id" INT REFERENCES "meter" ("id") ON DELETE CASCADE,
    "plot_id" INT REFERENCES "plot" ("id") ON DELETE CASCADE,
    "site_id" INT NOT NULL REFERENCES "site" ("id") ON DELETE CASCADE
);
CREATE INDEX IF NOT EXISTS "idx_ticket_site_id_108b10" ON "ticket" ("site_id", "stage", "due_at");
COMMENT ON COLUMN "ticket"."ticket_type" IS 'CONNECTION: connection\nTAKE_READINGS: take_readings\nADMIT_METER: admit_meter\nREPLACE_METER: replace_meter\nNON_CONTRACTUAL: non_contractual\nTHEFT: theft\nCOMPLAINT: complaint\nQUESTION: question\nOTHER: other';
COMMENT ON COLUMN "ticket"."stage" IS 'REGISTERED: registered\nQUALIFIED: qualified\nIN_WORK: in_work\nDONE: done\nCANCELLED: cancelled';
COMMENT ON TABLE "ticket" IS 'A resident''s request or complaint on the dispatcher desk.';
CREATE TABLE IF NOT EXISTS "ticketcomment" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "stage" VARCHAR(10) NOT NULL,
    "text" TEXT NOT NULL,
    "from_staff" BOOL NOT NULL,
    "author_id" INT REFERENCES "person" ("id") ON DELETE CASCADE,
    "ticket_id" INT NOT NULL REFERENCES "ticket" ("id") ON DELETE CASCADE
);
COMMENT ON COLUMN "ticketcomment"."stage" IS 'REGISTERED: registered\nQUALIFIED: qualified\nIN_WORK: in_work\nDONE: done\nCANCELLED: cancelled';
COMMENT ON TABLE "ticketcomment" IS 'A stage change, a staff reply or a resident''s comment in a ticket''s history.';
CREATE TABLE IF NOT EXISTS "ticketattachment" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "telegram_file_id" VARCHAR(200) NOT NULL,
    "file_name" VARCHAR(200) NOT NULL,
    "mime_type" VARCHAR(100) NOT NULL,
    "size" INT NOT NULL,
    "storage_key" VARCHAR(300) NOT NULL,
    "comment_id" INT REFERENCES "ticketcomment" ("id") ON DELETE CASCADE,
    "ticket_id" INT NOT NULL REFERENCES "ticket" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "ticketattachment" IS 'A photo or document of a ticket: Telegram''s file id and a stored copy.';
CREATE TABLE IF NOT EXISTS "unknowndevice" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "protocol" VARCHAR(11) NOT NULL,
    "topic_id" VARCHAR(128) NOT NULL,
    "first_seen_at" TIMESTAMPTZ NOT NULL,
    "last_seen_at" TIMESTAMPTZ NOT NULL,
    "messages" INT NOT NULL,
    "last_payload" TEXT NOT NULL,
    CONSTRAINT "uid_unknowndevi_protoco_0a8197" UNIQUE ("protocol", "topic_id")
);
COMMENT ON COLUMN "unknowndevice"."protocol" IS 'NATIVE: native\nTASMOTA: tasmota\nSHELLY: shelly\nZIGBEE2MQTT: zigbee2mqtt';
COMMENT ON TABLE "unknowndevice" IS 'A device that publishes but is not in the registry: shown to operators.';
CREATE TABLE IF NOT EXISTS "weblogin" (
    "created_at" TIMESTAMPTZ NOT NULL,
    "id" SERIAL NOT NULL PRIMARY KEY,
    "login" VARCHAR(64) NOT NULL UNIQUE,
    "password_hash" VARCHAR(200) NOT NULL,
    "is_superuser" BOOL NOT NULL,
    "blocked" BOOL NOT NULL,
    "failed_attempts" SMALLINT NOT NULL,
    "locked_until" TIMESTAMPTZ,
    "last_login_at" TIMESTAMPTZ,
    "person_id" INT NOT NULL UNIQUE REFERENCES "person" ("id") ON DELETE CASCADE
);
COMMENT ON TABLE "weblogin" IS 'Admin-web credentials of a person (argon2id hash), with throttling state.';
CREATE TABLE IF NOT EXISTS "aerich" (
    "id" SERIAL NOT NULL PRIMARY KEY,
    "version" VARCHAR(255) NOT NULL,
    "app" VARCHAR(100) NOT NULL,
    "content" JSONB NOT NULL
);"""


async def downgrade(db: BaseDBAsyncClient) -> str:
    return """
        """


MODELS_STATE = (
    "eJztXftz4rba/lc0/NLsDGfPQrKX5pz5Zghhd2m5bIF021M6VBgBaozM+pJsek7/90+SL/"
    "giG9sYYrya6aQbW68gj6RX0vPe/lvbaAukGi9biqJZxKxdg//WCNwg+o/wqzqowe1294I9"
    "MOFc5W2hr9HcMHWosL6WUDUQfbRAhqLjrYk1whq3wBbphkagChw5cDG1Xl1dzvnPd+zn1R"
    "v+79f8Z5P/RPzn94C/bvCfb9nP1/a/my+AtgQQbFXNfMm+yEJT6DfBZHXCz7QI/mKhmamt"
    "kLlGOv3k336rGdhE7CWxNnP67Pff6b8xWaCvyGAN2K/b+9kSI3URGAC8YFL8+cx82vJnXW"
    "K+5w3ZHzifKZpqbciu8fbJXGvEa43tIVkhgnRoIta9qVuIfxdVdQbPHSX7u++a2F/RJ7NA"
    "S2ipbGCZtP0Fds9qs9lgOJmNO5PZrBYZdFfCNybOI0UjbMLQr2rwv37FvsI/mo2rt1fvLt"
    "9cvaNN+Nf0nrz92/7oHTC2IIdnMKn9zd9DE9otOMY7UBUdMSRm0IyCe0vfmHiDxAgHJUNI"
    "LxzRl+4/wri7KCcB7z7YIb9bQaeAnv6BiyFRn5whT8B50u13xpNW/xP7uI1hfFE5fq1Jh7"
    "1p8qdPoacXb16w5xpVDrbS8DoBn7uTj4D9Cv4zHHQ4vJphrnT+ibt2k//U2HeClqnNiPY4"
    "gwvf7HSfuqjRlrtRd5ZeZMTba6iLR3snERppitg5ju0Gfp2piKzMNf31spkwtj+3Ru2Prd"
    "HFZTM0XgPnTZO/+jsA8FpTF0if8V8zoBwSOx3UtdpJgG6+epUCadoqFmr+Loj1As1Fygsp"
    "eANVMc6uSFhr2TIvHdljgf3qSFgnQHvbaXf7rd5Fo1m3pzFVRmwb9qF+FQGWbeOzTLuuT2"
    "L/1iuA09FdpdEShWy+O0DZyScboD6JXICWTu8WgCg7IC7vhacZ92gZRPe9piO8Ij+iJw5y"
    "l34jSBSRhnXO+GOnmzMD92939rhPdytKh4/eido/qejfTv9iZGuCdmvcbt12ahElUACkn5"
    "xuzksBpEXUp/fEiLI5O4fK/SPUF7OYybuhQroRxfrGkXv/4wipkP8JsTD3WR/VwZnjpjU1"
    "H14BJKOvNs1N+AkkcMX/JPbZ7JO8m7yJHziebfqgJrzrB1rUk6/8blvFbZvi5q8R9I9HhO"
    "7rwKD4qOgfloEA6wCYa2iCOR0Pg16o6ckfLxC9pJuac73+zgD2fAG0Gf1MJLrjF9y74DYv"
    "7+7y7l7GrbDCd3dXvaS9U7rti7lMPu+CClwmG29S3CUb4ZHaXSXZq+D5HH3dYjpQORZUUL"
    "KCC+pMFpCLSeIKortgHqXpEytggMt5AqvE+Lq72/wp22U7Iic5jCiHcXpSqGyqULJCZUeU"
    "a+qsqz8oJJe+JNuqTradK6R72TaBLigCVe4xcX5qIC2sQQW4H9ndcUmCuxfcyNkyK098VC"
    "ZURbrY2Ym/qCfynl6T/XQnAeiB84yWTtACULQ08Kjp99eMqQScQaX/Yx0y9ySbggSQLMA9"
    "HV1w8ccfdpPZPXr64w+ADWDPghcC7vOoH7WfCP2tRie8va8Z9Ivo2Hyq0Sa/1Qj6as4oLN"
    "Bm8tl98nfJmkrWtBTKrMKsKVvWWVhTt30FvZ3eXKXgTd9cxfKm7FXwvrXTlVkgDkrlAjp8"
    "GCgTO53K1amR4OrUiLo68T1tpqjQENiJGdIdYm0iJ64gUx3soszzmynzzodRd/LrNdvA0Y"
    "pto1PCFEFnRMcWbujWTX//OOqMPw57t/TRmmoM5kQ3JcPJR9ZI4xt0jvH7PsXofR87dt+H"
    "R847BeQcNr98ycfs/ZAN11Kbks+t0aA7+HAN6BGVUOinpNVrjfrX9OAF9U2eUUna+t1ReR"
    "s7Km8jo+Ie0nINiSt8QjdNW2fWMo5Jqz3p/ty5do69dBTaPw6Gn3ud2w+dW/b0nu6aKlrQ"
    "u8GUtHud1og9puhBHS3yjFIjjT9tI96fthHxp11i3TBzHNn8chU8sJ3JAS2V1YbuSHlG2C"
    "cmB7jUA+yFRKU1x7ntT2fjaBzraFiwgWOBTIhVwRnwh/FwEOfy7omE1wlWTPA/oGLjaLjW"
    "/r20iMJQA3MLqyYmxkv2sf+XcScrYt0wiAJLxt13LvqtX8JbUrs3vAmvBdbBTeQGtNtDcy"
    "gxgbh0MSi1LrMPR3lIpICkHOUyj7KPp1Xp/UuNjvV4A1U1dgcTyZ9uMztWmJGzmV02377x"
    "9jH2S9IWNu63er3oPiZgwzMuJ3EPclmVeVkFdrusbhpiYemuEV1c0DDwiqCMvkUhKQlsFF"
    "huLMyGql9Eumzt9y3auHFMB7oVpI2HKhu8ad0K/PNqv8eGu7YLALbq/hohNZgC2+C+JCHe"
    "D7FwJy+VXwwhmkXHaINicgH539cTvWTCLdM4y/iF7Ng85kz4neEF7BngArIR0HSgrDUDER"
    "68Z4j9YQ7rTcb+SS+WM9k7K+zFYtLbbnS8J/SpeKzd9mW2GBdyBe78MknmdL1h7A0HH9zm"
    "YaI3FOmy1ky2eajiG1S8Y0tEUObxSZPHh7lnGjOLmFhAtDGdJkY7JJak0M72LCVCmekjcW"
    "xWJruQX+Ygw9D5IHcUC9DZuZIsdLg0M6qL2u2o9X5yDbjslHy6u+l1xx+Zt8jWmtN5smYe"
    "JGwXpO0+D67BIzbXtO0jCR9In8EDy/uGOc5MYVnJL5eZX/ZmXY6RDsvKkS7zSNOXay0jFR"
    "uQkfS2jEc+DqIycPaUgbP2opak637S1a/9SsW1bvFEu0ekJuJZ3Xf1RI51i02vVYrca4wm"
    "+uejTqcZ4HIsdzkLDrRDDbg7AbiYY1WluNdBo/0CLDUdmGsE2PkftD5168BQtC1aMDqVTV"
    "dDlITtGB8zJVPCGC4Awfhj6x/N129Yr0zG/ghsgHu0Nf/lf2QaSF2yN8ZaeyQ8q1sdPK75"
    "K/YYG4aFFpLslWTvOe0mFSZ7syYPP33W8PMOpuN6cbaGxjoLykGpyiXVKz44dKujJf6aiT"
    "/3JKo4lQuPjXIOyplYX79MOcIB2OdVJhxAgWTGj3zRMbnRNBVBErNd++VC4zKngscaEO/J"
    "abG/GQ57AexvumG73F3/pkPXQ6hmQZS00NEDVcx5jkhBScn3lZnv48F+OdN3hmXlSJd5pG"
    "UOz9PxkTKRV2GJvOi3AIO7Xu/ZWDRrgc0OMfWnmohH272tJzJprB3y2u3l0j6vNbDAC/C4"
    "hqbDKbFUWktd27DfdHTNsnHpT2Cr4wesIvrVeS4CjUQJswP72k9d/be2w7LG0m/Vefpuqr"
    "sM2okHsQOdM1ncSV7jjSkc/Je/WUYv+8M5UFlzed3g1bfCjX3fbF5evm2+unzz7vXV27ev"
    "373ylFj0VZI2u+l+YAotsDHtZ9ByhORKxqxUp4Y0jBldipo+o8CLQjUTE1H5xaS3XhpvvZ"
    "3aywCzuHZRFWid4nkzbf4nUkwbpAwoh8QqN5mPBnQ2H9+AkAR5P8g6XuFM6mInUTl4j6OQ"
    "VVV7RKJTZhLj6JM6Id/oHkDPlm6UCXhKxrjbZ7iMmQRM6QdYC7JEz+sHWEFAE2g3Pv8k45"
    "YiTtjc47EWnrUFgJrSufJMId3rW/k87OUNhc3+8yLUpfuqnsRbzn2NUjkA2oHP3xnAxMiO"
    "ieYJFeo23cic53REB9YwWWZhzVqt+TNlDbFO/wgqxyrGM9qQCVvE+XyxF+ARPytNPYKtpy"
    "VYsJFl2OUIvDwb7kPp2Ccd+0qhyipMUzprLTLi6WMFrRPnbqfaw9OsWcIFP3UGtzwBuCPP"
    "Uk8HU1GPOj902hMWQagjxqiwAMK7wc3wbkAfUS2nWSRXCup3KS7Y72Kv1+/Cl2uqJ9daDE"
    "G0f8h20iccMgPpGKpZR2zcGXVbvWtgS09Je3hLR4vVEJ6Sn0bX4ItOx/C23x3QIVxscK7A"
    "zjR1e+PL9kaq9mbm+6vL9BfP27FDxyLXDhWUlN42Zfa2sXXvjG65hsimE59gJCJYgSV16j"
    "wjzi6XpyJ1QFIusTIvMXqRE9uYkpxAfEIVItRO4gviP7sZBlyJqcwk8INyEv+8+LsHgayu"
    "nBG5Cg2BzEVbYkxtqixjkXu/jER1v/Vjx0eeyvxRNoDTkvWBqbXfACJTJ6eDNVvq5N1mJC"
    "12e6GN7NxlMjLdQqw+tVb0bL+C/AtFbE2hFvUkk9OCtYWBtnstT22Kn7Xhv7rJIBSoIrKA"
    "OljAJ4AJN/046XnZ1Q38RRvVuSO8bShaYYPOXgNAkyV2AFQ2anQ63scI7E0+UxLt27Yj5c"
    "0XId3iiz2Kx9uf2FBF4I9Ptek0PzDFZkk3DBGqghybZkOAGNV3G6iKQbMFwpjZEi8dyWOh"
    "dqwSQEmQddrdfqt30biqX4bc6Fyu7CqaiqGZFdSmBHUvqJdZQb2UoO4F9SorqFcS1L2gai"
    "YU5XxOxNWVkdAmQUuPbLPMW9ZO6GBwy3mDKRberJvXTkjCmwLeHMohICdBTgb5iwVpI8FF"
    "IJ1zi0/8hMbfDYKG5Zanz+Df0u+0xne8vr3bw5R0xhOKGndCQga9yUDuhdTvjsfcd2mDDc"
    "P1fXreFOaS7D86LS3Z06LY0+dh9z5QqB+hMPuF+6qexOetfI1SuJA7zcE/wdR6ddW85D8b"
    "7GdjyX9e0VeKttnQ8VWgyRO7QtP2/DYA3aDuXW9vkdN4wb3LtK7S+/tM1FCVvb89v9y0/q"
    "o7CZluNHREijqscp2eBV1PoAKuiyfImrtVoZIpIYUnUDl8jxLGz9MUGgjlKV4TlpUeoWX2"
    "CJV1VmSdlRLc5A6IBQ5dmwUhbTeO3PsfR0iFMfmfMl6Zy6mSIjj/fcxr7kfN0vd4sYSb1J"
    "OuvWve+HA/FtYPuLibtO1/0aWlmy/qYIvo1RTqeLl0XExYmTXuUuKwh6m8Vw7qPNlnhXUo"
    "nVbOw2mFj1XGk5ErU8GrcpWORNK5RjrXnAmo0rlGOtecB6jSuUZazqXlXFrOpeW8FHxLWS"
    "3nP2jzkUVqAibBeVNPIhD+1Oa6lbL06mSNAKOqAZVgd3sIDGWNFpaKFoD2UweGZhuyIUub"
    "xm75gCDMbu3AuMdbAxBNp2+2CNI7Pjaj3MExPkAaz8tlPH/e6pglMqEexcrHLUl09eQ1Qu"
    "1EJeNSOsYlsok/z4Zjb/SC/cY7AcRvN95hI4WTFgF0i1XokCr0sG07R4EL5j51yZ2orl7x"
    "f7/jP7lz1SWyn3OvqyvudXX1lv18zV9fNXmjVy8ANHxxkvoTuKcoi3ek5/oSQtZ7q2umpt"
    "jZ3U1tixV2GgmT37955rN7+tTOFuo+2apa1lJHcr+TzmLSWUw6i5XMWQwqWbB1mlfOkeky"
    "TU3qy/ia1JeRmtRUkeAsyLrtKwdtM52LWIKHmHRwPO3Vhx93hPDuZ3Rd2RMizdLAP+CFlT"
    "3Vb3dw2/25e3vH0v3uepmSfotl993AfMl9G+mGJGFEIh6na2gggW/ReANVNT4hlyd1OvK2"
    "cdyz5WXz7RvvWMl+STpRjvutXi+a28x2lKE4WURwkEyGNCx7OmCb5Qd2Q78Y3qpYxIEn2t"
    "qCgs9jcDvWxE1jcHuVweCGmeJVVXqZEaWOi09cE5Y7MINNOT0QhShHE9hIB/7jOvA/0AsY"
    "7S7rFA2JfcszlKCv5szGQ+E+wxmhjJP/ljE1EFRn9Pw6F+1PSWxCQKxyGqB4SsFPrua5Qv"
    "jlTwg3gaweS9YrxKBlV3Oxpadk0hr3h5MWXSvQ2GgmnJLxx06v9+s1MNZIVZ+m5D/dDzed"
    "TrP/02RyDf7CqzlCzc0X08x11WikuWo04q8ajaivlMOGZ1gifpkKFrZuNNOU0qGt4mFuRs"
    "rp0LvZzEQq2iBTF7hPJVasjcjKurXp69bqSIVPM1ZCKuYIuF9Bhbo4oY6yCLNtkaxKaji4"
    "BhqZkuH79/QfyyUrMPXjYPh5wApM7XrMuC6SrojuqngbuybeRupjExUTwZgkLoWdUL41cD"
    "4nmgKXgAywrbJvgywMdqJz7hd9Zmr3SHAxi8fXL5ML4vBiKZFxsngbGlQ405q1qLlfSFZM"
    "iep/J6lSNliDQhJWQdEUVcs4VX0SEtAooDI9hEwPUYJwhb3pIcJKoABIPzndnJcCSIuoT+"
    "/tR9TZzwsAtbXrqZq4Bo8++6H1pXo8EFpfZslqQhs8/uRPEwNVpJsHpolpsT4qpHADc3KO"
    "eZ30AyG6wV619iqCxGsuHYZQtMRTFYGys/ochpQgjVAVoUIPiByqmXjcSod1VFWUmKP94e"
    "ppZPdSVZBYQmZIFgeDpMKntt1VVZFiwbc6VljfB6Pl9VRVsAy42aoiP9gsOE1cw+mY91ZV"
    "rEys3KND1fmEd1KdQ/1RExL69r64iE5vZ9wT1om8dqliO1lrsNS1DYBuXKWm2w/4r3PN/M"
    "4A2iMBG41gU2PYvbjmMZO27J/0hEOgKg7aLLT35ByE9nxVKCqCYEyvlYGYZ5udNYZK/M6m"
    "/W6MnEc19HVLlavBFaszdM6QOHPGnes13pjCzH/5O1NMp0x5yN6dIuWhSJUlW6pNUehDFY"
    "I9q2Sg5ms9MrDx9lO3fQXdzIo3UHP1O1NUaAgWTzpXp1AXJ/QK0Pj+kA15pkc6H0bdya8s"
    "nstEK7ZNMJ/M/qfOiLlkbrZIp79/HHXGH4e9W7ZL0cm81tTFlAwnH1mj3ec+b74u/y6XZ+"
    "T88icNxltq2Uft/ZAN2FKbks+t0YBnTqMHMkLBn5JWrzXqXwOoQn2TZ1wKdlMz6VkhOiYT"
    "+jRmG3LaV8ChJmnj6fwyCew5LoIX/dYvLwL7Tm84+OA29yHe7g1vQlCzM+Zsd6gUHL+SXA"
    "MF0if0k/WenK2XoI4UhB9y5dsIiVbwDFbhhBsyUaRMFFkSo2tZE0UOLXOufe0jw4B8okTY"
    "nmCDehLho/GmG1/TFEUXiWZ6oX3AoBscWoA5WtL/A2wCbACDHtv/xTkY+q8F0sFGe0AsJx"
    "YwNf4SMA4HYhUtRGUXC+9/f+7I32osoMLi4PDwRVN/YvsHT7vFI4wy5tuS3MypuBmZmOtb"
    "PCcoayh2d01aeD6hCnm8nmT9+XidDVWsWVgzT6ACl9BQ/oLXaVgz2io+f8HrCG9GJykhcX"
    "Ez+5kXn/gJ8WYBoSsdbrKSL5NOr/Nh1OrTteX0MCWdfqvbuwbetMk6KmniZeOjZSOxsvH5"
    "qMTT/RlyULkszzlG2Wzhk6pBAcI/jIeDmMCFnUh408aKCf4HVGwc7d5X+/fSItzRAcwtrJ"
    "qYGC/Zx/7fM/BeDKJk3itMcYU2YtZBmPeCpgmV9QaJnJ5vMIH6U0zkU0AuTHY9mbbrxHnt"
    "sEmbpQOnhz2F/qY7aI1+FZOONwL4b36ddFph5t27h+Ti3T3pE6qfLfLcXbPo/k+dwS0n2x"
    "35KRm7Twzfkwn/1ZyS93RbYJVO7ItdCch4OuPRZiuyDSfncfPLnY6wOlZRnwJzuPlv3hFM"
    "k+9yIVEZGF5muzsP40e6rgloyHhbVlCqApeJU1u0mBrNsbR8YnJZlXlZ8YF6wDD34cEnX0"
    "h6gOOM7TlcGjmUDq2emaYSCEu6Ki9dtUALazu7RzGuLOIRCAhVLVPGUbJu2jaSDBB7AhXY"
    "yI+e0xDpBoUoW3YHv0yF1MexrOI2XlGAswfPex2dF76pw+f9E6tMdnEHeIFBfDck8Zbw3f"
    "inCXt40gjyAhDskk/XdjVDvKC7d52VPDThcknbsNytdWaQpi3XoiCHg/qSZRFlmShpjX5u"
    "a7R7D8l81A8JFrJPl2F9nfiQ/7zFSEt09jzK2X5LMcpWscAVqBy+xds/pTvFcd0pVE2Baq"
    "bZu5MoMQmWE+KCaS7pq1Iu2pF9Vj6SPygpef4y8/z08jebUy11n+ueEZWWo1220Y7wVPGM"
    "SvTqyaKUD83xppj4gbdpOyHPZzn+yUlKLEOClRosigedoCparJjaOGEawbMEyzDwikig9g"
    "NFiGbRk+Hm8ORvLV9XVUVri+38/YdCtcUTtwxAFWGyFljku5oFIdZFhzgFjiqIkZPndMbq"
    "mxqHp39Ln/D0jMGSSWGTQLIjSQ+DKBK4WsHJZFjzDTbZOf3UyTzPES272NmzZPQ8T7iMZ0"
    "noeZZYaQdn8xwzs/xIq24eT6qsvM4PxcrXVVXh8u59Mv9puTLEnuVssiHim9/h12Mbqrbd"
    "V4XmVCaHsh22j2g+U7UVFjj8uagOCZpo9Md+bD+jec/tq0KwZnG9YwWDRI53TiGhBLc7t0"
    "WKvDOsLdCWAIKp9eqq2WA/Gwv+7yZzioNgq6MNNhC4gFuom2yqv7AFWKguOyaL0s0U1a0w"
    "u7Bb5Mqp4R5OLCyd86RzXik0QYWd85ylFxnxBPcwT6KCmX6PUCh1sWDJzrMg7BOpnBvTZS"
    "ofvMsEH7zLqA8epOtztmkK9BZS8AaqMTDvpMI6yxZ76Yif7dFFBPFtp93tt3oXjVf1ZijR"
    "qIv+VQRgWe5Tlvt8hpN2PWu5zzSeIE4lxoP9GipWsDLkKnd6x49zmZQBoHhkUhGV2So6kS"
    "TXd+paRz9ZUIfExATZJnoB8RBuUk/iIL54jZHXeC8d0SVbywTmGprgERpAR38ihY5aHTxi"
    "c81z09Kzl6GRa5bOdk0x5IlrMT0lmuoTUOkVJ8pFFNRnqnS3mqXb26w/XbrMcVvOHLcyG/"
    "63SV3sVmmufC6edJlpjFr/p8nkGmy+mOaUtMc/XwPFeJiS1qfuNYBbPCXvh6wCy1LLV4Al"
    "TUhRfEBRJJxI5rk4Ls8Rmw40Pi9YfDrQc8Q4SXsdIymYfaLIMqN3EmVWK889qTOEcBzzrO"
    "y6hwnOyD7Psfizse5rtPdM3LY2FrvpPLCD6gobrFznA1QtZIAt/acJdbxcgr9YvouL+89r"
    "x4hml/WkZ14I+FEkciwurtu9BUAPss/J8/CpzsOyHmdlQt0Ch6tGRvuGLfAtmjau6pepTR"
    "tmVrOR+c1ajDLBepkV1ksJawpYr7LCeiVhTQGrZkJBooZkZF2Zg8E9o10zF7rnR9TwNBj0"
    "6Gvz3VnzYPQ7k9GvdiIM3seU9FuDu1bvGtCbiAXVKen2Pw1Hk2uAN1tNN3d8Th4Op+Dixk"
    "sViqJukpP2e0IyYz+QxHQ6nKtLTMsyrUV5q4oiA+dPGT2RopIy46+sg1uQS9L+Orhxs7gA"
    "cKueTVmwdMuUUzkQMyvkkIMxtUlEMm2p+FqmCPjgMsARsp0gsGkAFS+R8kQ3vX+BP/7Aiz"
    "/+oMjCB/qBrPwv85JYoAesIPC4RjriD7a6ZmpUXwJ6wtMeDVEUyFE/K20BYvtqQE8NKibI"
    "qz/sKSq7STYnjbu77m0GStqy8OIlk8mj0PYz077qefyT2I+r5yidZ5tx7BOU/2zE/3QZRS"
    "JPvOETL/Ri4fPc8HfSZbaZ1oaDa6CRKRm+f0//sVzmuaxfprGfxltPI8yKqxZzESuu8Al5"
    "FdrUQouMKq32013njhU3tKWDhQ/bw8H77qjPXlPkl1jfsBbBcohTwub48I4KMd2hWVSu88"
    "un7og1QV+3WGdt2q1Bu9PjYgoDTM1ZSLFgQkYWJsu0d5VJdaay6y0xwcY615YZEpXjXOZx"
    "9p9cM45zSFSOc5nH2d5PjBzDHJSUo1zmUZbljWvFGksyV7yVxW7z+7Uqa2hmLsfjE6oQgX"
    "7iYjx5y57KiqdF4S9tc0Xb5nRE/ywjj21OIFmhqS1tc+dkm/PPRWmb2wuuYOnmz8kgU7M+"
    "X8C4HzGhETMAaJINM9gwhQmT/aHWhj8APnFwoemufdGkeL245rbDPzVLJ1BlASz+xtqWjT"
    "CbOSLL5TE+QpaVlZnrzmSrlDZHaXMs2OaYFBO7H/fziI+t3XZuJtdggebmlIw6n1rd0TXd"
    "EbYQ63QsJh879FeN6/4c4/EmxXiE19VuPN6Ix2Nmoq8C9RdPn4XEJImWmURjs2MGN24asA"
    "yhIyHJbzE6p5kh++Cjpt8bM6pQdHMm0jxsjxcDHZVM2uOrhTTdosOFwDUTL59mdAvGCySa"
    "tDeapiJIxFgKpENgzqn4sbSG9+S0KN4Mh72A4rjphjXDXf+mM7pohGazoAw7xU9BGSdwQO"
    "hbnrtU2NQ1NSN8QalvGb+z8xTbqqz8dWZXsU+91mDAXLgc+Smhrbvvu+wR12CYPWt9bnUn"
    "3cGHWeeXTvtu0mXHbPgIMaMCZvQ7KRbrjzmJ8deDD8xNjD8lqym5pRcaejjUCIo6mhXlRN"
    "ZIU/y6EV/9uhEpf23/AbmuySFR6ZlQZs8Ex0tfaIiJ93cPSh3g934+I7vXy11aDY9pNbRJ"
    "VS0jrCEpaS2U1sJnsRa681BaCvcCG1qy+7H1BcIdCG01q1qGAQ7u3WWKkBzbt+GIUdGtUx"
    "BvTXQLIqQxI67o90SEZXxmFajoCBtrvAUX0YJVL3jFKgK8SlWJpa+K6laaC6W58Ez2ygqb"
    "Cw3VWon5j5j4Kad9MZTH8y6ooPkpTdLnN/FZn99E0j7z/2eA1m1fZgtgTnCbqTLkNhMy5D"
    "ajaZ/vsegwlI66c2VPyNwZ9paThbUb83hOFs55c9ft3XLCzd1D87BnacizeO4sQp0xbc4y"
    "6GaZ5H6ZE4LfsXR63v5nXzMUqgjPVKG4NwZjlitQQSheIabgxC7zC/g0YzPZsaNuRHWBk4"
    "OexD2cjhW7ap5BABTBq7V5INBxfZwO6sbluzPA2kncPnukfwo9RdpY0VmaFe+kfk6H+TnM"
    "7hBSiCwKwNvXywnRfl1+tOdYVRlOdCPE2iL//E7q54Q6pfyA24ldZ878NGZLTZ8FcshmcL"
    "TZ25d0u8ngdsM+lKVCyeofGZaTDpKZHSQNa8vSGzMC22QUbgT9BPYlKlqBATgBV2AX3KTK"
    "4wGjR6aqBfFUP4yHg7hLq0g6THRixQT/Ayo2jqbxfZnwGA1gYmK8ZB/7HMnwGFrJSyO8Cu"
    "pB8pJ1EPUdfsA8oohtrYrQGXPPlUrUwem25NdncOTEmzlUGSmWF2NhByc89pQU44ivQZoI"
    "z1NX3S4bTRwb2inLbucAChJC54GCmLH1UMB8XVUWLmuBRe7+WWBiXXjlos+LNk2F0Yr+OY"
    "/C41IWmD7YvVR1Ip2y3P1ZArRVtUMV0ifaRVXhMUy4XM50TT10mxuzjka0n8oiZc29zg/F"
    "ytdVVeGyL64HAjXhnVQJoqP69nlLUOTg51+fCV5+rJnuNktT9IC2tSvYbrnXLCthy0rbMn"
    "fBl+AGMW89THguD88K/B1gZmCADRYARCVZH8IiB0X2LSymu/U8fV33Rv63H1RXV7oDSndA"
    "6Q6Y2R3QVTp5fKpc2TL7r9Vat/0ui2pcbDCZkvbHVnfUb9EHVF9hnSr1Kbntjj+1Jm2ezG"
    "KBjS00FaqppqQz+NAddNhTRFaYIPZs1GnddngODLjIl/WikYbsbsRz3Y0I1W1r02zhQwEZ"
    "GZYlKrRGd6aMBdZ2EhLR/fFYu0PAqeKGygZw2riWwGJNUVwNiyLcM8PqxqZUFFTfai1VpJ"
    "D/kiq6UIQusQl3inDLvdeKz+wIjx4Yl0yP8PxOAjZoM0c6eIT0YR3wqme8iNkFO/4bCC3o"
    "0T9wR38RvVIU2K+MIZKXhjNRRBW+NNghwiykIpNXRUisHO4U7PMq407BlexMUaFhiJjl+K"
    "GJCMrBKXxwDAqyjk2cbWSCUnJYCh8WZc0SJKliEiRm79qJnNAbj/m+rnS4ORbwIZ4iTXrO"
    "Rnx+zkYkQecXCyNzttS1TZ6Qjqh0hSKZinDzsgGiu3ZucHeyElrJsEmG7SwQlQybZNjKCW"
    "pJGbaJG0I0hput2GofblJP4tm8kCRj13gv1WZPDvof0iwDPEDVQsY12GqPSAcXn1/UwYOm"
    "mvT7g4uf6S+Kpessnc5F6wWzyYPtGrJOl7z2DFGewMXHvwS827E+RGjT99Kr0UlykCE/Ka"
    "K9YrTcSQLY48k7kZ9QMmknrNdZBbLuTMg5F5NEdo4v8NmjYINSNRh3Wt3JhEZ3yYTO7/Sf"
    "MKC3w7ubXgd8GnXa3XHXYRS8EeQv2aNdMOWo0+qFzq6O5pzBTCgHpCTOGXCe58J5LnHOiL"
    "OSC2dF4pwSZ+eQlVFvBKQkzhlwzqY3AlIS5ww4Z9MbASmJcwqcvVvYbP1XJqjDghLtFGjL"
    "NPdH5yZlNvZ0JNr+bOzPxKLZMUIi8syLHkrgzHZt0gS7OKW2vjOAU22ZJZpWtM1WZcgBzQ"
    "5G2fluA9rFvTC0JX9P+z3PfvN4YYOdivnHUwmqX3+XTmnSKa0UaqfCTmlOzh4+WpFhTxfQ"
    "Euqi1HEt7eFg0GnbJbvoIBOk2KW6Jq0fOzMWptIdfBhT5OA98lKoTQmLhpnM+p0JC2JhMT"
    "HmjO8wvLprr9XuuO90RFWigty3g+FgRj9xMmq1J3etHv3GFBheVY7qbguq9HM/dt5PePXw"
    "pTkl7WGfdtdl6Yw97TolP93RQebfmOte/n0PrSLbeJ3GT+V1vJ/K67Cfiqe980whT/iEjk"
    "E6WmGDDhPKXCVu1PnQHdPxZmXadr2wgWr1nGJxX+joOtXiuoPZ5+Hox2uAyYxVFA1WgCus"
    "4lvhAVJZU96dPtXdM1k2jlIN2D7yZNx4d1KyqF6ZbUuKqhn5TlZ+QTnGpR7jPLnmZYb5Aj"
    "LMb5BhMHtKVvCDchL/vPhDw8ArgjJ6JYakKgR/Ya6eVN+ss1a4DMhISlWoLk5PU1d8orK8"
    "ZRn9vHcSElDp5H0cRBMMKdIXuRBf5OhuVQColfebD+zR+4HdOikdD4U1XWbIkmnW1LEIuw"
    "1lP6KnNqOeKabZalq7B/pTaoAzBTZ098lqofZhbppQWReQx9o2P7e87iqkfYMsjbYpDK22"
    "3VeVoDq+74NvisV6QQSn4T5/CBhsncIzYrvWTI25MFCkLF5xm+fttLu7BhMnYvw7Ayyxig"
    "Be8Ew7LAcPVWQLoGjbJ5GbRFHdymw90jHiTBRJlR0jnOU6Y4tVeBdPqN4rkJUFqNIUoOKA"
    "Za0IHhCSOKfBeUP1TYLTTwwN6heqHM6NVDg3EnBuRHE28F8CiBNYvL9E4B6RwjtylajiGF"
    "F6SGLGunskKIiZUAkwKFa5SXuZatJeJkzay+ikdS5J2QjooJAk9aNT2PGTzIRqQEYS+/uJ"
    "/Z2P/IEcVOXKedRDJFRgau2n95Qd21EIsunZk5KphbT4BhVi+aJQ3AGIpWF8I7SPg/FNjj"
    "QEDHf3ZbUEyIq+d5MbM+fpJ8afQH/EidM1q53icin06RqznV1IwxTbuSRjJBlzJoq/wmTM"
    "uQUX5IhMkUEF5QgqONrF7dQhBTzpK9/8BMYuTVMRJDF0WkAwhPycSh4Leu/JadG/GQ57Af"
    "RvumF47/o3HTrT+VDsYuDL4rFZsgOyvDeXFVV5bz79vfn0bnElUwcFesWV3SXmTJA/qpvH"
    "Hbmnp3hyix6wgmoCciHYoJ5ELlh208WuaQpywW4NTFY+aWvNVWyskQHmlldn1anCah+y9a"
    "drYKzphwDmu+EWZhXxCoX1Ky7uqmumpthnK1PbYoUtBFna9TmpBv+Q5Ll3+uVLffUctCbd"
    "n+nlkVCN+IBYMoRxfzhpsTQIxkYz4ZSMP9Lr5K9sRtO75NOU/Kf74abTafZ/mkyuwV94NU"
    "eouflimrkumY00l8xG/CWzEblkuutHOHAxB0afTJkHK69xu/kuDcrNd/Ews3dhZw3dMGcG"
    "QiQHHRcRriAjdyYMnItJIgWnwvxjHZaVQ13qoXYCowXn532x1KJE50e8bjdKfbIIrZ0tfF"
    "I1KNiU4tnPsJxkQVOxoBGa43nMrJ/RvKetMKkJLkHeu8T7zyOaq16r/VcfVqz9H1QGKDpi"
    "Bk5M29k+6HalFnAB9ZVGmngB1tBYv6iDR2yu6aWFHlRNlY4as5WaSHD5KbJnaVEt1zVHWl"
    "Tjoa+uRdXTK2kvSJ5AMZvQ8y6pwN3ozVWKq9Gbq9ibEXsVyocADeNRo/sHU4ZZQI4IVvAq"
    "ehR/dmzMDIvuRZYhCuxNNHeGRaXBM4PBk55PlHskSryUBLlPSqKdAe0lxCrfb0202YrsG8"
    "n1SgXilQk0KKJgqT0rZxY93wpI3z0UR0hWJusrM8PBL9b8RJOXzfILy7Eu81iXpAzx2d8h"
    "D2JV9pfXHRI00eiPor0hyjUQqdPZ7C+tWxxR1UI6VtY1AU3lvKknkVRw12YfRRUPkySFyk"
    "UKPdD5h0XLNP7u6hOp4q31dZqM+bRV/K31dSRnPltUGRB2mlcQ3aPEXrNCC8KItR/Gw0EM"
    "o7kTCR/qsGKC/wEVG2fs2ygCl4GRbHUJG1hCZzTWwbNbXf7+fzUFYWk="
)
