import { describe, expect, it } from 'vitest';
import { DEFAULT_DUCKDB_MEMORY, loadConfig } from './config.js';

describe('loadConfig', () => {
  it('defaults, and reads YARDSTICK_DUCKDB_MEMORY', () => {
    expect(loadConfig({}).duckdbMemory).toBe(DEFAULT_DUCKDB_MEMORY);
    expect(loadConfig({ YARDSTICK_DUCKDB_MEMORY: '4GB' }).duckdbMemory).toBe('4GB');
  });

  it.each([['lots'], ['640'], ['1 PB'], ['-1GB']])('rejects YARDSTICK_DUCKDB_MEMORY=%s naming the variable', (v) => {
    expect(() => loadConfig({ YARDSTICK_DUCKDB_MEMORY: v })).toThrow(/YARDSTICK_DUCKDB_MEMORY/);
  });

  it('rejects an unknown time zone', () => {
    expect(() => loadConfig({ YARDSTICK_TZ: 'Mars/Olympus' })).toThrow(/YARDSTICK_TZ/);
  });
});
