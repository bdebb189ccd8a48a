/**
 * The dbplay commands, typed in the shell without the `dbplay` prefix and run in the shell's
 * process by the same program `dbplay` runs (program.ts), so they find the engines and the
 * store the shell keeps warm. Three things differ from a one-shot run:
 * - `btree new|insert|delete|find|range|draw` act on the shell's own tree (live-structures.ts);
 * - an LSM store command without `--dir` acts on the shell's in-memory store;
 * - `explain show N` (or hint, answer, grade) makes N the current exercise, which the shortcuts
 *   `answer NAME=VALUE …`, `hint` and `fix <sql>;` are about.
 * In JSON mode the command's own `--json` document becomes the output in the shell's record.
 */
import { writeFile } from 'node:fs/promises';
import { BadInputError, ExitCode, type Palette } from '@dbplay/core';
import { runProgram } from '../cli.ts';
import type { CliIo } from '../io.ts';
import { commandGroups, createProgram } from '../program.ts';
import type { CommandOutput } from './command-output.ts';
import { type LiveStructures, memoryStore, storeCommands } from './live-structures.ts';
import { splitWords } from './shell-input.ts';

/** What the commands need of the shell that runs them. */
export interface CommandHost {
  readonly output: CommandOutput;
  readonly structures: LiveStructures;
  readonly palette: Palette;
  /** A dbplay command starts: Ctrl-C then stops the engines the commands use. */
  commandStarts(): void;
  /** The shell's B+tree was used (what `\html FILE` draws by default). */
  btreeUsed(): void;
}

/** The words that ask for the current exercise. */
export const exerciseWords = ['answer', 'hint', 'fix'] as const;
export type ExerciseWord = (typeof exerciseWords)[number];

export class DbplayCommands {
  /** The dbplay commands the shell runs without the prefix (the CLI's groups, and help). */
  readonly names: ReadonlySet<string> = new Set([...commandGroups.map((group) => group.name), 'help']);
  private readonly host: CommandHost;
  /** The exercise `answer`, `hint` and `fix` are about (`explain show N` sets it). */
  private currentExercise: string | null = null;
  /** The explain command's subcommand names, once loaded (see {@link loadExplainNames}). */
  private explainNames: ReadonlySet<string> | null = null;

  constructor(host: CommandHost) {
    this.host = host;
  }

  /** A dbplay command as typed (`btree insert 5 9`), run in this process. */
  async run(command: string): Promise<ExitCode> {
    let argv: string[];
    try {
      argv = splitWords(command);
    } catch (error) {
      throw new BadInputError(`${(error as Error).message} in: ${command}`);
    }
    return this.runArgv(argv);
  }

  /**
   * The current exercise's commands: `answer top-node="Hash Join"` (each NAME=VALUE a --q),
   * `hint`, and `fix <sql>;` (graded as the exercise's fix). `explain show N` makes N current.
   */
  async exercise(word: ExerciseWord, command: string): Promise<ExitCode> {
    const exercise = this.currentExercise;
    if (exercise === null) {
      throw new BadInputError(`${word} needs a current exercise: explain show N first`);
    }
    const rest = command.slice(word.length).trim();
    if (word === 'hint') return this.run(`explain hint ${exercise} ${rest}`);
    if (word === 'answer') {
      const answers = splitWords(rest);
      if (answers.length === 0)
        throw new BadInputError('answer takes NAME=VALUE pairs: answer top-node="Hash Join"');
      return this.runArgv(['explain', 'answer', exercise, ...answers.flatMap((answer) => ['--q', answer])]);
    }
    if (rest === '' || rest === ';')
      throw new BadInputError('fix takes the SQL of your fix: fix create index …;');
    const { mkdtemp, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const folder = await mkdtemp(join(tmpdir(), 'dbplay-shell-fix-'));
    try {
      const file = join(folder, 'fix.sql');
      await writeFile(file, `${rest}\n`);
      return await this.runArgv(['explain', 'answer', exercise, '--sql', file]);
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }

  /**
   * Whether `word` is one of explain's subcommands (`show` in `explain show 7`), as opposed to
   * SQL's EXPLAIN. Known once {@link loadExplainNames} has run (`\dataset` runs it); until then
   * every explain word is SQL's.
   */
  isExplainSubcommand(word: string): boolean {
    return this.explainNames?.has(word) ?? false;
  }

  /** Loads the explain command's subcommand names (before a dataset's SQL is read). */
  async loadExplainNames(io: CliIo): Promise<void> {
    const program = await createProgram(io, ['explain']);
    this.explainNames = new Set(
      program.commands.find((command) => command.name() === 'explain')?.commands.map((c) => c.name()) ?? [],
    );
  }

  private async runArgv(argv: string[]): Promise<ExitCode> {
    const { output, structures } = this.host;
    this.host.commandStarts();
    if (
      argv[0] === 'explain' &&
      ['show', 'hint', 'answer', 'grade'].includes(argv[1] ?? '') &&
      argv[2] !== undefined
    ) {
      if (!argv[2].startsWith('-')) this.currentExercise = argv[2];
    }
    if (argv[0] === 'btree' && structures.handlesBtree(argv.slice(1))) {
      this.host.btreeUsed();
      await structures.btree(
        argv.slice(1),
        output.commandContext(argv.includes('--json'), this.host.palette),
      );
      return ExitCode.ok;
    }
    // An LSM store command without --dir acts on the shell's in-memory store.
    if (
      argv[0] === 'lsm' &&
      storeCommands.includes(argv[1] ?? '') &&
      !argv.some((a) => a.startsWith('--dir'))
    ) {
      if (!argv.includes('--help') && !argv.includes('-h')) argv.push('--dir', memoryStore);
    }
    if (!output.recording) {
      return runProgram(await createProgram(output.io, argv), argv, output.io);
    }
    // JSON mode: the command's own --json document becomes this command's output.
    let out = '';
    const io: CliIo = { ...output.io, stdout: (text) => (out += text) };
    const code = await runProgram(
      await createProgram(io, argv),
      argv.includes('--json') ? argv : [...argv, '--json'],
      io,
    );
    try {
      output.keepOutput(JSON.parse(out));
    } catch {
      output.keepOutput(out);
    }
    return code;
  }
}
