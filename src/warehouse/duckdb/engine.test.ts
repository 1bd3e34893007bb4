import { afterEach, describe, expect, it } from 'vitest';
import { migrate, migrations } from '../migrations/index.js';
import { DuckDbEngine } from './engine.js';

/** A promise to await inside a transaction and the function that lets it go on. */
function opened(): { gate: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => {
    release = resolve;
  });
  return { gate, release };
}

describe('DuckDbEngine', () => {
  let engine: DuckDbEngine | undefined;
  afterEach(async () => {
    await engine?.close();
    engine = undefined;
  });

  it('applies migrations once', async () => {
    engine = await DuckDbEngine.open(':memory:');
    expect(await migrate(engine)).toEqual(migrations.map((m) => m.id).sort((a, b) => a - b));
    expect(await migrate(engine)).toEqual([]);
  });

  it("reads the running statement's progress while it runs, and none when idle", async () => {
    engine = await DuckDbEngine.open(':memory:');
    const db = engine;
    await db.exec('CREATE TABLE big AS SELECT i, i % 1000 AS k FROM range(10000000) t(i)');
    const seen: (number | null)[] = [];
    const poll = setInterval(() => seen.push(db.statementProgress()), 5);
    try {
      // a grouped scan long enough for a few polls on any machine: repeated until some progress was seen
      for (let round = 0; round < 5 && !seen.some((p) => p !== null && p > 0); round++) {
        await db.query('SELECT k, count(DISTINCT i) AS n FROM big GROUP BY k');
      }
    } finally {
      clearInterval(poll);
    }
    expect(seen.some((p) => p !== null && p > 0 && p <= 1)).toBe(true);
    expect(seen.every((p) => p === null || (p >= 0 && p <= 1))).toBe(true);
    await db.query('SELECT 1');
    expect(db.statementProgress()).toBeNull();
  });

  it('binds parameters and normalises bigints', async () => {
    engine = await DuckDbEngine.open(':memory:');
    const rows = await engine.query('SELECT count(*) AS n, $1::VARCHAR AS s', ["x'; DROP TABLE t; --"]);
    expect(rows).toEqual([{ n: 1, s: "x'; DROP TABLE t; --" }]);
  });

  it('rolls back a failed transaction entirely', async () => {
    engine = await DuckDbEngine.open(':memory:');
    await engine.exec('CREATE TABLE t (id INTEGER PRIMARY KEY)');
    await expect(
      engine.transaction(async (tx) => {
        await tx.exec('INSERT INTO t VALUES (1)');
        await tx.exec('INSERT INTO t VALUES (1)');
      }),
    ).rejects.toThrow();
    expect(await engine.query('SELECT count(*) AS n FROM t')).toEqual([{ n: 0 }]);
  });

  it('appends exact decimals and UTC timestamps', async () => {
    engine = await DuckDbEngine.open(':memory:');
    await engine.exec('CREATE TABLE t (a DECIMAL(18,2), ts TIMESTAMP, s VARCHAR)');
    const n = await engine.append(
      't',
      ['a', 'ts', 's'],
      [
        ['0.10', new Date('2026-03-31T15:30:00Z'), 'x'],
        [0.2, '2026-01-01 00:00:00', null],
      ],
    );
    expect(n).toBe(2);
    const rows = await engine.query<{ total: string; first: Date }>(
      'SELECT sum(a)::VARCHAR AS total, min(ts) AS first FROM t',
    );
    expect(rows[0]?.total).toBe('0.30');
    expect(rows[0]?.first.toISOString()).toBe('2026-01-01T00:00:00.000Z');
    const later = await engine.query<{ ts: Date }>("SELECT ts FROM t WHERE s = 'x'");
    expect(later[0]?.ts.toISOString()).toBe('2026-03-31T15:30:00.000Z');
  });

  it('keeps concurrent statements out of an open transaction', async () => {
    engine = await DuckDbEngine.open(':memory:');
    const e = engine;
    await e.exec('CREATE TABLE t (id INTEGER)');
    const { gate, release } = opened();
    const failing = e.transaction(async (tx) => {
      await tx.exec('INSERT INTO t VALUES (1)');
      await gate;
      throw new Error('abort');
    });
    // Issued from outside while the transaction is open: must run after it, not inside it.
    const outside = e.exec('INSERT INTO t VALUES (2)');
    release();
    await expect(failing).rejects.toThrow('abort');
    await outside;
    expect(await e.query('SELECT id FROM t ORDER BY id')).toEqual([{ id: 2 }]);
  });

  it('holds the engine through an exclusive section whose own transaction alone rolls back', async () => {
    engine = await DuckDbEngine.open(':memory:');
    const e = engine;
    await e.exec('CREATE TABLE t (id INTEGER)');
    const { gate, release } = opened();
    const seen: number[][] = [];
    const section = e.exclusive(async (x) => {
      // committed on its own: the failed transaction below does not undo it
      await x.exec('CREATE TEMP TABLE scratch AS SELECT 1 AS id');
      await x.exec('INSERT INTO t SELECT id FROM scratch');
      await gate;
      seen.push((await x.query<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id));
      await expect(
        x.transaction(async (tx) => {
          await tx.exec('INSERT INTO t VALUES (3)');
          await tx.transaction((inner) => inner.exec('INSERT INTO t VALUES (4)'));
          throw new Error('abort');
        }),
      ).rejects.toThrow('abort');
      await x.transaction((tx) => tx.exec('INSERT INTO t VALUES (5)'));
    });
    // issued from outside while the section runs: waits for the whole section
    const outside = e.exec('INSERT INTO t VALUES (2)');
    release();
    await section;
    await outside;
    expect(seen).toEqual([[1]]);
    expect((await e.query<{ id: number }>('SELECT id FROM t ORDER BY id')).map((r) => r.id)).toEqual([1, 2, 5]);
  });
});
