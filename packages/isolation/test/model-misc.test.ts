import { describeProbeFolder } from './expect-agreement.ts';

await describeProbeFolder(
  'the model agrees with PostgreSQL on WITH, MERGE, settings, sequences and DDL',
  new URL('./model-probes-misc/', import.meta.url),
);
