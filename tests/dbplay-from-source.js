// dbplay from its TypeScript sources, as the end-to-end tests run it (and `pnpm dbplay`):
// tsx's loader, then the CLI. The compiled bin (playground/bin/dbplay.js running
// playground/dist) is tested by compiled-cli.test.ts.
import { register } from 'tsx/esm/api';

register();
await import('../playground/src/main.ts');
