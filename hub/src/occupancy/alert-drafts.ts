/**
 * What each occupancy alert says to staff and carries in `detail`. The message is the dashboard's
 * fallback text; the dashboard keys its own wording on `kind` and `detail`, never on the message.
 */

import type { Seat } from '@studyspot/core';
import { MINUTE } from '@studyspot/core';
import type { AlertDraft } from './alert-book.ts';
import type { AbandonedDetail, Stay } from './seat-rules.ts';
import type { Limit } from './thresholds.ts';

const units: Record<Limit['metric'], { label: string; unit: string }> = {
  temperatureC: { label: 'Temperature', unit: ' °C' },
  humidityPct: { label: 'Humidity', unit: '%' },
  co2Ppm: { label: 'CO2', unit: ' ppm' },
};

export function ghostDraft(seat: Seat, sensorId: string, occupiedSince: number): AlertDraft {
  return {
    kind: 'ghost_occupancy',
    severity: 'warning',
    subject: seat.id,
    message: `Seat ${seat.number} reads occupied but nobody is checked in there`,
    detail: { seatId: seat.id, seatNumber: seat.number, sensorId, occupiedSince },
  };
}

export function abandonedDraft(
  seat: Seat,
  stay: Stay,
  vacantSince: number,
  released: boolean,
  now: number,
): AlertDraft {
  const detail: AbandonedDetail = {
    seatId: seat.id,
    bookingId: stay.booking.id,
    vacantSince,
    endsAt: stay.booking.endsAt,
    released,
  };
  const minutes = Math.round((now - vacantSince) / MINUTE);
  return {
    kind: 'abandoned',
    severity: released ? 'info' : 'warning',
    subject: seat.id,
    message: released
      ? `Seat ${seat.number} was vacant for ${minutes} min while checked in; the booking was checked out to free it`
      : `Seat ${seat.number} has been vacant for ${minutes} min while its booking is checked in`,
    detail: { ...detail, seatNumber: seat.number, memberId: stay.booking.memberId },
  };
}

export function environmentDraft(sensorId: string, limit: Limit, value: number): AlertDraft {
  const { label, unit } = units[limit.metric];
  return {
    kind: 'environment',
    severity: 'warning',
    subject: sensorId,
    message: `${label} at ${sensorId} is ${value}${unit}, ${limit.bound} the limit of ${limit.threshold}${unit}`,
    detail: { sensorId, metric: limit.metric, bound: limit.bound, threshold: limit.threshold, value },
  };
}

export function deviceDraft(driverId: string): AlertDraft {
  return {
    kind: 'device',
    severity: 'warning',
    subject: driverId,
    message: `Sensor ${driverId} is not reporting`,
    detail: { driverId },
  };
}
