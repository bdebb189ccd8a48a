#!/usr/bin/env node
// The installed `dbplay` command. It runs the compiled CLI in ../dist, which `pnpm install`
// builds (the root's `prepare` script; `pnpm build` rebuilds it after an edit), so that it
// starts with Node's own loader. Before the first build it runs the TypeScript sources
// through tsx, as `pnpm dbplay` and the tests always do.
import { existsSync } from 'node:fs';

const compiled = new URL('../dist/main.js', import.meta.url);
if (existsSync(compiled)) {
  await import(compiled.href);
} else {
  const { register } = await import('tsx/esm/api');
  register();
  await import('../src/main.ts');
}
