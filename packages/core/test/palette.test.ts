import { createPalette, plainPalette, shouldUseColor } from '@dbplay/core';
import { describe, expect, it } from 'vitest';

describe('shouldUseColor', () => {
  it.each([
    // env, isTTY, flag → colour?
    [{}, true, undefined, true],
    [{}, false, undefined, false],
    [{ NO_COLOR: '1' }, true, undefined, false],
    [{ NO_COLOR: '' }, true, undefined, true],
    [{ NO_COLOR: '0' }, true, undefined, false],
    [{ FORCE_COLOR: '1' }, false, undefined, true],
    [{ FORCE_COLOR: '0' }, true, undefined, true],
    [{ FORCE_COLOR: '0' }, false, undefined, false],
    [{ NO_COLOR: '1', FORCE_COLOR: '1' }, true, undefined, false],
    [{ TERM: 'dumb' }, true, undefined, false],
    [{ CI: 'true' }, false, undefined, false],
    [{}, true, false, false],
    [{ NO_COLOR: '1' }, false, true, true],
    [{ FORCE_COLOR: '1' }, true, false, false],
  ] as const)('env %o, tty %s, flag %s → %s', (env, isTTY, flag, expected) => {
    expect(shouldUseColor({ env, isTTY, flag })).toBe(expected);
  });
});

describe('createPalette', () => {
  it('paints nothing when colour is off', () => {
    const palette = createPalette(false);
    expect(palette.highlight('node 7')).toBe('node 7');
    expect(plainPalette.fail('x')).toBe('x');
    expect(palette.enabled).toBe(false);
  });

  it('wraps text in escape codes when colour is on', () => {
    const palette = createPalette(true);
    expect(palette.highlight('node 7')).toBe('\u001b[1m\u001b[33mnode 7\u001b[39m\u001b[22m');
    expect(palette.ok('ok')).toBe('\u001b[32mok\u001b[39m');
  });
});
