import { describe, expect, it } from 'vitest';
import { progressLine } from './import.js';

describe('import progress bar', () => {
  it('shows bytes read for a streamed file', () => {
    const line = progressLine({ rows: 5000, bytes: 250, totalBytes: 1000 }, 10);
    expect(line).toBe('[######..................]  25% 5,000 rows 500 rows/s ETA 00:30');
  });

  it("shows a phased import's estimated fraction and phase, not its bytes (all read long before it is done)", () => {
    const line = progressLine({ rows: 2_000_000, bytes: 1000, totalBytes: 1000, phase: 'derive', fraction: 0.5 }, 40);
    expect(line).toBe('[############............]  50% 推导 derive 2,000,000 rows 50,000 rows/s ETA 00:40');
  });

  it('has no ETA before anything is done', () => {
    expect(progressLine({ rows: 0, bytes: 0, totalBytes: 1000, phase: 'read', fraction: 0 }, 1)).toContain('ETA --:--');
  });
});
