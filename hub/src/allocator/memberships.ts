/**
 * Selling a monthly membership at the desk for cash: the payment and a `provisional` membership are
 * written in one transaction and take effect at once [BOOK-8]; the cloud, which is the authority for
 * memberships, makes it `active` when the outbox reaches it.
 */
import type { Membership } from '@studyspot/core';
import { DomainError, membershipEnd, priceOf } from '@studyspot/core';
import type { HubBus } from '../events.ts';
import type { Catalog } from '../store/catalog.ts';
import type { Db } from '../store/db.ts';
import { decide } from '../store/db.ts';
import type { Actor } from '../store/ledger.ts';
import { audit, insertMembership, recordCash } from '../store/ledger.ts';
import type { MemberStore } from '../store/members.ts';

export interface SellMembership {
  memberId: string;
  planId: string;
  startsOn: string;
}

export interface Sold {
  membership: Membership;
  paymentId: string;
  totalPaise: number;
}

export class MembershipDesk {
  readonly #d: { db: Db; catalog: Catalog; members: MemberStore; bus: HubBus };

  constructor(deps: { db: Db; catalog: Catalog; members: MemberStore; bus: HubBus }) {
    this.#d = deps;
  }

  sellForCash(input: SellMembership, actor: Actor, now: number): Sold {
    const { db, catalog, members } = this.#d;
    const sold = decide(db, () => {
      const member = members.byId(input.memberId);
      if (!member) throw new DomainError('not_found', 'no such member', { field: 'memberId' });
      const plan = catalog.data.plans.find((p) => p.id === input.planId);
      if (!plan) throw new DomainError('not_found', 'no such plan', { field: 'planId' });
      if (plan.kind !== 'monthly' || !plan.active) {
        throw new DomainError('not_for_sale', 'only an active monthly plan starts a membership', {
          field: 'planId',
        });
      }
      const price = priceOf(plan);
      const paymentId = recordCash(
        db,
        {
          libraryId: member.libraryId,
          memberId: member.id,
          planId: plan.id,
          bookingId: null,
          price,
          recordedBy: actor,
        },
        now,
      );
      const membership = insertMembership(
        db,
        {
          libraryId: member.libraryId,
          memberId: member.id,
          planId: plan.id,
          shiftId: plan.shiftId,
          zoneId: plan.zoneId,
          startsOn: input.startsOn,
          endsOn: membershipEnd(plan, input.startsOn),
          status: 'provisional',
          paymentId,
        },
        plan,
        now,
      );
      audit(
        db,
        actor,
        'membership.cash',
        membership.id,
        { planId: plan.id, totalPaise: price.totalPaise },
        now,
      );
      return { membership, paymentId, totalPaise: price.totalPaise };
    });
    this.#d.bus.emit('membership:started', sold.membership.id, sold.membership.memberId);
    return sold;
  }
}
