import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openWarehouse } from '../src/warehouse/index.js';
import { generateBenchEvents } from './generate.js';
import { runImportBench } from './import.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yardstick-bench-import-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('runImportBench', () => {
  it('runs the raw load and the import in processes of their own and reports each one’s figures', async () => {
    const gen = await generateBenchEvents({ file: path.join(dir, 'events.csv'), events: 20_000, seed: 7 });
    const { events: _events, ...extraFiles } = gen.files;
    const result = await runImportBench({ eventsCsv: gen.files.events, dbDir: dir, keepDb: true, extraFiles });
    expect(result.rows).toBe(20_000);
    // a tenth of the file under new ids is appended
    expect(result.append_rows).toBe(2_000);
    expect(result.import_rows_per_s).toBeGreaterThan(0);
    expect(result.import_raw_rows_per_s).toBeGreaterThan(0);
    // the ratio is taken from the unrounded times (import_s and raw_s are rounded to 10 ms)
    expect(Math.abs(result.ratio - result.import_s / result.raw_s) / result.ratio).toBeLessThan(0.25);
    // the timed import and append end with their checkpoint, reported apart too
    expect(result.import_checkpoint_s).toBeGreaterThanOrEqual(0);
    expect(result.import_checkpoint_s).toBeLessThanOrEqual(result.import_s);
    expect(result.append_checkpoint_s).toBeGreaterThanOrEqual(0);
    // each phase's high-water RSS is read in its own process: above node's own, below this machine's memory
    for (const mb of [result.import_peak_rss_mb, result.raw_peak_rss_mb]) {
      expect(mb).toBeGreaterThan(30);
      expect(mb).toBeLessThan(24 * 1024);
    }
    // the scratch raw database and the append file are gone; the imported one is kept with every file in it
    expect(existsSync(path.join(dir, 'bench-raw.duckdb'))).toBe(false);
    expect(existsSync(path.join(dir, 'bench-append.csv'))).toBe(false);
    const engine = await openWarehouse(result.dbPath);
    try {
      const [{ n } = { n: 0 }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM events');
      expect(Number(n)).toBe(22_000);
      const [{ leads } = { leads: 0 }] = await engine.query<{ leads: number }>('SELECT count(*) AS leads FROM leads');
      expect(Number(leads)).toBe(gen.counts.leads);
    } finally {
      await engine.close();
    }
  }, 120_000);

  it('imports the file as consecutive parts when asked: the later parts as appends', async () => {
    const sub = path.join(dir, 'parts');
    const gen = await generateBenchEvents({ file: path.join(sub, 'events.csv'), events: 30_000, seed: 11 });
    const result = await runImportBench({
      eventsCsv: gen.files.events,
      dbDir: sub,
      keepDb: true,
      parts: { count: 3, rows: gen.rows },
    });
    expect(result.parts).toBe(3);
    expect(result.rows).toBe(30_000);
    expect(result.append_rows).toBe(3_000);
    // the parts replaced the file and are gone with the run
    expect(existsSync(gen.files.events)).toBe(false);
    expect(existsSync(path.join(sub, 'events.part1.csv'))).toBe(false);
    const engine = await openWarehouse(result.dbPath);
    try {
      const imports = await engine.query<{ n: number; rows: number }>(
        "SELECT count(*) AS n, sum(rows_inserted)::BIGINT AS rows FROM imports WHERE target_table = 'events'",
      );
      expect(imports).toEqual([{ n: 4, rows: 33_000 }]);
      const [{ n } = { n: 0 }] = await engine.query<{ n: number }>('SELECT count(*) AS n FROM events');
      expect(Number(n)).toBe(33_000);
    } finally {
      await engine.close();
    }
  }, 120_000);
});
