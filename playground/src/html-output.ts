/**
 * `--html FILE`: write a trace as one self-contained page (@dbplay/viewer) and say where.
 *
 * Paths a user types are relative to *their* folder: `pnpm dbplay …` runs in the
 * repository's root, and pnpm keeps the folder the user typed the command in as INIT_CWD,
 * so a relative FILE resolves against that. The path printed is the absolute one, which a
 * browser opens as `file://…`. Under `--json`, stdout carries only the JSON, so the line
 * goes to stderr there.
 */
import { accessSync, constants, existsSync, mkdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { BadInputError } from '@dbplay/core';
import type { PageData } from '@dbplay/viewer';
import type { Command } from 'commander';
import type { CommandContext } from './context.ts';

export const htmlOptionHelp = 'also write the steps as one HTML page to step through in a browser';

/** Adds `--html <file>` to a command. */
export function addHtmlOption(command: Command): Command {
  return command.option('--html <file>', htmlOptionHelp, parseHtmlFile);
}

/**
 * Checks `--html FILE` while the command line is read, before any work: a name is given,
 * and its folder exists (it is created) and can be written. A run of minutes should not
 * end in "cannot write". Returns the name as given; {@link writeHtmlPage} resolves it.
 */
export function parseHtmlFile(file: string): string {
  if (file.trim() === '') throw new BadInputError('--html needs a file name, such as --html trace.html');
  const path = userPath(file, process.env);
  try {
    mkdirSync(dirname(path), { recursive: true });
    accessSync(dirname(path), constants.W_OK);
    if (existsSync(path) && statSync(path).isDirectory()) throw new Error(`${path} is a folder`);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadInputError(`cannot write the HTML page ${file}: ${reason}`);
  }
  return file;
}

/** The file a user named, resolved against the folder they typed the command in. */
export function userPath(file: string, env: Readonly<Record<string, string | undefined>>): string {
  return resolve(env.INIT_CWD ?? process.cwd(), file);
}

/** Renders the page, writes it, and prints its path. Returns the absolute path. */
export async function writeHtmlPage(context: CommandContext, file: string, data: PageData): Promise<string> {
  parseHtmlFile(file);
  const { renderPage } = await import('@dbplay/viewer');
  const path = userPath(file, context.io.env);
  try {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderPage(data));
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new BadInputError(`cannot write the HTML page ${file}: ${reason}`);
  }
  const line = `Wrote ${data.steps.length} ${data.steps.length === 1 ? 'step' : 'steps'} as a page: ${path} (open it in a browser; ← and → step)`;
  if (context.json) context.io.stderr(`${line}\n`);
  else context.print(context.palette.dim(line));
  return path;
}
