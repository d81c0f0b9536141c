/**
 * The device-side rule for commands: whether a received, schema-valid command may be actuated.
 * A device (and the firmware simulator) calls `acceptCommand` before touching a relay, records the
 * nonce of every accepted command until it expires, and acknowledges refusals on `command/ack`.
 * Commands live at most `MAX_COMMAND_TTL_MS`, so that nonce memory stays small and bounded.
 */
import type { Command } from './payloads.ts';

/** The longest a command may live; anything longer is refused, so nonces are kept at most this long. */
export const MAX_COMMAND_TTL_MS = 60_000;
/** How far ahead of the device's clock a command may claim to have been issued. */
export const MAX_COMMAND_CLOCK_SKEW_MS = 30_000;

export type CommandVerdict = 'ok' | 'stale' | 'replayed';

/**
 * Pure: `seenNonces` is whatever the device remembers (a Set, or a Map of nonce → expiresAt).
 * Stale is checked first, so a nonce may be forgotten once its command has expired.
 */
export function acceptCommand(
  cmd: Command,
  seenNonces: { has(nonce: string): boolean },
  now: number,
): CommandVerdict {
  if (now >= cmd.expiresAt) return 'stale';
  if (cmd.expiresAt - cmd.issuedAt > MAX_COMMAND_TTL_MS) return 'stale';
  if (cmd.issuedAt > now + MAX_COMMAND_CLOCK_SKEW_MS) return 'stale';
  if (seenNonces.has(cmd.nonce)) return 'replayed';
  return 'ok';
}

/** Drops remembered nonces whose command has expired; `seen` maps nonce → the command's expiresAt. */
export function forgetExpiredNonces(seen: Map<string, number>, now: number): void {
  for (const [nonce, expiresAt] of seen) {
    if (now >= expiresAt) seen.delete(nonce);
  }
}
