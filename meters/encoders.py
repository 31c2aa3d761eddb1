"""What simulated Tasmota, Shelly and zigbee2mqtt devices publish: one :class:`FleetEncoder` each.

Each encoder puts a :class:`SimReading` on the wire the way the real device does (the payload
builders live next to each adapter in ``meters.adapters``), under the meter's topic id:

* Tasmota: ``tele/<t>/SENSOR`` with ``Time`` in the site's local time without an offset, ``Total``,
  ``TotalTariff`` (off-peak first) for a two-zone meter, ``Today``/``Yesterday``, per-phase arrays for a
  three-phase meter; ``tele/<t>/LWT`` ``Online``/``Offline``.
* Shelly: ``<prefix>/events/rpc`` NotifyStatus, ``switch:0`` for a single-phase meter and ``em:0`` with
  ``emdata:0`` for a three-phase one; the energy goes out once a minute, as Shelly does, so most
  notifications are partial; ``<prefix>/online`` ``true``/``false``.
* zigbee2mqtt: ``zigbee2mqtt/<name>`` with energy, power, voltage, current, frequency and the relay
  state; ``zigbee2mqtt/<name>/availability`` ``{"state": "online"}``.

None of these devices has meterbot's events: their ``event`` publishes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, tzinfo
from decimal import Decimal

from meters.adapters import shelly, tasmota, zigbee2mqtt
from meters.simulator import POWER_FACTOR, FleetEncoder, NativeEncoder, Publication, SimEvent, SimReading
from meters.topics import TASMOTA_TELE, shelly_topic, tasmota_topic, zigbee2mqtt_topic
from services.enums import Protocol
from services.fleet import FleetMeter

WH_PER_KWH = 1000


def _total(reading: SimReading) -> Decimal:
    return sum(reading.registers.values(), Decimal(0))


def _one_or_all(values: tuple[float, ...], digits: int) -> float | list[float]:
    rounded = [round(v, digits) for v in values]
    return rounded[0] if len(rounded) == 1 else rounded


class TasmotaEncoder:
    def __init__(self, tz: tzinfo, retain_status: bool = True) -> None:
        self.tz = tz
        self.retain_status = retain_status
        self._days: dict[str, tuple[date, Decimal, Decimal]] = {}
        """serial -> (local day, Total at its start, yesterday's energy)"""

    def _today(self, meter: FleetMeter, day: date, total: Decimal) -> tuple[Decimal, Decimal]:
        known, start, yesterday = self._days.get(meter.serial, (day, total, Decimal(0)))
        if known != day:
            known, start, yesterday = day, total, total - start
        self._days[meter.serial] = (known, start, yesterday)
        return total - start, yesterday

    def telemetry(self, meter: FleetMeter, reading: SimReading) -> Publication:
        local = reading.ts.astimezone(self.tz)
        total = _total(reading)
        today, yesterday = self._today(meter, local.date(), total)
        registers = reading.registers
        tariffs = (registers["t1"], registers["t2"]) if set(registers) == {"t1", "t2"} else None
        phases = len(reading.voltage)
        power = [v * c * POWER_FACTOR for v, c in zip(reading.voltage, reading.current, strict=True)]
        apparent = tuple(v * c for v, c in zip(reading.voltage, reading.current, strict=True))
        payload = tasmota.encode_sensor(
            local,
            total,
            tariffs_kwh=tariffs,
            today_kwh=today,
            yesterday_kwh=yesterday,
            power_w=round(reading.power_w, 1) if phases == 1 else [round(p, 1) for p in power],
            apparent_power_va=_one_or_all(apparent, 0),
            reactive_power_var=_one_or_all(tuple(a * (1 - POWER_FACTOR**2) ** 0.5 for a in apparent), 0),
            factor=POWER_FACTOR,
            frequency_hz=round(reading.frequency_hz, 1),
            voltage=_one_or_all(reading.voltage, 1),
            current=_one_or_all(reading.current, 3),
        )
        return Publication(tasmota_topic(meter.topic_id, "SENSOR"), payload)

    def event(self, meter: FleetMeter, event: SimEvent) -> Publication | None:
        return None

    def status(self, meter: FleetMeter, online: bool) -> Publication:
        topic = tasmota_topic(meter.topic_id, "LWT", TASMOTA_TELE)
        return Publication(topic, tasmota.encode_lwt(online), self.retain_status)


class ShellyEncoder:
    def __init__(self, retain_status: bool = True) -> None:
        self.retain_status = retain_status
        self._minutes: dict[str, int] = {}
        """serial -> the minute whose energy went out last"""

    def _energy_due(self, meter: FleetMeter, ts: datetime) -> int | None:
        minute = int(ts.timestamp()) // 60 * 60
        if self._minutes.get(meter.serial) == minute:
            return None
        self._minutes[meter.serial] = minute
        return minute

    def telemetry(self, meter: FleetMeter, reading: SimReading) -> Publication:
        minute = self._energy_due(meter, reading.ts)
        energy_wh = float(_total(reading)) * WH_PER_KWH
        components: dict[str, Mapping[str, object]]
        if len(reading.voltage) == 1:
            components = {
                "switch:0": shelly.switch_status(
                    0,
                    output=True if minute is not None else None,
                    power_w=round(reading.power_w, 1),
                    voltage=round(reading.voltage[0], 1),
                    current=round(reading.current[0], 3),
                    frequency_hz=round(reading.frequency_hz, 2),
                    energy_wh=energy_wh if minute is not None else None,
                    minute_ts=minute,
                )
            }
        else:
            components = {
                "em:0": shelly.em_status(reading.power_w, reading.voltage, reading.current, reading.frequency_hz)
            }
            if minute is not None:
                shares = [c / (sum(reading.current) or 1.0) for c in reading.current]
                components["emdata:0"] = shelly.emdata_status(energy_wh, shares)
        payload = shelly.encode_notification(meter.topic_id, reading.ts, components)
        return Publication(shelly_topic(meter.topic_id, "events/rpc"), payload)

    def event(self, meter: FleetMeter, event: SimEvent) -> Publication | None:
        return None

    def status(self, meter: FleetMeter, online: bool) -> Publication:
        return Publication(shelly_topic(meter.topic_id, "online"), shelly.encode_online(online), self.retain_status)


class Zigbee2MqttEncoder:
    def __init__(self, retain_status: bool = True) -> None:
        self.retain_status = retain_status

    def telemetry(self, meter: FleetMeter, reading: SimReading) -> Publication:
        power = tuple(v * c * POWER_FACTOR for v, c in zip(reading.voltage, reading.current, strict=True))
        payload = zigbee2mqtt.encode_state(
            _total(reading),
            (reading.power_w,) if len(power) == 1 else power,
            reading.voltage,
            reading.current,
            frequency_hz=reading.frequency_hz,
        )
        return Publication(zigbee2mqtt_topic(meter.topic_id), payload)

    def event(self, meter: FleetMeter, event: SimEvent) -> Publication | None:
        return None

    def status(self, meter: FleetMeter, online: bool) -> Publication:
        topic = zigbee2mqtt_topic(meter.topic_id, "availability")
        return Publication(topic, zigbee2mqtt.encode_availability(online), self.retain_status)


def default_encoders(native: NativeEncoder, tz: tzinfo) -> dict[Protocol, FleetEncoder]:
    """An encoder per protocol; ``native`` sets whether last wills are retained for all of them."""
    retain = native.retain_status
    return {
        Protocol.NATIVE: native,
        Protocol.TASMOTA: TasmotaEncoder(tz, retain),
        Protocol.SHELLY: ShellyEncoder(retain),
        Protocol.ZIGBEE2MQTT: Zigbee2MqttEncoder(retain),
    }
