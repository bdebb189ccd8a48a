/**
 * Tab completion for the shell, worked out from what the shell already knows rather than from
 * a hand-kept list: the backslash commands (meta-commands.ts), the dbplay command tree with its
 * subcommands and flags (the same commander program the CLI runs), the engines and their levels,
 * the isolation catalog's scenario ids, the explain exercises, the sessions typed so far, and in
 * SQL the tables and columns the setup created.
 */
import { readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { engineNames, modelLevels, postgresLevels, sqliteLevels } from '@dbplay/isolation/vocabulary';
import type { Command } from 'commander';
import { createProgram } from '../program.ts';
import { metaCommands } from './meta-commands.ts';
import type { Shell } from './shell.ts';

const sqlKeywords = [
  'select',
  'from',
  'where',
  'update',
  'set',
  'insert',
  'into',
  'values',
  'delete',
  'begin',
  'commit',
  'rollback',
  'order',
  'by',
  'for',
  'count(*)',
];
const exercisesFolder = fileURLToPath(new URL('../../../exercises/explain/', import.meta.url));

export class Completer {
  private scenarios: string[] = [];
  private exercises: string[] = [];
  private levels: string[] = [];
  private engines: string[] = [];
  private program: Command | null = null;
  private loading: Promise<void> | null = null;
  private readonly shell: Shell;

  constructor(shell: Shell) {
    this.shell = shell;
  }

  /** The console's sessions so far. */
  private get sessionNames(): readonly string[] {
    return this.shell.openConsole?.sessionNames ?? [];
  }

  /** A loaded scenario's step names. */
  private get stepNames(): string[] {
    return this.shell.openConsole?.declaredSteps.map((step) => step.name) ?? [];
  }

  /** The tables and columns of the last run, for completing SQL. */
  private get tableWords(): string[] {
    const tables = this.shell.openConsole?.lastRun?.outcome.final ?? [];
    return tables.flatMap((table) => [table.table, ...table.columns]);
  }

  /** Starts loading the catalogs in the background, so that the first Tab need not wait. */
  start(): void {
    this.loading ??= this.warm().catch(() => {});
  }

  private async warm(): Promise<void> {
    this.program = await createProgram({
      stdout: () => {},
      stderr: () => {},
      env: {},
      stdoutIsTTY: false,
      stderrIsTTY: false,
      readLine: async () => null,
    });
    const isolation = await this.shell.library();
    this.engines = [...engineNames];
    this.levels = [...new Set([...modelLevels, ...postgresLevels, ...sqliteLevels])];
    const catalog = await isolation.loadCatalog().catch(() => []);
    this.scenarios = catalog.flatMap((scenario) => [scenario.id, ...scenario.metadata.aliases]).sort();
    const files = await readdir(exercisesFolder).catch(() => [] as string[]);
    this.exercises = files
      .filter((name) => name.endsWith('.yaml'))
      .map((name) => String(Number.parseInt(name, 10)))
      .filter((id) => id !== 'NaN');
  }

  /** Candidates for the word under the cursor at the end of `line`, and that word. */
  async complete(line: string): Promise<[string[], string]> {
    // The first Tab waits for the catalogs (they load in the background from the start).
    this.loading ??= this.warm();
    await this.loading;
    const words = line.split(/\s+/);
    const partial = words[words.length - 1] ?? '';
    const before = words.slice(0, -1);
    const candidates = this.candidates(before, partial, line);
    const hits = [...new Set(candidates.filter((candidate) => candidate.startsWith(partial)))].sort();
    // One match is a whole word: complete it with the space after it, as psql does.
    return [hits.length === 1 ? [`${hits[0]} `] : hits, partial];
  }

  private candidates(before: readonly string[], partial: string, line: string): string[] {
    const first = before[0];
    const previous = before[before.length - 1];
    if (previous === '--engine') return this.engines;
    if (previous === '--level') return this.levels;
    if (first === undefined) {
      if (partial.startsWith('\\')) return [...metaCommands.keys(), 'q'].map((name) => `\\${name}`);
      return [
        ...this.shell.commandNames,
        'help',
        'step',
        ...this.sessionNames.map((name) => `${name}:`),
        ...sqlKeywords,
      ];
    }
    if (first.startsWith('\\')) return this.metaArguments(first, before.length);
    if (first === 'step') return this.stepNames;
    const command = this.commandAt(before);
    if (command !== null) {
      const path = before.join(' ');
      if (/^isolation (run|show)$/.test(path)) return this.scenarios;
      if (/^explain (show|hint|answer|grade)$/.test(path)) return this.exercises;
      return [
        ...command.commands.map((sub) => sub.name()),
        ...command.options.map((option) => option.long ?? '').filter((flag) => flag !== ''),
        '--json',
        '--help',
      ];
    }
    void line;
    return [...this.tableWords, ...sqlKeywords, ...this.sessionNames.map((name) => `${name}:`)];
  }

  private metaArguments(meta: string, position: number): string[] {
    if (position > 1) return [];
    switch (meta) {
      case '\\engine':
        return this.engines;
      case '\\level':
        return this.levels;
      case '\\load':
        return this.scenarios;
      case '\\session':
        return [...this.sessionNames];
      case '\\set':
        return ['ON_ERROR_STOP'];
      case '\\timing':
      case '\\x':
        return ['on', 'off'];
      case '\\replay':
        return ['--engine', '--level'];
      default:
        return [];
    }
  }

  /** The dbplay command the words name (`isolation run` → run), skipping flags; null when none. */
  private commandAt(words: readonly string[]): Command | null {
    let command: Command | null = null;
    for (const word of words) {
      if (word.startsWith('-')) continue;
      const choices: readonly Command[] =
        command === null ? (this.program?.commands ?? []) : command.commands;
      const next = choices.find((sub) => sub.name() === word);
      if (next === undefined) return command;
      command = next;
    }
    return command;
  }
}
