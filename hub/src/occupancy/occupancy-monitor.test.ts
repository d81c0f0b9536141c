import { MINUTE } from '@studyspot/core';
import { afterEach, describe, expect, it } from 'vitest';
import { at, system } from '../../test/fixture.ts';
import type { MonitorHarness } from './monitor-harness.ts';
import { monitorHarness } from './monitor-harness.ts';

describe('occupancy monitor: seats', () => {
  let h: MonitorHarness;
  afterEach(async () => h.close());

  const auditRows = (action: string) =>
    h.f.db
      .prepare('SELECT actor, subject, detail FROM audit WHERE action = ? ORDER BY at, id')
      .all(action) as {
      actor: string;
      subject: string;
      detail: string;
    }[];

  describe('ghost occupancy', () => {
    it('is raised once per episode, audited, and cleared when the seat is vacant again', async () => {
      h = await monitorHarness({ config: {} });
      const seat = h.seat('A05');
      h.occupancy('A05', true);
      h.occupancy('A05', true);
      h.monitor.evaluate(h.f.clock.now() + 5 * MINUTE);
      const [ghost] = h.raised();
      expect(h.raised()).toHaveLength(1);
      expect(ghost).toMatchObject({
        kind: 'ghost_occupancy',
        severity: 'warning',
        subject: seat.id,
        at: at('09:00'),
        detail: { seatNumber: 'A05', sensorId: 'sensor-A05', occupiedSince: at('09:00') },
      });
      expect(h.monitor.openAlerts()).toEqual([ghost]);
      expect(auditRows('alert.raised')).toEqual([
        {
          actor: 'system:hub',
          subject: seat.id,
          detail: expect.stringContaining(`"alertId":"${ghost?.id}"`),
        },
      ]);

      h.f.clock.advance(MINUTE);
      h.occupancy('A05', false);
      expect(h.cleared()).toEqual([{ ...ghost, detail: { ...ghost?.detail, clearedAt: at('09:01') } }]);
      expect(h.monitor.openAlerts()).toEqual([]);

      h.occupancy('A05', true); // a new episode is a new alert
      expect(h.raised()).toHaveLength(2);
      expect(h.raised()[1]?.id).not.toBe(ghost?.id);
    });

    it('clears as soon as a booking on the seat checks in', async () => {
      h = await monitorHarness({ config: {} });
      h.occupancy('A05', true);
      expect(h.raised('ghost_occupancy')).toHaveLength(1);
      h.checkIn('A05');
      expect(h.cleared('ghost_occupancy')).toHaveLength(1);
      expect(h.monitor.openAlerts()).toEqual([]);
    });

    it('is not raised for a seat whose checked-in member sits there', async () => {
      h = await monitorHarness({ config: {} });
      h.checkIn('A05');
      h.occupancy('A05', true);
      expect(h.events).toEqual([]);
    });
  });

  describe('abandoned', () => {
    /** Checks A05 in at 10:00; the member sits down at 10:02 and leaves at 10:10. */
    const leaveAt1010 = () => {
      const booking = h.checkIn('A05');
      h.f.clock.set(at('10:02'));
      h.occupancy('A05', true);
      h.f.clock.set(at('10:10'));
      h.occupancy('A05', false);
      return booking;
    };
    const evaluateAt = (time: number) => {
      h.f.clock.set(time);
      h.monitor.evaluate(time);
    };

    it('is raised after exactly abandonedMinutes of vacancy, not before, and only once', async () => {
      h = await monitorHarness({ config: {} });
      const booking = leaveAt1010();
      evaluateAt(at('10:55') - 1);
      expect(h.events).toEqual([]);
      evaluateAt(at('10:55'));
      evaluateAt(at('11:00'));
      expect(h.raised()).toEqual([
        expect.objectContaining({
          kind: 'abandoned',
          severity: 'warning',
          subject: booking.seatId,
          message: expect.stringContaining('vacant for 45 min'),
          detail: expect.objectContaining({
            bookingId: booking.id,
            vacantSince: at('10:10'),
            released: false,
          }),
        }),
      ]);
      expect(h.f.bookings.byId(booking.id)?.state).toBe('checked_in');
    });

    it('counts vacancy from check-in, not from before the member arrived', async () => {
      h = await monitorHarness({ config: {} });
      h.occupancy('A05', false); // vacant since 09:00
      h.checkIn('A05'); // 10:00
      evaluateAt(at('10:45') - 1);
      expect(h.raised('abandoned')).toEqual([]);
      evaluateAt(at('10:45'));
      expect(h.raised('abandoned')).toHaveLength(1);
    });

    it('clears when the seat reads occupied again, or the member checks out', async () => {
      h = await monitorHarness({ config: {} });
      const booking = leaveAt1010();
      evaluateAt(at('10:55'));
      h.occupancy('A05', true);
      expect(h.cleared('abandoned')).toHaveLength(1);
      h.f.clock.set(at('11:00'));
      h.occupancy('A05', false);
      evaluateAt(at('11:45'));
      expect(h.raised('abandoned')).toHaveLength(2);
      h.f.allocator.checkOut(booking.id, system, h.f.clock.now());
      expect(h.cleared('abandoned')).toHaveLength(2);
    });

    it('is never raised for a seat whose sensor has not reported', async () => {
      h = await monitorHarness({ config: {} });
      h.checkIn('A05');
      evaluateAt(at('11:50'));
      expect(h.events).toEqual([]);
    });

    it('with releaseAbandoned, checks the booking out (audited, system) and says so', async () => {
      h = await monitorHarness({ config: { releaseAbandoned: true } });
      const booking = leaveAt1010();
      evaluateAt(at('10:55'));
      expect(h.f.bookings.byId(booking.id)).toMatchObject({ state: 'completed', checkedOutAt: at('10:55') });
      expect(auditRows('booking.release_abandoned')).toEqual([
        {
          actor: 'system:hub',
          subject: booking.id,
          detail: expect.stringContaining(`"vacantSince":${at('10:10')}`),
        },
      ]);
      const [alert] = h.raised('abandoned');
      expect(alert).toMatchObject({
        severity: 'info',
        message: expect.stringContaining('checked out to free it'),
        detail: { released: true, bookingId: booking.id },
      });
      // It stays up for staff (belongings on the desk?) until the slot would have ended.
      evaluateAt(at('11:59'));
      expect(h.monitor.openAlerts()).toEqual([alert]);
      evaluateAt(at('12:00'));
      expect(h.cleared('abandoned')).toHaveLength(1);
    });

    it('still alerts when the release fails, and leaves the booking checked in', async () => {
      h = await monitorHarness({ config: { releaseAbandoned: true } });
      const booking = leaveAt1010();
      h.f.db.exec(`CREATE TEMP TRIGGER no_release BEFORE INSERT ON audit WHEN NEW.action = 'booking.release_abandoned'
        BEGIN SELECT RAISE(ABORT, 'disk full'); END`);
      evaluateAt(at('10:55'));
      expect(h.f.bookings.byId(booking.id)?.state).toBe('checked_in');
      expect(h.raised('abandoned')).toEqual([
        expect.objectContaining({ detail: expect.objectContaining({ released: false }) }),
      ]);
      expect(h.logs).toContainEqual(
        expect.objectContaining({ level: 'error', msg: 'could not release an abandoned booking' }),
      );
    });

    it('does not alert for a booking checked out by someone else in the same pass', async () => {
      h = await monitorHarness({ config: { releaseAbandoned: true } });
      const [first, second] = [h.book('A05'), h.book('A06')];
      h.f.clock.set(at('10:00'));
      for (const b of [first, second]) h.f.allocator.checkIn(b.id, system, h.f.clock.now());
      h.occupancy('A05', false);
      h.occupancy('A06', false);
      // The desk checks A06 out the moment it hears A05 was released.
      h.f.bus.on('booking:changed', (b) => {
        if (b.id === first.id && b.state === 'completed')
          h.f.allocator.checkOut(second.id, system, h.f.clock.now());
      });
      evaluateAt(at('10:45'));
      expect(h.raised('abandoned').map((a) => a.detail.bookingId)).toEqual([first.id]);
      expect(auditRows('booking.release_abandoned')).toHaveLength(1);
    });
  });
});
