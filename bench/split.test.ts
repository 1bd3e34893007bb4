import { readFileSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { splitCsvRows } from './split.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'yardstick-bench-split-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('splitCsvRows', () => {
  it('cuts a CSV into consecutive parts of near-equal rows, each with the header, rows kept in order', async () => {
    const file = path.join(dir, 'events.csv');
    const rows = Array.from({ length: 10 }, (_, i) => `e${i},v${i % 3},"a, b"`);
    writeFileSync(file, `event_id,visitor_id,note\n${rows.join('\n')}\n`);
    const parts = await splitCsvRows(file, 10, 3);
    expect(parts.map((p) => path.basename(p))).toEqual(['events.part1.csv', 'events.part2.csv', 'events.part3.csv']);
    const lines = parts.map((p) => readFileSync(p, 'utf8').trimEnd().split('\n'));
    for (const l of lines) expect(l[0]).toBe('event_id,visitor_id,note');
    expect(lines.map((l) => l.length - 1)).toEqual([3, 4, 3]);
    expect(lines.flatMap((l) => l.slice(1))).toEqual(rows);
  });

  it('reads in chunks: a row cut across chunk boundaries stays whole', async () => {
    const file = path.join(dir, 'wide.csv');
    const long = 'x'.repeat(3 << 20);
    writeFileSync(file, `a,b\n1,${long}\n2,${long}\n3,y\n`);
    const [p1, p2] = await splitCsvRows(file, 3, 2);
    expect(readFileSync(p1!, 'utf8')).toBe(`a,b\n1,${long}\n2,${long}\n`);
    expect(readFileSync(p2!, 'utf8')).toBe('a,b\n3,y\n');
  });

  it('fails when the file does not hold the rows it was said to', async () => {
    const file = path.join(dir, 'short.csv');
    writeFileSync(file, 'a\n1\n2\n');
    await expect(splitCsvRows(file, 5, 2)).rejects.toThrow(/short\.csv: 2 rows, expected 5/);
  });
});
