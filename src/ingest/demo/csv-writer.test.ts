import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { CsvWriter } from './csv-writer.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'yardstick-csv-writer-'));
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('CsvWriter in parts', () => {
  it('rotates on request, hands over complete parts with the header, skips empty ones', async () => {
    const handed: [string, number, string][] = [];
    const w = new CsvWriter(path.join(dir, 'leads.csv'), ['a', 'b'], {
      onPart: async (file, rows) => {
        handed.push([path.basename(file), rows, readFileSync(file, 'utf8')]);
      },
    });
    await w.rotate(); // nothing written yet: no part to hand over
    w.row(['1', 'x,y']);
    await w.rotate();
    await w.rotate();
    w.row(['2', '']);
    w.row(['3', 'z']);
    await w.close();
    expect(handed).toEqual([
      ['leads-0001.csv', 1, 'a,b\n1,"x,y"\n'],
      ['leads-0002.csv', 2, 'a,b\n2,\n3,z\n'],
    ]);
    expect(w.files.map((f) => path.basename(f))).toEqual(['leads-0001.csv', 'leads-0002.csv']);
    expect(w.rows).toBe(3);
  });

  it('removes a last part left without rows, and writes one file without parts', async () => {
    const handed: number[] = [];
    const w = new CsvWriter(path.join(dir, 'e.csv'), ['a'], {
      rows: 2,
      onPart: async (_file, rows) => {
        handed.push(rows);
      },
    });
    for (const v of ['1', '2']) w.line(v);
    expect(w.full).toBe(true);
    await w.flush();
    await w.close();
    expect(handed).toEqual([2]);
    expect(existsSync(path.join(dir, 'e-0002.csv'))).toBe(false);
    const plain = new CsvWriter(path.join(dir, 'plain.csv'), ['a']);
    plain.line('1');
    await plain.close();
    expect(readFileSync(path.join(dir, 'plain.csv'), 'utf8')).toBe('a\n1\n');
    await expect(plain.rotate()).rejects.toThrow('not written in parts');
  });
});
