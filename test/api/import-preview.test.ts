import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, type Session, startHarness } from './harness.js';
import { multipart } from './upload.js';

let h: Harness;
let member: Session;

beforeAll(async () => {
  h = await startHarness();
  member = await h.login('member');
});
afterAll(async () => h.close());

async function preview(fields: Record<string, string>, file: { name: string; content: string | Uint8Array }) {
  const body = await multipart(fields, file);
  return h.as(member, 'POST', '/api/imports/preview', body.payload, { 'content-type': body.contentType });
}

const LEADS =
  '线索ID,创建时间,渠道,负责人,备注\nL1,2026-03-01 10:00:00,百度SEM,p03,首次咨询\nL2,2026-03-02,抖音投放,p03,\n';

async function xlsx(rows: unknown[][]): Promise<Uint8Array> {
  const workbook = new ExcelJS.Workbook();
  const sheet = workbook.addWorksheet('线索');
  for (const row of rows) sheet.addRow(row);
  return new Uint8Array(await workbook.xlsx.writeBuffer());
}

describe('POST /api/imports/preview', () => {
  it.each([
    { encoding: 'utf8', bytes: Buffer.from(LEADS, 'utf8') },
    { encoding: 'utf8', bytes: Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(LEADS, 'utf8')]) },
    { encoding: 'gb18030', bytes: iconv.encode(LEADS, 'gbk') },
    { encoding: 'gb18030', bytes: iconv.encode(LEADS.replace(/,/g, '\t'), 'gb18030') },
  ])('reads a $encoding CSV with its Chinese headers and maps them', async ({ encoding, bytes }) => {
    const res = await preview({ format: 'leads' }, { name: '线索.csv', content: bytes });
    expect(res.statusCode, res.body).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ file_name: '线索.csv', kind: 'csv', encoding, header_row: 1 });
    expect(body.header).toEqual(['线索ID', '创建时间', '渠道', '负责人', '备注']);
    expect(body.rows[0]).toEqual({ row: 2, cells: ['L1', '2026-03-01 10:00:00', '百度SEM', 'p03', '首次咨询'] });
    expect(body.rows).toHaveLength(2);
    expect(body.columns).toEqual([
      { header: '线索ID', column: 'lead_id' },
      { header: '创建时间', column: 'created_at' },
      { header: '渠道', column: 'channel' },
      { header: '负责人', column: 'owner_id' },
      { header: '备注', column: null },
    ]);
    expect(body.problems).toEqual([]);
  });

  it('reads an XLSX upload, and a map fills a missing required column', async () => {
    const content = await xlsx([
      ['编号', '创建时间', '渠道'],
      ['L9', '2026-03-05', '微信公众号'],
    ]);
    const plain = await preview({ format: 'leads' }, { name: 'leads.xlsx', content });
    expect(plain.json()).toMatchObject({ kind: 'xlsx', encoding: null, header: ['编号', '创建时间', '渠道'] });
    expect(plain.json().problems).toEqual([expect.objectContaining({ column: 'lead_id' })]);
    const mapped = await preview({ format: 'leads', map: 'lead_id=编号' }, { name: 'leads.xlsx', content });
    expect(mapped.json().problems).toEqual([]);
    expect(mapped.json().columns[0]).toEqual({ header: '编号', column: 'lead_id' });
    expect(mapped.json().rows).toEqual([{ row: 2, cells: ['L9', '2026-03-05', '微信公众号'] }]);
  });

  it('finds the header of a source export below its title lines (GBK 百度统计)', async () => {
    const csv =
      '百度统计 趋势分析\n时间范围: 2026-03-01 - 2026-03-31\n日期,浏览量(PV),访客数(UV),IP数\n2026/03/01,120,80,70\n';
    const res = await preview({ format: 'baidu-tongji' }, { name: 'tongji.csv', content: iconv.encode(csv, 'gbk') });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json()).toMatchObject({ encoding: 'gb18030', header: ['日期', '浏览量(PV)', '访客数(UV)', 'IP数'] });
    expect(res.json().rows[0].cells[0]).toBe('2026/03/01');
    expect(res.json().columns).toEqual([]);
  });

  it('writes nothing and rejects an unknown format by field', async () => {
    const res = await preview({ format: 'nope' }, { name: 'x.csv', content: LEADS });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.field).toBe('format');
    expect(await h.engine.query('SELECT count(*) AS n FROM leads')).toEqual([{ n: 0 }]);
    expect(await h.engine.query('SELECT count(*) AS n FROM import_jobs')).toEqual([{ n: 0 }]);
  });
});

describe('POST /api/imports/preview (JSON lines)', () => {
  it('takes the first record’s keys as the header', async () => {
    const lines =
      '{"lead_id":"J1","created_at":"2026-03-01","渠道":"抖音投放"}\n{"lead_id":"J2","created_at":"2026-03-02"}\n';
    const res = await preview({ format: 'leads' }, { name: 'leads.jsonl', content: lines });
    expect(res.json()).toMatchObject({ kind: 'json', header: ['lead_id', 'created_at', '渠道'], header_row: null });
    expect(res.json().rows).toEqual([
      { row: 1, cells: ['J1', '2026-03-01', '抖音投放'] },
      { row: 2, cells: ['J2', '2026-03-02', ''] },
    ]);
    expect(res.json().columns[2]).toEqual({ header: '渠道', column: 'channel' });
  });
});
