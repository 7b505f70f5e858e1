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
