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
    "day_zone_start" TIMETZ NOT NULL,
    "night_zone_start" TIMETZ NOT NULL,
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
    "quiet_from" TIMETZ,
    "quiet_to" TIMETZ,
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
    "eJztXflz2zb2/1cw+qXOjDYbyc5R7853RpaVRK2OVJKbdqsdFaIgCTUJKjzsuNv+718APM"
    "QDpEjqMMVgpuPGJB4kfx7w8PDO/9U0fYFU82VLUXSbWLVr8L8agRqi/4i+qoMa3Gy2L9gD"
    "C85VPhYGBs1Ny4AKm2sJVRPRRwtkKgbeWFgnbHALbJBh6gSqwKUDF1P71dXlnP98x35eve"
    "H/fs1/NvlPxH9+D/jrBv/5lv187fy7+QLoSwDBRtWtl+yLLHSFfhNMVif8TJvgLzaaWfoK"
    "WWtk0E/+7beaiS3EXhJbm9Nn//0v/TcmC/QVmWwA+3VzP1tipC5CDMALRsWfz6ynDX/WJd"
    "Z7PpD9gfOZoqu2RraDN0/WWif+aOywZIUIMqCF2PSWYSP+XVTVZZ7HJee7b4c4XzFAs0BL"
    "aKuMsYza+QLbZ7XZbDCczMadyWxWizHdowjwxH2k6IQtGPpVTf7Xr9hX+EezcfX26t3lm6"
    "t3dAj/mv6Tt387H70FxiHk8Awmtb/5e2hBZwTHeAuqYiCGxAxacXBv6RsLa0iMcJgygvTC"
    "JX3p/SOKu4dyGvDegy3y2x10CujpH7gYEvXJZXkKzpNuvzOetPqf2MdppvlF5fi1Jh32ps"
    "mfPkWeXrx5wZ7rVDg4QsOfBHzuTj4C9iv4z3DQ4fDqprUy+Cdux03+U2PfCdqWPiP64wwu"
    "AqvTe+qhRkduue5uvRjH22toiLm9pYhwmiJ2jrzV4NeZisjKWtNfL5spvP25NWp/bI0uLp"
    "sRfg3cN03+6u8QwGtdXSBjxn/NgXKE7HRQ12onAbr56lUGpOmoRKj5uzDWCzQXCS+kYA2q"
    "Ypw9kqjUcmheurTHAvvVkbBOgfa20+72W72LRrPuLGMqjNgxHED9KgYsO8ZnuU7dAMXuo1"
    "cApyu7SiMlDnL4bgFlmk8+QAMUhQAtndw9AKJMQVzeC7UZT7UMo/teNxBekR/REwe5S78R"
    "JIpIwro6/tid5szA/dtbPd7T7Y4y4KOvUQcXFf3b6V+MHEnQbo3brdtOLSYEDgDpJ3ea8x"
    "IAWRENyD0xomzNzqFy/wiNxSxh8WqUyDDjWN+4dO9/HCEV8j8hEeY+m6M6OHPc9KYewCuE"
    "ZPyV1tSiTyCBK/4nsc9mn+Tf5C38wPFs0wc14V0/NKKefuX3xire2Aw3f52gfzwidF8HJs"
    "VHRf+wTQTYBMBaQwvMKT9MeqGmmj9eIHpJt3T3ev2dCZz1Augw+plIdMc/8OyC27y8u8u7"
    "exmPwgrf3T3xkvVO6Y0/zGXyeTdU6DLZeJPhLtmIcmp7lWSvwvo5+rrBlFEFNlSYsoIb6k"
    "w2kIdJ6g6ip2ARoRkgOwCDy6mBVYK/3uk2f8p32Y7RSRtG3IZxeqNQ2UShtAqVHVEuqfPu"
    "/jCR3PrS2FZ1Y9u5QrrT2iaQBYdAlUdMnJ8YyAprWADuRnarLklwd4Ib0y3z2omPaglVkS"
    "EOduIv6ql2T3/IbnMnAeiB2xltg6AFoGjp4FE37q+ZpRJwCyr9H5uQhSc5JkgAyQLcU+6C"
    "i99/d4bM7tHT778DbAJnFbwQ2D6P+lG7DaG/1eiCd841k34RA1tPNTrktxpBX60ZhQU6ln"
    "x2n/yvtJpKq2kphFmFraZsW+exmnrjKxjt9OYqg930zVWi3ZS9Ct+3trIyD8RhqkJAR5WB"
    "MlmnM4U6NVJCnRrxUCd+ps0UFZoCPzFDukNsLaZxhS3V4SnKvL6ZMO98GHUnv16zAxyt2D"
    "E6JUwQdEaUt1CjRzf9/eOoM/447N3SR2sqMVgQ3ZQMJx/ZIJ0f0AX4930G7n2fyLvvo5zz"
    "tYCCbAvSl5xn74eMXUt9Sj63RoPu4MM1oCoqodBPSavXGvWvqeIFDa0IV9KOfo8rbxO58j"
    "bGFU9JK8QSj/iEYZqOzKzl5EmrPen+3Ll21V7KhfaPg+HnXuf2Q+eWPb2np6aKFvRuMCXt"
    "Xqc1Yo8petBAiyJcamSJp20kx9M2YvG0S2yYVgGVLUhXQYXtTBS0TF4beiIV4XCATDK41A"
    "z2U6KyuuO88afzcTSOpRoe2MGxQBbEqkAH/GE8HCSFvPsk0X2CFQv8BVRsHg3X2r+XNlEY"
    "amBuY9XCxHzJPvb/cp5kh9g3DKLQlvHOnYt+65fokdTuDW+ie4FNcBO7AW3P0AJCTEAuQw"
    "xKLcsc5aiIESlEKblcZi4H7LQqvX+pcV6PNaiqiSeYiP50h9mx0ozcw+yy+faNf46xX9KO"
    "sHG/1evFzzGBNTzndhLPILdVmbdV6LTLG6YhJpbhGvHNBU0TrwjKGVsUoZLAxoHlzsJ8qA"
    "ZJZMjW7tgizctj2jOsIGs+VNngzRpWEFxXuyM2vL19AGCrHq8REYMZsA2fSxLi3RALT/JS"
    "xcUQotuURxpKqAUUfF9PjZKJjswSLBMkcnLzWDDhd6afsGeCC8g4oBtAWesmIjx5zxTHw+"
    "w3m8z9k1EsZ3J2VjiKxaK33Ti/J/SpmNfe+DJ7jA9yBe78Mkm36fps7A0HH7zhUUNvJNNl"
    "rVvs8FDFN6jkwJYYoazjk6WODwvPNGc2sbDA0MZkmhjtCFmaQDtbXUqEMpNH4tysXH6hIM"
    "1ejqHzQe4oHqCzCyVZGHBp5RQXtdtR6/3kGnDaKfl0d9Prjj+yaJGNPafrZM0iSNgpSMd9"
    "HlyDR2yt6dhHElVInyECy/+GBXSmKK20L5fZvuyvugKcjtJKTpeZ0/TlWs9pig3RSPO2zE"
    "c+DqIycfaUibPOppZG191G16D0K5Wt1V5gq0Ms46kmsrRu39ZT7axsHPLH7bSyfl7rYIEX"
    "4HENrTr9iQhPAlwausZ+M9A1yyM0nsDGwA/0Qk+/Oo+i1kncxrrnXLstrP+rbbGsscTBOi"
    "88RM9Tk07iQ+xC564Tb33X+GAKB//lb5aL6Hw4BypvFuINXn0rJtzvm83Ly7fNV5dv3r2+"
    "evv29btX/nEQf5V2Ltx0P7CjIaQs7Tb0FggmlIbdUmmyWQy7dCtSqUyBFwWZpabQBcmknT"
    "GLnXEr9vJkKgqrrp6nIf3Y6aD6/A+kWA5IOVCOkFVuMR8N6HzeiRCRBHk3yAZe4VziYktR"
    "OXiPI5BVVX9EIi1T11UESYJQ3lJFYJ5TsmPh7CmgpzXM3QyHvZAmc9ONOjDv+jed0UUj0t"
    "xBpg6V3nHk6HA5Y6AtacGslcmCWUFAUwyYfP1JY1uGCEdrh60tumpPZxY+U0h3WoWfx3p5"
    "Q2Fz/ryY6dJ7VU+zW84DgzK0jfBCNr8zgYWRE83JQ8HrjrnRWiM6hjLWtFhNFN1erfkzZQ"
    "2xQf8ISsd6XTGzISO2ifv5oiYSR/2sLJXUNr6UYGEStukUUvMzBLyHMv5Uxp+WQpRV2Ezp"
    "7rUYx7NHOdknrjpFpYcvWfMEOn3qDG556SKXnhXNCRfRGXV+6LQnLPbJQMyiwkKf7gY3w7"
    "sBfUSlnG6TQsVz3mW4YL9LvF6/i16uqZxc6wkGot0s21KfkGUmMrDTfTEPx8adUbfVuwYO"
    "9ZS0h7eUW6z7yZT8NLoGXwzKw9t+d0BZuNBwoZC0LB1HkhuOxPqN5Lb3V9fSf3i7HVM6Fo"
    "VOqDCljAArcwSYI3tn9Mg1RT6d5NSIGGEFttSpMyTcU65IL50QpdxiZd5i9CIn9jGlBYEE"
    "iCpkUDtJLEhQdzNNuBKbMtPAD9NJ/Ivi7ykCeWuUxOgqxAJZRaPEmDqmspztuYI0EtXd3o"
    "+tPfJU7o+yAZzVWB9aWrsdILLoSzZY8xV92R5G0mO3E9rYyV0mJ9MtxOpTa0V1+xXkXyjm"
    "a4qMqKe5nBZsLAyN3el5alP8bI3/CvQlb6WjQBWRBTTAAj4BTLjrxy0swq5u4E86qM4D4R"
    "1H0QqbXmNxbJmA0sadTsf7GIG/KeBKonM7fqSiZU1kWPxhVfFk/xNjVQz+5CIB7vA9iwOU"
    "9MAQoSqoDmA1BIhReadBVQyaQxDFzKF46VIeC7VjFS9Ng6zT7vZbvYvGVf0yEkbn2cquYr"
    "GLVjMvqE0J6k5QL/OCeilB3QnqVV5QrySoO0HVLSiqVpOKq0cjoU2Dlqpss9xH1pZob3DL"
    "eYM5LLx5D68tkYQ3A7wFhEOIToKcDvIXG6p79FQLkJ/Q+ashaNpeY60c8S39Tmt8xztzeT"
    "NMSWc8oajxICRk0psM5FFI/e54zGOXNGyaXuzT8xZfksZ+WTK7JCa+3dbT57HufaBQP0Jh"
    "9QvvVT3NnrcKDMoQQu4OB/8EU/vVVfOS/2ywn40l/3lFXym6plH+KtDSDWCtoeVEfpuAHl"
    "D3XrS3KGj8wLPL6sMy+vtMxFCVo7/9uNys8apbisMoWCXq73z4gFUu0/Og6xNUIHTxBM2z"
    "NypUchWk8Akqh+9R0vh5J1YToSJlN6O0MiK0zBGhskKkrBBZgpvcHrnAkWuzIKXtxqV7/+"
    "MIOb0F978yl1MkxXD++5jX3I+6beyIYokOqadde9d88P5xLGwecHE3aTv/olvLsF7UwQbR"
    "qyk08HLphpiwAtE8pMS1HmaKXtlr8vSYFTahDFo5j6AVzqucmpFHU8GrcpVUIhlcI4Nrzg"
    "RUGVwjg2vOA1QZXCM959JzLj3n0nNeCntLWT3nP+jzkU1qAkuC+6aeZkD4Q58b7piddoPJ"
    "GgFmqgaUgt3tITCVNVrYKloAOk8dmLrjyIasbBq75QOCMLu1A/Meb0xAdIO+2SBI7/jYit"
    "sOjvEB0nleLuc5/7/w4BXj6o2vnAv1KF4+7kmiu6eoE2pLKi0upbO4xA7x5zlwnINecN74"
    "GkDyceMrG5lawNMjVqEsVaiy7QRHgQsWPnXJg6iuXvF/v+M/eXDVJXKe86irKx51dfWW/X"
    "zNX181+aBXLwA0A3mSxhO4pyiLT6Tn+hJCq/fG0C1dcaq7W/oGK0wbiRq/f/PdZ/f0qVMt"
    "1HvCut3KUqEyWKwk8lgGi8lgsYLBYlDJg607vHKBTJfNDMBeNhOBZa/CwFJBgvMg642vHL"
    "TNbCFiKRFiMsDxtFcfru4I4d1t0fVoT4g0KwP/gBd2/lK/3cFt9+fu7R0r97udZUr6LVbd"
    "V4PFivs2srEkhSOxiNM1NJEgtmisQVVNLsjlU53OeNs4rm552Xz7xlcr2S9pGuW43+r14r"
    "XNnEAZipNNBIpkOqRR2tMB2yw/sBr9YnijYpENPNXXFiZ8HofbsRZuFofbqxwON8wEr6rS"
    "y4yodFxy4Zoo3Z4VbMoZgShEOV7ARgbwHzeA/4FewOh0eZdohOxbXqEEfbVmDh4KjxnOCW"
    "US/beMqYmgOqP661x0PqVZE0JklZMAhzcpBI2rRa4QQfoTwk0g68eS9woxaDndXBzqKZm0"
    "xv3hpEX3CjQ13YJTMv7Y6fV+vQbmGqnq05T8p/vhptNp9n+aTK7Bn3g1R6ipfbGsQleNRp"
    "arRiP5qtGIx0q51vAcWyRIU8HG1o1mllY6dFQyzM1YOx16N5tZSEUasgxB+FRqx9oYrexb"
    "m71vrYFU+DRjLaQSVMDdAioyxQlllE2Yb4vkFVLDwTXQyZQM37+n/1guWYOpHwfDzwPWYG"
    "o7Y859kXZF9HbF28Q98TbWH5uomAh4kroVtkTF9sD5aDQH3AIywbbKsQ2yMdiJ9NwvxszS"
    "75HgYpaMb5CmEMTRzVIi5+ThfWhQ4ZbWvE3Ng0SyY0pc/rtFlfLBGiaSsAqapqh6zqUaoJ"
    "CAxgGV5SFkeYgSpCvsLA8RFQIHgPSTO815CYCsiAbk3m5E3fP8AKC2tjNVE9ew6rMb2kCp"
    "xz2hDVSWrCa0YfWneJkYqCLD2rNMTIvNUSGBG1qTc8z7pO8J0Q32u7VXESTec2k/hOItnq"
    "oIlFPVZz+kBGWEqggVekBkX8nE81Y6bKKqosQC7fcXTyNnlqqCxAoyQ7LYGyQVPrWdqaqK"
    "FEu+NbDC5t4bLX+mqoJlQm2jiuJg8+A08RynYz5bVbGysHKP9hXnEz5JdZT6oxYkDJx9SR"
    "md/sm4I60T+eMy5Xay0WBp6BqAXl6lbjgP+K9z3frOBPojAZpOsKUz7F5c85xJh/YPquEQ"
    "qIqTNg86e3oNQme9KhQVQTKmP8pELLLNqRpDKfJlYcoihezdKYoUioRPum/ZEiUrVCE9s0"
    "ouZb47Y4xN9nh64ysYGHZ4lzIXmDNFhaZg82QLTopMcUI/vs4lej7kmRzpfBh1J7+yDCwL"
    "rZhgZ1GU/U+dEQui1DbIoL9/HHXGH4e9W3au0MW81tXFlAwnH9mg7ec+b4Wt4LlUhHNB+p"
    "Omzy31/Fx7P2QMW+pT8rk1GvBaZ1SFIhT8KWn1WqP+NYAqNLQifDlwYJmFvgq8BxP6NOEY"
    "csdXIAQm7eDp/DIJnTkeghf91i8vQudObzj44A0PIN7uDW8iUDOtcLZVAwXqV1own4D6hJ"
    "Gt/pOzjeszkILwQ6EKGRHSCupgFS6RIUs7ytKOJXGTlrW049C25vrXPjJNyBdKzD4THlBP"
    "M9HofKgWGJqhTSLRLT8ZD5j0gEMLMEdL+n+ALYBNYFK1/V/cakL/tUAG0PQHxKpYAUvnLw"
    "GzukCsooWoUeLB599d7fG3GkuBsDk4POHQMp7Y+cELZfGcIGmbKaltRpbS+hb1BGUNxQGq"
    "aRsvQFShGNWT7L+AXUejgjWP1cwnqMAlNFJx4HUWqxkdlVxx4HXMbkYXKSFJmS67LS8B8h"
    "PizVI4VwbU8hpfJp1e58Oo1ad7y51hSjr9Vrd3Dfxlk5crWTJck/NbY9mtyRWkxMv9GapG"
    "eVaec8yL2cAnVYcChH8YDwcJqQZbkuihjRUL/AVUbB7t3lf799ImPDQBzG2sWpiYL9nH/t"
    "8z2L0YROl2r6iJK3IQswmidi9oWVBZa0gUpnyDCTSeEnKVQnRRY9eT5QQ7nNcJm3ZYunD6"
    "2FPob7qD1uhXsdHxRgD/za+TTitqeffvIYXs7j71CcXPBvkBqnlk/6fO4JYb2136KRl7T8"
    "zAkwn/1ZqS9/RYYL1JnItdCYzxdMUjbSPyDadXXgvSnc5gdaw2PAesuha8eccwTb/LRUhl"
    "KneZ/e488R4Zhi4wQyb7ssJUFbhMnNqjxcRoga0VIJPbqszbijPqAcPCykOA/iAJ/cfh7T"
    "lcGhdoYW9m9yghgEK80UJEVauocJTqjI5lPgfEPkEFjo+j175DhkkhylcFIEhTIRvrsXyx"
    "Dl5xgPMnWfsTnRe+mdOsgwurTN5YF3iBG3bLkmT/65b/WcLjn3SC/EB1pzXQtdP1Di/o2V"
    "1nrfEsuFzSMazGZ525QenItSgYfq+5ZPs82U5I+kCf2wfqab+5/aARwoOc02XYXyf2hD5v"
    "08oS6Z5H0e03FKN8le09gsrhe3ivm3TiH9eJr+oKVHOt3i1FiU0vBSE+sHFFRkiUy9jFPq"
    "uYaTlMKa3LZbYu08vfbE6l1H2he0acWnK7bNyO2amyFAHzLpAsN3bfWmCKhR/4mLabaHuW"
    "/E8vZmGbEqzMYFE86AJV0WLFxMYJy82dJVimiVdEArUbKEJ0m2qG2v5FwlqBqaqKlr3Aol"
    "DAPCixKTrE7fBSQYzcQo8z1uDR3L/+VfaKj2cMlqyKmQaSk5i3H0SxPMAKLibTnmvYYgro"
    "qasZniNaTrenZylpeJ5wmc9S0fAssdL3Lmc4Zv7mkV7dQoZUWPmT74tVYKqqwuVfaGQByH"
    "KVyDzL1eRAxA+//e99DlRtZ64KralckVJbbB/RfKbqKyyIZPNQHRI00emP3dh+RvOeN1eF"
    "YM0TU8Y6pogiytxOKinxZN6IDGU82FigLwEEU/vVVbPBfjYW/N9NFu0FwcZAGjYRuIAbaF"
    "hsqb9wCFjmI1OTRdU7DjWtsLyq1+XHbWIdrawqo85k1FkpJEGFo87yt51/jo7zJ4ttOEKn"
    "yMWCcishBTgho3RLUrn4nMtMwWWXKcFll/HgMkj350xrCuQWUrAG1QSYt1RRmeWQvXTJz1"
    "Z1EUF822l3+63eReNVvRmp2+ihfxUDWPY7lP0On0HTruftd5glxMFtRbe3w75iHfsiMWCn"
    "j2g4l0UZAoqn3ByiNVVFF5K09Z262ctPNjQgsTBBjoteYHiIDqmn2SC++IORP3inOaJLNr"
    "YFrDW0wCM0gYH+QArlWh08YmvNS31S3cvUyTWrDrqmGPI6oJhqiZb6BFR6xYnbIg40Z6bq"
    "obptOMdssPq0LBlazpKhsrj4t2m62O7SQuUxfOoymzFq/Z8mk2ugfbGsKWmPf74GivkwJa"
    "1P3WsAN3hK3g9ZQ4ulXqyfRZZcmeRMmViejCzgcFw7R2J1xeQyS8nVFc8R41PXWHI0ijwr"
    "ektRZrHy3Is6R27CMXVlLzxMoCMHIseSdWMjMGinTty2NZvddB6YorrCJutX+ABVG5lgQ/"
    "9pQQMvl+BPVsjh4v7z2nWiOX0Nqc4LAVdFYmrx4abd2QFxL/+c1IdPpQ/L9oaVyeEKKVeN"
    "nP4Nh+BbdG1c1S8zuzasvG4j65v1GOWC9TIvrJcS1gywXuWF9UrCmgFW3YKCCgTpyHo0e4"
    "N7RqdmIXTPz1DD6ztQ1dexd+ct8NDvTEa/OhUe+BxT0m8N7lq9a0BvIjZUp6Tb/zQcTa4B"
    "1ja6YW3tOUVsOAfuFbtUoSjrJr0Guk8kC6ADaZjOhnN1DdOy6+WholVFmYHzp5yRSHFKWc"
    "pWthU9UEjS7raiSav4AOBWvUywYOuWqVhwKGdWaEMO59SmGZLpSCUwMkPCB6cBLpETBIEt"
    "E6h4iZQneuj9C/z+O178/jtFFj7QD2TdVFmUxAI9YAWBxzUyEH+wMXRLp/ISUA1PfzRFWS"
    "BH/ays/VydqwHVGlRMkN/O1RdUzpB8QRp3d93bHCZp28aLl4ymiEDbbZkONCPjn8R+XD1H"
    "JzLHjeNoUEHdiP/pMotEarxRjRf6ufBFbvhb6jL7TGvDwTXQyZQM37+n/1gui1zWL7P4T5"
    "O9pzHLiicWCxlWPOIT2lXoUBstcoq02k93nTvWK86hDveRaw8H77ujPntNkV9iQ2Mjwt3l"
    "poSt8eEdJWKyQ7cpXeeXT90RG4K+brDBxrRbg3anx8kUBphasC/dgQ0yss9TrrOrTKIzk1"
    "9viQk214WOzAip5HOZ+RzUXHPyOUIq+VxmPjvniVmAzWFKyeUyc1l2i60d1lmSu4Go7B1a"
    "PK5VWUMrd5+ZAFGFDOgn7jKjOfUbc4MfppP4F8df+uYO7ZszEP2zzCK+OQFlhZa29M2dk2"
    "8uuBalb24nuIKtW7wmgyzN+nwJ40HEhE7MEKBpPszwwAwuTPaH2hp/AALk4EI3PP+iRfF6"
    "cc19h3/otkGgyhJYgoP1DeMwWzkiz+UxPkL2S5WV687kqJQ+R+lzPLDPMS0ndjfu55EfW7"
    "vt3EyuwQLNrSkZdT61uqNreiJsIDYoLyYfO/RXncv+Avx4k4Ef0X215ccbMT9mFvoqEH/J"
    "5rMImTSi5TaisdUxg5pXBixH6kiE8lvMzmnmqD74qBv35owKFMOaiSQPO+PFQMcp0874ai"
    "FNj+hoh2vdwsunGT2C8QKJFu2NrqsIEjGWAuoImHNKfiyp4T85LYo3w2EvJDhuulHJcNe/"
    "6YwuGpHVLOgvTvFTUM4FHCL6ltcuJbYMXc0JX5jqW8bv7CLFNirr65w7VOxTrzUYsBAul3"
    "5K6Oju+y57xCUYZs9an1vdSXfwYdb5pdO+m3SZmg0fIWamgBn9TorN5mNBYvz14AMLE+NP"
    "yWpKbumFhiqHOkHxQLNDBZE1snR1biS3dW7E+jo7f0Cha3KEVEYmlDkywY3SFzpikuPdw1"
    "R7xL2fD2d3RrlLr+ExvYaOUVXPCWuESnoLpbfwWbyF3jqUnsKdwEa27G5sA4lwe0Jbza6W"
    "UYDDZ3eZMiTHzm045lT0+hQkexO9hghZ3Igr+j0RYRWfWQcqymFzjTfgIt6w6gXvWEWA36"
    "kqtfXVoaaV7kLpLjyTs7LC7kJTtVdi+0dC/pQ7/jAmj+fdUGH3U5aiz2+Sqz6/iZV95v/P"
    "Aa03vswewILgNjNVyG2mVMhtxss+32ORMpTNdOfRntByZzpHTh6r3Zjnc7J0zpu7bu+WG9"
    "y8M7SI9SyL8SzZdhYznTFpziro5lnkQZoTgt+xDapv/7OvmwoVhGcqULwbgzkrlKggJK+Q"
    "peDEIfML+DRjK9nxo8ZZMUnOW4xRJulMx9SXaq/eXr96day9sENFCulBQh0oJHcEeg9Tec"
    "LHLV6trYIcEdE+C0+al5XiiVsJfvZI/2iqljoRB3T5x3mTnh6YNs/prMjNM8gXjCCFyOIA"
    "eAdmOSHar8uP9hyrKsOJnqxYXxRf32nznA7xRvkBdyrFztz1ac6WujELFaXNEbmzcy4Zx5"
    "Mjjod9KKutkjfgMkonIy5zR1ya9obVS2YWcYvZhGPop5hz4qQVYMAJjA9OB08qPB4wemSi"
    "WpCg9cN4OEi6BYuooxonVizwF1CxeTSJHyitx+wKFibmS/axz1Fdj6GVvjWiuyCigbIJ4s"
    "HID5inKLGjVRFGd6afzMIJTnckvz4DlRNrc6gyK1tRjIUTnFDtKSnGseCFLCmjp27jXTa7"
    "c2KuqOzjXQAoSAhdBwpi3tt9AQtMVVm47AUW5Q/kgYlN4fefPi87bCaMVvTPeRSqS3lg+u"
    "DMUtWFxIOu9oSoaoFpIYA2qr6vQPpEp6gqPKYFl8uZoav7HnNjNtGIzlNZpOy5P/m+WAWm"
    "qipczsV1T6AmfJIqQXTUYEF/C4oiBoP7MyVskA0zvGFZuijQsU5L3A0Pw2U9cVmvXBZ/+B"
    "LcIBb+hwkvDuK7lb8DzK8MsMkyiiglm0PYNeGQcwu782780GEvXpL/7Xs16pXxhTK+UMYX"
    "5o4v9IROkSAtj7bMAXG11m2/y9IkFxomU9L+2OqO+i36gMorbFChPiW33fGn1qTNq2MssL"
    "mBlkIl1ZR0Bh+6gw57isgKE8SejTqt2w4vqgEXxcpoNLIYuxvJtu5GzNTtSNN8+UghGpnn"
    "JercRk+mnB3bthQS0d0JXlsl4FSJSGUDOGuiTGizZujWhkUp87lh9ZJdKgpqYLeWKvUoeE"
    "kVXSgil9iUO0V05M5rxWemwqMHZkumKjy/kwANaXNkgEdIH9YBb6PGu6JdMPXfRGhBVf/Q"
    "Hf1F/EpxwHllUpK8NJyJIKrwpcHJOWY5GrmiKiJk5QinYJ9XmXAKLmRnigpNU2RZTmZNjF"
    "Ay5+DMMSnIBrZwPs6EqSRbDs4WZc0qLqliI0jC2bUlOWE0Hot9XRlQOxbwETtFlnqfjeQM"
    "hEas4ucXGyNrtjR0LY51cupHmGrPpI9yOuRPmPDhoGnp+Tng0Ej898Nf2upq0lZXUkSlrU"
    "7a6soJakltdRMvGWkMtY3Y/x8dUk+z2PnJTeZ28E6jnbM46H9It03wAFUbmddgoz8iA1x8"
    "flEHD7pq0e8PLn6mvyi2YbBKPxetF8y7DzZryCZd8rY4RHkCFx//FFjwjvUhwugAv/IbXS"
    "R7hQSkJdtXzMB3ktz6ZDOgKOIo3fwnbCVaBbPfmZj5PExS7Xx8g88eBQeUqsMkbXVLE+Hu"
    "khFV6pJwO7y76XXAp1Gn3R13XduEz0H+kj3apmWOOq1eRHd1JecM5kI5RCVxzoHzvBDOc4"
    "lzTpyVQjgrEueMOLtKVk65EaKSOOfAOZ/cCFFJnHPgnE9uhKgkzhlw9m9hs/WfuaCOEkq0"
    "M6AtK/DLQvElMaLtLhT/TFY0J9tIZDzz85BSbGbbMVnSZtwuYN+ZwG0EzWpgK7q2URlyQH"
    "fSWrZR4IBOcS9Mkik+0+4Ytt98u7DJtGL+8ZSCytf/yvA2Gd5WCrFT4fA2t/oP51aM7dlS"
    "YyJTlDpDpj0cDDptp5sYZTJBitNFbNL6sTNjCS/dwYcxRQ7eI78Y25SwvJrJrN+ZsHQYll"
    "1jzfgJwxvP9lrtjvfOQFQkKsh7OxgOZvQTJ6NWe3LX6tFvTIHhDe+o7LahSj/3Y+f9hDc2"
    "X1pT0h726XRdVmnZl65T8tMdZTL/xlz28u+7b4PbxussES+vkyNeXkcjXnzpXWQJ+cQnDD"
    "Ey0AqblE0odwO7UedDd0z5zTrIbWdhjGr13D52Xyh33UZ23cHs83D04zXAZMaanYab0x2s"
    "Gd3BU63yFs87fdG8Z/JsHKVRsaPy5Dx4t1Sy31+ZfUuKqpvFNKsgoeRxqXlcpAy+LH5/gO"
    "L3GjJN5k/JC36YTuJfFH9omnhFUM6oxAhVheA/WKgnlTfrvM03QzTSpCoUF6c3U1d8obIK"
    "aDnjvLcUElAZ5H0cRFMcKTIW+SCxyPHT6gCgVj5uPnRG7wZ24xaH3BfWbDUmSyZZM+cibA"
    "+U3Yie2o16ppjma7ftKfSnlABnCmzk7pPXQx3A3LKgsj5ARWzH/dzyp6uQ9A1baXTtYGi1"
    "nbmqBNXxYx8CSywxCiK8DHfFQ8Dw6AyREZu1bukshIEiZfNm4LwCqDPdNZi4ueffmWCJVQ"
    "TwgtfsYdV8qCBbAEXfPInCJA41raz7IwMjzkSQVDkwwt2uM7ZZhXfxlMbCAlrZyipLKysO"
    "WN5m5SEiiXMWnDUqb1KCfhLMoEGiyuHcyIRzIwXnRhxnE/8pgDjFivenCNwjmvCO3G/qcB"
    "ZRqiQxZ909ErTWTOkpGCar3KK9zLRoL1MW7WV80bqXpHwG6DCRNOrHl7AbJ5kL1RCNNOzv"
    "NuxvY+T3tEFVrjFIPWKECi2t3eY9ZWvtOAiy2a0nJRMLWfENC8TyZaF4DEg0wwQ4tMsGE1"
    "gcWQwwPNyXdSUgK/reK5PMgqefmP0EBjNO3KlZFxbPlkKfrjE72YVmmMNOLo0x0hhzJoK/"
    "wsaYc0suKJCZIpMKypFUcLSL26lTClgZ2Rk//ATOLl1XESQJ5rQQYQT5OaU8FvT+k9Oifz"
    "Mc9kLo33Sj8N71bzp0pXNWbHPgyxKxWTIFWd6by4qqvDef/t58+rC4komDA0bFlT0k5kyQ"
    "P2qYxx25p1o8uUUPWEE1gXEhPKCeZlywnaGL7dAMxgVnNLBYI6aNPVexuUYmmNt+x1a3n6"
    "ujZBtP18Bc0w8BLHbDa/EqsiscbF5xm1hDt3TF0a0sfYMVthFkk9jnNDUEWVLk3hmkL/XV"
    "c9CadH+ml0dCJeIDYsUQxv3hpMXKIJiabsEpGX+k18lf2Yqmd8mnKflP98NNp9Ps/zSZXI"
    "M/8WqOUFP7YlmFLpmNLJfMRvIlsxG7ZHr7R8i4BIUxQFNmZhV1bjffZUG5+S4ZZvYuGqxh"
    "mNbMRIgUMMfFiCtokTsTC5yHSaoJToXFeR2llawuNavdxGiB/rwrl1pU6PyI1+1GqTWLyN"
    "7ZwCdVh4JDKdn6GaWTVtBMVtCYmeN53Kyf0bynrzCpCS5B/rvU+88jmqv+qN1XH9b2/R+U"
    "BigGYg5OTMc5MehOpxZwAY2VTpp4AdbQXL+og0dsremlhSqqlkq5xnylFhJcfg45s/Solu"
    "uaIz2qydBX16Pqy5WsFySf4DCH0PNuqdDd6M1VhqvRm6vEmxF7FamHAE3zUafnBxOGeUCO"
    "EVbwKnqUeHZszkybnkW2KUrsTXV3RkmlwzOHw5PqJ8o9EhVeSoM8QCXRzoH2EmKVn7cW0j"
    "Yi/8ZYg6qaqBEJyCuTaHDZfPvG14zYL2lK0bjf6vUE1zS+Kmc21W8FRt8dJo4IrSzWV2YL"
    "B79Yc42mqDUrSCx5XWZel6QN8dnfIfeyquxurzskaKLTH4eOhigXIzKXs9ndWvdwhqoWMr"
    "CyrgnMVO6bepqRCm7H7DJRJcMkjULlMgo90PWHRds0+e4aIKnirfV1lor5dFTyrfV1rGY+"
    "21Q5EHaHVxDdo+Res0YLwoy1H8bDQYJFc0sSVeqwYoG/gIrNM45tFIHLwEj3ukQdLBEdjU"
    "3w7F6Xv/8fU09sbg=="
)
