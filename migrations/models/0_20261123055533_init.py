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
    "eJztXftz4rb2/1c0/NLsDHfvQrKP5t75zhDC7tLy2ALptrd0qDAC1BiZ9SPZ9N7+719Jfu"
    "CHbGxjiPFqppNubB1BPkc6OjrP/9Y22gKpxsuWomgWMWvX4L81AjeI/iP8qg5qcLvdvWAP"
    "TDhX+VjoGzQ3TB0qbK4lVA1EHy2Qoeh4a2KNsMEtsEW6oRGoAocOXEytV1eXc/7zHft59Y"
    "b/+zX/2eQ/Ef/5PeCvG/znW/bztf3v5gugLQEEW1UzX7IvstAU+k0wWZ3wMy2Cv1hoZmor"
    "ZK6RTj/5t99qBjYRe0mszZw++/13+m9MFugrMtgA9uv2frbESF0EGIAXjIo/n5lPW/6sS8"
    "z3fCD7A+czRVOtDdkN3j6Za414o7HNkhUiSIcmYtObuoX4d1FVh3kul+zvvhtif0UfzQIt"
    "oaUyxjJq+wvsntVms8FwMht3JrNZLcJ0l8LHE+eRohG2YOhXNfhfv2Jf4R/NxtXbq3eXb6"
    "7e0SH8a3pP3v5tf/QOGJuQwzOY1P7m76EJ7REc4x2oio4YEjNoRsG9pW9MvEFihIOUIaQX"
    "DulL9x9h3F2Uk4B3H+yQ3+2gU0BP/8DFkKhPDssTcJ50+53xpNX/xD5uYxhfVI5fa9Jhb5"
    "r86VPo6cWbF+y5RoWDLTS8ScDn7uQjYL+C/wwHHQ6vZpgrnX/ibtzkPzX2naBlajOiPc7g"
    "wrc63acuanTkjuvO1otwvL2GupjbO4oQpyli58jbDfw6UxFZmWv662Uzgbc/t0btj63RxW"
    "UzxK+B86bJX/0dAHitqQukz/ivGVAOkZ0O6lrtJEA3X71KgTQdFQs1fxfEeoHmIuGFFLyB"
    "qhhnlyQstWyalw7tscB+dSSsE6C97bS7/VbvotGs28uYCiN2DPtQv4oAy47xWaZT10ex/+"
    "gVwOnIrtJIiUIO3x2gTPPJBqiPIhegpZO7BSDKFMTlvVCbcVXLILrvNR3hFfkRPXGQu/Qb"
    "QaKIJKyj44+dac4M3L/d1eM+3e0oHT56GrV/UdG/nf7FyJYE7da43brt1CJCoABIPznTnJ"
    "cASIuoT+6JEWVrdg6V+0eoL2Yxi3dDiXQjivWNQ/f+xxFSIf8TYmHuszmqgzPHTWtqPrwC"
    "SEZfbZqb8BNI4Ir/Seyz2Sd5N3kTP3A82/RBTXjXD4yoJ1/53bGKOzbFzV8j6B+PCN3XgU"
    "HxUdE/LAMBNgEw19AEc8oPg16oqeaPF4he0k3NuV5/ZwB7vQA6jH4mEt3xC55dcJuXd3d5"
    "dy/jUVjhu7srXtLeKd3xxVwmn3dDBS6TjTcp7pKNMKd2V0n2Kqifo69bTBmVY0MFKSu4oc"
    "5kA7mYJO4gegrmEZo+sgIYXE4NrBL8dU+3+VO2y3aETtowojaM0xuFyiYKpVWo7IhySZ11"
    "9weJ5NaXxraqG9vOFdK91jaBLCgCVR4xcX5iIC2sQQG4H9mduiTB3QtuRLfMaic+qiVURb"
    "o42Im/qCfaPb0h+82dBKAHbme0dIIWgKKlgUdNv79mlkrALaj0f2xCFp5kmyABJAtwT7kL"
    "Lv74wx4yu0dPf/wBsAHsVfBCYPs86kftN4T+VqML3j7XDPpFdGw+1eiQ32oEfTVnFBZoW/"
    "LZffJ3aTWVVtNSCLMKW03Zts5iNXXHVzDa6c1VCrvpm6tYuyl7Fbxv7WRlFoiDVLmADisD"
    "ZbJOpwp1aiSEOjWioU78TJspKjQEfmKGdIdYm4jGFbRUB6co8/pmwrzzYdSd/HrNDnC0Ys"
    "folDBB0BlR3sINPbrp7x9HnfHHYe+WPlpTicGC6KZkOPnIBmn8gM7Bv+9TcO/7WN59H+ac"
    "pwXkZJufvuQ8ez9k7FpqU/K5NRp0Bx+uAVVRCYV+Slq91qh/TRUvqG/ycCXp6He58jaWK2"
    "8jXHGVtFwscYlPGKZpy8xaRp602pPuz51rR+2lXGj/OBh+7nVuP3Ru2dN7emqqaEHvBlPS"
    "7nVaI/aYogd1tMjDpUaaeNpGfDxtIxJPu8S6YeZQ2fx0FVTYzkRBS+W1oSdSHg77yCSDS8"
    "1gLyUqrTvOHX86H0fjWKphwQ6OBTIhVgU64A/j4SAu5N0jCe8TrJjgf0DFxtFwrf17aRGF"
    "oQbmFlZNTIyX7GP/L+NJVsS+YRAFtox77lz0W7+Ej6R2b3gT3gtsgpvIDWh3huYQYgJyGW"
    "JQallmK0d5jEgBSsnlMnPZZ6dV6f1LjfJ6vIGqGnuCiehPd5gdK83IOcwum2/feOcY+yXp"
    "CBv3W71e9BwTWMMzbifxDHJblXlbBU67rGEaYmIZrhHdXNAw8IqgjLFFISoJbBRY7izMhq"
    "qfRIZs7Y8t2rh5TAeGFaTNhyobvGnDCvzran/Ehru3CwC26vEaITGYAtvguSQh3g+x8CQv"
    "VVwMIZpFebRBMbWA/O/riVEy4ZFpgmX8RHZuHgsm/M7wEvYMcAEZBzQdKGvNQIQn7xnieJ"
    "jDZpO5fzKK5UzOzgpHsZj0thvl94Q+FfPaHV9mj3EhV+DOL5Nkm67Hxt5w8MEdHjb0hjJd"
    "1prJDg9VfIOKD2yJEMo6Pmnq+LDwTGNmERMLDG1MponRDpElCbSz1aVEKDN5JM7NyuQX8t"
    "Mc5Bg6H+SO4gE6u1CShQ6XZkZxUbsdtd5PrgGnnZJPdze97vgjixbZWnO6TtYsgoSdgnTc"
    "58E1eMTmmo59JGGF9BkisLxvmENnCtNK+3KZ7cveqsvB6TCt5HSZOU1frrWMptgAjTRvy3"
    "zk4yAqE2dPmThrb2ppdN1vdPVLv1LZWq0FNjvE1J9qIkvr7m090c7KxiFv3F4r6+e1BhZ4"
    "AR7X0KzTn4jwJMClrm3Ybzq6ZnmE+hPY6viBXujpV+dR1BqJ2lgPnGu/hfW/tR2WNZY4WO"
    "eFh+h5atBJPIgd6Jx14q7vGh9M4eC//M1yEe0P50BlzUK8watvxYT7fbN5efm2+eryzbvX"
    "V2/fvn73yjsOoq+SzoWb7gd2NASUpf2G3hzBhNKwWypNNo1hl25FKpUp8KIgs8QUOj+ZtD"
    "OmsTPuxF6WTEVh1dXzNKQfOx1Um/+JFNMGKQPKIbLKLeajAZ3NOxEgkiDvB1nHK5xJXOwo"
    "KgfvcQSyqmqPSKRlapqKIIkRyjuqEMxzSnYsnF0F9LSGuZvhsBfQZG66YQfmXf+mM7pohJ"
    "o7yNSh0juObB0uYwy0KS2YtTJZMCsIaIIBk68/aWxLEeFo7rG1hVft6czCZwrpXqvw81gv"
    "byhs9p8XMV26r+pJdsu5b1CKthFuyOZ3BjAxsqM5eSh43TY3mmtEx1DGGiariaJZqzV/pq"
    "wh1ukfQelYrytmNmTEFnE+X9RE4qiflaaS2taTEixMwjLsQmpehoD7UMafyvjTUoiyCpsp"
    "nb0W4Xj6KCfrxFWnqPTwJGuWQKdPncEtL13k0LOiOcEiOqPOD532hMU+6YhZVFjo093gZn"
    "g3oI+olNMskqt4zrsUF+x3sdfrd+HLNZWTay3GQLSfZTvqE7LMQDq2uy9m4di4M+q2etfA"
    "pp6S9vCWcot1P5mSn0bX4ItOeXjb7w4oCxcbnCskLU3HkfiGI5F+I5nt/dW19Bdvt2NKxy"
    "LXCRWklBFgZY4As2XvjB65hsinE58aESGswJY6dYaEc8rl6aUToJRbrMxbjF7kxD6mpCAQ"
    "H1GFDGoniQXx626GAVdiU2YS+EE6iX9e/F1FIGuNkghdhVggq2iUGFPbVJaxPZefRqK63/"
    "uxs0eeyv1RNoDTGusDS2u/A0QWfUkHa7aiL7vDSHrs9kIbObnL5GS6hVh9aq2obr+C/AtF"
    "fE2hEfUkl9OCjYWBsXs9T22Kn7XhvwJtyVvpKFBFZAF1sIBPABPu+nEKi7CrG/iLDqrzQH"
    "jbUbTChttYHJsGoLRRp9PxPkbgb/K5kujcth8pb1kTGRZfrCoe739irIrAH18kwBl+YHGA"
    "kh4YIlQF1QHMhgAxKu82UBWDZhOEMbMpXjqUx0LtWMVLkyDrtLv9Vu+icVW/DIXRubayq0"
    "jsotnMCmpTgroX1MusoF5KUPeCepUV1CsJ6l5QNROKqtUk4urSSGiToKUq2yzzkbUjOhjc"
    "ct5gioU36+G1I5LwpoA3h3AI0EmQk0H+YkH1gJ5qPvITOn83CBqW21grQ3xLv9Ma3/HOXO"
    "4MU9IZTyhqPAgJGfQmA3kUUr87HvPYpQ02DDf26XmLL0ljvyyZXRIT337r6fNY9z5QqB+h"
    "sPqF+6qeZM9b+QalCCF3hoN/gqn16qp5yX822M/Gkv+8oq8UbbOh/FWgqenAXEPTjvw2AD"
    "2g7t1ob1HQeMGzy+rDMvr7TMRQlaO/vbjctPGqO4piFKwS9XcuPmCVy/Qs6HoEFQhdPEHz"
    "7K0KlUwFKTyCyuF7lDR+3onVQChP2c0wrYwILXNEqKwQKStEluAmd0AucOjaLEhpu3Ho3v"
    "84QnZvwcOvzOUUSRGc/z7mNfejZul7oljCQ+pJ1941H3x4HAubB1zcTdr2v+jW0s0XdbBF"
    "9GoKdbxcOiEmrEA0DylxrIepolcOmjw5ZoVNKINWziNohfMqo2bk0lTwqlwllUgG18jgmj"
    "MBVQbXyOCa8wBVBtdIz7n0nEvPufScl8LeUlbP+Q/afGSRmsCS4LypJxkQ/tTmujNmr91g"
    "skaAmaoBpWB3ewgMZY0WlooWgM5TB4ZmO7IhK5vGbvmAIMxu7cC4x1sDEE2nb7YI0js+Nq"
    "O2g2N8gHSel8t5zv8vPHjFuLrjK+dCPYqXj3uS6O7J64TakUqLS+ksLpFD/HkOHPugF5w3"
    "ngYQf9x4ykaqFvD0iFUoSxWqbNvBUeCChU9d8iCqq1f83+/4Tx5cdYns5zzq6opHXV29ZT"
    "9f89dXTT7o1QsADV+epP4E7inK4hPpub6E0Oq91TVTU+zq7qa2xQrTRsLG798899k9fWpX"
    "C3WfsG63slSoDBYriTyWwWIyWCxnsBhUsmDrDK9cINNlMwWwl81YYNmrILBUkOAsyLrjKw"
    "dtM12IWEKEmAxwPO3Vh6s7Qnj3W3Rd2hMizcrAP+CFlb3Ub3dw2/25e3vHyv3uZpmSfotV"
    "993AfMV9G+lYksCRSMTpGhpIEFs03kBVjS/I5VGdznjbOK5uedl8+8ZTK9kvSRrluN/q9a"
    "K1zexAGYqTRQSKZDKkYdrTAdssP7Ab+sXwVsUiG3iiry1I+DwOt2Mt3DQOt1cZHG6YCV5V"
    "pZcZUem4+MI1YboDK9iUMwJRiHK0gI0M4D9uAP8DvYDR6bIu0RDZt7xCCfpqzmw8FB4znB"
    "HKOPpvGVMDQXVG9de56HxKsiYEyConAYo3KfiNq3muEH76E8JNIOvHkvUKMWjZ3Vxs6imZ"
    "tMb94aRF9wo0NpoJp2T8sdPr/XoNjDVS1acp+U/3w02n0+z/NJlcg7/wao5Qc/PFNHNdNR"
    "pprhqN+KtGIxor5VjDM2wRP00FG1s3mmla6dBR8TA3I+106N1sZiIVbZCpC8KnEjvWRmhl"
    "39r0fWt1pMKnGWshFaMC7hdQoSlOKKMswnxbJKuQGg6ugUamZPj+Pf3HcskaTP04GH4esA"
    "ZTuxkz7oukK6K7K97G7om3kf7YRMVEwJPErbAjyrcHzkejKXALyATbKsc2yMZgJ9Jzv+gz"
    "U7tHgotZPL5+mlwQhzdLiZyTxfvQoMItrVmbmvuJZMeUqPx3iiplgzVIJGEVNE1RtYxL1U"
    "chAY0CKstDyPIQJUhX2FseIiwECoD0kzPNeQmAtIj65N5+RJ3zvABQW7uZqolrUPXZD62v"
    "1OOB0PoqS1YT2qD6k79MDFSRbh5YJqbF5qiQwA2syTnmfdIPhOgGe93aqwgS77l0GELRFk"
    "9VBMqu6nMYUoIyQlWECj0gcqhk4nkrHTZRVVFigfaHi6eRPUtVQWIFmSFZHAySCp/a9lRV"
    "RYol3+pYYXMfjJY3U1XBMuBmq4riYLPgNHEdp2M+W1WxMrFyjw4V5xM+SXWU+qMWJPSdfX"
    "EZnd7JuCetE3njUuV2stFgqWsbAN28Sk23H/Bf55r5nQG0RwI2GsGmxrB7cc1zJm3aP6mG"
    "Q6AqTtosdPbkGoT2elUoKoJkTG+UgVhkm101hlL8zpb9jkfOoxr6uqXC1eCC1WGdwxJnzb"
    "hrvcYHU5j5L39nyumUJQ/Zu1OUPBSJsmRPtSlKfahCsmeVHNR8r0cYG+8/dcdXMMyseAc1"
    "F78zRYWGYPOkC3UKTXHCqACNnw/ZkGdypPNh1J38yvK5TLRixwSLyex/6oxYSOZmi3T6+8"
    "dRZ/xx2LtlpxRdzGtNXUzJcPKRDdp97vPW6/Kfcnk456c/aTLeUsvOtfdDxrClNiWfW6MB"
    "r5xGFTJCwZ+SVq816l8DqEJ9k4cvBYepmVRXiPJkQp/GHEPO+AoE1CQdPJ1fJoEzx0Xwot"
    "/65UXg3OkNBx/c4T7E273hTQhqpmPOdkqlQP1KCg0UUJ8wTtZ7crZRgjpSEH7IVW8jRFpB"
    "HazCBTdkoUhZKLIkTteyFoocWuZc+9pHhgH5QolYe4ID6kkGH40P3fiGpmi6SDTTS+0DBj"
    "3g0ALM0ZL+H2ATYAMYVG3/F7fB0H8tkA422gNiNbGAqfGXgNlwIFbRQtR2sfD599eO/K3G"
    "EiosDg5PXzT1J3Z+8LJbPMMoY70taZs5lW1GFub6FvUEZQ3F4a5JG89HVKGI15PsP59dZ0"
    "MFaxarmUdQgUtoqH7B6zRWMzoqvn7B64jdjC5SQuLyZvZbXnzkJ8SbJYSudLjJanyZdHqd"
    "D6NWn+4tZ4Yp6fRb3d418JZNVq6kyZeNz5aN5MrG16MSL/dnqEHlWnnOMctmC59UDQoQ/m"
    "E8HMQkLuxIwoc2VkzwP6Bi42j3vtq/lxbhgQ5gbmHVxMR4yT72/57B7sUgSrZ7hU1coYOY"
    "TRC2e0HThMp6g0RBzzeYQP0pJvMpQBc2dj2ZdujEeZ2wSYelA6eHPYX+pjtojX4VGx1vBP"
    "Df/DrptMKWd+8eksvu7lGfUPxskRfumkX2f+oMbrmx3aGfkrH7xPA9mfBfzSl5T48F1unE"
    "vtiVwBhPVzzabEW+4eQ6bn660xmsjtXUp8Aabv6bdwTT5LtciFQmhpfZ787T+JGuawIzZL"
    "wvK0hVgcvEqT1aTIzm2Fo+MrmtyrytOKMeMMytPPjoCykPcBzensOlkUPpmNUzm6kExNJc"
    "lddctUALazu7RzGhLGIOBIiqVinjKFU3bR9JBog9ggoc5EevaYh0g0KUrbqDn6ZC4uNYXn"
    "EbryjA2ZPnvYnOC9/U6fP+hVUmv7gDvMAhvmNJvCd8x/80aQ9PGkFeAoLd8una7maIF/T0"
    "rrOWhyZcLukYVru1zhzSdORalORw0FyyLaJsEyW90c/tjXbvIZlV/RBhIed0GfbXiZX852"
    "1GWiLd8yi6/ZZilK1jgUtQOXyL93/KcIrjhlOomgLVTKt3R1FiI1hOiAs2c8lYlXKZHdln"
    "5TPyBymlnb/Mdn56+ZvNqZS6z3XPiFJLbpeN2xE7VbxFJXr1ZFnKh9Z4U0z8wMe0nZTns+"
    "R/cpESy5BgpQaL4kEXqIoWKyY2TlhG8CzBMgy8IhKo/UARollUM9wcXvyt5ZuqqmhZCywK"
    "ysyCEpuiQ5zOPRXEyCngOWONO43D65qlr+R5xmDJaqdJINkpkodBFMnIrOBiMqz5BptMAT"
    "11lcpzRMvu4vUspSrPEy7jWSpVniVW2sFlKsfM3zzSqlugkgorb/JDsfJNVVW4vAuNLOxZ"
    "rtKnZ7mabIj44Xf4vc+Gqm3PVaE1lSlSaoftI5rPVG2FBZFsLqpDgiYa/bEf289o3nPnqh"
    "CsWWLKWCccUUSZ0yEnIZ7MHZGioAobC7QlgGBqvbpqNtjPxoL/u8mivSDY6miDDQQu4Bbq"
    "JlvqL2wCloPK1GRRHZWiphWWzXW7NznNycMVc2XUmYw6K4UkqHDUmbP1IhxPiHvyKCpYwv"
    "YIHUAXC1bFOwvCPpLKxedcpgouu0wILruMBpdBuj9nm6ZAbiEFb6AaA/OOKiyzbLKXDvnZ"
    "qi4iiG877W6/1btovKo3QxU0XfSvIgDLPpayj+UzaNr1rH0s04Q4OC0GD3bYV6wTYygG7P"
    "QRDeeyKANA8ZSbIlqOVXQhSVvfqZv4/GRBHRITE2S76AWGh/CQepIN4os3GHmD95ojumRr"
    "mcBcQxM8QgPo6E+kUK7VwSM217zoKtW9DI1cszqta4ohr8iKqZZoqk9ApVecqC2ioDlT1X"
    "HVLN0+Zv11wGXx1nIWb5Vl3r9N08Vul+YqVOJRl9mMUev/NJlcg80X05yS9vjna6AYD1PS"
    "+tS9BnCLp+T9kLUWWWr5OoukyZWJz5SJ5MnIAg7HtXPE1rmML3gVX+fyHDE+dbUrW6PIsq"
    "J3FGUWK8+9qDPkJhxTV3bDwwQ6si9yLF431n2D9urEbWtjsZvOA1NUV9hgfSgfoGohA2zp"
    "P02o4+US/MUKOVzcf147TjS7XyXVeSHgqkhELS5u2r2dLQ/yz0l9+FT6sGw0WZkcroBy1c"
    "jo37AJvkXXxlX9MrVrw8zqNjK/WY9RJlgvs8J6KWFNAetVVlivJKwpYNVMKKhAkIysS3Mw"
    "uGd0auZC9/wMNby+A1V9bXt31gIP/c5k9Ktd4YHPMSX91uCu1bsG9CZiQXVKuv1Pw9HkGu"
    "DNVtPNnT0njw2n4K69SxWKsm6Sq9F7RLIUPZCG6XQ4V9cwLfuPFhWtKsoMnD9ljESKUspS"
    "trLBa0EhSfsbvMat4gLArXqZYMHWLVOx4EDOrNCGHMypTTIk05GKb2SKhA9OAxwiOwgCmw"
    "ZQ8RIpT/TQ+xf44w+8+OMPiix8oB/I+tqyKIkFesAKAo9rpCP+YKtrpkblJaAanvZoiLJA"
    "jvpZaTvr2lcDqjWomCCvsa4nqOwh2YI07u66txlM0paFFy8ZTR6Btt8y7WsLxz+J/bh6jp"
    "5wthvH1qD8uhH/02UWidR4wxov9HLh89zwd9Rl9pnWhoNroJEpGb5/T/+xXOa5rF+m8Z/G"
    "e08jlhVXLOYyrLjEJ7Sr0KEWWmQUabWf7jp3rGufTR3s6NceDt53R332miK/xPqGjQj2+Z"
    "sStsaHd5SIyQ7NonSdXz51R2wI+rrFOhvTbg3anR4nUxhgas4OgQUbZGTHrUxnV5lEZyq/"
    "3hITbKxzHZkhUsnnMvPZr7lm5HOIVPK5zHy2zxMjB5uDlJLLZeay7NtbK9ZZkrmVq+zimj"
    "+uVVlDM3OfGR9RhQzoJ+4yk7efp2zlWRT+0jdXtG9OR/TPMvL45gSUFVra0jd3Tr45/1qU"
    "vrm94Aq2bv6aDLI06/MljPsREzoxA4Am+TCDA1O4MNkfam34A+AjBxea7voXTYrXi2vuO/"
    "xTs3QCVZbA4h+sbRmH2coReS6P8RGyX6qsXHcmR6X0OUqfY8E+x6Sc2P24n0d+bO22czO5"
    "Bgs0N6dk1PnU6o6u6YmwhVinvJh87NBfNS77c/DjTQp+hPfVjh9vxPyYmeirQPzFm89CZN"
    "KIltmIxlbHDG7cMmAZUkdClN9idk4zQ/XBR02/N2ZUoOjmTCR52BkvBjpKmXTGVwtpekSH"
    "O1xrJl4+zegRjBdItGhvNE1FkIixFFCHwJxT8mNJDe/JaVG8GQ57AcFx0w1Lhrv+TWd00Q"
    "itZkF/cYqfgjIu4ADRt7x2KbGpa2pG+IJU3zJ+ZxcptlVZX+fMoWKfeq3BgIVwOfRTQkd3"
    "33fZIy7BMHvW+tzqTrqDD7POL5323aTL1Gz4CDEzBczod1IsNh8LEuOvBx9YmBh/SlZTck"
    "svNFQ51AiKBpoVFUTWSNPVuRHf1rkR6ets/wG5rskhUhmZUObIBCdKX+iIiY93D1IdEPd+"
    "PpzdG+UuvYbH9BraRlUtI6whKuktlN7CZ/EWuutQegr3Ahvasvux9SXCHQhtNbtahgEOnt"
    "1lypAc27fhiFPR7VMQ7010GyKkcSOu6PdEhFV8Zh2oKIeNNd6Ci2jDqhe8YxUBXqeqxNZX"
    "RU0r3YXSXXgmZ2WF3YWGaq3E9o+Y/ClnfDEmj+fdUEH3U5qiz2/iqz6/iZR95v/PAK07vs"
    "wewJzgNlNVyG0mVMhtRss+32ORMpTOdOfSntByZ9hHThar3Zjnc7J0zpu7bu+WG9zcMzSP"
    "9SyN8SzedhYxnTFpziroZlnkfpoTgt+xdKpv/7OvGQoVhGcqUNwbgzHLlaggJK+QpeDEIf"
    "ML+DRjK9nxo25EfYGTk57EM5zOKnbVPIMEKIJXa/NAoOPmOB3Ujct3Z4C1U7h99kj/FKpF"
    "2ljRVZoV76R5Tof5OazuEFKILArA2zfLCdF+XX6051hVGU70IMTaIv/6TprnhDKl/IDbhV"
    "1nzvo0ZktNnwVqyGYItNk7lwy7yRB2wz6UlULJGh8ZppMBkpkDJA1ry8obMwO2yUy4EfQT"
    "rC9R0gow4AS2ArvhJhUeDxg9MlEtyKf6YTwcxF1aRdRhQydWTPA/oGLjaBLfVwmPmQFMTI"
    "yX7GOfoxgeQyt5a4R3QT1ovGQTRGOHHzDPKGJHqyIMxtxzpRJNcLoj+fUZqJx4M4cqM4rl"
    "xVg4wQnVnpJiHIk1SJPheequ22UzE8emdsq22zmAgoTQdaAg5mw9FDDfVJWFy1pgUbh/Fp"
    "jYFF676PMym6bCaEX/nEehupQFpg/2LFVdSKdsd3+WAG1V7VCB9IlOUVV4DBMulzNdUw89"
    "5sZsohGdp7JIWXNv8kOx8k1VVbjsi+uBQE34JFWC6Kixfd4WFAX4+fdnQpQfG6a7w9I0Pa"
    "Bj7Q62Wx41y1rYsta2LFzwJbhBLFoPE17Lw/MCfweYGxhggyUAUUo2h7DJQZFzC5vpbr1I"
    "Xze8kf/tB/XVleGAMhxQhgNmDgd0hU6emCqXtszxa7XWbb/LshoXG0ympP2x1R31W/QBlV"
    "dYp0J9Sm6740+tSZsXs1hgYwtNhUqqKekMPnQHHfYUkRUmiD0bdVq3HV4DAy7yVb1opDF2"
    "N+Jt3Y2IqduWptnShwI0Mi1L1GiNnkwZG6ztKCSi+/OxdkrAqfKGygZw2ryWwGZN0VwNiz"
    "LcM8Pq5qZUFFTfbi1VppD/kiq6UIQusQl3ivDIvdeKz0yFRw/MlkxVeH4nARu0mSMdPEL6"
    "sA541zPexOyCqf8GQguq+gfu6C+iV4oC55U5RPLScCaCqMKXBjtFmKVUZIqqCJGVI5yCfV"
    "5lwim4kJ0pKjQMkWU5njURQsmcwpljUJB1bOJsnAlSSbYUzhZlzQokqWIjSMzZtSM5YTQe"
    "i31d6XBzLOBDdoo05Tkb8fU5G5ECnV8sjMzZUtc2eVI6otQVymQqIszLBoie2rnB3dFKaK"
    "WFTVrYzgJRaWGTFrZyglpSC9vETSEaw81W7LUPD6kn2dm8lCRjN3ivqc1eHPQ/pFkGeICq"
    "hYxrsNUekQ4uPr+ogwdNNen3Bxc/018US9dZOZ2L1gvmkwfbNWSTLnnvGaI8gYuPfwnsbs"
    "f6EKFP3yuvRhfJQY78pIz2ipnlTpLAHm+8E8UJJRvthP06q2CsOxPjnItJonWOb/DZo+CA"
    "UjUYp63uaELcXTKi89P+Exh6O7y76XXAp1Gn3R13HYuCx0H+kj3aJVOOOq1eSHd1JOcMZk"
    "I5QCVxzoDzPBfOc4lzRpyVXDgrEueUODtKVka5EaCSOGfAOZvcCFBJnDPgnE1uBKgkzilw"
    "9m5hs/VfmaAOE0q0U6Aty9wf3TYpq7GnM6Ltr8b+TFY0O0dIZDzzsocSbGa7MWmSXZxWW9"
    "8ZwOm2zApNK9pmqzLkgGYno+xitwGd4l6Y2pJ/pv2RZ795dmGDacX84ykFla+/y6A0GZRW"
    "CrFT4aA0p2YP51aE7ekSWkJTlDqvpT0cDDptu2UXZTJBit2qa9L6sTNjaSrdwYcxRQ7eI6"
    "+E2pSwbJjJrN+ZsCQWlhNjzvgJw7u79lrtjvtOR1QkKsh9OxgOZvQTJ6NWe3LX6tFvTIHh"
    "XeWo7LagSj/3Y+f9hHcPX5pT0h726XRdVs7Yk65T8tMdZTL/xlz28u97aBfZxus0cSqv4+"
    "NUXofjVDzpnWcJecQnDAzS0QoblE0oc5e4UedDd0z5zdq07WZhjGr1nGZxXyh3nW5x3cHs"
    "83D04zXAZMY6igY7wBXW8a3wBKmsJe9OX+rumTwbR+kGbKs8GQ/eHZVsqldm35KiakY+zc"
    "pPKHlcah7nqTUvK8wXUGF+gwyD+VOygh+kk/jnxR8aBl4RlDEqMURVIfgLC/Wk8madtcNl"
    "gEaaVIXi4vRm6oovVFa3LGOc945CAiqDvI+DaIIjRcYiFxKLHD2tCgC18nHzgTN6P7Bbp6"
    "TjobCmqwxZMsmaOhdhd6DsR/TUbtQzxTRbT2tXoT+lBDhTYEN3n6weah/mpgmVdQF1rG33"
    "c8ubrkLSN2il0TaFodW256oSVMePffAtsdgoiOAy3BcPAYOjU0RGbNeaqbEQBoqUxTtu87"
    "qd9nTXYOJkjH9ngCVWEcALXmmH1eChgmwBFG37JAqTKGpaWa1HBkaciSCpcmCEs11nbLMK"
    "7+IJ3XsFtLIBVZoGVBywrB3BA0QS5zQ4b6i8SQj6iTGD+okqh3MjFc6NBJwbUZwN/JcA4g"
    "Qr3l8icI9owjtyl6jiLKJUSWLOunskaIiZ0AkwSFa5RXuZatFeJizay+iidS5J2QzQQSJp"
    "1I8uYSdOMhOqARpp2N9v2N/FyB9og6pcO496yAgVWFr7zXvKztpRCLLprSclEwtp8Q0KxP"
    "JlobgMiDXD+Di0zwbjWxxpDDA83Jf1EiAr+t4tbsyCp5+Y/QT6M06cqVnvFNeWQp+uMTvZ"
    "hWaYYieXxhhpjDkTwV9hY8y5JRfkyEyRSQXlSCo42sXt1CkFvOgrP/wEzi5NUxEkMea0AG"
    "EI+TmlPBb03pPTon8zHPYC6N90w/De9W86dKVzVuxy4MsSsVkyBVnem8uKqrw3n/7efPqw"
    "uJKJgwKj4soeEnMmyB81zOOO3FMtntyiB6ygmsC4EBxQTzIuWPbQxW5oCuOCPRqYrH3S1p"
    "qr2FgjA8wtr8+q04XVVrL1p2tgrOmHABa74TZmFdkVCptX3NxV10xNsXUrU9tihW0E2dr1"
    "OU0NfpbkuXf66Ut99Ry0Jt2f6eWRUIn4gFgxhHF/OGmxMgjGRjPhlIw/0uvkr2xF07vk05"
    "T8p/vhptNp9n+aTK7BX3g1R6i5+WKauS6ZjTSXzEb8JbMRuWS6+0fIuBiF0UdTZmbldW43"
    "36VBufkuHmb2LhysoRvmzECI5DDHRYgraJE7Ewuci0miCU6F+XkdppWsLjWrncRogf68L5"
    "daVOj8iNftRqk1i9De2cInVYOCQyne+hmmk1bQVFbQiJnjedysn9G8p60wqQkuQd67xPvP"
    "I5qr3qj9Vx/WrP0flAYoOmIOTkzH2THodqcWcAH1lUaaeAHW0Fi/qINHbK7ppYUqqqZKuc"
    "Z8pSYSXH6KnFl6VMt1zZEe1Xjoq+tR9eRK2guSR1DMIfS8WypwN3pzleJq9OYq9mbEXoXq"
    "IUDDeNTo+cGEYRaQI4QVvIoeJZ4dGzPDomeRZYgSexPdnWFS6fDM4PCk+olyj0SFl5Ig91"
    "FJtDOgvYRY5eetiTZbkX8juV+pgLwyiQZFNCy1V+XMovqtwOi7x8QRopXF+sps4eAXa67R"
    "5LVm+Yklr8vM65K0IT77O+RBVpX97XWHBE00+qPoaIhyMSJ1OZv9rXWLM1S1kI6VdU1gpn"
    "Le1JOMVHA3Zp+JKh4maRQql1Hoga4/LNqm8XdXH0kVb62v01TMp6Pib62vIzXz2abKgLAz"
    "vILoHiX3mjVaEGas/TAeDmIsmjuSsFKHFRP8D6jYOOPYRhG4DIxkr0vYwRLS0dgEz+51+f"
    "v/Ae/C0fM="
)
