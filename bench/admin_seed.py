"""The data behind bench_admin_pages: one site with ``meters`` meters and a year of data, and its queues.

Plain SQL on a fresh migrated database (an ORM call per row would take an hour for millions of rows).
Person ids are known in advance: residents ``1..R`` (R = 0.8 × meters, one binding each), then five staff
members ``R+1..R+5`` with Telegram only (a dispatcher and four engineers); the benchmark's web superuser
is created afterwards. The queues scale with the fleet (figures for 10,000 meters):

* 20,000 requests and complaints over 400 days, the newest 3 % still open, each with its history (about
  86,000 comments: the resident's text, the stage changes, a reply, a resident's follow-up on every
  fourth), a photo on every fifth, the operators' group post of nine in ten (its outbox row delivered);
* 5,000 alerts, one a meter, a tenth active and a tenth acknowledged, the rest cleared;
* 2,000 restrictions over the year with the relay commands of those executed and their steps in the
  audit log (plan, notice, execute with the command's id, done or failed), the newest 5 % still open;
* 1,000 failed deliveries among 20,000 + 16,000 delivered ones;
* 20 API tokens (a quarter revoked).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import asyncpg  # type: ignore[import-untyped]


@dataclass(frozen=True, slots=True)
class Scale:
    meters: int

    @property
    def plots(self) -> int:
        return (self.meters + 1) // 2

    @property
    def residents(self) -> int:
        return int(self.meters * 0.8)

    @property
    def tickets(self) -> int:
        return self.meters * 2

    @property
    def open_tickets(self) -> int:
        return max(30, self.tickets * 3 // 100)

    @property
    def alerts(self) -> int:
        return self.meters // 2

    @property
    def restrictions(self) -> int:
        return max(20, self.meters // 5)

    @property
    def failed(self) -> int:
        return max(10, self.meters // 10)

    def fill(self, sql: str) -> str:
        values = {
            "$plots": self.plots,
            "$meters": self.meters,
            "$residents": self.residents,
            "$tickets": self.tickets,
            "$open": self.open_tickets,
            "$ticket_step": 400 * 86400 // self.tickets,
            "$alerts": self.alerts,
            "$restrictions": self.restrictions,
            "$failed": self.failed,
        }
        for name, value in sorted(values.items(), key=lambda item: -len(item[0])):
            sql = sql.replace(name, str(value))
        return sql


FLEET = """
INSERT INTO site (slug, name, kind, timezone, day_zone_start_min, night_zone_start_min, reading_window_start_day,
  reading_window_end_day, billing_period_start_day, manual_readings_for_telemetry, consent_text, support_contact,
  ticket_review_days, deviation_percent, imbalance_percent, operators_chat_id, created_at)
VALUES ('bench', 'СНТ «Бенчмарк»', 'snt', 'Europe/Moscow', 420, 1380, 20, 25, 1, false, '', '', '{}', 50, 10,
  -1001234567890, now());

INSERT INTO plot (site_id, number, address, created_at)
SELECT 1, n::text, 'линия ' || (n / 100 + 1) || ', участок ' || n, now() FROM generate_series(1, $plots) n;

INSERT INTO account (site_id, plot_id, number, holder_name, debt, created_at)
SELECT 1, n, lpad(n::text, 6, '0'), 'Владелец ' || n, (n % 7) * 100, now() FROM generate_series(1, $plots) n;

INSERT INTO gateway (site_id, serial, model, place, last_seen_at, created_at)
SELECT 1, 'GW' || lpad(n::text, 4, '0'), 'УСПД-' || (n % 3), 'линия ' || n, now(), now() FROM generate_series(1, 50) n;

INSERT INTO meter (site_id, plot_id, account_id, gateway_id, serial, mac, imei, model, kind, phases, tariff_count,
  multiplier, place, seal_number, protocol, topic_id, has_telemetry, relay_state, online, last_seen_at, label,
  next_verification_on, created_at)
SELECT 1, (n + 1) / 2, (n + 1) / 2, n % 50 + 1, 'M' || lpad(n::text, 6, '0'), '', '',
  (ARRAY['Меркурий 201', 'Нева МТ 114', 'Энергомера CE102', 'Shelly Pro 3EM'])[n % 4 + 1],
  CASE WHEN n % 500 = 0 THEN 'main' ELSE 'individual' END, CASE WHEN n % 5 = 0 THEN 3 ELSE 1 END, 2, 1, '', '',
  (ARRAY['native', 'tasmota', 'shelly', 'zigbee2mqtt'])[n % 4 + 1], 'm' || n, true,
  (ARRAY['on', 'off', 'unknown'])[n % 3 + 1], n % 10 <> 0, now() - (n % 600) * interval '1 minute', '',
  date '2027-01-01' + (n % 700), now()
FROM generate_series(1, $meters) n;

INSERT INTO reading (meter_id, ts, t1, t2, total, source, flags, received_at)
SELECT m.id, d, m.id % 100 + k * 7.5, m.id % 50 + k * 2.5, m.id % 150 + k * 10, 'telemetry', 0, d
FROM meter m, generate_series(0, 364) k,
  LATERAL (SELECT date_trunc('day', now()) - (364 - k) * interval '1 day' AS d) t;

INSERT INTO dailyaggregate (meter_id, day, t1, t2, t3, t4, total, end_t1, end_t2, end_total, quality)
SELECT m.id, current_date - (364 - k), 7.5, 2.5, 0, 0, 10, m.id % 100 + k * 7.5, m.id % 50 + k * 2.5,
  m.id % 150 + k * 10, 'measured'
FROM meter m, generate_series(0, 364) k;

INSERT INTO meterevent (meter_id, ts, code, event_class, severity, text, from_monitoring, received_at)
SELECT m.id, now() - k * interval '15 days' - (m.id % 1440) * interval '1 minute',
  (ARRAY['cover_open', 'voltage_high', 'offline', 'clock_set'])[k % 4 + 1],
  (ARRAY['tamper', 'threshold', 'other', 'integrity'])[k % 4 + 1],
  (ARRAY['alarm', 'warning', 'info'])[(m.id + k) % 3 + 1], '', k % 4 = 2, now()
FROM meter m, generate_series(0, 23) k;

INSERT INTO person (name, phone, email, channel, telegram_id, locale, created_at)
SELECT 'Житель ' || n, '+7900' || lpad(n::text, 7, '0'), '', 'telegram', 100000 + n, 'ru', now()
FROM generate_series(1, $residents) n;

INSERT INTO binding (person_id, meter_id, status, method, label, reject_reason, created_at)
SELECT n, n, CASE WHEN n % 100 = 0 THEN 'pending' ELSE 'active' END, 'serial', '', '', now() - n * interval '1 minute'
FROM generate_series(1, $residents) n;

INSERT INTO activationcode (code, site_id, plot_id, expires_at, created_at)
SELECT 'C' || lpad(n::text, 7, '0'), 1, n, now() + interval '3 days', now() - interval '4 days'
FROM generate_series(1, $plots) n;

INSERT INTO auditentry (at, actor_label, site_id, action, object_type, object_id, origin, allowed, details)
SELECT now() - n * interval '5 minutes', 'bench', 1,
  (ARRAY['login.ok', 'binding.approve', 'staff.block', 'site.update'])[n % 4 + 1], 'meter', n::text,
  '127.0.0.1', n % 10 <> 0, '{}'
FROM generate_series(1, 100000) n;

INSERT INTO quarantineentry (received_at, source, topic, payload, reason)
SELECT now() - n * interval '1 minute', 'mqtt', 'meterbot/X' || n || '/telemetry', '{"t1": "x"}', 'bad_number: t1'
FROM generate_series(1, 50000) n;

INSERT INTO unknowndevice (protocol, topic_id, first_seen_at, last_seen_at, messages, last_payload)
SELECT 'tasmota', 'tasmota_' || n, now() - interval '3 days', now() - n * interval '1 minute', n, '{}'
FROM generate_series(1, 500) n;
"""

QUEUES = """
INSERT INTO person (name, phone, email, channel, telegram_id, locale, created_at)
SELECT CASE WHEN n = 1 THEN 'Диспетчер Бенчмарк' ELSE 'Инженер ' || n END, '+7911' || lpad(n::text, 7, '0'), '',
  'telegram', 900000 + n, 'ru', now()
FROM generate_series(1, 5) n;

INSERT INTO staffrole (role, person_id, site_id, created_at)
SELECT CASE WHEN n = 1 THEN 'dispatcher' ELSE 'engineer' END, $residents + n, 1, now() FROM generate_series(1, 5) n;

INSERT INTO ticket (site_id, author_id, plot_id, meter_id, ticket_type, stage, text, assignee_id, due_at, closed_at,
  chat_id, message_id, created_at)
SELECT 1, t.author, (t.author + 1) / 2, CASE WHEN n % 3 = 0 THEN t.author END,
  (ARRAY['connection', 'take_readings', 'admit_meter', 'replace_meter', 'non_contractual', 'theft', 'complaint',
    'question', 'other'])[n % 9 + 1],
  t.stage, 'Обращение ' || n || ': ' || repeat('не горит свет на линии, проверьте счётчик. ', 4),
  CASE WHEN t.stage IN ('in_work', 'done') THEN $residents + 2 + n % 4 END,
  t.created + interval '7 days',
  CASE WHEN t.stage IN ('done', 'cancelled') THEN t.created + interval '3 days' END,
  CASE WHEN n % 10 <> 7 THEN -1001234567890 END, CASE WHEN n % 10 <> 7 THEN 1000 + n END, t.created
FROM generate_series(1, $tickets) n,
  LATERAL (SELECT (n - 1) % $residents + 1 AS author,
    now() - ($tickets - n) * $ticket_step * interval '1 second' AS created,
    CASE WHEN n > $tickets - $open THEN (ARRAY['registered', 'qualified', 'in_work'])[n % 3 + 1]
      WHEN n % 20 = 0 THEN 'cancelled' ELSE 'done' END AS stage) t;

INSERT INTO ticketcomment (ticket_id, author_id, stage, text, from_staff, created_at)
SELECT t.id, CASE WHEN s.k = 0 THEN t.author_id WHEN s.k = 1 THEN $residents + 1 ELSE coalesce(t.assignee_id,
    $residents + 2) END,
  CASE WHEN s.k = last.k AND t.stage IN ('done', 'cancelled') THEN t.stage ELSE s.stage END,
  CASE WHEN s.k = 0 THEN t.text WHEN s.k = last.k AND t.stage IN ('done', 'cancelled')
    THEN 'Выполнено: заменён автомат, показания сняты.' ELSE '' END,
  s.k > 0, t.created_at + s.k * interval '1 hour'
FROM ticket t,
  LATERAL (SELECT CASE t.stage WHEN 'registered' THEN 0 WHEN 'qualified' THEN 1 WHEN 'in_work' THEN 2
    WHEN 'done' THEN 3 ELSE 1 END AS k) last,
  LATERAL (VALUES (0, 'registered'), (1, 'qualified'), (2, 'in_work'), (3, 'in_work')) s(k, stage)
WHERE s.k <= last.k
ORDER BY t.id, s.k;

INSERT INTO ticketcomment (ticket_id, author_id, stage, text, from_staff, created_at)
SELECT id, author_id, stage, 'Когда придёт электрик? Свет так и не дали.', false, created_at + interval '5 hours'
FROM ticket WHERE id % 4 = 0 ORDER BY id;

INSERT INTO ticketattachment (ticket_id, comment_id, telegram_file_id, file_name, mime_type, size, storage_key,
  created_at)
SELECT c.ticket_id, c.id, 'AgACAgIAAxkBAAI' || c.ticket_id, 'photo.jpg', 'image/jpeg', 180000, '', c.created_at
FROM ticketcomment c WHERE c.ticket_id % 5 = 0 AND NOT c.from_staff AND c.text LIKE 'Обращение%';

INSERT INTO outboxmessage (person_id, chat_id, email, channel, kind, payload, status, attempts, last_error, sent_at,
  sent_via, sent_message_id, topic, created_at)
SELECT NULL, chat_id, '', 'telegram', 'text', jsonb_build_object('text', 'Новое обращение №' || id), 'sent', 1, '',
  created_at + interval '2 seconds', 'telegram', message_id, 'ticket:' || id, created_at
FROM ticket WHERE message_id IS NOT NULL;

INSERT INTO outboxmessage (person_id, chat_id, email, channel, kind, payload, status, attempts, last_error, sent_at,
  sent_via, sent_message_id, topic, created_at)
SELECT p, 100000 + p, '', 'telegram', 'text', jsonb_build_object('text', 'Показания приняты: 12 345,6 кВт·ч'),
  'sent', 1, '', now() - n * interval '7 minutes', 'telegram', 50000 + n, '', now() - n * interval '7 minutes'
FROM generate_series(1, $residents * 2) n, LATERAL (SELECT (n - 1) % $residents + 1 AS p) r;

INSERT INTO outboxmessage (person_id, chat_id, email, channel, kind, payload, status, attempts, next_try_at,
  last_error, topic, created_at)
SELECT p, 100000 + p, '', 'telegram', 'text', jsonb_build_object('text', 'Плановое отключение 25.11 с 10:00 до 14:00'),
  'failed', 8, NULL,
  (ARRAY['Telegram server says - Forbidden: bot was blocked by the user',
    'Telegram server says - Bad Request: chat not found', 'Cannot connect to host api.telegram.org:443'])[n % 3 + 1],
  '', now() - n * interval '13 minutes'
FROM generate_series(1, $failed) n, LATERAL (SELECT (n * 7 - 1) % $residents + 1 AS p) r;

INSERT INTO alert (meter_id, kind, active_key, event_class, severity, state, first_at, last_at, count, details,
  acknowledged_by_id, acknowledged_at, cleared_at, escalation_level, created_at)
SELECT a.meter, a.kind, CASE WHEN a.state <> 'cleared' THEN a.meter || ':' || a.kind END,
  (ARRAY['other', 'tamper', 'threshold', 'threshold', 'threshold'])[n % 5 + 1],
  (ARRAY['warning', 'alarm', 'warning', 'info', 'warning'])[n % 5 + 1], a.state, a.at, a.at + interval '20 minutes',
  1 + n % 4, CASE WHEN a.kind = 'cover_open' THEN '{"text": "Вскрытие крышки клеммника"}' ELSE '{}' END::jsonb,
  CASE WHEN a.state = 'acknowledged' THEN $residents + 1 END,
  CASE WHEN a.state = 'acknowledged' THEN a.at + interval '1 hour' END,
  CASE WHEN a.state = 'cleared' THEN a.at + interval '2 hours' END, 0, a.at
FROM generate_series(1, $alerts) n,
  LATERAL (SELECT (2 * n - 2) % $meters + 1 AS meter,
    (ARRAY['offline', 'cover_open', 'voltage_high', 'deviation', 'imbalance'])[n % 5 + 1] AS kind,
    CASE n % 10 WHEN 0 THEN 'active' WHEN 1 THEN 'acknowledged' ELSE 'cleared' END AS state,
    now() - ($alerts - n) * interval '1 hour' * 8760 / $alerts AS at) a;

CREATE TEMPORARY TABLE bench_restriction AS
SELECT n, (3 * n) % $meters + 1 AS meter, CASE WHEN n % 4 = 3 THEN 'on' ELSE 'off' END AS action,
  CASE WHEN n % 4 = 3 THEN 'debt' ELSE (ARRAY['debt', 'debt', 'debt', 'repair', 'other'])[n % 5 + 1] END AS reason,
  CASE WHEN n > $restrictions * 95 / 100
      THEN (ARRAY['planned', 'notified', 'awaiting_execution', 'executing'])[n % 4 + 1]
    WHEN n % 10 = 1 THEN 'cancelled' WHEN n % 10 = 2 THEN 'failed' ELSE 'done' END AS state,
  now() - ($restrictions - n) * interval '1 hour' * 8760 / $restrictions AS created,
  md5('bench-command-' || n)::uuid AS command
FROM generate_series(1, $restrictions) n;

INSERT INTO relaycommand (id, meter_id, action, state, requested_by_id, sent_at, finished_at, deadline_at, attempts,
  error, created_at)
SELECT command, meter, action,
  CASE state WHEN 'done' THEN 'confirmed' WHEN 'failed' THEN 'timeout' ELSE 'queued' END, $residents + 1,
  CASE WHEN state <> 'executing' THEN created + interval '10 days' END,
  CASE WHEN state <> 'executing' THEN created + interval '10 days 1 minute' END,
  created + interval '10 days 1 minute', 1, CASE WHEN state = 'failed' THEN 'no answer from the meter' ELSE '' END,
  created + interval '10 days'
FROM bench_restriction WHERE state IN ('done', 'failed', 'executing');

INSERT INTO restriction (id, meter_id, action, reason, reason_text, debt_amount, works_start_on, notify_resident,
  notice_on, control_on, state, executed_at, operator_id, command_id, created_at)
SELECT n, meter, action, reason, CASE WHEN reason = 'other' THEN 'по заявлению владельца' ELSE '' END,
  CASE WHEN reason = 'debt' THEN 1000 + (n % 50) * 100 END, CASE WHEN reason = 'repair' THEN created::date + 10 END,
  reason = 'debt', created::date, created::date + 10, state,
  CASE WHEN state IN ('done', 'failed') THEN created + interval '10 days 1 minute' END, $residents + 1,
  CASE WHEN state IN ('done', 'failed', 'executing') THEN command END, created
FROM bench_restriction;
SELECT setval('restriction_id_seq', $restrictions);

INSERT INTO auditentry (at, actor_id, actor_label, site_id, action, object_type, object_id, origin, allowed, details)
SELECT r.created + s.k * interval '5 days', $residents + 1, 'Диспетчер Бенчмарк', 1, s.action, 'restriction', r.n::text,
  'telegram', true, CASE WHEN s.action = 'restriction.execute' THEN jsonb_build_object('command', r.command::text)
    ELSE '{}'::jsonb END
FROM bench_restriction r,
  LATERAL (VALUES (0, 'restriction.plan'), (1, 'restriction.notice'), (2, 'restriction.execute'),
    (3, CASE r.state WHEN 'failed' THEN 'restriction.failed' ELSE 'restriction.done' END)) s(k, action)
WHERE s.k = 0 OR (s.k = 1 AND r.reason = 'debt') OR (s.k = 2 AND r.state IN ('done', 'failed', 'executing'))
  OR (s.k = 3 AND r.state IN ('done', 'failed'));

INSERT INTO apitoken (name, token_hash, prefix, site_ids, can_write, created_by_id, revoked_at, last_used_at,
  created_at)
SELECT 'Интеграция ' || n, encode(sha256(('bench token ' || n)::bytea), 'hex'), 'mb_' || lpad(n::text, 6, '0'),
  '[1]', n % 3 = 0, NULL, CASE WHEN n % 4 = 0 THEN now() - interval '30 days' END, now() - n * interval '1 hour',
  now() - n * interval '10 days'
FROM generate_series(1, 20) n;

ANALYZE;
"""


async def seed(dsn: str, scale: Scale) -> float:
    """Fill the database at ``dsn`` (asyncpg form); the seconds it took."""
    started = time.perf_counter()
    conn = await asyncpg.connect(dsn)
    try:
        await conn.execute(scale.fill(FLEET))
        await conn.execute(scale.fill(QUEUES))
    finally:
        await conn.close()
    return time.perf_counter() - started
