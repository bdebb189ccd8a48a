import { describe, expect, it } from 'vitest';
import { wantsEarlyWorker } from '../src/commands/explain/early-worker.ts';

describe('the PGlite worker started before the CLI loads', () => {
  it.each([
    [['explain', 'show', '1'], {}, true],
    [['explain', 'answer', '7', '--q', 'direction=a'], {}, true],
    [['explain', 'plan', 'shop', 'select 1'], { DATABASE_URL: '' }, true],
    [['explain', 'grade', 'answers/'], {}, true],
    // No session: nothing to start.
    [['explain', 'list'], {}, false],
    [['explain', 'hint', '1'], {}, false],
    [['explain'], {}, false],
    [['btree', 'xray'], {}, false],
    [['explain', 'show', '1', '--help'], {}, false],
    // A server instead of PGlite.
    [['explain', 'show', '1', '--url', 'postgres://localhost/x'], {}, false],
    [['explain', 'show', '1', '--url=postgres://localhost/x'], {}, false],
    [['explain', 'show', '1'], { DATABASE_URL: 'postgres://localhost/x' }, false],
  ] as const)('%j with %j: %s', (argv, env, expected) => {
    expect(wantsEarlyWorker(argv, env)).toBe(expected);
  });
});
