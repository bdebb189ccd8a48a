/**
 * The backslash commands that set up the multi-session console (@dbplay/isolation's
 * IsolationConsole) before and between statements: the engine the sessions run on and the
 * level their transactions begin at, which session SQL without a `NAME:` prefix goes to, the
 * setup run outside any session, a catalog scenario (or spec file) loaded to step through, and
 * `\reset`, which drops all of that but the engine and level.
 *
 * An isolation-tester spec has the same parts (setup, sessions, steps; PostgreSQL's
 * src/test/isolation/README): these commands let a learner build one by hand, line by line,
 * and `\save` writes it out (schedule-commands.ts).
 */
import { readFile, stat } from 'node:fs/promises';
import { BadInputError } from '@dbplay/core';
import type { IsolationConsole } from '@dbplay/isolation';
import type { MetaCommand } from './meta-commands.ts';

export const engineCommand: MetaCommand = {
  usage: '\\engine [model|postgres|sqlite]',
  summary: 'the engine the sessions run on (default model, which shows its internals)',
  async run(shell, argument) {
    const console = await shell.console();
    if (argument !== '') console.useEngine(argument);
    shell.print(engineAndLevel(console));
  },
};

export const levelCommand: MetaCommand = {
  usage: '\\level [LEVEL]',
  summary: 'the isolation level transactions begin at (the levels of isolation run)',
  async run(shell, argument) {
    const console = await shell.console();
    if (argument !== '') console.useLevel(argument);
    shell.print(engineAndLevel(console));
  },
};

export const sessionCommand: MetaCommand = {
  usage: '\\session [NAME]',
  summary: 'switch to session NAME (created on first use); NAME: SQL; runs one statement there',
  async run(shell, argument) {
    if (argument !== '') {
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(argument)) {
        throw new BadInputError(
          `a session name is a letter or _ then letters, digits or _ (not '${argument}')`,
        );
      }
      shell.current = argument;
    }
    const console = await shell.console();
    const others = console.sessionNames.filter((name) => name !== shell.current);
    shell.print(
      `session ${shell.current} (${console.stateOf(shell.current)})${others.length === 0 ? '' : `; others: ${others.map((name) => `${name} (${console.stateOf(name)})`).join(', ')}`}`,
    );
  },
};

export const setupCommand: MetaCommand = {
  usage: '\\setup SQL; | \\setup FILE',
  summary: 'run setup SQL outside any session (before the sessions connect)',
  async run(shell, argument) {
    if (argument === '') throw new BadInputError('\\setup needs SQL or a file: \\setup create table …;');
    const sql = (await isFile(shell.userPath(argument)))
      ? await readFile(shell.userPath(argument), 'utf8')
      : argument;
    const console = await shell.console();
    shell.print(shell.describeSetup(await console.setup(sql)));
  },
};

export const loadCommand: MetaCommand = {
  usage: '\\load SCENARIO|FILE.spec',
  summary: "load a catalog scenario's (or spec file's) setup and sessions; then step NAME",
  async run(shell, argument) {
    if (argument === '') throw new BadInputError('\\load needs a scenario id or a .spec file');
    const isolation = await shell.library();
    const path = argument.endsWith('.spec') || argument.includes('/') ? shell.userPath(argument) : argument;
    const scenario = await isolation.findScenario(path);
    const console = await shell.console();
    const tables = await console.load(scenario);
    shell.print(
      `${scenario.id}${scenario.metadata.title === null ? '' : ` · ${scenario.metadata.title}`}\n${shell.describeSetup(tables)}`,
    );
    for (const session of scenario.sessions) {
      shell.print(`session ${session.name}: ${session.steps.map((step) => step.name).join(' ')}`);
    }
    const first = scenario.permutations[0];
    if (first !== undefined) {
      shell.print(shell.palette.dim(`its first permutation: ${first.steps.map((s) => s.name).join(' ')}`));
    }
    shell.current = scenario.sessions[0]?.name ?? shell.current;
  },
};

export const resetCommand: MetaCommand = {
  usage: '\\reset',
  summary: 'drop the sessions, the setup and what was typed (engine and level stay)',
  async run(shell) {
    const console = await shell.console();
    console.reset();
    shell.current = 'a';
    if (shell.datasets.dataset !== null) {
      await shell.datasets.restart();
      shell.print(`reset: no setup, no sessions; dataset ${shell.datasets.dataset} as it was built`);
      return;
    }
    shell.print('reset: no setup, no sessions');
  },
};

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}

/** What `\engine` and `\level` answer: both, since a level is one of its engine's. */
function engineAndLevel(console: IsolationConsole): string {
  return `engine ${console.engine} · level ${console.level}`;
}
