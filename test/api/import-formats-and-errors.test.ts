import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FORMATS } from '../../src/ingest/index.js';
import { type Harness, type Session, startHarness } from './harness.js';

let h: Harness;
let analyst: Session;

async function multipart(fields: Record<string, string>, file: { name: string; content: string }) {
  const form = new FormData();
  for (const [k, v] of Object.entries(fields)) form.append(k, v);
  form.append('file', new Blob([file.content], { type: 'text/csv' }), file.name);
  const request = new Request('http://local/', { method: 'POST', body: form });
  return {
    payload: Buffer.from(await request.arrayBuffer()),
    contentType: request.headers.get('content-type') as string,
  };
}

beforeAll(async () => {
  h = await startHarness();
  analyst = await h.login('analyst');
});
afterAll(async () => h.close());

describe('GET /api/imports/formats', () => {
  it('lists every import format with labels, for any logged-in user', async () => {
    const viewer = await h.login('viewer');
    const res = await h.as(viewer, 'GET', '/api/imports/formats');
    expect(res.statusCode, res.body).toBe(200);
    const list = res.json() as { id: string; kind: string; table: string; label: { zh: string; en: string } }[];
    expect(list).toEqual(JSON.parse(JSON.stringify(FORMATS)));
    const leads = list.find((f) => f.id === 'leads');
    expect(leads).toMatchObject({ kind: 'table', table: 'leads', label: { zh: '线索', en: 'Leads' } });
    expect(list.some((f) => f.kind === 'source')).toBe(true);
  });

  it('is closed to anonymous callers', async () => {
    expect((await h.as(null, 'GET', '/api/imports/formats')).statusCode).toBe(401);
  });
});

describe('structured import errors', () => {
  it('a rejected file answers 422 with every row/column problem and the count', async () => {
    const content = 'date,amount\n2026-03-05,100\n2026-03-06,abc\nnot-a-date,7\n2026-03-08,x\n';
    const body = await multipart({ format: 'spend' }, { name: 'bad.csv', content });
    const res = await h.as(analyst, 'POST', '/api/imports', body.payload, { 'content-type': body.contentType });
    expect(res.statusCode, res.body).toBe(422);
    const error = res.json().error;
    expect(error.code).toBe('validation_error');
    expect(error.message).toMatch(/bad\.csv row 3 column amount/);
    expect(error.error_count).toBe(3);
    expect(error.errors).toHaveLength(3);
    expect(error.errors[0]).toMatchObject({ file: 'bad.csv', row: 3, column: 'amount' });
    expect(error.errors.map((e: { row: number; column: string }) => `${e.row}:${e.column}`)).toEqual([
      '3:amount',
      '4:date',
      '5:amount',
    ]);
    for (const e of error.errors) expect(typeof e.message).toBe('string');
  });

  it('other validation errors keep the plain shape (no errors list)', async () => {
    const res = await h.as(analyst, 'POST', '/api/channel-rules', { priority: 1, channel: 'x', source_pattern: '(' });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.errors).toBeUndefined();
    expect(res.json().error.field).toBe('source_pattern');
  });
});
