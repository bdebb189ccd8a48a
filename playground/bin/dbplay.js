#!/usr/bin/env node
// The installed `dbplay` command. dbplay runs from its TypeScript source (there is no
// build step), so this shim registers tsx's loader and then starts the CLI.
import { register } from 'tsx/esm/api';

register();
await import('../src/main.ts');
