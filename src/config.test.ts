import { describe, expect, it } from 'vitest';
import { byteSize, DEFAULT_DUCKDB_MEMORY, loadConfig } from './config.js';

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

describe('byteSize', () => {
  it('reads decimal and binary units, as configured and as DuckDB reports them', () => {
    expect(byteSize('640MB')).toBe(640_000_000);
    expect(byteSize('4GB')).toBe(4_000_000_000);
    expect(byteSize('610.3 MiB')).toBeCloseTo(610.3 * 2 ** 20);
    expect(byteSize('1 KiB')).toBe(1024);
    expect(byteSize('512 bytes')).toBe(512);
  });

  it.each([['lots'], ['640'], ['1 PB'], ['-1GB'], ['']])('is undefined for %j', (v) => {
    expect(byteSize(v)).toBeUndefined();
  });
});
