// Scratch (not committed): connection and CREATE DATABASE costs on the embedded server.
import { connectPostgres, scratchDirectory, startEmbeddedPostgres } from './src/index.ts';

const server = await startEmbeddedPostgres({
  directory: scratchDirectory(),
  settings: { autovacuum: 'off' },
});
const control = await connectPostgres(server.url);
await control.query('create database tmpl');
const t1 = await connectPostgres(server.url.replace(/\/postgres$/, '/tmpl'));
await t1.query('create table test (id int primary key, value int); insert into test values (1, 10), (2, 20)');
await t1.end();
const time = async (what: string, f: () => Promise<unknown>, n = 8) => {
  const a: number[] = [];
  for (let i = 0; i < n; i++) {
    const t = performance.now();
    await f();
    a.push(performance.now() - t);
  }
  a.sort((x, y) => x - y);
  console.log(`${what}: median ${a[n >> 1]?.toFixed(1)} min ${a[0]?.toFixed(1)}`);
};
let k = 0;
await time('connect+end', async () => {
  const c = await connectPostgres(server.url);
  await c.end();
});
await time('connect+query+end', async () => {
  const c = await connectPostgres(server.url);
  await c.query('select 1');
  await c.end();
});
await time('create db (wal_log) + drop', async () => {
  const n = `d${k++}`;
  await control.query(`create database ${n} template tmpl`);
  await control.query(`drop database ${n}`);
});
await time('create db (file_copy) + drop', async () => {
  const n = `d${k++}`;
  await control.query(`create database ${n} template tmpl strategy file_copy`);
  await control.query(`drop database ${n}`);
});
await time('create db (wal_log) only', async () => {
  const n = `d${k++}`;
  await control.query(`create database ${n} template tmpl`);
});
await time('create db (file_copy) only', async () => {
  const n = `d${k++}`;
  await control.query(`create database ${n} template tmpl strategy file_copy`);
});
console.log(
  (await control.query("select rolpassword like 'SCRAM%' as scram from pg_authid where rolname='postgres'"))
    .rows,
  (await control.query('show password_encryption')).rows,
);
await control.end();
await server.stop();
