import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCsv } from '../src/ingest/demo/test-csv.js';
import { EVENT_COLUMNS } from '../src/ingest/demo/traffic.js';
import { BENCH_UNTIL, generateBenchEvents } from './generate.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yardstick-bench-gen-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

const sha = async (file: string) =>
  createHash('sha256')
    .update(await readFile(file))
    .digest('hex');

describe('generateBenchEvents', () => {
  it('writes exactly N events plus proportionate leads, orders and spend, deterministically', async () => {
    const a = await generateBenchEvents({ file: path.join(dir, 'a', 'events.csv'), events: 25_000, seed: 42 });
    const b = await generateBenchEvents({ file: path.join(dir, 'b', 'events.csv'), events: 25_000, seed: 42 });
    expect(a.rows).toBe(25_000);
    expect(a.seconds).toBeGreaterThan(0);
    expect(a.from).toBe('2025-06-01');
    expect(a.until).toBe(BENCH_UNTIL);
    const events = readCsv(a.files.events);
    expect(events.header).toEqual([...EVENT_COLUMNS]);
    expect(events.rows).toHaveLength(25_000);
    for (const table of ['events', 'leads', 'orders', 'spend'] as const) {
      expect(await sha(b.files[table]), table).toBe(await sha(a.files[table]));
    }
    const sessions = new Set(events.rows.map((r) => r[4])).size;
    expect(a.counts.leads / sessions).toBeGreaterThan(0.005);
    expect(a.counts.leads / sessions).toBeLessThan(0.03);
    expect(a.counts.orders).toBeGreaterThan(0);
    expect(a.counts.spend).toBeGreaterThan(300);
    let bytes = 0;
    for (const file of Object.values(a.files)) bytes += (await readFile(file)).length;
    expect(a.bytes).toBe(bytes);
  });

  it('refuses an events file name that would collide with the companion files', async () => {
    await expect(generateBenchEvents({ file: path.join(dir, 'c', 'leads.csv'), events: 10, seed: 1 })).rejects.toThrow(
      /must not be named/,
    );
  });
});
