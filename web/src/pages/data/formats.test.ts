import { describe, expect, it } from 'vitest';
import { readRowErrors } from '../../api/client.js';
import {
  FALLBACK_FORMATS,
  formatOptions,
  IMPORT_FORMATS,
  type ImportFormat,
  PREVIEW_BYTES,
  parseRowError,
  previewSample,
  rowErrorsOf,
} from './formats.js';

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

describe('previewSample', () => {
  it('sends small files and workbooks whole', async () => {
    const small = new File(['日期,消耗\n'], 'a.csv');
    expect(await previewSample(small)).toBe(small);
    const book = new File([new Uint8Array(PREVIEW_BYTES + 10)], 'book.xlsx');
    expect(await previewSample(book)).toBe(book);
  });

  it('cuts a big text file after its last whole line inside the first 256 KiB', async () => {
    const line = '2026-01-01,百度SEM,12.50\n';
    const text = `日期,渠道,消耗\n${line.repeat(20_000)}`;
    const sample = await previewSample(new File([text], 'big.csv'));
    expect(sample.size).toBeLessThanOrEqual(PREVIEW_BYTES);
    const decoded = new TextDecoder('utf-8', { fatal: true }).decode(await sample.arrayBuffer());
    expect(decoded.startsWith('日期,渠道,消耗\n')).toBe(true);
    expect(decoded.endsWith(line)).toBe(true);
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

describe('formatOptions', () => {
  const served: ImportFormat[] = [
    { id: 'leads', kind: 'table', table: 'leads', label: { zh: '线索', en: 'Leads' }, columns: ['lead_id*'] },
    { id: 'ga4', kind: 'source', table: 'traffic', label: { zh: 'GA4 导出', en: 'GA4 export' } },
  ];
  it.each([
    [
      'zh-CN',
      [
        ['源', ['ga4:GA4 导出']],
        ['表', ['leads:线索']],
      ],
    ],
    [
      'en',
      [
        ['源', ['ga4:GA4 export']],
        ['表', ['leads:Leads']],
      ],
    ],
  ])('groups the served list by kind, sources first (%s)', (lang, expected) => {
    const groups = formatOptions(served, lang, { source: '源', table: '表' });
    expect(groups.map((g) => [g.label, g.options.map((o) => `${o.value}:${o.label}`)])).toEqual(expected);
  });
  it('drops an empty group and keeps every fallback format', () => {
    expect(formatOptions(served.slice(0, 1), 'en', { source: 's', table: 't' }).map((g) => g.label)).toEqual(['t']);
    const all = formatOptions(FALLBACK_FORMATS, 'zh-CN', { source: 's', table: 't' }).flatMap((g) => g.options);
    expect(all).toHaveLength(IMPORT_FORMATS.length);
  });
});

describe('rowErrorsOf', () => {
  const structured = [
    { file: 'a.csv', row: 3, column: 'amount', message: 'not a number' },
    { file: 'a.csv', row: 5, column: 'date', message: 'bad date' },
  ];
  it.each([
    [
      'the structured list wins',
      { message: 'a.csv row 3 column amount: not a number (and 1 more error)', rowErrors: structured },
      structured,
    ],
    [
      'falls back to parsing the message',
      { message: 'b.csv row 7 column x: bad', rowErrors: [] },
      [{ file: 'b.csv', row: 7, column: 'x', message: 'bad' }],
    ],
    ['nothing for a plain message', { message: 'field format: required' }, []],
  ])('%s', (_name, error, expected) => {
    expect(rowErrorsOf(error)).toEqual(expected);
  });
});

describe('readRowErrors', () => {
  it.each([
    [undefined, []],
    ['nope', []],
    [[null, { file: 'f', row: '4', column: 'c', message: 'm' }], [{ file: 'f', row: 4, column: 'c', message: 'm' }]],
  ])('%j', (raw, expected) => {
    expect(readRowErrors(raw)).toEqual(expected);
  });
});
