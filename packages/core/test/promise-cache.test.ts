/** A promise per key, shared by callers that ask at once, forgotten when it fails. */
import { PromiseCache } from '@dbplay/core';
import { describe, expect, it } from 'vitest';

describe('PromiseCache', () => {
  it('makes each key once and shares the promise', async () => {
    const cache = new PromiseCache<number>();
    let made = 0;
    const make = async () => ++made;
    const [a, b] = await Promise.all([cache.get('k', make), cache.get('k', make)]);
    expect([a, b, made, cache.size]).toEqual([1, 1, 1, 1]);
    expect(await cache.get('other', make)).toBe(2);
  });

  it('forgets a failure, so the next caller tries again', async () => {
    const cache = new PromiseCache<string>();
    await expect(cache.get('k', () => Promise.reject(new Error('down')))).rejects.toThrow('down');
    expect(cache.has('k')).toBe(false);
    expect(await cache.get('k', async () => 'up')).toBe('up');
  });

  it('hands back what it held when cleared', async () => {
    const cache = new PromiseCache<string>();
    void cache.get('a', async () => 'x');
    const held = cache.clear();
    expect(await Promise.all(held)).toEqual(['x']);
    expect(cache.size).toBe(0);
  });
});
