/**
 * The backslash commands of a dataset (dataset-console.ts): `\dataset NAME` sends SQL to one of
 * explain's datasets instead of the sessions (`\dataset off` back), and psql's describe
 * commands `\d`, `\d TABLE` and `\di` list its tables, a table's columns and indexes, and its
 * indexes.
 */
import { BadInputError } from '@dbplay/core';
import type { MetaCommand } from './meta-commands.ts';
import type { Shell } from './shell.ts';

export const datasetCommand: MetaCommand = {
  usage: '\\dataset shop|events|people|off',
  summary: "SQL on explain's dataset, state kept until \\reset (explain select … draws the plan)",
  async run(shell, argument) {
    if (argument === '' || argument === 'off') {
      await shell.datasets.close();
      shell.print('SQL goes to the sessions again');
      return;
    }
    await shell.loadExplainNames();
    const description = await shell.datasets.open(argument);
    shell.print(`dataset ${argument} on ${description}; \\d lists its tables, \\dataset off leaves`);
  },
};

export const describeCommand: MetaCommand = {
  usage: '\\d [TABLE]',
  summary: "the dataset's tables, or one table's columns and indexes",
  async run(shell, argument) {
    requireDataset(shell, '\\d');
    for (const result of await shell.datasets.describe(argument === '' ? 'tables' : { table: argument })) {
      await shell.printRows(result);
    }
  },
};

export const describeIndexesCommand: MetaCommand = {
  usage: '\\di',
  summary: "the dataset's indexes",
  async run(shell) {
    requireDataset(shell, '\\di');
    for (const result of await shell.datasets.describe('indexes')) await shell.printRows(result);
  },
};

function requireDataset(shell: Shell, what: string): void {
  if (shell.datasets.dataset === null) {
    throw new BadInputError(`${what} describes a dataset: \\dataset shop (or events, people) first`);
  }
}
