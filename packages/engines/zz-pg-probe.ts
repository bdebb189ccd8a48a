// Scratch (not committed): where a warm PostgreSQL isolation run spends its time.
import pg from 'pg';
import { findScenario, runScenario, startPostgresEngine } from '../isolation/src/index.ts';

const times = new Map<string, number[]>();
const note = (k: string, ms: number) => {
  const a = times.get(k) ?? [];
  a.push(ms);
  times.set(k, a);
};
const origQuery = pg.Client.prototype.query;
(pg.Client.prototype as any).query = function (this: any, q: any, ...rest: any[]) {
  const t = performance.now();
  const text = typeof q === 'string' ? q : (q?.text ?? '?');
  const key = text
    .replace(/"[^"]*"/g, '"x"')
    .replace(/\d+/g, 'N')
    .replace(/\s+/g, ' ')
    .slice(0, 60);
  const r = origQuery.call(this, q, ...rest);
  if (r && typeof r.then === 'function')
    r.then(
      () => note(key, performance.now() - t),
      () => note(key, performance.now() - t),
    );
  return r;
};
const origConnect = pg.Client.prototype.connect;
(pg.Client.prototype as any).connect = function (this: any, ...a: any[]) {
  const t = performance.now();
  const r = origConnect.apply(this, a as []);
  if (r && typeof r.then === 'function') r.then(() => note('CONNECT', performance.now() - t));
  return r;
};
const engine = await startPostgresEngine();
const scenario = await findScenario('write-skew');
for (let i = 0; i < 12; i++) {
  if (i === 2) times.clear();
  const t = performance.now();
  const report = await runScenario({ engine, scenario, level: 'serializable', choice: { kind: 'listed' } });
  console.log(`run ${(performance.now() - t).toFixed(0)} ms, permutations ${report.permutations?.length}`);
}
await engine.close();
const rows = [...times]
  .map(([k, a]) => [k, a.length, a.reduce((s, x) => s + x, 0)] as const)
  .sort((a, b) => b[2] - a[2]);
for (const [k, n, sum] of rows.slice(0, 25))
  console.log(
    `${sum.toFixed(0).padStart(6)} ms total  ${String(n).padStart(4)}×  avg ${(sum / n).toFixed(1).padStart(6)}  ${k}`,
  );
