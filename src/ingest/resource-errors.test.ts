import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UserError } from '../core/errors.js';
import type { Engine } from '../warehouse/engine.js';
import { openWarehouse } from '../warehouse/index.js';
import { importFile } from './index.js';
import { importResourceError } from './resource-errors.js';

let engine: Engine;
let dir: string;

beforeEach(async () => {
  engine = await openWarehouse(':memory:');
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-resource-'));
});

afterEach(async () => {
  await engine.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('imports running out of DuckDB memory or disk', () => {
  it('a row-by-row import (leads) out of memory is a user error naming the file and the setting, nothing written', async () => {
    const file = path.join(dir, 'leads.csv');
    const rows = ['lead_id,created_at,visitor_id,email,utm_source,utm_medium'];
    for (let i = 0; i < 30_000; i++) {
      rows.push(`L${i},2026-03-01 10:00:00,v${i},user${i}@example.cn,baidu,cpc`);
    }
    writeFileSync(file, `${rows.join('\n')}\n`);
    await engine.exec("SET memory_limit = '8MB'");
    await expect(importFile(engine, { format: 'leads', file })).rejects.toMatchObject({
      code: 'import_out_of_memory',
      message: expect.stringMatching(/^leads\.csv: .*YARDSTICK_DUCKDB_MEMORY/),
    });
    await engine.exec("SET memory_limit = '1GB'");
    expect(await engine.query('SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
    expect(await engine.query('SELECT count(*) AS n FROM identities')).toEqual([{ n: 0 }]);
    // the same file imports once there is memory
    expect((await importFile(engine, { format: 'leads', file })).inserted).toBe(30_000);
  });

  it('maps only DuckDB resource errors, and leaves user errors as they are', () => {
    expect(importResourceError('a.csv', new Error('IO Error: No space left on device'))?.code).toBe(
      'import_out_of_disk',
    );
    expect(
      importResourceError('a.csv', new Error('Out of Memory Error: could not allocate block of size 256 KiB'))?.code,
    ).toBe('import_out_of_memory');
    expect(
      importResourceError('a.csv', new Error('Failed to append: could not allocate block of size 256 KiB'))?.code,
    ).toBe('import_out_of_memory');
    expect(importResourceError('a.csv', new Error('Conversion Error: bad date'))).toBeUndefined();
    expect(importResourceError('a.csv', new UserError('x', 'Out of Memory Error in a message'))).toBeUndefined();
  });
});
