/**
 * Random ids for Idempotency-Keys. `crypto.randomUUID` exists only in secure contexts (https,
 * localhost); a phone on the library's LAN over plain http still has `getRandomValues`.
 */
export function newId(): string {
  if (typeof crypto.randomUUID === 'function' && isSecureContext) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
