import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CliIo } from '../../cli/run.js';
import { DuckDbEngine } from '../../warehouse/duckdb/engine.js';
import type { Engine } from '../../warehouse/engine.js';
import { migrate } from '../../warehouse/migrations/index.js';
import { DEMO_CHANNELS } from './channels.js';
import { clearFacts, hasFacts } from './reset.js';
import { type SeedDemoResult, seedDemo } from './seed.js';

const hasImporter = existsSync(new URL('../index.ts', import.meta.url));
const UNTIL = '2026-11-28';
const count = async (engine: Engine, sql: string): Promise<number> =>
  Number((await engine.query<{ n: number }>(sql))[0]?.n ?? Number.NaN);

describe.skipIf(!hasImporter)('seedDemo into DuckDB through the import pipeline', () => {
  let engine: Engine;
  let result: SeedDemoResult;
  const phases = new Set<string>();

  beforeAll(async () => {
    engine = await DuckDbEngine.open(':memory:');
    await migrate(engine);
    result = await seedDemo(engine, {
      events: 10_000,
      seed: 5,
      until: UNTIL,
      onProgress: (p) => phases.add(`${p.phase}:${p.table}`),
    });
  }, 300_000);
  afterAll(async () => {
    await engine?.close();
  });

  it('imports every generated row of every table', async () => {
    expect(result.counts.events).toBe(10_000);
    expect(result.imported).toEqual(result.counts);
    for (const [table, n] of Object.entries(result.counts)) {
      expect(await count(engine, `SELECT count(*) AS n FROM ${table}`), table).toBe(n);
    }
    expect(phases).toContain('generate:events');
    expect(phases).toContain('import:people');
    expect(result.workflow).toBe('skipped');
  });

  it('classifies the generated touches back to the ten demo channels', async () => {
    const sessions = await engine.query<{ channel: string }>('SELECT DISTINCT channel FROM sessions WHERE NOT is_bot');
    expect(new Set(sessions.map((s) => s.channel))).toEqual(new Set(DEMO_CHANNELS.map((c) => c.name)));
    const spend = await engine.query<{ channel: string }>('SELECT DISTINCT channel FROM spend');
    const named = new Set(DEMO_CHANNELS.map((c) => c.name));
    expect(spend.map((s) => s.channel).filter((c) => !named.has(c))).toEqual([]);
    const leads = await engine.query<{ channel: string }>('SELECT DISTINCT channel FROM leads');
    expect(leads.map((s) => s.channel).filter((c) => !named.has(c))).toEqual([]);
  });

  it('keeps the generated sessions, marks a few % bots and stitches identities', async () => {
    const files = await count(engine, 'SELECT count(DISTINCT session_id) AS n FROM events');
    expect(await count(engine, 'SELECT count(*) AS n FROM sessions')).toBe(files);
    const botShare = await count(engine, 'SELECT avg(CASE WHEN is_bot THEN 1 ELSE 0 END) AS n FROM events');
    expect(botShare).toBeGreaterThanOrEqual(0.01);
    expect(botShare).toBeLessThanOrEqual(0.05);
    const persons = await count(engine, 'SELECT count(DISTINCT person_key) AS n FROM events');
    const visitors = await count(engine, 'SELECT count(DISTINCT visitor_id) AS n FROM events');
    expect(persons).toBeLessThan(visitors);
  });

  it('detects facts and clears them', async () => {
    expect(await hasFacts(engine)).toBe(true);
    await clearFacts(engine);
    expect(await hasFacts(engine)).toBe(false);
    expect(await count(engine, 'SELECT count(*) AS n FROM events')).toBe(0);
  });
});

describe.skipIf(!hasImporter)('seedDemo in parts', () => {
  const engines: Engine[] = [];
  afterAll(async () => {
    for (const e of engines) await e.close();
  });

  it('imports events, leads and orders part by part (appends) into exactly what one import of each gives', async () => {
    const seeded = async (eventsPartRows?: number) => {
      const engine = await DuckDbEngine.open(':memory:');
      engines.push(engine);
      await migrate(engine);
      const progress: number[] = [];
      const result = await seedDemo(engine, {
        events: 12_000,
        seed: 9,
        until: UNTIL,
        eventsPartRows,
        onProgress: (p) => {
          if (p.phase === 'import' && p.table === 'events') progress.push(p.rows);
        },
      });
      return { engine, result, progress };
    };
    const whole = await seeded();
    const parted = await seeded(2_500);
    expect(await count(parted.engine, "SELECT count(*) AS n FROM imports WHERE target_table = 'events'")).toBe(5);
    expect(await count(whole.engine, "SELECT count(*) AS n FROM imports WHERE target_table = 'events'")).toBe(1);
    expect(await count(parted.engine, "SELECT count(*) AS n FROM imports WHERE target_table = 'leads'")).toBe(5);
    expect(await count(parted.engine, "SELECT count(*) AS n FROM imports WHERE target_table = 'orders'")).toBe(5);
    expect(parted.result.imported).toEqual(whole.result.imported);
    expect(parted.result.imported.events).toBe(12_000);
    expect(parted.progress.at(-1)).toBe(12_000);
    expect(parted.progress).toEqual([...parted.progress].sort((a, b) => a - b));
    const dump = async (engine: Engine, sql: string) => JSON.stringify(await engine.query(sql));
    for (const sql of [
      `SELECT event_id, occurred_at, session_key, person_key, is_bot, source, medium, campaign, channel_group, channel,
         landing_page, page_path, referrer_host FROM events ORDER BY event_id`,
      'SELECT * FROM sessions ORDER BY session_key',
      'SELECT id_type, id_value, person_key FROM identities ORDER BY ALL',
      'SELECT lead_id, person_key, channel FROM leads ORDER BY lead_id',
      'SELECT order_id, person_key, channel FROM orders ORDER BY order_id',
      'SELECT reason, sum(events) AS events FROM bot_stats GROUP BY reason ORDER BY reason',
    ]) {
      expect(await dump(parted.engine, sql), sql).toBe(await dump(whole.engine, sql));
    }
  }, 300_000);
});

describe.skipIf(!hasImporter)('yardstick demo', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'yardstick-demo-cli-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  function io(): CliIo & { stdout: string[]; stderr: string[] } {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return { stdout, stderr, out: (t) => stdout.push(t), err: (t) => stderr.push(t) };
  }

  it.each([
    [['--events', '12'], '--events must be a whole number from 10000'],
    [['--until', '2026-02-30'], '--until must be a date YYYY-MM-DD'],
    [['--seed', 'x1'], '--seed must be a whole number'],
  ])('rejects %j', async (args, message) => {
    const { runCli } = await import('../../cli/run.js');
    const out = io();
    expect(await runCli(['demo', '--db', path.join(dir, 'bad.duckdb'), ...args], out, { local: true })).toBe(2);
    expect(out.stderr.join('\n')).toContain(message);
  });

  it('seeds a database, prints the counts, and refuses to seed it twice without --force', async () => {
    const { runCli } = await import('../../cli/run.js');
    const db = path.join(dir, 'demo.duckdb');
    const first = io();
    const argv = ['demo', '--db', db, '--events', '10000', '--until', UNTIL, '--skip-workflow', '--format', 'json'];
    expect(await runCli(argv, first, { local: true }), first.stderr.join('\n')).toBe(0);
    const report = JSON.parse(first.stdout.join('\n')) as SeedDemoResult;
    expect(report.counts.events).toBe(10_000);
    expect(report.from).toBe('2025-11-01');
    expect(first.stderr.some((line) => line.includes('events'))).toBe(true);
    const second = io();
    expect(await runCli(argv, second, { local: true })).toBe(2);
    expect(second.stderr.join('\n')).toContain('--force');
  }, 300_000);
});
