/**
 * Every command README.md shows runs as shown (issue 12 item 15): each line of each `sh` block
 * is run, `/tmp/…` paths pointed at a fresh temporary folder, and must exit 0. The lines that
 * set up the machine (installing, linking, the test suite itself) are listed below by hand, so
 * a new kind of line fails here until someone decides how to check it.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, runDbplay } from './run-cli.ts';

/** Lines a test cannot run from inside the test suite, and why. */
const setUpLines = new Map([
  [
    'npm install -g pnpm@12.4.2 && pnpm install && pnpm dbplay doctor',
    'installs; .ci/run does this on a clean clone',
  ],
  ['pnpm test', 'the suite this test is part of'],
  ['cd playground && pnpm link --global && cd ..', 'changes the global pnpm folder'],
]);

function shellLines(markdown: string): string[] {
  const lines: string[] = [];
  let inShell = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) {
      inShell = line.trim() === '```sh';
      continue;
    }
    if (!inShell) continue;
    const command = line.replace(/\s+#.*$/, '').trim();
    if (command !== '') lines.push(command);
  }
  return lines;
}

const readme = readFileSync(join(repoRoot, 'README.md'), 'utf8');
const lines = shellLines(readme);
const folder = mkdtempSync(join(tmpdir(), 'dbplay-readme-'));

afterAll(() => {
  rmSync(folder, { recursive: true, force: true });
});

/** `pnpm dbplay a b 'c d'` → ['a', 'b', 'c d'], with /tmp/ inside our folder. */
function dbplayArgs(line: string): string[] {
  const words = line.match(/'[^']*'|"[^"]*"|\S+/g) ?? [];
  return words.slice(2).map((word) => word.replace(/^['"]|['"]$/g, '').replace(/^\/tmp\//, `${folder}/`));
}

describe('README.md', () => {
  it('shows commands, each either a dbplay command or a listed set-up line', () => {
    expect(lines.length).toBeGreaterThan(5);
    for (const line of lines) {
      if (!setUpLines.has(line)) expect(line).toMatch(/^pnpm dbplay /);
    }
  });

  it.each(lines.filter((line) => !setUpLines.has(line)))(
    'runs %s',
    async (line) => {
      // --step waits for Enter between steps: give it plenty.
      const run = await runDbplay(dbplayArgs(line), { input: '\n'.repeat(200) });
      expect(run.stderr.split('\n').filter((l) => l.startsWith('dbplay: '))).toEqual([]);
      expect(run.code).toBe(0);
    },
    600_000,
  );
});
