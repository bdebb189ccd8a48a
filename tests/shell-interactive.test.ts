/**
 * The interactive shell through a real pseudo-terminal: tmux runs `dbplay` (no arguments, stdin
 * a terminal) and the test types keys into it and reads the screen, as a learner would see it.
 * Typing, multi-line SQL, Tab completion, history kept across restarts, Ctrl-C while another
 * session's statement waits for a lock, Ctrl-C stopping a running statement, and Ctrl-D.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { dbplayBin, repoRoot } from './run-cli.ts';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;

/** One tmux session running the shell. */
class Terminal {
  private static next = 0;
  readonly name = `dbplay-shell-test-${process.pid}-${Terminal.next++}`;

  constructor(state: string) {
    const command = `cd ${repoRoot} && NO_COLOR=1 DBPLAY_STATE=${state} node ${dbplayBin}; echo "[exited $?]"; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', this.name, '-x', '140', '-y', '60', command]);
  }

  /** Types `text` literally (tmux would read a trailing ; as its own command separator). */
  type(text: string): void {
    const body = text.endsWith(';') ? text.slice(0, -1) : text;
    if (body !== '') execFileSync('tmux', ['send-keys', '-t', this.name, '-l', body]);
    if (text.endsWith(';')) execFileSync('tmux', ['send-keys', '-t', this.name, '\\;']);
  }

  /** Presses keys by tmux's names: Enter, Tab, Up, C-c, C-d. */
  press(...keys: string[]): void {
    for (const key of keys) execFileSync('tmux', ['send-keys', '-t', this.name, key]);
  }

  line(text: string): void {
    this.type(text);
    this.press('Enter');
  }

  /** The screen as tmux shows it (it trims the spaces at the end of each line). */
  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** Waits until the screen matches (the machine is busy: no fixed sleeps). */
  async waitFor(pattern: RegExp, timeoutMs = 60_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const screen = this.screen();
      if (pattern.test(screen)) return screen;
      if (Date.now() > deadline) throw new Error(`the screen never matched ${pattern}:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}

const opened: Terminal[] = [];
const folders: string[] = [];

function stateFolder(): string {
  const folder = mkdtempSync(join(tmpdir(), 'dbplay-shell-state-'));
  folders.push(folder);
  return folder;
}

async function openShell(state: string): Promise<Terminal> {
  const terminal = new Terminal(state);
  opened.push(terminal);
  await terminal.waitFor(/^a=>$/m);
  return terminal;
}

afterEach(() => {
  for (const terminal of opened.splice(0)) terminal.kill();
  for (const folder of folders.splice(0)) rmSync(folder, { recursive: true, force: true });
});

describe.skipIf(!hasTmux)('dbplay shell at a terminal', () => {
  test('multi-line SQL runs at its ;, with a continuation prompt', async () => {
    const shell = await openShell(stateFolder());
    shell.line('\\setup create table t (id int primary key, v int); insert into t values (1, 10);');
    await shell.waitFor(/setup done: t \(1 row\)/);
    shell.line('select v');
    await shell.waitFor(/^a->$/m);
    shell.line('from t;');
    const screen = await shell.waitFor(/\(1 row\)\na=\*>$/m);
    expect(screen).toContain(' v\n----\n 10\n(1 row)');
  });

  test('Tab completes backslash commands, engines and scenario ids', async () => {
    const shell = await openShell(stateFolder());
    shell.type('\\eng');
    shell.press('Tab');
    await shell.waitFor(/a=> \\engine$/m);
    shell.type('sq');
    shell.press('Tab');
    await shell.waitFor(/a=> \\engine sqlite$/m);
    shell.press('Enter');
    await shell.waitFor(/engine sqlite · level deferred/);
    shell.type('isolation show write-sk');
    shell.press('Tab');
    await shell.waitFor(/a=> isolation show write-skew$/m);
  });

  test('history is kept in DBPLAY_STATE across restarts', async () => {
    const state = stateFolder();
    const first = await openShell(state);
    first.line('\\level serializable');
    await first.waitFor(/level serializable/);
    first.line('\\q');
    await first.waitFor(/\[exited 0\]/);
    expect(readFileSync(join(state, 'shell-history'), 'utf8')).toBe('\\level serializable\n\\q\n');
    const second = await openShell(state);
    second.press('Up', 'Up');
    await second.waitFor(/a=> \\level serializable$/m);
  });

  test('Ctrl-C while another session waits gives the prompt back; the wait ends at the commit', async () => {
    const shell = await openShell(stateFolder());
    shell.line('\\setup create table t (id int primary key, v int); insert into t values (1, 10);');
    await shell.waitFor(/setup done/);
    shell.line('update t set v = 11 where id = 1;');
    await shell.waitFor(/UPDATE 1\na=\*>$/m);
    shell.line('b: update t set v = 12 where id = 1;');
    await shell.waitFor(/⏸ b waits for a/);
    shell.type('select half a line');
    shell.press('C-c');
    await shell.waitFor(/\^C\na=\*>$/m);
    shell.line('commit;');
    // The resumed step's result and the prompt follow the 'resumed' line: wait for all of it,
    // not just its first line, or the screen can be read between the two.
    const resumed = /COMMIT\nb: ▶ resumed after a2 \(its b1\)\n {2}UPDATE 1\na=>$/m;
    const screen = await shell.waitFor(resumed);
    expect(screen).toMatch(resumed);
  });

  test('Ctrl-C stops a running statement and gives the prompt back', async () => {
    const shell = await openShell(stateFolder());
    shell.line('\\dataset shop');
    await shell.waitFor(/^shop=>$/m, 120_000);
    shell.line('select pg_sleep(600);');
    // The statement is running when its line is echoed and no prompt follows it.
    await shell.waitFor(/^shop=> select pg_sleep\(600\);\n(?!shop=>)/m);
    await new Promise((resolve) => setTimeout(resolve, 500));
    shell.press('C-c');
    await shell.waitFor(/\^C\ncancelled: PGlite cannot cancel a statement, .*\nshop=>$/m);
    shell.line('select 6 * 7 as answer;');
    const screen = await shell.waitFor(/\(1 row\)\nshop=>$/m);
    expect(screen).toContain(' answer\n--------\n     42\n(1 row)');
  });

  test('Ctrl-D leaves with exit code 0', async () => {
    const shell = await openShell(stateFolder());
    shell.press('C-d');
    await shell.waitFor(/\[exited 0\]/);
  });
});
