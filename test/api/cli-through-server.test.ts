import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/run.js';
import { loadConfig } from '../../src/config.js';
import { type RunningServer, startServer } from '../../src/server/serve.js';
import { seedPeople } from './harness.js';

let dir: string;
let db: string;
let server: RunningServer;

function io(stdin?: string) {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    io: {
      out: (t: string) => out.push(t),
      err: (t: string) => err.push(t),
      stdin: Readable.from(stdin ? [stdin] : []),
    },
  };
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-serve-'));
  db = path.join(dir, 'yardstick.duckdb');
  server = await startServer({
    dbPath: db,
    host: '127.0.0.1',
    port: 0,
    config: loadConfig({}),
    logger: false,
    server: { collector: false },
  });
  await seedPeople(server.engine);
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('CLI commands go through a running server', () => {
  it('writes the server file and an owner-only token file', () => {
    const info = JSON.parse(readFileSync(path.join(dir, 'yardstick.server.json'), 'utf8'));
    expect(info).toMatchObject({ pid: process.pid, db_path: db, url: server.url });
    const token = path.join(dir, 'yardstick.token');
    expect(statSync(token).mode & 0o777).toBe(0o600);
    expect(readFileSync(token, 'utf8')).toMatch(/^ys_/);
  });

  it('user add on the served database takes effect in the server', async () => {
    const t = io('carol-password-1\n');
    const code = await runCli(
      ['user', 'add', '--db', db, '--username', 'carol', '--role', 'member', '--person', 'p03', '--password-stdin'],
      t.io,
    );
    expect(t.err).toEqual([]);
    expect(code).toBe(0);
    expect(t.out.join('\n')).toContain('created member account "carol"');
    const rows = await server.engine.query('SELECT role, person_id FROM users WHERE username = $1', ['carol']);
    expect(rows).toEqual([{ role: 'member', person_id: 'p03' }]);
    // It went over HTTP with the local admin token (not straight into the engine).
    const used = await server.engine.query("SELECT last_used_at FROM api_tokens WHERE name LIKE 'serve pid%'");
    expect(used[0]?.last_used_at).toBeInstanceOf(Date);
    // The new account can log in over HTTP with the password sent through stdin.
    const res = await fetch(`${server.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'carol', password: 'carol-password-1' }),
    });
    expect(res.status).toBe(200);
  });

  it('user errors come back as the same one-line message and exit code', async () => {
    const t = io();
    const code = await runCli(
      ['user', 'add', '--db', db, '--username', 'carol', '--role', 'member', '--person', 'p03'],
      t.io,
    );
    expect(code).toBe(2);
    expect(t.err.join('\n')).toMatch(/yardstick user: username "carol" is taken/);
  });

  it('list shows accounts, and the audit log names the CLI as actor', async () => {
    const t = io();
    expect(await runCli(['user', 'list', '--db', db, '--format', 'json'], t.io)).toBe(0);
    const users = JSON.parse(t.out.join('\n')) as { username: string }[];
    expect(users.map((u) => u.username)).toContain('carol');
    const audit = await server.engine.query(
      "SELECT actor FROM audit_log WHERE entity = 'user' AND action = 'create' AND after_json LIKE '%carol%'",
    );
    expect(audit).toEqual([{ actor: 'cli' }]);
  });

  it('import uploads the named file to the server and imports it there', async () => {
    const csv = path.join(dir, 'spend-上月.csv');
    writeFileSync(csv, 'date,amount,channel\n2026-03-01,10.10,百度SEM\n2026-03-02,20.20,抖音投放\n');
    const t = io();
    const code = await runCli(['import', 'spend', csv, '--db', db, '--format', 'json'], t.io);
    expect(t.err.join('\n')).toBe('');
    expect(code).toBe(0);
    const [sum] = await server.engine.query<{ total: string; file: string }>(
      'SELECT sum(amount)::VARCHAR AS total, any_value(i.file_name) AS file FROM spend s JOIN imports i USING (import_id)',
    );
    expect(sum).toEqual({ total: '30.30', file: 'spend-上月.csv' });
  });

  it('serve refuses a second server on the same database', async () => {
    const t = io();
    const code = await runCli(['serve', '--db', db, '--port', '0'], t.io);
    expect(code).toBe(2);
    expect(t.err.join('\n')).toMatch(/already served by pid/);
  });

  it('removes its files on close, after which commands open the database directly', async () => {
    await server.close();
    expect(existsSync(path.join(dir, 'yardstick.server.json'))).toBe(false);
    expect(existsSync(path.join(dir, 'yardstick.token'))).toBe(false);
    const t = io();
    expect(await runCli(['user', 'list', '--db', db], t.io)).toBe(0);
    expect(t.out.join('\n')).toContain('carol');
  });
});
