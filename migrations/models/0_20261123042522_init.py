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
    "h7DpfGBVpY29k9igmgEG+0AFHVKiocpTqjbZnPALFHUIHj4+i175BuUIiyVQHw01TIxnos"
    "X6yNVxTg7EnW3kTnhW/qNGv/wiqTN9YBXuCG3bEk3v+643+a8PgnjSAvUN1uDXRtd73DC3"
    "p211lrPBMul3QMq/FZZ25QOnItCoY/aC7ZPk+2E5I+0Of2gbrab2Y/aIiwkHO6DPvrxJ7Q"
    "521aWSLd8yi6/ZZilK2yvUtQOXyL97pJJ/5xnfiqpkA10+rdUZTY9JIT4oKNKzJColzGLv"
    "ZZ+UzLQUppXS6zdZle/mZzKqXuc90zotSS22XjdsROlaYImHuBZLmxh9YCU0z8wMe0nUTb"
    "s+R/cjELy5BgpQaL4kEXqIoWKyY2Tlhu7izBMgy8IhKo/UARollUM9wcXiSs5ZuqqmhZCy"
    "wKBcyCEpuiQ5wOLxXEyCn0OGMNHo3D61+lr/h4xmDJqphJINmJeYdBFMkDrOBiMqz5BptM"
    "AT11NcNzRMvu9vQsJQ3PEy7jWSoaniVW2sHlDMfM3zzSqlvIkAorb/JDsfJNVVW4vAuNLA"
    "BZrhKZZ7mabIj44Xf4vc+Gqm3PVaE1lSlSaoftI5rPVG2FBZFsLqpDgiYa/bEf289o3nPn"
    "qhCsWWLKWMcUUUSZ00klIZ7MHZGijAcbC7QlgGBqvbpqNtjPxoL/u8mivSDY6miDDQQu4B"
    "bqJlvqL2wClvnI1GRR9Y6iphWWV3W7/DhNrMOVVWXUmYw6K4UkqHDUWfa288/Rcf5ksQ1H"
    "6BS5WFBuxaQAx2SU7kgqF59zmSq47DIhuOwyGlwG6f6cbZoCuYUUvIFqDMw7qrDMssleOu"
    "Rnq7qIIL7ttLv9Vu+i8areDNVtdNG/igAs+x3KfofPoGnXs/Y7TBPi4LSiO9hhX7GOfaEY"
    "sNNHNJzLogwAxVNuimhNVdGFJG19p2728pMFdUhMTJDtohcYHsJD6kk2iC/eYOQN3muO6J"
    "KtZQJzDU3wCA2goz+QQrlWB4/YXPNSn1T3MjRyzaqDrimGvA4oplqiqT4BlV5xoraIguZM"
    "VT1Us3T7mPVXn5YlQ8tZMlQWF/82TRe7XZqrPIZHXWYzRq3/02RyDTZfTHNK2uOfr4FiPE"
    "xJ61P3GsAtnpL3Q9bQYqnl62eRJlcmPlMmkicjCzgc184RW10xvsxSfHXFc8T41DWWbI0i"
    "y4reUZRZrDz3os6Qm3BMXdkNDxPoyL7IsXjdWPcN2qsTt62NxW46D0xRXWGD9St8gKqFDL"
    "Cl/zShjpdL8Ccr5HBx/3ntONHsvoZU54WAqyIRtbi4afd2QDzIPyf14VPpw7K9YWVyuALK"
    "VSOjf8Mm+BZdG1f1y9SuDTOr28j8Zj1GmWC9zArrpYQ1BaxXWWG9krCmgFUzoaACQTKyLs"
    "3B4J7RqZkL3fMz1PD6DlT1te3dWQs89DuT0a92hQc+x5T0W4O7Vu8a0JuIBdUp6fY/DUeT"
    "a4A3W003d/acPDacgnvFLlUoyrpJroHuEckC6EAaptPhXF3DtOx6WVS0qigzcP6UMRIpSi"
    "lL2cq2ogWFJO1vKxq3igsAt+plggVbt0zFggM5s0IbcjCnNsmQTEcqvpEpEj44DXCI7CAI"
    "bBpAxUukPNFD71/g99/x4vffKbLwgX4g66bKoiQW6AErCDyukY74g62umRqVl4BqeNqjIc"
    "oCOepnpe3nal8NqNagYoK8dq6eoLKHZAvSuLvr3mYwSVsWXrxkNHkE2n7LtK8ZGf8k9uPq"
    "OTqR2W4cW4Py60b8T5dZJFLjDWu80MuFz3PD31GX2WdaGw6ugUamZPj+Pf3Hcpnnsn6Zxn"
    "8a7z2NWFZcsZjLsOISn9CuQodaaJFRpNV+uuvcsV5xNnWwj1x7OHjfHfXZa4r8EusbNiLY"
    "XW5K2Bof3lEiJjs0i9J1fvnUHbEh6OsW62xMuzVod3qcTGGAqTn70hVskJF9njKdXWUSna"
    "n8ektMsLHOdWSGSCWfy8xnv+aakc8hUsnnMvPZPk+MHGwOUkoul5nLsltsrVhnSeYGorJ3"
    "aP64VmUNzcx9ZnxEFTKgn7jLzMau35gZ/CCdxD8//tI3V7RvTkf0zzLy+OYElBVa2tI3d0"
    "6+Of9alL65veAKtm7+mgyyNOvzJYz7ERM6MQOAJvkwgwNTuDDZH2pt+APgIwcXmu76F02K"
    "14tr7jv8Q7N0AlWWwOIfrG0Zh9nKEXkuj/ERsl+qrFx3Jkel9DlKn2PBPseknNj9uJ9Hfm"
    "zttnMzuQYLNDenZNT51OqOrumJsIVYp7yYfOzQXzUu+3Pw400KfoT31Y4fb8T8mJnoq0D8"
    "xZvPQmTSiJbZiMZWxwxu3DJgGVJHQpTfYnZOM0P1wUdNvzdmVKDo5kwkedgZLwY6Spl0xl"
    "cLaXpEhztcayZePs3oEYwXSLRobzRNRZCIsRRQh8CcU/JjSQ3vyWlRvBkOewHBcdMNS4a7"
    "/k1ndNEIrWZBf3GKn4IyLuAA0be8dimxqWtqRviCVN8yfmcXKbZVWV/nzKFin3qtwYCFcD"
    "n0U0JHd9932SMuwTB71vrc6k66gw+zzi+d9t2ky9Rs+AgxMwXM6HdSLDYfCxLjrwcfWJgY"
    "f0pWU3JLLzRUOdQIigaaFRVE1kjT1bkR39a5EenrbP8Bua7JIVIZmVDmyAQnSl/oiImPdw"
    "9SHRD3fj6c3RvlLr2Gx/Qa2kZVLSOsISrpLZTewmfxFrrrUHoK9wIb2rL7sfUlwh0IbTW7"
    "WoYBDp7dZcqQHNu34YhT0e1TEO9NdBsipHEjruj3RIRVfGYdqCiHjTXegotow6oXvGMVAV"
    "6nqsTWV0VNK92F0l14Jmdlhd2FhmqtxPaPmPwpZ3wxJo/n3VBB91Oaos9v4qs+v4mUfeb/"
    "zwCtO77MHsCc4DZTVchtJlTIbUbLPt9jkTKUznTn0p7QcmfYR04Wq92Y53OydM6bu27vlh"
    "vc3DM0j/UsjfEs3nYWMZ0xac4q6GZZ5H6aE4LfsXSqb/+zrxkKFYRnKlDcG4Mxy5WoICSv"
    "kKXgxCHzC/g0YyvZ8aNuRH2Bk5OexDOczip21TyDBCiCV2vzQKDj5jgd1I3Ld2eAtVO4ff"
    "ZI/xSqRdpY0VWaFe+keU6H+Tms7hBSiCwKwNs3ywnRfl1+tOdYVRlO9CDE2iL/+k6a54Qy"
    "pfyA24VdZ876NGZLTZ8FashmCLTZO5cMu8kQdsM+lJVCyRofGaaTAZKZAyQNa8vKGzMDts"
    "lMuBH0E6wvUdIKMOAEtgK74SYVHg8YPTJRLcin+mE8HMRdWkXUYUMnVkzwF1CxcTSJ76uE"
    "x8wAJibGS/axz1EMj6GVvDXCu6AeNF6yCaKxww+YZxSxo1URBmPuuVKJJjjdkfz6DFROvJ"
    "lDlRnF8mIsnOCEak9JMY7EGqTJ8Dx11+2ymYljUztl2+0cQEFC6DpQEHO2HgqYb6rKwmUt"
    "sCjcPwtMbAqvXfR5mU1TYbSif86jUF3KAtMHe5aqLqRTtrs/S4C2qnaoQPpEp6gqPIYJl8"
    "uZrqmHHnNjNtGIzlNZpKy5N/mhWPmmqipc9sX1QKAmfJIqQXTU2D5vC4oC/Pz7MyHKjw3T"
    "3WFpmh7QsXYH2y2PmmUtbFlrWxYu+BLcIBathwmv5eF5gb8DzA0MsMESgCglm0PY5KDIuY"
    "XNdLdepK8b3sj/9oP66spwQBkOKMMBM4cDukInT0yVS1vm+LVa67bfZVmNiw0mU9L+2OqO"
    "+i36gMorrFOhPiW33fGn1qTNi1kssLGFpkIl1ZR0Bh+6gw57isgKE8SejTqt2w6vgQEX+a"
    "peNNIYuxvxtu5GxNRtS9Ns6UMBGpmWJWq0Rk+mjA3WdhQS0f35WDsl4FR5Q2UDOG1eS2Cz"
    "pmiuhkUZ7plhdXNTKgqqb7eWKlPIf0kVXShCl9iEO0V45N5rxWemwqMHZkumKjy/k4AN2s"
    "yRDh4hfVgHvOsZb2J2wdR/A6EFVf0Dd/QX0StFgfPKHCJ5aTgTQVThS4OdIsxSKjJFVYTI"
    "yhFOwT6vMuEUXMjOFBUahsiyHM+aCKFkTuHMMSjIOjZxNs4EqSRbCmeLsmYFklSxESTm7N"
    "qRnDAaj8W+rnS4ORbwITtFmvKcjfj6nI1Igc4vFkbmbKlrmzwpHVHqCmUyFRHmZQNET+3c"
    "4O5oJbTSwiYtbGeBqLSwSQtbOUEtqYVt4qYQjeFmK/bah4fUk+xsXkqSsRu819RmLw76H9"
    "IsAzxA1ULGNdhqj0gHF59f1MGDppr0+4OLn+kviqXrrJzOResF88mD7RqySZe89wxRnsDF"
    "xz8FdrdjfYjQp++VV6OL5CBHflJGe8XMcidJYI833onihJKNdsJ+nVUw1p2Jcc7FJNE6xz"
    "f47FFwQKkajNNWdzQh7i4Z0flp/wkMvR3e3fQ64NOo0+6Ou45FweMgf8ke7ZIpR51WL6S7"
    "OpJzBjOhHKCSOGfAeZ4L57nEOSPOSi6cFYlzSpwdJSuj3AhQSZwz4JxNbgSoJM4ZcM4mNw"
    "JUEucUOHu3sNn6z0xQhwkl2inQlmXuj26blNXY0xnR9ldjfyYrmp0jJDKeedlDCTaz3Zg0"
    "yS5Oq63vDOB0W2aFphVts1UZckCzk1F2sduATnEvTG3JP9P+yLPfPLuwwbRi/vGUgsrX/8"
    "qgNBmUVgqxU+GgNKdmD+dWhO3pElpCU5Q6r6U9HAw6bbtlF2UyQYrdqmvS+rEzY2kq3cGH"
    "MUUO3iOvhNqUsGyYyazfmbAkFpYTY874CcO7u/Za7Y77TkdUJCrIfTsYDmb0EyejVnty1+"
    "rRb0yB4V3lqOy2oEo/92Pn/YR3D1+aU9Ie9ul0XVbO2JOuU/LTHWUy/8Zc9vLve2gX2cbr"
    "NHEqr+PjVF6H41Q86Z1nCXnEJwwM0tEKG5RNKHOXuFHnQ3dM+c3atO1mYYxq9ZxmcV8od5"
    "1ucd3B7PNw9OM1wGTGOooGO8AV1vGt8ASprCXvTl/q7pk8G0fpBmyrPBkP3h2VbKpXZt+S"
    "ompGPs3KTyh5XGoe56k1LyvMF1BhfoMMg/lTsoIfpJP458UfGgZeEZQxKjFEVSH4Cwv1pP"
    "JmnbXDZYBGmlSF4uL0ZuqKL1RWtyxjnPeOQgIqg7yPg2iCI0XGIhcSixw9rQoAtfJx84Ez"
    "ej+wW6ek46GwpqsMWTLJmjoXYXeg7Ef01G7UM8U0W09rV6E/pQQ4U2BDd5+sHmof5qYJlX"
    "UBdaxt93PLm65C0jdopdE2haHVtueqElTHj33wLbHYKIjgMtwXDwGDo1NERmzXmqmxEAaK"
    "lMU7bvO6nfZ012DiZIx/Z4AlVhHAC15ph9XgoYJsARRt+yQKkyhqWlmtRwZGnIkgqXJghL"
    "NdZ2yzCu/iCd17BbSyAVWaBlQcsKwdwQNEEuc0OG+ovEkI+okxg/qJKodzIxXOjQScG1Gc"
    "DfynAOIEK96fInCPaMI7cpeo4iyiVElizrp7JGiImdAJMEhWuUV7mWrRXiYs2svoonUuSd"
    "kM0EEiadSPLmEnTjITqgEaadjfb9jfxcgfaIOqXDuPesgIFVha+817ys7aUQiy6a0nJRML"
    "afENCsTyZaG4DIg1w/g4tM8G41scaQwwPNyX9RIgK/reLW7MgqefmP0E+jNOnKlZ7xTXlk"
    "KfrjE72YVmmGInl8YYaYw5E8FfYWPMuSUX5MhMkUkF5UgqONrF7dQpBbzoKz/8BM4uTVMR"
    "JDHmtABhCPk5pTwW9N6T06J/Mxz2AujfdMPw3vVvOnSlc1bscuDLErFZMgVZ3pvLiqq8N5"
    "/+3nz6sLiSiYMCo+LKHhJzJsgfNczjjtxTLZ7cogesoJrAuBAcUE8yLlj20MVuaArjgj0a"
    "mKx90taaq9hYIwPMLa/PqtOF1Vay9adrYKzphwAWu+E2ZhXZFQqbV9zcVddMTbF1K1PbYo"
    "VtBNna9TlNDX6W5Ll3+ulLffUctCbdn+nlkVCJ+IBYMYRxfzhpsTIIxkYz4ZSMP9Lr5K9s"
    "RdO75NOU/Kf74abTafZ/mkyuwZ94NUeouflimrkumY00l8xG/CWzEblkuvtHyLgYhdFHU2"
    "Zm5XVuN9+lQbn5Lh5m9i4crKEb5sxAiOQwx0WIK2iROxMLnItJoglOhfl5HaaVrC41q53E"
    "aIH+vC+XWlTo/IjX7UapNYvQ3tnCJ1WDgkMp3voZppNW0FRW0IiZ43ncrJ/RvKetMKkJLk"
    "Heu8T7zyOaq96o/Vcf1qz9H5QGKDpiDk5Mx9kx6HanFnAB9ZVGmngB1tBYv6iDR2yu6aWF"
    "KqqmSrnGfKUmElx+ipxZelTLdc2RHtV46KvrUfXkStoLkkdQzCH0vFsqcDd6c5XiavTmKv"
    "ZmxF6F6iFAw3jU6PnBhGEWkCOEFbyKHiWeHRszw6JnkWWIEnsT3Z1hUunwzODwpPqJco9E"
    "hZeSIPdRSbQzoL2EWOXnrYk2W5F/I7lfqYC8MokGRTQstVflzKL6rcDou8fEEaKVxfrKbO"
    "HgF2uu0eS1ZvmJJa/LzOuStCE++zvkQVaV/e11hwRNNPqj6GiIcjEidTmb/a11izNUtZCO"
    "lXVNYKZy3tSTjFRwN2afiSoeJmkUKpdR6IGuPyzapvF3Vx9JFW+tr9NUzKej4m+tryM189"
    "mmyoCwM7yC6B4l95o1WhBmrP0wHg5iLJo7krBShxUT/AVUbJxxbKMIXAZGstcl7GAJ6Whs"
    "gmf3uvz9/+IaQGA="
)
