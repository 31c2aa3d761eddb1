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
CREATE INDEX IF NOT EXISTS "idx_auditentry_object__d5c19b" ON "auditentry" ("object_type", "object_id");
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
CREATE INDEX IF NOT EXISTS "idx_ticketcomme_ticket__0ff601" ON "ticketcomment" ("ticket_id");
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
CREATE INDEX IF NOT EXISTS "idx_ticketattac_ticket__448d4d" ON "ticketattachment" ("ticket_id");
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
    "sM2okHsQOdM1ncSV7jjSkc/Je/WUYv+8M5UKad40ub/4kU014YbKztX+lsyZbp6wavvhXm"
    "7Ptm8/LybfPV5Zt3r6/evn397pWn4qKvknTdTfcDU3eBbWs/v5YjYFfyaaU6U6Th0+hC1f"
    "QZBV4UyJmYpsovJn350vjy7ZRiBpjFlY2qQPoUz6qF9pi0KIfEKjeZjwZ0Ng/ggJAEeT/I"
    "Ol7hTOpiJ1E5eI+jkFVVe0SiU2YSH+mTOiEb6R5Az5aMlOl5SsbH22e4jHkGTOklWAtySM"
    "/rJVhBQBNIOT7/JB+XIorY3OPPFp61BYCa0vXyTCHd63n5PNzmDYXN/vMixKb7qp7Eas59"
    "jVK5B9ph0d8ZwMTIjpjm6RbqNhnJXOt0RAfWMFneYc1arfkzZQ2xTv8IKsfqyTNSkQlbxP"
    "l8sY/gET8rTbWCraclWCiSZdhEppeFw30o3f6k218pVFmFaUpnrUVGPH0koXXizO5Ue3ia"
    "NUsw4afO4JanB3fkWWLqYKLqUeeHTnvC4gt1xBgVFl54N7gZ3g3oI6rlNIvkSlD9LsUF+1"
    "3s9fpd+HJN9eRaiyGI9g/ZTvqEQ2YgHUM164iNO6Nuq3cNbOkpaQ9v6WixCsNT8tPoGnzR"
    "6Rje9rsDOoSLDc4V9pmmqm98Ud9ITd/MfH91mf7ieTt26Fjk2qGCktIXp8y+OLbundEt1x"
    "DZdOLTj0QEK7CkTp2FxNnl8tSrDkjKJVbmJUYvcmIbU5ITiE+oQoTaSXxB/Gc3w4ArMZWZ"
    "BH5QTuKfF3/3IJDV0TMiV6EhkJlqS4ypTZVlAzUgI1Hdb/3Y8ZGnMn+UDeC0ZH1gau03gM"
    "jEyulgzZZYebcZSYvdXmgjO3eZjEy3EKtPrRU9268g/0IRW1OoRT3J5LRgbWGg7V7LU5vi"
    "Z234r26qCAWqiCygDhbwCWDCTT9O8l52dQN/0UZ17iZvG4pW2KCz1wDQZGkfAJWNGp2O9z"
    "ECe5PPlET7tu1IebNJSLf4Yo/i8fYnNlQR+OMTcTrND0zAWdINQ4SqIAOn2RAgRvXdBqpi"
    "0GyBMGa2xEtH8lioHatAUBJknXa33+pdNK7qlyE3Opcru4omamhmBbUpQd0L6mVWUC8lqH"
    "tBvcoK6pUEdS+omglFGaETcXVlJLRJ0NIj2yzzlrUTOhjcct5gioU36+a1E5LwpoA3h3II"
    "yEmQk0H+YkHaSHARSOfc4hM/ofF3g6BhucXrM/i39Dut8d2I+Ru5PUxJZzyhqHEnJGTQmw"
    "zkXkj97njMfZc22DBc36fnTXAuyf6j09KSPS2KPX0edu8DhfoRCnNjuK/qSXzeytcohQu5"
    "0xz8E0ytV1fNS/6zwX42lvznFX2laJsNHV8FmjztKzRtz28D0A3q3vX2FjmNF9y7TPoqvb"
    "/PRA1V2fvb88tN66+6k5DJSENHpKjDKtfpWdD1BCrguniCnLpbFSqZElJ4ApXD9yhh/DyJ"
    "oYFQntI2YVnpEVpmj1BZhUVWYSnBTe6AWODQtVkQ0nbjyL3/cYRUGJP/KeOVuZwqKYLz38"
    "e85n7ULH2PF0u4ST3p2rvmjQ/3Y2H9gIu7Sdv+F11auvmiDraIXk2hjpdLx8WEFWHjLiUO"
    "e5jKe+WgzpN9VliH0mnlPJxW+FhlPBm5MhW8KlfpSCSda6RzzZmAKp1rpHPNeYAqnWuk5V"
    "xazqXlXFrOS8G3lNVy/oM2H1mkJmASnDf1JALhT22uWykLs07WCDCqGlAJdreHwFDWaGGp"
    "aAFoP3VgaLYhG7K0aeyWDwjC7NYOjHu8NQDRdPpmiyC942Mzyh0c4wOk8bxcxvPnrZ1ZIh"
    "PqUax83JJEV09eI9ROVDIupWNcIpv482w49kYv2G+8E0D8duMdNlI4aRFAt1iFDqlCD9u2"
    "cxS4YO5Tl9yJ6uoV//c7/pM7V10i+zn3urriXldXb9nP1/z1VZM3evUCQMMXJ6k/gXuKsn"
    "hHeq4vIWS9t7pmaoqd3d3UtljxKhcFMoa65rN7+tTOFuo+2aqaKVOFSmexkuhj6SwmncVy"
    "OotBJQu2TvPKOTJdpqlYfRlfsfoyUrGaKhKcBVm3feWgbaZzEUvwEJMOjqe9+vDjjhDe/Y"
    "yuK3tCpFka+Ae8sLKn+u0Obrs/d2/vWLrfXS9T0m+x7L4bmC+5byPdkCSMSMTjdA0NJPAt"
    "Gm+gqsYn5PKkTkfeNo57trxsvn3jHSvZL0knynG/1etFc5vZjjIUJ4sIDpLJkIZlTwdss/"
    "zAbugXw1sVizjwRFtbUPB5DG7HmrhpDG6vMhjcMFO8qkovM6LUcfGJa8JyB2awKacHohDl"
    "aAIb6cB/XAf+B3oBo91lnaIhsW95hhL01ZzZeCjcZzgjlHHy3zKmBoLqjJ5f56L9KYlNCI"
    "hVTgMUTyn4ydU8Vwi//AnhJpDVY8l6hRi07GoutvSUTFrj/nDSomsFGhvNhFMy/tjp9X69"
    "BsYaqerTlPyn++Gm02n2f5pMrsFfeDVHqLn5Ypq5rhqNNFeNRvxVoxH1lXLY8AxLxC9Twc"
    "LWjWaaUjq0VTzMzUg5HXo3m5lIRRtk6gL3qcSKtRFZWbc2fd1aHanwacZKSMUcAfcrqFAX"
    "J9RRFmG2LZJVSQ0H10AjUzJ8/57+Y7lkBaZ+HAw/D1iBqV2PGddF0hXRXRVvY9fE20h9bK"
    "JiIhiTxKWwE8q3Bs7nRFPgEpABtlX2bZCFwU50zv2iz0ztHgkuZvH4+mVyQRxeLCUyThZv"
    "Q4MKZ1qzFjX3C8mKKVH97yRVygZrUEjCKiiaomoZp6pPQgIaBVSmh5DpIUoQrrA3PURYCR"
    "QA6Senm/NSAGkR9em9/Yg6+3kBoLZ2PVUT1+DRZz+0vlSPB0LryyxZTWiDx5/8aWKginTz"
    "wDQxLdZHhRRuYE7OMa+TfiBEN9ir1l5FkHjNpcMQipZ4qiJQdlafw5ASpBGqIlToAZFDNR"
    "OPW+mwjqqKEnO0P1w9jexeqgoSS8gMyeJgkFT41La7qipSLPhWxwrr+2C0vJ6qCpYBN1tV"
    "5AebBaeJazgd896qipWJlXt0qDqf8E6qc6g/akJC394XF9Hp7Yx7wjqR1y5VbCdrDZa6tg"
    "HQjavUdPsB/3Wumd8ZQHskYKMRbGoMuxfXPGbSlv2TnnAIVMVBm4X2npyD0J6vCkVFEIzp"
    "tTIQ82yzs8ZQid/ZtN+NkfOohr5uqXI1uGJ1hs4ZEmfOuHO9xhtTmPkvf2eK6ZQpD9m7U6"
    "Q8FKmyZEu1KQp9qEKwZ5UM1HytRwY23n7qtq+gm1nxBmqufmeKCg3B4knn6hTq4oReARrf"
    "H7Ihz/RI58OoO/mVxXOZaMW2CeaT2f/UGTGXzM0W6fT3j6PO+OOwd8t2KTqZ15q6mJLh5C"
    "NrtPvc583X5d/l8oycX/6kwXhLLfuovR+yAVtqU/K5NRrwzGn0QEYo+FPS6rVG/WsAVahv"
    "8oxLwW5qJj0rRMdkQp/GbENO+wo41CRtPJ1fJoE9x0Xwot/65UVg3+kNBx/c5j7E273hTQ"
    "hqdsac7Q6VguNXkmugQPqEfrLek7P1EtSRgvBDrnwbIdEKnsEqnHBDJoqUiSJLYnQta6LI"
    "oWXOta99ZBiQT5QI2xNsUE8ifDTedONrmqLoItFML7QPGHSDQwswR0v6f4BNgA1g0GP7vz"
    "gHQ/+1QDrYaA+I5cQCpsZfAsbhQKyihajsYuH9788d+VuNBVRYHBwevmjqT2z/4Gm3eIRR"
    "xnxbkps5FTcjE3N9i+cEZQ3F7q5JC88nVCGP15OsPx+vs6GKNQtr5glU4BIayl/wOg1rRl"
    "vF5y94HeHN6CQlJC5uZj/z4hM/Id4sIHSlw01W8mXS6XU+jFp9uracHqak0291e9fAmzZZ"
    "RyVNvGx8tGwkVjY+H5V4uj9DDiqX5TnHKJstfFI1KED4h/FwEBO4sBMJb9pYMcH/gIqNo9"
    "37av9eWoQ7OoC5hVUTE+Ml+9j/ewbei0GUzHuFKa7QRsw6CPNe0DShst4gkdPzDSZQf4qJ"
    "fArIhcmuJ9N2nTivHTZps3Tg9LCn0N90B63Rr2LS8UYA/82vk04rzLx795BcvLsnfUL1s0"
    "Weu2sW3f+pM7jlZLsjPyVj94nhezLhv5pT8p5uC6zSiX2xKwEZT2c82mxFtuHkPG5+udMR"
    "Vscq6lNgDjf/zTuCafJdLiQqA8PLbHfnYfxI1zUBDRlvywpKVeAycWqLFlOjOZaWT0wuqz"
    "IvKz5QDxjmPjz45AtJD3CcsT2HSyOH0qHVM9NUAmFJV+WlqxZoYW1n9yjGlUU8AgGhqmXK"
    "OErWTdtGkgFiT6ACG/nRcxoi3aAQZcvu4JepkPo4llXcxisKcPbgea+j88I3dfi8f2KVyS"
    "7uAC8wiO+GJN4Svhv/NGEPTxpBXgCCXfLp2q5miBd0966zkocmXC5pG5a7tc4M0rTlWhTk"
    "cFBfsiyiLBMlrdHPbY127yGZj/ohwUL26TKsrxMf8p+3GGmJzp5HOdtvKUbZKha4ApXDt3"
    "j7p3SnOK47haopUM00e3cSJSbBckJcMM0lfVXKRTuyz8pH8gclJc9fZp6fXv5mc6ql7nPd"
    "M6LScrTLNtoRniqeUYlePVmU8qE53hQTP/A2bSfk+SzHPzlJiWVIsFKDRfGgE1RFixVTGy"
    "dMI3iWYBkGXhEJ1H6gCNEsejLcHJ78reXrqqpobbGdv/9QqLZ44pYBqCJM1gKLfFezIMS6"
    "6BCnwFEFMXLynM5YfVPj8PRv6ROenjFYMilsEkh2JOlhEEUCVys4mQxrvsEmO6efOpnnOa"
    "JlFzt7loye5wmX8SwJPc8SK+3gbJ5jZpYfadXN40mVldf5oVj5uqoqXN69T+Y/LVeG2LOc"
    "TTZEfPM7/HpsQ9W2+6rQnMrkULbD9hHNZ6q2wgKHPxfVIUETjf7Yj+1nNO+5fVUI1iyud6"
    "xgkMjxzikklOB257ZIkXeGtQXaEkAwtV5dNRvsZ2PB/91kTnEQbHW0wQYCF3ALdZNN9Re2"
    "AAvVZcdkUbqZoroVZhd2i1w5NdzDiYWlc550ziuFJqiwc56z9CIjnuAe5klUMNPvEQqlLh"
    "Ys2XkWhH0ilXNjukzlg3eZ4IN3GfXBg3R9zjZNgd5CCt5ANQbmnVRYZ9liLx3xsz26iCC+"
    "7bS7/VbvovGq3gwlGnXRv4oALMt9ynKfz3DSrmct95nGE8SpxHiwX0PFClaGXOVO7/hxLp"
    "MyABSPTCqiMltFJ5Lk+k5d6+gnC+qQmJgg20QvIB7CTepJHMQXrzHyGu+lI7pka5nAXEMT"
    "PEID6OhPpNBRq4NHbK55blp69jI0cs3S2a4phjxxLaanRFN9Aiq94kS5iIL6TJXuVrN0e5"
    "v1p0uXOW7LmeNWZsP/NqmL3SrNlc/Fky4zjVHr/zSZXIPNF9Ockvb452ugGA9T0vrUvQZw"
    "i6fk/ZBVYFlq+QqwpAkpig8oioQTyTwXx+U5YtOBxucFi08Heo4YJ2mvYyQFs08UWWb0Tq"
    "LMauW5J3WGEI5jnpVd9zDBGdnnORZ/NtZ9jfaeidvWxmI3nQd2UF1hg5XrfICqhQywpf80"
    "oY6XS/AXy3dxcf957RjR7LKe9MwLAT+KRI7FxXW7twDoQfY5eR4+1XlY1uOsTKhb4HDVyG"
    "jfsAW+RdPGVf0ytWnDzGo2Mr9Zi1EmWC+zwnopYU0B61VWWK8krClg1UwoSNSQjKwrczC4"
    "Z7Rr5kL3/IgangaDHn1tvjtrHox+ZzL61U6EwfuYkn5rcNfqXQN6E7GgOiXd/qfhaHIN8G"
    "ar6eaOz8nD4RRc3HipQlHUTXLSfk9IZuwHkphOh3N1iWlZprUob1VRZOD8KaMnUlRSZvyV"
    "dXALcknaXwc3bhYXAG7VsykLlm6ZcioHYmaFHHIwpjaJSKYtFV/LFAEfXAY4QrYTBDYNoO"
    "IlUp7opvcv8McfePHHHxRZ+EA/kJX/ZV4SC/SAFQQe10hH/MFW10yN6ktAT3jaoyGKAjnq"
    "Z6UtQGxfDeipQcUEefWHPUVlN8nmpHF3173NQElbFl68ZDJ5FNp+ZtpXPY9/Evtx9Ryl82"
    "wzjn2C8p+N+J8uo0jkiTd84oVeLHyeG/5Ousw209pwcA00MiXD9+/pP5bLPJf1yzT203jr"
    "aYRZcdViLmLFFT4hr0KbWmiRUaXVfrrr3LHihrZ0sPBhezh43x312WuK/BLrG9YiWA5xSt"
    "gcH95RIaY7NIvKdX751B2xJujrFuusTbs1aHd6XExhgKk5CykWTMjIwmSZ9q4yqc5Udr0l"
    "JthY59oyQ6JynMs8zv6Ta8ZxDonKcS7zONv7iZFjmIOScpTLPMqyvHGtWGNJ5oq3sthtfr"
    "9WZQ3NzOV4fEIVItBPXIwnb9lTWfG0KPylba5o25yO6J9l5LHNCSQrNLWlbe6cbHP+uSht"
    "c3vBFSzd/DkZZGrW5wsY9yMmNGIGAE2yYQYbpjBhsj/U2vAHwCcOLjTdtS+aFK8X19x2+K"
    "dm6QSqLIDF31jbshFmM0dkuTzGR8iysjJz3ZlsldLmKG2OBdsck2Ji9+N+HvGxtdvOzeQa"
    "LNDcnJJR51OrO7qmO8IWYp2OxeRjh/6qcd2fYzzepBiP8Lrajccb8XjMTPRVoP7i6bOQmC"
    "TRMpNobHbM4MZNA5YhdCQk+S1G5zQzZB981PR7Y0YVim7ORJqH7fFioKOSSXt8tZCmW3S4"
    "ELhm4uXTjG7BeIFEk/ZG01QEiRhLgXQIzDkVP5bW8J6cFsWb4bAXUBw33bBmuOvfdEYXjd"
    "BsFpRhp/gpKOMEDgh9y3OXCpu6pmaELyj1LeN3dp5iW5WVv87sKvap1xoMmAuXIz8ltHX3"
    "fZc94hoMs2etz63upDv4MOv80mnfTbrsmA0fIWZUwIx+J8Vi/TEnMf568IG5ifGnZDUlt/"
    "RCQw+HGkFRR7OinMgaaYpfN+KrXzci5a/tPyDXNTkkKj0TyuyZ4HjpCw0x8f7uQakD/N7P"
    "Z2T3erlLq+ExrYY2qaplhDUkJa2F0lr4LNZCdx5KS+FeYENLdj+2vkC4A6GtZlXLMMDBvb"
    "tMEZJj+zYcMSq6dQrirYluQYQ0ZsQV/Z6IsIzPrAIVHWFjjbfgIlqw6gWvWEWAV6kqsfRV"
    "Ud1Kc6E0F57JXllhc6GhWisx/xETP+W0L4byeN4FFTQ/pUn6/CY+6/ObSNpn/v8M0Lrty2"
    "wBzAluM1WG3GZChtxmNO3zPRYdhtJRd67sCZk7w95ysrB2Yx7PycI5b+66vVtOuLl7aB72"
    "LA15Fs+dRagzps1ZBt0sk9wvc0LwO5ZOz9v/7GuGQhXhmSoU98ZgzHIFKgjFK8QUnNhlfg"
    "GfZmwmO3bUjagucHLQk7iH07FiV80zCIAieLU2DwQ6ro/TQd24fHcGWDuJ22eP9E+hp0gb"
    "KzpLs+Kd1M/pMD+H2R1CCpFFAXj7ejkh2q/Lj/YcqyrDiW6EWFvkn99J/ZxQp5QfcDux68"
    "yZn8ZsqemzQA7ZDI42e/uSbjcZ3G7Yh7JUKFn9I8Ny0kEys4OkYW1ZemNGYJuMwo2gn8C+"
    "REUrMAAn4ArsgptUeTxg9MhUtSCe6ofxcBB3aRVJh4lOrJjgf0DFxtE0vi8THqMBTEyMl+"
    "xjnyMZHkMreWmEV0E9SF6yDqK+ww+YRxSxrVUROmPuuVKJOjjdlvz6DI6ceDOHKiPF8mIs"
    "7OCEx56SYhzxNUgT4Xnqqttlo4ljQztl2e0cQEFC6DxQEDO2HgqYr6vKwmUtsMjdPwtMrA"
    "uvXPR50aapMFrRP+dReFzKAtMHu5eqTqRTlrs/S4C2qnaoQvpEu6gqPIYJl8uZrqmHbnNj"
    "1tGI9lNZpKy51/mhWPm6qipc9sX1QKAmvJMqQXRU3z5vCYoc/PzrM8HLjzXT3WZpih7Qtn"
    "YF2y33mmUlbFlpW+Yu+BLcIOathwnP5eFZgb8DzAwMsMECgKgk60NY5KDIvoXFdLeep6/r"
    "3sj/9oPq6kp3QOkOKN0BM7sDukonj0+VK1tm/7Va67bfZVGNiw0mU9L+2OqO+i36gOorrF"
    "OlPiW33fGn1qTNk1kssLGFpkI11ZR0Bh+6gw57isgKE8SejTqt2w7PgQEX+bJeNNKQ3Y14"
    "rrsRobptbZotfCggI8OyRIXW6M6UscDaTkIiuj8ea3cIOFXcUNkAThvXElisKYqrYVGEe2"
    "ZY3diUioLqW62lihTyX1JFF4rQJTbhThFuufda8Zkd4dED45LpEZ7fScAGbeZIB4+QPqwD"
    "XvWMFzG7YMd/A6EFPfoH7ugvoleKAvuVMUTy0nAmiqjClwY7RJiFVGTyqgiJlcOdgn1eZd"
    "wpuJKdKSo0DBGzHD80EUE5OIUPjkFB1rGJs41MUEoOS+HDoqxZgiRVTILE7F07kRN64zHf"
    "15UON8cCPsRTpEnP2YjPz9mIJOj8YmFkzpa6tskT0hGVrlAkUxFuXjZAdNfODe5OVkIrGT"
    "bJsJ0FopJhkwxbOUEtKcM2cUOIxnCzFVvtw03qSTybF5Jk7BrvpdrsyUH/Q5plgAeoWsi4"
    "BlvtEeng4vOLOnjQVJN+f3DxM/1FsXSdpdO5aL1gNnmwXUPW6ZLXniHKE7j4+JeAdzvWhw"
    "ht+l56NTpJDjLkJ0W0V4yWO0kAezx5J/ITSibthPU6q0DWnQk552KSyM7xBT57FGxQqgbj"
    "Tqs7mdDoLpnQ+Z3+Ewb0dnh30+uAT6NOuzvuOoyCN4L8JXu0C6YcdVq90NnV0ZwzmAnlgJ"
    "TEOQPO81w4zyXOGXFWcuGsSJxT4uwcsjLqjYCUxDkDztn0RkBK4pwB52x6IyAlcU6Bs3cL"
    "m63/ygR1WFCinQJtmeb+6NykzMaejkTbn439mVg0O0ZIRJ550UMJnNmuTZpgF6fU1ncGcK"
    "ots0TTirbZqgw5oNnBKDvfbUC7uBeGtuTvab/n2W8eL2ywUzH/eCpB9evv0ilNOqWVQu1U"
    "2CnNydnDRysy7OkCWkJdlDqupT0cDDptu2QXHWSCFLtU16T1Y2fGwlS6gw9jihy8R14KtS"
    "lh0TCTWb8zYUEsLCbGnPEdhld37bXaHfedjqhKVJD7djAczOgnTkat9uSu1aPfmALDq8pR"
    "3W1BlX7ux877Ca8evjSnpD3s0+66LJ2xp12n5Kc7Osj8G3Pdy7/voVVkG6/T+Km8jvdTeR"
    "32U/G0d54p5Amf0DFIRyts0GFCmavEjTofumM63qxM264XNlCtnlMs7gsdXadaXHcw+zwc"
    "/XgNMJmxiqLBCnCFVXwrPEAqa8q706e6eybLxlGqAdtHnowb705KFtUrs21JUTUj38nKLy"
    "jHuNRjnCfXvMwwX0CG+Q0yDGZPyQp+UE7inxd/aBh4RVBGr8SQVIXgL8zVk+qbddYKlwEZ"
    "SakK1cXpaeqKT1SWtyyjn/dOQgIqnbyPg2iCIUX6IhfiixzdrQoAtfJ+84E9ej+wWyel46"
    "GwpssMWTLNmjoWYbeh7Ef01GbUM8U0W01r90B/Sg1wpsCG7j5ZLdQ+zE0TKusC8ljb5ueW"
    "112FtG+QpdE2haHVtvuqElTH933wTbFYL4jgNNznDwGDrVN4RmzXmqkxFwaKlMUrbvO8nX"
    "Z312DiRIx/Z4AlVhHAC55ph+XgoYpsARRt+yRykyiq2zQ+E47NleoP6SUhvSTKoVWq7CXh"
    "rN0ZW7nCi3lCKV+BrKxGlaYaFQcsa3nwgJDEOQ3OG6pvEjyAYjhRv1DlcG6kwrmRgHMjir"
    "OB/xJAnEDp/SUC94h83pFLRhVHj9ITE7Pc3SNBdcyEsoBBscpN2stUk/YyYdJeRietc2PK"
    "xkYHhSTDH53CuwN8elQDMpLl38/y7xzmDySkKlfbox5ipAJTaz/Xp+yoj0KQTU+llEwtpM"
    "U3qBDLF5LiDkAsJ+MboX2EjG9ypGFjuO8vKyxAVvS9m+mYeVI/MTIF+sNPnK5ZIRWXWKFP"
    "15jt7EJOptjOJTPz7DuoZGYkM3POYQc5YlZkuEE5wg2Odos7dbABTwfLd0KBGUzTVARJDL"
    "cWEAwhP6eSx4Lee3Ja9G+Gw14A/ZtuGN67/k2HznQ+FLvo+LL4cpbstCwv0WVFVV6iT3+J"
    "Pr3DXMnUQYH+cmV3ljkT5I/qAHJH7ukpntyiB6ygmoBpCDaoJzENlt10sWuagmmwWwOTFV"
    "baWnMVG2tkgLnlVWB16rPah2z96RoYa/ohgHl1uCVbRSRDYf2Ky77qmqkp9tnK1LZY8bgF"
    "Wb/pmagG/5DkuXf65Ut99Ry0Jt2f6eWRUI34gFiahHF/OGmxBAnGRjPhlIw/0uvkr2xG07"
    "vk05T8p/vhptNp9n+aTK7BX3g1R6i5+WKauS6ZjTSXzEb8JbMRuWS660c4cDEHRp9MmQcr"
    "r6W7+S4Nys138TCzd2HPDd0wZwZCJAcdFxGuICN3Jgyci0kiBafC/GMdlpVDXeqhdkKmBe"
    "fnfVHWohToR7xuN0p9sgitnS18UjUo2JTi2c+wnGRBU7GgEZrjeWyun9G8p60wqQkuQd67"
    "xPvPI5qrXqv9Vx9Wxv0fVAYoOmLWTkzb2d7pdg0XcAH1lUaaeAHW0Fi/qINHbK7ppYUeVE"
    "2VjhoznJpIcPkpsmdZprZc1xxpUY2HvroWVU+vpL0geQLFbELPu6QCd6M3VymuRm+uYm9G"
    "7FUoUwI0jEeN7h9MGWYBOSJYwavoUZzbsTEzLLoXWYYo5DfR3BkWlQbPDAZPej5R7pEoJV"
    "MS5D4piXYGtJcQq3y/NdFmK7JvJFcyFYhXJuqgiFKm9qycWfR8KyB991AcIVmZxq/MDAe/"
    "WPMTTV42yy8sx7rMY12SAsVnf4c8iFXZX3h3SNBEoz+K9oYo10CkTnSzv+hucURVC+lYWd"
    "cENJXzpp5EUsFdm30UVTxMkhQqFyn0QOcfFi3T+LurT6SKt9bXaXLp01bxt9bXkWz6bFFl"
    "QNhpXkF0jxKIzUowCMPXfhgPBzGM5k4kfKjDign+B1RsnLFvowhcBkay1SVsYAmd0VgHz2"
    "51+fv/Aes7dNQ="
)
