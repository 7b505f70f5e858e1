import fc from 'fast-check';
import { formatANumber, maskANumber, normalizeANumber } from '../../../src/children/a-number';

describe('A-numbers', () => {
  it.each([
    ['A123456789', '123456789'],
    ['a-123-456-789', '123456789'],
    ['A 123 456 789', '123456789'],
    ['123-456-789', '123456789'],
    ['12345678', '012345678'],
    ['A12345678', '012345678'],
    ['  A-012-345-678 ', '012345678'],
  ])('normalizes %s to %s', (input, digits) => {
    expect(normalizeANumber(input)).toBe(digits);
  });

  it.each(['', 'A', '1234567', '1234567890', 'A12345678X', 'B123456789', '000000000', '12.345.678', 'A--123456789x'])(
    'refuses %j',
    (input) => {
      expect(normalizeANumber(input)).toBeUndefined();
    },
  );

  it('round-trips every 9-digit number through its formatted spelling', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^\d{9}$/).filter((d) => !/^0+$/.test(d)), (digits) => {
        expect(normalizeANumber(formatANumber(digits))).toBe(digits);
        expect(normalizeANumber(`A${digits}`)).toBe(digits);
        expect(maskANumber(digits)).toBe(`A-XXX-XXX-${digits.slice(6)}`);
      }),
    );
  });
});
