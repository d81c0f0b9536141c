/**
 * The hub's object graph, built once from an open database. Components with `start(signal)` /
 * `stop()` are started in order by main.ts and stopped in reverse; tests build the same graph.
 */
import { Allocator } from './allocator/allocator.ts';
import { MembershipDesk } from './allocator/memberships.ts';
import { WaitlistDesk } from './allocator/waitlist.ts';
import type { Clock } from './clock.ts';
import { HubBus } from './events.ts';
import { RemoteDesk } from './remote/remote-desk.ts';
import { Scheduler } from './scheduler.ts';
import { BookingStore } from './store/bookings.ts';
import { Catalog } from './store/catalog.ts';
import type { Db } from './store/db.ts';
import { durable } from './store/db.ts';
import { MemberStore } from './store/members.ts';

export interface HubCore {
  db: Db;
  clock: Clock;
  bus: HubBus;
  catalog: Catalog;
  bookings: BookingStore;
  members: MemberStore;
  allocator: Allocator;
  waitlist: WaitlistDesk;
  memberships: MembershipDesk;
  scheduler: Scheduler;
  /** Decides students' remote requests and applies the cloud's commands (ADR 0022). */
  remote: RemoteDesk;
  /** Resolves when every write so far is on disk; await it before acknowledging a write. */
  durable(): Promise<void>;
}

export function buildHubCore(
  db: Db,
  clock: Clock,
  onError: (what: string, error: unknown) => void = () => {},
): HubCore {
  const bus = new HubBus(onError);
  const catalog = new Catalog(db);
  const bookings = new BookingStore(db);
  const members = new MemberStore(db);
  const allocator = new Allocator({ db, catalog, bookings, members, bus });
  const waitlist = new WaitlistDesk({ db, catalog, members, allocator, bus });
  allocator.useWaitlist(waitlist);
  const memberships = new MembershipDesk({ db, catalog, members, bus });
  const scheduler = new Scheduler({
    allocator,
    waitlist,
    bookings,
    catalog,
    clock,
    onError: (error) => onError('scheduler', error),
  });
  const remote = new RemoteDesk({
    db,
    clock,
    catalog,
    bookings,
    members,
    allocator,
    waitlist,
    onError: (error) => onError('remote', error),
  });
  return {
    db,
    clock,
    bus,
    catalog,
    bookings,
    members,
    allocator,
    waitlist,
    memberships,
    scheduler,
    remote,
    durable: () => durable(db),
  };
}
