/**
 * `dbplay explain cleanup --url URL`: drop the databases that runs killed outright left on
 * a server (a run that ends, or is interrupted with Ctrl-C, drops its own). Databases a
 * live run may still be using are listed and kept; built datasets are kept on purpose.
 */
import { BadInputError } from '@dbplay/core';
import { redactUrl } from '@dbplay/engines';
import type { Command } from 'commander';
import { contextFor } from '../../context.ts';
import type { CliIo } from '../../io.ts';
import { plural } from '../../options.ts';
import { explainEnvironment } from './explain-environment.ts';

export async function cleanupAction(flags: { dryRun?: boolean }, command: Command, io: CliIo): Promise<void> {
  const context = contextFor(command, io);
  const { url } = explainEnvironment(command, io);
  if (url === undefined) {
    throw new BadInputError('cleanup removes what runs left on a PostgreSQL server; say which one', {
      hint: 'dbplay explain cleanup --url postgres://user@host/database (or set DATABASE_URL)',
    });
  }
  const { cleanupServer } = await import('@dbplay/explain');
  const dryRun = flags.dryRun === true;
  const { dropped, kept } = await cleanupServer(url, { dryRun });
  if (context.json) {
    context.printJson({ server: redactUrl(url), dryRun, dropped, kept });
    return;
  }
  const { palette } = context;
  const server = redactUrl(url);
  const lines =
    dropped.length === 0
      ? [`no leftover databases on ${server}`]
      : [
          `${dryRun ? 'would drop' : 'dropped'} ${plural(dropped.length, 'leftover database')} on ${server}:`,
          ...dropped.map((name) => `  ${name}`),
        ];
  for (const { name, inUse } of kept) lines.push(palette.dim(`kept ${name}: in use (${inUse})`));
  context.print(lines.join('\n'));
}
