import { describe, expect, it } from 'vitest';
import { IMPORT_FORMATS, parseRowError, readHeader } from './formats.js';

describe('parseRowError', () => {
  it.each([
    [
      'bad.csv row 3 column created_at: unparseable date "x"',
      { file: 'bad.csv', row: 3, column: 'created_at', message: 'unparseable date "x"' },
    ],
    [
      '导出 数据.csv row 12: too many columns',
      { file: '导出 数据.csv', row: 12, column: '', message: 'too many columns' },
    ],
    ['field format: required', null],
  ])('%s', (message, expected) => {
    expect(parseRowError(message)).toEqual(expected);
  });
});

describe('readHeader', () => {
  it.each([
    ['a.csv', '\uFEFFlead_id,created_at,渠道\nL1,2026-01-01,抖音\n', ['lead_id', 'created_at', '渠道']],
    ['ga4.csv', '# ----\n# Start date: 20260101\n"Date","Sessions"\n', ['Date', 'Sessions']],
    ['ocean.tsv', '日期\t消耗\t展示数\n', ['日期', '消耗', '展示数']],
    ['book.xlsx', 'PK binary', []],
  ])('%s', async (name, text, expected) => {
    expect(await readHeader(new File([text], name))).toEqual(expected);
  });
});

describe('IMPORT_FORMATS', () => {
  it('offers the source exports named in the brief and the canonical tables, each once', () => {
    const ids = IMPORT_FORMATS.map((f) => f.id);
    expect(new Set(ids).size).toBe(ids.length);
    for (const id of ['ga4', 'baidu-tongji', 'google-ads', 'ocean-engine', 'hubspot-contacts', 'leads', 'events']) {
      expect(ids).toContain(id);
    }
  });
});
