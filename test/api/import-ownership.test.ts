import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OWNED_TABLES } from '../../src/app/imports/index.js';
import { type Harness, type Session, startHarness } from './harness.js';
import { multipart } from './upload.js';

let h: Harness;
let member: Session;
let analyst: Session;

beforeAll(async () => {
  h = await startHarness();
  member = await h.login('member'); // person p03
  analyst = await h.login('analyst');
});
afterAll(async () => h.close());

async function upload(session: Session, format: string, name: string, content: string) {
  const body = await multipart({ format }, { name, content });
  return h.as(session, 'POST', '/api/imports', body.payload, { 'content-type': body.contentType });
}

const spendRows = async () => (await h.engine.query<{ n: number }>('SELECT count(*) AS n FROM spend'))[0]?.n ?? 0;

describe('who may import what (members: only rows they own)', () => {
  it('the owned tables are the canonical tables with an owner_id column', () => {
    expect(OWNED_TABLES).toEqual(
      expect.arrayContaining(['spend', 'leads', 'orders', 'content', 'experiments', 'deliverables']),
    );
    expect(OWNED_TABLES).not.toContain('events');
    expect(OWNED_TABLES).not.toContain('people');
  });

  it('a member imports spend rows that name them as owner (English or Chinese header)', async () => {
    const english = await upload(
      member,
      'spend',
      'own.csv',
      'date,amount,channel,owner_id\n2026-04-01,10.00,百度SEM,p03\n',
    );
    expect(english.statusCode, english.body).toBe(200);
    expect(english.json().inserted).toBe(1);
    const chinese = await upload(
      member,
      'spend',
      '自己的.csv',
      '日期,消耗,渠道,负责人\n2026-04-02,20.00,百度SEM,p03\n',
    );
    expect(chinese.statusCode, chinese.body).toBe(200);
  });

  it.each([
    {
      what: 'a row owned by someone else',
      format: 'spend',
      csv: 'date,amount,owner_id\n2026-04-03,5.00,p03\n2026-04-04,6.00,p04\n',
      message: /others\.csv row 3 column owner_id: "p04" is not you \(p03\)/,
    },
    {
      what: 'a row without an owner',
      format: 'spend',
      csv: 'date,amount,owner_id\n2026-04-03,5.00,\n',
      message: /row 2 column owner_id: empty is not you/,
    },
    {
      what: 'a file without an owner column',
      format: 'spend',
      csv: 'date,amount\n2026-04-03,5.00\n',
      message: /no owner_id \(负责人\) column/,
    },
    {
      what: 'a table whose rows have no owner',
      format: 'traffic',
      csv: 'date,channel,sessions\n2026-04-03,百度SEM,5\n',
      message: /only tables whose rows they own .* not traffic/,
    },
    {
      what: 'a source export',
      format: 'ocean-engine',
      csv: '日期,消耗\n2026-04-03,5\n',
      message: /not ocean-engine; ask an analyst/,
    },
  ])('a member is refused (403, nothing written) for $what', async ({ format, csv, message }) => {
    const before = await spendRows();
    const res = await upload(member, format, 'others.csv', csv);
    expect(res.statusCode, res.body).toBe(403);
    expect(res.json().error.code).toBe('import_not_owner');
    expect(res.json().error.message).toMatch(message);
    expect(await spendRows()).toBe(before);
    const jobs = await h.engine.query('SELECT id FROM import_jobs WHERE file_name = $1', ['others.csv']);
    expect(jobs).toEqual([]);
  });

  it('a --map onto owner_id is honoured by the check', async () => {
    const body = await multipart(
      { format: 'spend', map: 'owner_id=运营人' },
      { name: 'mapped.csv', content: 'date,amount,运营人\n2026-04-06,3.00,p04\n' },
    );
    const res = await h.as(member, 'POST', '/api/imports', body.payload, { 'content-type': body.contentType });
    expect(res.statusCode).toBe(403);
    expect(res.json().error.message).toMatch(/row 2 column owner_id: "p04"/);
  });

  it('analysts import any table, whoever owns the rows', async () => {
    const spend = await upload(analyst, 'spend', 'team.csv', 'date,amount,owner_id\n2026-04-07,7.00,p04\n');
    expect(spend.statusCode, spend.body).toBe(200);
    const traffic = await upload(analyst, 'traffic', 't.csv', 'date,channel,sessions\n2026-04-07,百度SEM,5\n');
    expect(traffic.statusCode, traffic.body).toBe(200);
  });

  it('viewers and hr may not import at all', async () => {
    for (const role of ['viewer', 'hr']) {
      const res = await upload(await h.login(role), 'spend', 'v.csv', 'date,amount\n2026-04-08,1\n');
      expect(res.statusCode).toBe(403);
      expect(res.json().error.code).toBe('role_forbidden');
    }
  });
});
