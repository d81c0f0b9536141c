import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { Member, Membership } from './member.ts';

const rejectedAt = (schema: z.ZodType, value: unknown) => {
  const r = schema.safeParse(value);
  expect(r.success, `${JSON.stringify(value)} should be rejected`).toBe(false);
  return r.error?.issues.map((i) => i.path.join('.')) ?? [];
};

const ID = '01900000-0000-7000-8000-000000000001';
const member = {
  id: ID,
  libraryId: ID,
  name: 'Asha Patil',
  phone: '+919876543210',
  email: 'asha@example.in',
  status: 'active',
  createdAt: 0,
};
const membership = {
  id: ID,
  libraryId: ID,
  memberId: ID,
  planId: ID,
  shiftId: null,
  zoneId: ID,
  startsOn: '2024-06-01',
  endsOn: '2024-06-30',
  status: 'provisional',
  createdAt: 0,
};

describe('Member', () => {
  it('accepts a member, with or without email', () => {
    expect(Member.parse(member)).toEqual(member);
    expect(Member.parse({ ...member, email: null }).email).toBeNull();
  });

  it.each([
    ['phone', { phone: '12345' }],
    ['email', { email: 'not-an-email' }],
    ['name', { name: '' }],
    ['status', { status: 'banned' }],
  ])('rejects a bad %s', (path, change) => {
    expect(rejectedAt(Member, { ...member, ...change })).toEqual([path]);
  });
});

describe('Membership', () => {
  it('accepts a membership', () => {
    expect(Membership.parse(membership)).toEqual(membership);
  });

  it.each([
    ['status', { status: 'paused' }],
    ['startsOn', { startsOn: '2024-06-31' }],
    ['endsOn', { endsOn: '30/06/2024' }],
  ])('rejects a bad %s', (path, change) => {
    expect(rejectedAt(Membership, { ...membership, ...change })).toEqual([path]);
  });
});
