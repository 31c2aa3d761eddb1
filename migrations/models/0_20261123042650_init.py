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
    "eJztXftz4rb2/1c0/NLsDHfvQrKP5t75zhDC7tLy2ALptrfcocIIUGNk1o9k09v+719Jfu"
    "CHbGxjiPFqppNubB1BPkc6OjrP/9U22gKpxsuWomgWMWvX4H81AjeI/iP8qg5qcLvdvWAP"
    "TDhX+VjoGzQ3TB0qbK4lVA1EHy2Qoeh4a2KNsMEtsEW6oRGoAocOXEytV1eXc/7zHft59Y"
    "b/+zX/2eQ/Ef/5PeCvG/znW/bztf3v5gugLQEEW1UzX7IvstAU+k0wWZ3wMy2Cv1hoZmor"
    "ZK6RTj/5t99qBjYRe0mszZw+++9/6b8xWaCvyGAD2K/b+9kSI3URYABeMCr+fGY+bfmzLj"
    "Hf84HsD5zPFE21NmQ3ePtkrjXijcY2S1aIIB2aiE1v6hbi30VVHea5XLK/+26I/RV9NAu0"
    "hJbKGMuo7S+we1abzQbDyWzcmcxmtQjTXQofT5xHikbYgqFf1eB//Yp9hX80G1dvr95dvr"
    "l6R4fwr+k9efu3/dE7YGxCDs9gUvubv4cmtEdwjHegKjpiSMygGQX3lr4x8QaJEQ5ShpBe"
    "OKQv3X+EcXdRTgLefbBDfreDTgE9/QMXQ6I+OSxPwHnS7XfGk1b/E/u4jWF8UTl+rUmHvW"
    "nyp0+hpxdvXrDnGhUOttDwJgGfu5OPgP0K/jMcdDi8mmGudP6Ju3GT/9TYd4KWqc2I9jiD"
    "C9/qdJ+6qNGRO647Wy/C8fYa6mJu7yhCnKaInSNvN/DrTEVkZa7pr5fNBN7+3Bq1P7ZGF5"
    "fNEL8Gzpsmf/V3AOC1pi6QPuO/ZkA5RHY6qGu1kwDdfPUqBdJ0VCzU/F0Q6wWai4QXUvAG"
    "qmKcXZKw1LJpXjq0xwL71ZGwToD2ttPu9lu9i0azbi9jKozYMexD/SoCLDvGZ5lOXR/F/q"
    "NXAKcju0ojJQo5fHeAMs0nG6A+ilyAlk7uFoAoUxCX90JtxlUtg+i+13SEV+RH9MRB7tJv"
    "BIkikrCOjj92pjkzcP92V4/7dLejdPjoadT+RUX/dvoXI1sStFvjduu2U4sIgQIg/eRMc1"
    "4CIC2iPrknRpSt2TlU7h+hvpjFLN4NJdKNKNY3Dt37H0dIhfxPiIW5z+aoDs4cN62p+fAK"
    "IBl9tWluwk8ggSv+J7HPZp/k3eRN/MDxbNMHNeFdPzCinnzld8cq7tgUN3+NoH88InRfBw"
    "bFR0X/sAwE2ATAXEMTzCk/DHqhppo/XiB6STc153r9nQHs9QLoMPqZSHTHL3h2wW1e3t3l"
    "3b2MR2GF7+6ueEl7p3THF3OZfN4NFbhMNt6kuEs2wpzaXSXZq6B+jr5uMWVUjg0VpKzghj"
    "qTDeRikriD6CmYR2j6yApgcDk1sErw1z3d5k/ZLtsROmnDiNowTm8UKpsolFahsiPKJXXW"
    "3R8kkltfGtuqbmw7V0j3WtsEsqAIVHnExPmJgbSwBgXgfmR36pIEdy+4Ed0yq534qJZQFe"
    "niYCf+op5o9/SG7Dd3EoAeuJ3R0glaAIqWBh41/f6aWSoBt6DS/7EJWXiSbYIEkCzAPeUu"
    "uPj9d3vI7B49/f47wAawV8ELge3zqB+13xD6W40uePtcM+gX0bH5VKNDfqsR9NWcUVigbc"
    "ln98n/SquptJqWQphV2GrKtnUWq6k7voLRTm+uUthN31zF2k3Zq+B9aycrs0AcpMoFdFgZ"
    "KJN1OlWoUyMh1KkRDXXiZ9pMUaEh8BMzpDvE2kQ0rqClOjhFmdc3E+adD6Pu5NdrdoCjFT"
    "tGp4QJgs6I8hZu6NFNf/846ow/Dnu39NGaSgwWRDclw8lHNkjjB3QO/n2fgnvfx/Lu+zDn"
    "PC0gJ9v89CXn2fshY9dSm5LPrdGgO/hwDaiKSij0U9LqtUb9a6p4QX2ThytJR7/LlbexXH"
    "kb4YqrpOViiUt8wjBNW2bWMvKk1Z50f+5cO2ov5UL7x8Hwc69z+6Fzy57e01NTRQt6N5iS"
    "dq/TGrHHFD2oo0UeLjXSxNM24uNpG5F42iXWDTOHyuanq6DCdiYKWiqvDT2R8nDYRyYZXG"
    "oGeylRad1x7vjT+Tgax1INC3ZwLJAJsSrQAX8YDwdxIe8eSXifYMUEfwEVG0fDtfbvpUUU"
    "hhqYW1g1MTFeso/9v4wnWRH7hkEU2DLuuXPRb/0SPpLaveFNeC+wCW4iN6DdGZpDiAnIZY"
    "hBqWWZrRzlMSIFKCWXy8xln51WpfcvNcrr8QaqauwJJqI/3WF2rDQj5zC7bL59451j7Jek"
    "I2zcb/V60XNMYA3PuJ3EM8htVeZtFTjtsoZpiIlluEZ0c0HDwCuCMsYWhagksFFgubMwG6"
    "p+EhmytT+2aOPmMR0YVpA2H6ps8KYNK/Cvq/0RG+7eLgDYqsdrhMRgCmyD55KEeD/EwpO8"
    "VHExhGgW5dEGxdQC8r+vJ0bJhEemCZbxE9m5eSyY8DvDS9gzwAVkHNB0oKw1AxGevGeI42"
    "EOm03m/skoljM5OyscxWLS226U3xP6VMxrd3yZPcaFXIE7v0ySbboeG3vDwQd3eNjQG8p0"
    "WWsmOzxU8Q0qPrAlQijr+KSp48PCM42ZRUwsMLQxmSZGO0SWJNDOVpcSoczkkTg3K5NfyE"
    "9zkGPofJA7igfo7EJJFjpcmhnFRe121Ho/uQacdko+3d30uuOPLFpka83pOlmzCBJ2CtJx"
    "nwfX4BGbazr2kYQV0meIwPK+YQ6dKUwr7ctlti97qy4Hp8O0ktNl5jR9udYymmIDNNK8Lf"
    "ORj4OoTJw9ZeKsvaml0XW/0dUv/Upla7UW2OwQU3+qiSytu7f1RDsrG4e8cXutrJ/XGljg"
    "BXhcQ7NOfyLCkwCXurZhv+nomuUR6k9gq+MHeqGnX51HUWskamM9cK79Ftb/1XZY1ljiYJ"
    "0XHqLnqUEn8SB2oHPWibu+a3wwhYP/8jfLRbQ/nAOVNQvxBq++FRPu983m5eXb5qvLN+9e"
    "X719+/rdK+84iL5KOhduuh/Y0RBQlvYbenMEE0rDbqk02TSGXboVqVSmwIuCzBJT6Pxk0s"
    "6Yxs64E3tZMhWFVVfP05B+7HRQbf4HUkwbpAwoh8gqt5iPBnQ270SASIK8H2Qdr3AmcbGj"
    "qBy8xxHIqqo9IpGWqWkqgiRGKO+oQjDPKdmxcHYV0NMa5m6Gw15Ak7nphh2Yd/2bzuiiEW"
    "ruIFOHSu84snW4jDHQprRg1spkwawgoAkGTL7+pLEtRYSjucfWFl61pzMLnymke63Cz2O9"
    "vKGw2X9exHTpvqon2S3nvkEp2ka4IZvfGcDEyI7m5KHgddvcaK4RHUMZa5isJopmrdb8mb"
    "KGWKd/BKVjva6Y2ZARW8T5fFETiaN+VppKaltPSrAwCcuwC6l5GQLuQxl/KuNPSyHKKmym"
    "dPZahOPpo5ysE1edotLDk6xZAp0+dQa3vHSRQ8+K5gSL6Iw6P3TaExb7pCNmUWGhT3eDm+"
    "HdgD6iUk6zSK7iOe9SXLDfxV6v34Uv11ROrrUYA9F+lu2oT8gyA+nY7r6YhWPjzqjb6l0D"
    "m3pK2sNbyi3W/WRKfhpdgy865eFtvzugLFxscK6QtDQdR+IbjkT6jWS291fX0l+83Y4pHY"
    "tcJ1SQUkaAlTkCzJa9M3rkGiKfTnxqRISwAlvq1BkSzimXp5dOgFJusTJvMXqRE/uYkoJA"
    "fEQVMqidJBbEr7sZBlyJTZlJ4AfpJP558XcVgaw1SiJ0FWKBrKJRYkxtU1nG9lx+Gonqfu"
    "/Hzh55KvdH2QBOa6wPLK39DhBZ9CUdrNmKvuwOI+mx2wtt5OQuk5PpFmL1qbWiuv0K8i8U"
    "8TWFRtSTXE4LNhYGxu71PLUpftaG/wq0JW+lo0AVkQXUwQI+AUy468cpLMKubuBPOqjOA+"
    "FtR9EKG25jcWwagNJGnU7H+xiBv8nnSqJz236kvGVNZFh8sap4vP+JsSoCf3yRAGf4gcUB"
    "SnpgiFAVVAcwGwLEqLzbQFUMmk0QxsymeOlQHgu1YxUvTYKs0+72W72LxlX9MhRG59rKri"
    "Kxi2YzK6hNCepeUC+zgnopQd0L6lVWUK8kqHtB1UwoqlaTiKtLI6FNgpaqbLPMR9aO6GBw"
    "y3mDKRberIfXjkjCmwLeHMIhQCdBTgb5iwXVA3qq+chP6PzdIGhYbmOtDPEt/U5rfMc7c7"
    "kzTElnPKGo8SAkZNCbDORRSP3ueMxjlzbYMNzYp+ctviSN/bJkdklMfPutp89j3ftAoX6E"
    "wuoX7qt6kj1v5RuUIoTcGQ7+CabWq6vmJf/ZYD8bS/7zir5StM2G8leBpqYDcw1NO/LbAP"
    "SAunejvUVB4wXPLqsPy+jvMxFDVY7+9uJy08ar7iiKUbBK1N+5+IBVLtOzoOsRVCB08QTN"
    "s7cqVDIVpPAIKofvUdL4eSdWA6E8ZTfDtDIitMwRobJCpKwQWYKb3AG5wKFrsyCl7cahe/"
    "/jCNm9BQ+/MpdTJEVw/vuY19yPmqXviWIJD6knXXvXfPDhcSxsHnBxN2nb/6JbSzdf1MEW"
    "0asp1PFy6YSYsALRPKTEsR6mil45aPLkmBU2oQxaOY+gFc6rjJqRS1PBq3KVVCIZXCODa8"
    "4EVBlcI4NrzgNUGVwjPefScy4959JzXgp7S1k95z9o85FFagJLgvOmnmRA+EOb686YvXaD"
    "yRoBZqoGlILd7SEwlDVaWCpaADpPHRia7ciGrGwau+UDgjC7tQPjHm8NQDSdvtkiSO/42I"
    "zaDo7xAdJ5Xi7nOf+/8OAV4+qOr5wL9ShePu5JorsnrxNqRyotLqWzuEQO8ec5cOyDXnDe"
    "eBpA/HHjKRupWsDTI1ahLFWosm0HR4ELFj51yYOorl7xf7/jP3lw1SWyn/OoqysedXX1lv"
    "18zV9fNfmgVy8ANHx5kvoTuKcoi0+k5/oSQqv3VtdMTbGru5vaFitMGwkbv3/z3Gf39Kld"
    "LdR9wrrdylKhMlisJPJYBovJYLGcwWJQyYKtM7xygUyXzRTAXjZjgWWvgsBSQYKzIOuOrx"
    "y0zXQhYgkRYjLA8bRXH67uCOHdb9F1aU+INCsD/4AXVvZSv93Bbffn7u0dK/e7m2VK+i1W"
    "3XcD8xX3baRjSQJHIhGna2ggQWzReANVNb4gl0d1OuNt47i65WXz7RtPrWS/JGmU436r14"
    "vWNrMDZShOFhEoksmQhmlPB2yz/MBu6BfDWxWLbOCJvrYg4fM43I61cNM43F5lcLhhJnhV"
    "lV5mRKXj4gvXhOkOrGBTzghEIcrRAjYygP+4AfwP9AJGp8u6RENk3/IKJeirObPxUHjMcE"
    "Yo4+i/ZUwNBNUZ1V/novMpyZoQIKucBCjepOA3rua5QvjpTwg3gawfS9YrxKBld3Oxqadk"
    "0hr3h5MW3SvQ2GgmnJLxx06v9+s1MNZIVZ+m5D/dDzedTrP/02RyDf7EqzlCzc0X08x11W"
    "ikuWo04q8ajWislGMNz7BF/DQVbGzdaKZppUNHxcPcjLTToXezmYlUtEGmLgifSuxYG6GV"
    "fWvT963VkQqfZqyFVIwKuF9AhaY4oYyyCPNtkaxCaji4BhqZkuH79/QfyyVrMPXjYPh5wB"
    "pM7WbMuC+SrojurngbuyfeRvpjExUTAU8St8KOKN8eOB+NpsAtIBNsqxzbIBuDnUjP/aLP"
    "TO0eCS5m8fj6aXJBHN4sJXJOFu9Dgwq3tGZtau4nkh1TovLfKaqUDdYgkYRV0DRF1TIuVR"
    "+FBDQKqCwPIctDlCBdYW95iLAQKADST8405yUA0iLqk3v7EXXO8wJAbe1mqiauQdVnP7S+"
    "Uo8HQuurLFlNaIPqT/4yMVBFunlgmZgWm6NCAjewJueY90k/EKIb7HVrryJIvOfSYQhFWz"
    "xVESi7qs9hSAnKCFURKvSAyKGSieetdNhEVUWJBdofLp5G9ixVBYkVZIZkcTBIKnxq21NV"
    "FSmWfKtjhc19MFreTFUFy4CbrSqKg82C08R1nI75bFXFysTKPTpUnE/4JNVR6o9akNB39s"
    "VldHon4560TuSNS5XbyUaDpa5tAHTzKjXdfsB/nWvmdwbQHgnYaASbGsPuxTXPmbRp/6Aa"
    "DoGqOGmz0NmTaxDa61WhqAiSMb1RBmKRbXbVGEqRLQtTFilk705RpFAkfJJ9y6YoWaEK6Z"
    "lVcinz3RlhbLzH0x1fwcCw4l3KXGDOFBUags2TLjgpNMUJ/fgal+jZkGdypPNh1J38yjKw"
    "TLRigp1FUfY/dUYsiHKzRTr9/eOoM/447N2yc4Uu5rWmLqZkOPnIBu0+93krbPnPpTyc89"
    "OfNH1uqWXn2vshY9hSm5LPrdGA1zqjKhSh4E9Jq9ca9a8BVKG+ycOXggPLTPRV4D2Y0Kcx"
    "x5AzvgIhMEkHT+eXSeDMcRG86Ld+eRE4d3rDwQd3uA/xdm94E4KaaYWznRooUL+SgvkE1C"
    "eMbPWenG1cn44UhB9yVcgIkVZQB6twiQxZ2lGWdiyJm7SspR2HljnXvvaRYUC+UCL2meCA"
    "epKJRuNDN76hKdokEs30kvGAQQ84tABztKT/B9gE2AAGVdv/xa0m9F8LpION9oBYFStgav"
    "wlYFYXiFW0EDVKLHz+/dUef6uxFAiLg8MTDk39iZ0fvFAWzwmStpmS2mZkKa1vUU9Q1lAc"
    "oJq08XxEFYpRPcn+89l1NlSwZrGaeQQVuISGKg68TmM1o6PiKw68jtjN6CIlJC7TZb/lxU"
    "d+QrxZCudKh5usxpdJp9f5MGr16d5yZpiSTr/V7V0Db9lk5UqaDNf4/NZIdmt8BSnxcn+G"
    "qlGulecc82K28EnVoADhH8bDQUyqwY4kfGhjxQR/ARUbR7v31f69tAgPTQBzC6smJsZL9r"
    "H/9wx2LwZRst0rbOIKHcRsgrDdC5omVNYbJApTvsEE6k8xuUoBurCx68m0gx3O64RNOiwd"
    "OD3sKfQ33UFr9KvY6HgjgP/m10mnFba8e/eQXHZ3j/qE4meLvADVLLL/U2dwy43tDv2UjN"
    "0nhu/JhP9qTsl7eiyw3iT2xa4Exni64tFmK/INJ1de89OdzmB1rDY8BVZd89+8I5gm3+VC"
    "pDKVu8x+d554j3RdE5gh431ZQaoKXCZO7dFiYjTH1vKRyW1V5m3FGfWAYW7lwUdfSEL/cX"
    "h7DpdGDqVjVs9sphIQS3NVXnPVAi2s7ewexYSyiDkQIKpabYuj1Mm0fSQZIPYIKnCQH70K"
    "IdINClG2egx+mgqJj2N5xW28ogBnT3f3JjovfFMnvPsXVpn84g7wAof4jiXxnvAd/9MkKj"
    "xpBHkpA3aTpmu7/yBe0NO7zpoUmnC5pGNYtdU6c0jTkWtRWsJBc8lGhrKxk/RGP7c32r2H"
    "ZFb1Q4SFnNNl2F8nVvKft31oiXTPo+j2W4pRth4DLkHl8C3e/ynDKY4bTqFqClQzrd4dRY"
    "mNYDkhLtjMJWNVymV2ZJ+Vz8gfpJR2/jLb+enlbzanUuo+1z0jSi25XTZuR+xUacqxuRdI"
    "lqV8aFU2xcQPfEzbSXk+S/4nlxWxDAlWarAoHnSBqmixYmLjhIX/zhIsw8ArIoHaDxQhmk"
    "U1w83h5dpavqmqipa1wKKgzCwosSk6xOm1U0GMnJKbM9Zq0zi8Eln62ptnDJasT5oEkp0i"
    "eRhEkYzMCi4mw5pvsMkU0FPXlTxHtOy+W89SXPI84TKepbbkWWKlHVxYcsz8zSOtuiUlqb"
    "DyJj8UK99UVYXLu9DIUpzlKlZ6lqvJhogffoff+2yo2vZcFVpTmSKldtg+ovlM1VZYEMnm"
    "ojokaKLRH/ux/YzmPXeuCsGaJaaM9a4RRZQ5PW0S4sncESkKqrCxQFsCCKbWq6tmg/1sLP"
    "i/myzaC4KtjjbYQOACbqFusqX+wiZgOahMTRbVUSlqWmGhW7ffktNOPFzjVkadyaizUkiC"
    "CkedOVsvwvGEuCePooIlbI/Qs3OxoNyKScaOye3dkVQuPucyVXDZZUJw2WU0uAzS/TnbNA"
    "VyCyl4A9UYmHdUYZllk710yM9WdRFBfNtpd/ut3kXjVb0ZqqDpon8VAVh2npSdJ59B065n"
    "7TyZJsTBaQp4sMO+Yr0TQzFgp49oOJdFGQCKp9wU0SSsogtJ2vpO3XbnJwvqkJiYINtFLz"
    "A8hIfUk2wQX7zByBu81xzRJVvLBOYamuARGkBHfyCFcq0OHrG55kVXqe5laOSa1WldUwx5"
    "RVZMtURTfQIqveJEbREFzZmqjqtm6fYx668DLou3lrN4qyzz/m2aLna7NFehEo+6zGaMWv"
    "+nyeQabL6Y5pS0xz9fA8V4mJLWp+41gFs8Je+HrLXIUsvXWSRNrkx8pkwkT0YWcDiunSO2"
    "zmV8wav4OpfniPGpq13ZGkWWFb2jKLNYee5FnSE34Zi6shseJtCRfZFj8bqx7hu0VyduWx"
    "uL3XQemKK6wgbrHPkAVQsZYEv/aUIdL5fgT1bI4eL+89pxotkdJqnOCwFXRSJqcXHT7u1F"
    "eZB/TurDp9KHZaPJyuRwBZSrRkb/hk3wLbo2ruqXqV0bZla3kfnNeowywXqZFdZLCWsKWK"
    "+ywnolYU0Bq2ZCQQWCZGRdmoPBPaNTMxe652eo4fUdqOpr27uzFnjodyajX+0KD3yOKem3"
    "Bnet3jWgNxELqlPS7X8ajibXAG+2mm7u7Dl5bDgFd+1dqlCUdZNcjd4jkqXogTRMp8O5uo"
    "Zp2X+0qGhVUWbg/CljJFKUUpaylQ1eCwpJ2t/gNW4VFwBu1csEC7ZumYoFB3JmhTbkYE5t"
    "kiGZjlR8I1MkfHAa4BDZQRDYNICKl0h5oofev8Dvv+PF779TZOED/UDW15ZFSSzQA1YQeF"
    "wjHfEHW10zNSovAdXwtEdDlAVy1M9K21nXvhpQrUHFBHmNdT1BZQ/JFqRxd9e9zWCStiy8"
    "eMlo8gi0/ZZpX1s4/knsx9Vz9ISz3Ti2BuXXjfifLrNIpMYb1nihlwuf54a/oy6zz7Q2HF"
    "wDjUzJ8P17+o/lMs9l/TKN/zTeexqxrLhiMZdhxSU+oV2FDrXQIqNIq/1017ljXfts6mBH"
    "v/Zw8L476rPXFPkl1jdsRLDP35SwNT68o0RMdmgWpev88qk7YkPQ1y3W2Zh2a9Du9DiZwg"
    "BTc3YILNggIztuZTq7yiQ6U/n1lphgY53ryAyRSj6Xmc9+zTUjn0Okks9l5rN9nhg52Byk"
    "lFwuM5dl395asc6SzK1cZRfX/HGtyhqamfvM+IgqZEA/cZeZvP08ZSvPovCXvrmifXM6on"
    "+Wkcc3J6Cs0NKWvrlz8s3516L0ze0FV7B189dkkKVZny9h3I+Y0IkZADTJhxkcmMKFyf5Q"
    "a8MfAB85uNB0179oUrxeXHPf4R+apROosgQW/2BtyzjMVo7Ic3mMj5D9UmXlujM5KqXPUf"
    "ocC/Y5JuXE7sf9PPJja7edm8k1WKC5OSWjzqdWd3RNT4QtxDrlxeRjh/6qcdmfgx9vUvAj"
    "vK92/Hgj5sfMRF8F4i/efBYik0a0zEY0tjpmcOOWAcuQOhKi/Bazc5oZqg8+avq9MaMCRT"
    "dnIsnDzngx0FHKpDO+WkjTIzrc4Voz8fJpRo9gvECiRXujaSqCRIylgDoE5pySH0tqeE9O"
    "i+LNcNgLCI6bblgy3PVvOqOLRmg1C/qLU/wUlHEBB4i+5bVLiU1dUzPCF6T6lvE7u0ixrc"
    "r6OmcOFfvUaw0GLITLoZ8SOrr7vssecQmG2bPW51Z30h18mHV+6bTvJl2mZsNHiJkpYEa/"
    "k2Kx+ViQGH89+MDCxPhTspqSW3qhocqhRlA00KyoILJGmq7Ojfi2zo1IX2f7D8h1TQ6Rys"
    "iEMkcmOFH6QkdMfLx7kOqAuPfz4ezeKHfpNTym19A2qmoZYQ1RSW+h9BY+i7fQXYfSU7gX"
    "2NCW3Y+tLxHuQGir2dUyDHDw7C5ThuTYvg1HnIpun4J4b6LbECGNG3FFvycirOIz60BFOW"
    "ys8RZcRBtWveAdqwjwOlUltr4qalrpLpTuwjM5KyvsLjRUayW2f8TkTznjizF5PO+GCrqf"
    "0hR9fhNf9flNpOwz/38GaN3xZfYA5gS3mapCbjOhQm4zWvb5HouUoXSmO5f2hJY7wz5ysl"
    "jtxjyfk6Vz3tx1e7fc4OaeoXmsZ2mMZ/G2s4jpjElzVkE3yyL305wQ/I6lU337n33NUKgg"
    "PFOB4t4YjFmuRAUheYUsBScOmV/ApxlbyY4fdSPqC5yc9CSe4XRWsavmGSRAEbxamwcCHT"
    "fH6aBuXL47A6ydwu2zR/qnUC3Sxoqu0qx4J81zOszPYXWHkEJkUQDevllOiPbr8qM9x6rK"
    "cKIHIdYW+dd30jwnlCnlB9wu7Dpz1qcxW2r6LFBDNkOgzd65ZNhNhrAb9qGsFErW+MgwnQ"
    "yQzBwgaVhbVt6YGbBNZsKNoJ9gfYmSVoABJ7AV2A03qfB4wOiRiWpBPtUP4+Eg7tIqog4b"
    "OrFigr+Aio2jSXxfJTxmBjAxMV6yj32OYngMreStEd4F9aDxkk0QjR1+wDyjiB2tijAYc8"
    "+VSjTB6Y7k12egcuLNHKrMKJYXY+EEJ1R7SopxJNYgTYbnqbtul81MHJvaKdtu5wAKEkLX"
    "gYKYs/VQwHxTVRYua4FF4f5ZYGJTeO2iz8tsmgqjFf1zHoXqUhaYPtizVHUhnbLd/VkCtF"
    "W1QwXSJzpFVeExTLhcznRNPfSYG7OJRnSeyiJlzb3JD8XKN1VV4bIvrgcCNeGTVAmio8b2"
    "eVtQFODn358JUX5smO4OS9P0gI61O9huedQsa2HLWtuycMGX4AaxaD1MeC0Pzwv8HWBuYI"
    "ANlgBEKdkcwiYHRc4tbKa79SJ93fBG/rcf1FdXhgPKcEAZDpg5HNAVOnliqlzaMsev1Vq3"
    "/S7LalxsMJmS9sdWd9Rv0QdUXmGdCvUpue2OP7UmbV7MYoGNLTQVKqmmpDP40B102FNEVp"
    "gg9mzUad12eA0MuMhX9aKRxtjdiLd1NyKmbluaZksfCtDItCxRozV6MmVssLajkIjuz8fa"
    "KQGnyhsqG8Bp81oCmzVFczUsynDPDKubm1JRUH27tVSZQv5LquhCEbrEJtwpwiP3Xis+Mx"
    "UePTBbMlXh+Z0EbNBmjnTwCOnDOuBdz3gTswum/hsILajqH7ijv4heKQqcV+YQyUvDmQii"
    "Cl8a7BRhllKRKaoiRFaOcAr2eZUJp+BCdqao0DBEluV41kQIJXMKZ45BQdaxibNxJkgl2V"
    "I4W5Q1K5Ckio0gMWfXjuSE0Xgs9nWlw82xgA/ZKdKU52zE1+dsRAp0frEwMmdLXdvkSemI"
    "Ulcok6mIMC8bIHpq5wZ3RyuhlRY2aWE7C0SlhU1a2MoJakktbBM3hWgMN1ux1z48pJ5kZ/"
    "NSkozd4L2mNntx0P+QZhngAaoWMq7BVntEOrj4/KIOHjTVpN8fXPxMf1EsXWfldC5aL5hP"
    "HmzXkE265L1niPIELj7+KbC7HetDhD59r7waXSQHOfKTMtorZpY7SQJ7vPFOFCeUbLQT9u"
    "usgrHuTIxzLiaJ1jm+wWePggNK1WCctrqjCXF3yYjOT/tPYOjt8O6m1wGfRp12d9x1LAoe"
    "B/lL9miXTDnqtHoh3dWRnDOYCeUAlcQ5A87zXDjPJc4ZcVZy4axInFPi7ChZGeVGgErinA"
    "HnbHIjQCVxzoBzNrkRoJI4p8DZu4XN1n9mgjpMKNFOgbYsc39026Ssxp7OiLa/GvszWdHs"
    "HCGR8czLHkqwme3GpEl2cVptfWcAp9syKzStaJutypADmp2MsovdBnSKe2FqS/6Z9kee/e"
    "bZhQ2mFfOPpxRUvv5XBqXJoLRSiJ0KB6U5NXs4tyJsT5fQEpqi1Hkt7eFg0GnbLbsokwlS"
    "7FZdk9aPnRlLU+kOPowpcvAeeSXUpoRlw0xm/c6EJbGwnBhzxk8Y3t2112p33Hc6oiJRQe"
    "7bwXAwo584GbXak7tWj35jCgzvKkdltwVV+rkfO+8nvHv40pyS9rBPp+uycsaedJ2Sn+4o"
    "k/k35rKXf99Du8g2XqeJU3kdH6fyOhyn4knvPEvIIz5hYJCOVtigbEKZu8SNOh+6Y8pv1q"
    "ZtNwtjVKvnNIv7QrnrdIvrDmafh6MfrwEmM9ZRNNgBrrCOb4UnSGUteXf6UnfP5Nk4Sjdg"
    "W+XJePDuqGRTvTL7lhRVM/JpVn5CyeNS8zhPrXlZYb6ACvMbZBjMn5IV/CCdxD8v/tAw8I"
    "qgjFGJIaoKwV9YqCeVN+usHS4DNNKkKhQXpzdTV3yhsrplGeO8dxQSUBnkfRxEExwpMha5"
    "kFjk6GlVAKiVj5sPnNH7gd06JR0PhTVdZciSSdbUuQi7A2U/oqd2o54pptl6WrsK/SklwJ"
    "kCG7r7ZPVQ+zA3TaisC6hjbbufW950FZK+QSuNtikMrbY9V5WgOn7sg2+JxUZBBJfhvngI"
    "GBydIjJiu9ZMjYUwUKQs3nGb1+20p7sGEydj/DsDLLGKAF7wSjusBg8VZAugaNsnUZhEUd"
    "PKaj0yMOJMBEmVAyOc7Tpjm1V4F0/o3iuglQ2o0jSg4oBl7QgeIJI4p8F5Q+VNQtBPjBnU"
    "T1Q5nBupcG4k4NyI4mzgPwUQJ1jx/hSBe0QT3pG7RBVnEaVKEnPW3SNBQ8yEToBBssot2s"
    "tUi/YyYdFeRhetc0nKZoAOEkmjfnQJO3GSmVAN0EjD/n7D/i5G/kAbVOXaedRDRqjA0tpv"
    "3lN21o5CkE1vPSmZWEiLb1Agli8LxWVArBnGx6F9Nhjf4khjgOHhvqyXAFnR925xYxY8/c"
    "TsJ9CfceJMzXqnuLYU+nSN2ckuNMMUO7k0xkhjzJkI/gobY84tuSBHZopMKihHUsHRLm6n"
    "TingRV/54SdwdmmaiiCJMacFCEPIzynlsaD3npwW/ZvhsBdA/6Ybhveuf9OhK52zYpcDX5"
    "aIzZIpyPLeXFZU5b359Pfm04fFlUwcFBgVV/aQmDNB/qhhHnfknmrx5BY9YAXVBMaF4IB6"
    "knHBsocudkNTGBfs0cBk7ZO21lzFxhoZYG55fVadLqy2kq0/XQNjTT8EsNgNtzGryK5Q2L"
    "zi5q66ZmqKrVuZ2hYrbCPI1q7PaWrwsyTPvdNPX+qr56A16f5ML4+ESsQHxIohjPvDSYuV"
    "QTA2mgmnZPyRXid/ZSua3iWfpuQ/3Q83nU6z/9Nkcg3+xKs5Qs3NF9PMdclspLlkNuIvmY"
    "3IJdPdP0LGxSiMPpoyMyuvc7v5Lg3KzXfxMLN34WAN3TBnBkIkhzkuQlxBi9yZWOBcTBJN"
    "cCrMz+swrWR1qVntJEYL9Od9udSiQudHvG43Sq1ZhPbOFj6pGhQcSvHWzzCdtIKmsoJGzB"
    "zP42b9jOY9bYVJTXAJ8t4l3n8e0Vz1Ru2/+rBm7f+gNEDREXNwYjrOjkG3O7WAC6ivNNLE"
    "C7CGxvpFHTxic00vLVRRNVXKNeYrNZHg8lPkzNKjWq5rjvSoxkNfXY+qJ1fSXpA8gmIOoe"
    "fdUoG70ZurFFejN1exNyP2KlQPARrGo0bPDyYMs4AcIazgVfQo8ezYmBkWPYssQ5TYm+ju"
    "DJNKh2cGhyfVT5R7JCq8lAS5j0qinQHtJcQqP29NtNmK/BvJ/UoF5JVJNCiiYam9KmcW1W"
    "8FRt89Jo4QrSzWV2YLB79Yc40mrzXLTyx5XWZel6QN8dnfIQ+yquxvrzskaKLRH0VHQ5SL"
    "EanL2exvrVucoaqFdKysawIzlfOmnmSkgrsx+0xU8TBJo1C5jEIPdP1h0TaNv7v6SKp4a3"
    "2dpmI+HRV/a30dqZnPNlUGhJ3hFUT3KLnXrNGCMGPth/FwEGPR3JGElTqsmOAvoGLjjGMb"
    "ReAyMJK9LmEHS0hHYxM8u9fl7/8HICm6yg=="
)
