import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCount, plural } from '../src/counts.ts';

describe('formatCount', () => {
  it('groups whole numbers exactly as toLocaleString("en-US") does', () => {
    fc.assert(
      fc.property(fc.integer({ min: -Number.MAX_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER }), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 30n), max: 10n ** 30n }), (n) => {
        expect(formatCount(n)).toBe(n.toLocaleString('en-US'));
      }),
    );
  });

  it('leaves a fraction as it is', () => {
    expect(formatCount(1234.5)).toBe('1,234.5');
    expect(formatCount(999)).toBe('999');
    expect(formatCount(0)).toBe('0');
  });

  it('counts in the singular for one, the plural otherwise', () => {
    expect(plural(1, 'hint')).toBe('1 hint');
    expect(plural(1000, 'key')).toBe('1,000 keys');
    expect(plural(2, 'query', 'queries')).toBe('2 queries');
  });
});
