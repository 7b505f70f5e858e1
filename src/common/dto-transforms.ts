/** class-transformer `@Transform` callbacks shared by the DTOs: normalize text before it is validated. */
type Input = { value: unknown };

export const trim = ({ value }: Input) => (typeof value === 'string' ? value.trim() : value);
export const lower = ({ value }: Input) => (typeof value === 'string' ? value.trim().toLowerCase() : value);
export const upper = ({ value }: Input) => (typeof value === 'string' ? value.trim().toUpperCase() : value);
export const lowerEach = ({ value }: Input) =>
  Array.isArray(value)
    ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().toLowerCase() : v))
    : value;
export const upperEach = ({ value }: Input) =>
  Array.isArray(value)
    ? value.map((v: unknown) => (typeof v === 'string' ? v.trim().toUpperCase() : v))
    : value;
/** Query strings carry booleans as text. */
export const booleanText = ({ value }: Input) =>
  value === 'true' ? true : value === 'false' ? false : value;
/**
 * Query strings carry numbers as text: whole decimal numbers only ('12', not '1e1', '0x0C', '' or ' '). JSON
 * bodies never get this: a number there is sent as a number.
 */
export const integerText = ({ value }: Input) =>
  typeof value === 'string' && /^-?\d{1,15}$/.test(value) ? Number(value) : value;
