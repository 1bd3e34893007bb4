import { describe, expect, it } from 'vitest';
import { PHASE_SHARES, phasedProgress } from './import-progress.js';
import type { ImportProgress } from './types.js';

function setup(totalBytes = 1000) {
  const seen: ImportProgress[] = [];
  let clock = 0;
  let statement: number | null = null;
  const progress = phasedProgress({
    totalBytes,
    emit: (p) => seen.push(p),
    statement: () => statement,
    now: () => clock,
  });
  return {
    seen,
    progress,
    at: (ms: number) => {
      clock = ms;
    },
    statementAt: (share: number | null) => {
      statement = share;
    },
  };
}

describe('phasedProgress', () => {
  it('reads bytes and fraction off the statement while the file is read', () => {
    const { seen, progress, statementAt } = setup();
    progress.tick();
    statementAt(0.5);
    progress.tick();
    expect(seen.map((p) => [p.phase, p.bytes, p.fraction])).toEqual([
      ['read', 0, 0],
      ['read', 500, PHASE_SHARES.read * 0.5],
    ]);
  });

  it('estimates the later phases from the time reading took, held below their end until they end', () => {
    const { seen, progress, at, statementAt } = setup();
    statementAt(1);
    at(1000);
    progress.rows(42);
    progress.phase('derive');
    const deriveStart = PHASE_SHARES.read;
    expect(seen.at(-1)).toEqual({ rows: 42, bytes: 1000, totalBytes: 1000, phase: 'derive', fraction: deriveStart });
    // derive is expected to take 1000 ms × 0.37 / 0.26; half of that is half its share
    at(1000 + (1000 * PHASE_SHARES.derive) / PHASE_SHARES.read / 2);
    progress.tick();
    expect(seen.at(-1)?.fraction).toBeCloseTo(deriveStart + PHASE_SHARES.derive / 2, 6);
    // running far longer than expected: still short of the phase's end
    at(60_000);
    progress.tick();
    expect(seen.at(-1)?.fraction).toBeLessThan(deriveStart + PHASE_SHARES.derive);
    progress.phase('write');
    expect(seen.at(-1)).toMatchObject({ phase: 'write', fraction: deriveStart + PHASE_SHARES.derive });
    progress.done();
    expect(seen.at(-1)).toMatchObject({ phase: 'write', fraction: 1, bytes: 1000, rows: 42 });
  });

  it('never goes back, even when a new statement starts at zero or the engine cannot tell', () => {
    const { seen, progress, statementAt } = setup();
    statementAt(0.8);
    progress.tick();
    statementAt(0.1);
    progress.tick();
    statementAt(null);
    progress.tick();
    const fractions = seen.map((p) => p.fraction ?? 0);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    expect(seen.map((p) => p.bytes)).toEqual([800, 800, 800]);
  });

  it('reports on its own every interval until stopped', async () => {
    const seen: ImportProgress[] = [];
    const progress = phasedProgress({ totalBytes: 10, emit: (p) => seen.push(p), statement: () => 0.3, intervalMs: 5 });
    await new Promise((r) => setTimeout(r, 60));
    progress.stop();
    const count = seen.length;
    expect(count).toBeGreaterThan(1);
    await new Promise((r) => setTimeout(r, 30));
    expect(seen.length).toBe(count);
  });
});
