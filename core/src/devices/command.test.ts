import { describe, expect, it } from 'vitest';
import {
  acceptCommand,
  forgetExpiredNonces,
  MAX_COMMAND_CLOCK_SKEW_MS,
  MAX_COMMAND_TTL_MS,
} from './command.ts';
import type { Command } from './payloads.ts';

const now = 1_750_000_000_000;
const cmd: Command = {
  id: '0190a4c2-0000-7000-8000-00000000000a',
  nonce: 'n-00000001',
  issuedAt: now - 1_000,
  expiresAt: now + 9_000,
  action: 'unlock',
};

describe('acceptCommand', () => {
  it('accepts a fresh command with an unseen nonce', () => {
    expect(acceptCommand(cmd, new Set(), now)).toBe('ok');
  });
  it('refuses a replayed nonce', () => {
    expect(acceptCommand(cmd, new Set([cmd.nonce]), now)).toBe('replayed');
  });
  it('refuses an expired command, at and after expiresAt', () => {
    expect(acceptCommand(cmd, new Set(), cmd.expiresAt)).toBe('stale');
    expect(acceptCommand(cmd, new Set([cmd.nonce]), cmd.expiresAt + 1)).toBe('stale');
  });
  it('refuses a command that would live longer than the TTL', () => {
    const long = { ...cmd, expiresAt: cmd.issuedAt + MAX_COMMAND_TTL_MS + 1 };
    expect(acceptCommand(long, new Set(), now)).toBe('stale');
  });
  it('refuses a command issued too far in the future, accepts within the skew', () => {
    const ahead = (ms: number) => ({ ...cmd, issuedAt: now + ms, expiresAt: now + ms + 5_000 });
    expect(acceptCommand(ahead(MAX_COMMAND_CLOCK_SKEW_MS + 1), new Set(), now)).toBe('stale');
    expect(acceptCommand(ahead(MAX_COMMAND_CLOCK_SKEW_MS), new Set(), now)).toBe('ok');
  });
  it('accepts a Map of remembered nonces and forgets the expired ones', () => {
    const seen = new Map([
      ['old', now - 1],
      ['edge', now],
      ['live', now + 1],
    ]);
    forgetExpiredNonces(seen, now);
    expect([...seen.keys()]).toEqual(['live']);
    expect(acceptCommand({ ...cmd, nonce: 'live' }, seen, now)).toBe('replayed');
  });
});
