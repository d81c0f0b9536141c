/**
 * A typed mobile number as the cloud expects it (E.164, core `Phone`): spaces, dashes and brackets
 * dropped, a bare 10-digit number (or 0 + 10 digits) taken as Indian, the libraries' home market.
 */
export function normalizePhone(input: string): string {
  const compact = input.replace(/[\s().-]/g, '');
  if (/^\d{10}$/.test(compact)) return `+91${compact}`;
  if (/^0\d{10}$/.test(compact)) return `+91${compact.slice(1)}`;
  if (/^91\d{10}$/.test(compact)) return `+${compact}`;
  return compact;
}
