import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApiToken } from '../../src/app/auth/index.js';
import { getUserByName } from '../../src/app/users/index.js';
import { type Harness, type Session, startHarness } from './harness.js';
import { multipart } from './upload.js';

let h: Harness;
let analyst: Session;

beforeAll(async () => {
  h = await startHarness();
  analyst = await h.login('analyst');
});
afterAll(async () => h.close());

const SPEND = 'date,amount,channel,campaign\n2026-03-01,1200.50,百度SEM,brand\n2026-03-02,800.00,抖音投放,spring\n';

describe('POST /api/imports', () => {
  it('imports an uploaded CSV and lists it in the history', async () => {
    const body = await multipart({ format: 'spend' }, { name: 'spend-march.csv', content: SPEND });
    const res = await h.as(analyst, 'POST', '/api/imports', body.payload, { 'content-type': body.contentType });
    expect(res.statusCode, res.body).toBe(200);
    const result = res.json();
    expect(result).toMatchObject({ fileName: 'spend-march.csv', inserted: 2 });
    const [sum] = await h.engine.query<{ total: string }>('SELECT sum(amount)::VARCHAR AS total FROM spend');
    expect(sum?.total).toBe('2000.50');
    const history = await h.as(analyst, 'GET', '/api/imports');
    expect(history.json().items[0]).toMatchObject({ import_id: result.importId, file_name: 'spend-march.csv' });
  });

  it('a bad row is a 422 naming file, row and column, and nothing is written', async () => {
    const before = await h.engine.query<{ n: number }>('SELECT count(*) AS n FROM spend');
    const body = await multipart(
      { format: 'spend' },
      { name: 'bad.csv', content: 'date,amount\n2026-03-05,100\n2026-03-06,abc\n' },
    );
    const res = await h.as(analyst, 'POST', '/api/imports', body.payload, { 'content-type': body.contentType });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.json().error.message).toMatch(/bad\.csv.*row.*amount/i);
    expect(await h.engine.query('SELECT count(*) AS n FROM spend')).toEqual(before);
  });

  it('missing format or file are field errors', async () => {
    const noFormat = await multipart({}, { name: 'x.csv', content: SPEND });
    const r1 = await h.as(analyst, 'POST', '/api/imports', noFormat.payload, { 'content-type': noFormat.contentType });
    expect(r1.statusCode).toBe(422);
    expect(r1.json().error.field).toBe('format');
    const noFile = await multipart({ format: 'spend' });
    const r2 = await h.as(analyst, 'POST', '/api/imports', noFile.payload, { 'content-type': noFile.contentType });
    expect(r2.statusCode).toBe(422);
    expect(r2.json().error.field).toBe('file');
  });

  it('an import-scoped token may upload (no CSRF) but not read the history', async () => {
    const user = await getUserByName(h.engine, 'analyst');
    const { token } = await createApiToken(h.engine, 'test', { userId: user.id, scopes: ['import'] });
    const body = await multipart({ format: 'spend', dry_run: 'true' }, { name: 'cron.csv', content: SPEND });
    const headers = { authorization: `Bearer ${token}`, 'content-type': body.contentType };
    const res = await h.app.inject({ method: 'POST', url: '/api/imports', headers, payload: body.payload });
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().dryRun).toBe(true);
    const list = await h.app.inject({
      method: 'GET',
      url: '/api/imports',
      headers: { authorization: `Bearer ${token}` },
    });
    expect(list.statusCode).toBe(403);
  });

  it('rollback is audited', async () => {
    const body = await multipart({ format: 'spend' }, { name: 'undo.csv', content: 'date,amount\n2026-04-01,5\n' });
    const res = await h.as(analyst, 'POST', '/api/imports', body.payload, { 'content-type': body.contentType });
    const id = res.json().importId as string;
    const undo = await h.as(analyst, 'POST', `/api/imports/${id}/rollback`);
    expect(undo.statusCode, undo.body).toBe(200);
    const audit = await h.engine.query(
      "SELECT actor, action FROM audit_log WHERE entity = 'import' AND entity_id = $1",
      [id],
    );
    expect(audit).toEqual([{ actor: 'analyst', action: 'rollback' }]);
  });
});
