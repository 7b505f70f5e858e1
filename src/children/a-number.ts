/**
 * Alien registration numbers: 9 digits. People write them as `A123456789`, `A-123-456-789`, `123 456 789`, or
 * as 8-digit legacy numbers that gain a leading zero. Returns the 9 digits, or undefined when it cannot be one.
 */
export function normalizeANumber(input: string): string | undefined {
  const compact = input
    .trim()
    .toUpperCase()
    .replace(/^A\s*-?\s*/, '')
    .replace(/[\s-]/g, '');
  if (!/^\d{8,9}$/.test(compact)) return undefined;
  const digits = compact.padStart(9, '0');
  return /^0+$/.test(digits) ? undefined : digits;
}

/** `A-123-456-789`. */
export function formatANumber(digits: string): string {
  return `A-${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`;
}

/** Lists show only the last three digits: `A-XXX-XXX-789`. */
export function maskANumber(digits: string): string {
  return `A-XXX-XXX-${digits.slice(6)}`;
}
