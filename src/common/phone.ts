import { parsePhoneNumberFromString } from 'libphonenumber-js';

/** A phone number in E.164 (`+12025550143`); national numbers are read as US. Undefined when not valid. */
export function normalizePhone(input: string): string | undefined {
  const parsed = parsePhoneNumberFromString(input.trim(), 'US');
  return parsed && parsed.isValid() ? parsed.number : undefined;
}
