import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach } from 'vitest';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';
import { importCanonicalFile } from './canonical.js';
import { importEventsCsvFast } from './fast-events.js';
import { TABLES } from './schema/tables.js';

/** The header of the test files (canonical names, a few columns left out). */
export const HEADER =
  'occurred_at,visitor_id,event_type,user_id,session_id,event_id,page_url,referrer,utm_source,utm_medium,properties';

/** n events of 50 visitors on 2026-03-01 (with event ids unless withIds is false), under HEADER. */
export function sampleRows(n: number, withIds = true): string[] {
  const rows: string[] = [];
  for (let i = 0; i < n; i++) {
    const minute = String(i % 60).padStart(2, '0');
    rows.push(
      `2026-03-01T10:${minute}:00+08:00,v${i % 50},page_view,,s${i % 50},${withIds ? `e${i}` : ''},https://www.example.com/p${i % 7},,baidu,cpc,"{""n"":${i}}"`,
    );
  }
  return rows;
}

/**
 * Test set-up for the DuckDB read_csv events path: a fresh in-memory warehouse and temp folder for every test (read
 * them through the getters), CSV files under HEADER, and `load` (the fast path, falling back row by row).
 */
export function fastEventsFixture(): {
  readonly engine: Engine;
  readonly dir: string;
  eventsCsv(name: string, rows: string[]): string;
  load(file: string): ReturnType<typeof importEventsCsvFast>;
} {
  let engine: Engine;
  let dir: string;
  beforeEach(async () => {
    engine = await openWarehouse(':memory:');
    dir = mkdtempSync(path.join(tmpdir(), 'yardstick-fast-'));
  });
  afterEach(async () => {
    await engine.close();
  });
  return {
    get engine() {
      return engine;
    },
    get dir() {
      return dir;
    },
    eventsCsv(name, rows) {
      const file = path.join(dir, name);
      writeFileSync(file, `${[HEADER, ...rows].join('\n')}\n`);
      return file;
    },
    load(file) {
      const spec = TABLES.events as NonNullable<(typeof TABLES)['events']>;
      const opts = { format: 'events', file, fileName: path.basename(file), fileHash: 'test' };
      return importEventsCsvFast(engine, opts, () => importCanonicalFile(engine, spec, opts));
    },
  };
}
