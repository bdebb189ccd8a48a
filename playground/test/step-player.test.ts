import type { Step } from '@dbplay/core';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { contextFor } from '../src/context.ts';
import { playSteps } from '../src/step-player.ts';
import { fakeIo } from './fake-io.ts';

const steps: Step<string, number>[] = [
  { kind: 'visit', touched: [1], narration: 'Visit the root.', snapshot: 1 },
  { kind: 'split', touched: [2], narration: 'Leaf 2 splits.', snapshot: 2 },
  { kind: 'new-root', touched: [3], narration: 'A new root grows.', snapshot: 3 },
];
const draw = (step: Step<string, number>) => `[state ${step.snapshot}]`;

describe('playSteps', () => {
  it('--trace prints every narration, numbered, without pausing or drawing', async () => {
    const io = fakeIo();
    await playSteps(steps, contextFor(new Command(), io), { mode: 'trace', draw });
    expect(io.out.join('')).toBe(
      '1. visit  Visit the root.\n2. split  Leaf 2 splits.\n3. new-root  A new root grows.\n',
    );
    expect(io.prompts).toEqual([]);
  });

  it('--step draws after each step and waits for Enter between steps', async () => {
    const io = fakeIo(['', '']);
    await playSteps(steps, contextFor(new Command(), io), { mode: 'step', draw });
    expect(io.out.join('')).toBe(
      '1. visit  Visit the root.\n[state 1]\n\n2. split  Leaf 2 splits.\n[state 2]\n\n3. new-root  A new root grows.\n[state 3]\n\n',
    );
    expect(io.prompts).toHaveLength(2);
  });

  it('stops pausing on q or at the end of input, and still shows every step', async () => {
    const quit = fakeIo(['q']);
    await playSteps(steps, contextFor(new Command(), quit), { mode: 'step', draw });
    expect(quit.prompts).toHaveLength(1);
    expect(quit.out.join('')).toContain('[state 3]');

    const ended = fakeIo([]);
    await playSteps(steps, contextFor(new Command(), ended), { mode: 'step', draw });
    expect(ended.prompts).toHaveLength(1);
    expect(ended.out.join('')).toContain('A new root grows.');
  });
});
