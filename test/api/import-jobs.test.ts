import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { INTERRUPTED_MESSAGE } from '../../src/app/imports/index.js';
import { loadConfig } from '../../src/config.js';
import { buildServer } from '../../src/server/app.js';
import { type Harness, passwordOf, type Session, startHarness } from './harness.js';
import { multipart } from './upload.js';

let h: Harness;
let analyst: Session;
let member: Session;
let admin: Session;

beforeAll(async () => {
  // Every upload becomes a background job (202), as big files do.
  h = await startHarness({ importSyncBytes: 0 });
  analyst = await h.login('analyst');
  member = await h.login('member');
  admin = await h.login('admin');
});
afterAll(async () => h.close());

async function upload(session: Session, format: string, name: string, content: string) {
  const body = await multipart({ format }, { name, content });
  return h.as(session, 'POST', '/api/imports', body.payload, { 'content-type': body.contentType });
}

async function waitForJob(session: Session, id: string) {
  for (let i = 0; i < 100; i++) {
    const res = await h.as(session, 'GET', `/api/imports/jobs/${id}`);
    expect(res.statusCode, res.body).toBe(200);
    if (res.json().status !== 'running') return res.json();
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`job ${id} still running`);
}

const SPEND = 'date,amount,channel,owner_id\n2026-05-01,100.00,百度SEM,p03\n2026-05-02,50.25,百度SEM,p03\n';

describe('import jobs', () => {
  let analystJob: string;
  let memberJob: string;

  it('a background upload answers 202 with a job whose progress and result are stored', async () => {
    const res = await upload(analyst, 'spend', 'may.csv', SPEND);
    expect(res.statusCode, res.body).toBe(202);
    analystJob = res.json().job_id;
    expect(res.headers['x-import-job']).toBe(analystJob);
    const job = await waitForJob(analyst, analystJob);
    expect(job).toMatchObject({
      id: analystJob,
      username: 'analyst',
      status: 'done',
      format: 'spend',
      file_name: 'may.csv',
      dry_run: false,
      result: { inserted: 2, fileName: 'may.csv' },
      error: null,
    });
    expect(job.progress.rows).toBe(2);
    expect(Date.parse(job.finished_at)).toBeGreaterThanOrEqual(Date.parse(job.started_at));
    const [row] = await h.engine.query<{ status: string; import_id: string; username: string }>(
      'SELECT status, import_id, username FROM import_jobs WHERE id = $1',
      [analystJob],
    );
    expect(row).toEqual({ status: 'done', import_id: job.result.importId, username: 'analyst' });
  });

  it('a rejected file leaves a failed job with the row/column errors', async () => {
    const res = await upload(analyst, 'spend', 'bad.csv', 'date,amount\n2026-05-03,1\n2026-05-04,abc\n');
    const job = await waitForJob(analyst, res.json().job_id);
    expect(job.status).toBe('failed');
    expect(job.error).toMatchObject({ code: 'validation_error', status: 422, error_count: 1 });
    expect(job.error.errors[0]).toMatchObject({ file: 'bad.csv', row: 3, column: 'amount' });
  });

  it('a member sees only their own jobs; analysts and admins see everyone’s', async () => {
    const res = await upload(member, 'spend', 'mine.csv', SPEND.replace(/2026-05/g, '2026-06'));
    expect(res.statusCode, res.body).toBe(202);
    memberJob = res.json().job_id;
    expect((await waitForJob(member, memberJob)).status).toBe('done');
    const denied = await h.as(member, 'GET', `/api/imports/jobs/${analystJob}`);
    expect(denied.statusCode).toBe(403);
    expect(denied.json().error.message).toMatch(/another account/);
    const own = await h.as(member, 'GET', '/api/imports/jobs');
    expect(own.json().items.map((j: { id: string }) => j.id)).toEqual([memberJob]);
    expect(own.json().total).toBe(1);
    for (const session of [analyst, admin]) {
      expect((await h.as(session, 'GET', `/api/imports/jobs/${memberJob}`)).statusCode).toBe(200);
      const all = (await h.as(session, 'GET', '/api/imports/jobs')).json();
      expect(all.total).toBe(3);
      expect(all.items[0].id).toBe(memberJob);
    }
    expect((await h.as(member, 'GET', '/api/imports/jobs/no-such-job')).statusCode).toBe(404);
  });

  it('live progress is readable with the job’s token and no cookie while the import holds the database', async () => {
    const rows = Array.from(
      { length: 30_000 },
      (_x, i) => `2026-07-${String((i % 28) + 1).padStart(2, '0')},${i}.00,渠道${i},p03`,
    );
    const res = await upload(analyst, 'spend', 'big.csv', `date,amount,channel,owner_id\n${rows.join('\n')}\n`);
    expect(res.statusCode).toBe(202);
    const { job_id: id, progress_token: token } = res.json();
    expect(token).toMatch(/^[\w-]{20,}$/);
    const live = await h.app.inject({ method: 'GET', url: `/api/imports/jobs/${id}/progress?token=${token}` });
    expect(live.statusCode, live.body).toBe(200);
    expect(live.json()).toMatchObject({ id, status: 'running', progress: { totalBytes: expect.any(Number) } });
    const wrong = await h.app.inject({ method: 'GET', url: `/api/imports/jobs/${id}/progress?token=x${token}` });
    expect(wrong.statusCode).toBe(404);
    expect((await waitForJob(analyst, id)).result.inserted).toBe(30_000);
    // Once its end is stored, the job is read through the authenticated route only.
    const ended = await h.app.inject({ method: 'GET', url: `/api/imports/jobs/${id}/progress?token=${token}` });
    if (ended.statusCode === 200) expect(ended.json().status).toBe('done');
    else expect(ended.statusCode).toBe(404);
  });

  it('jobs survive a server restart; one the restart interrupted is marked failed with the reason', async () => {
    await h.engine.exec(
      `INSERT INTO import_jobs (id, username, status, format, file_name, dry_run, total_bytes, started_at)
       VALUES ('crashed-job', 'member', 'running', 'spend', 'big.csv', false, 999, now()::TIMESTAMP)`,
    );
    await h.app.close();
    // The "restarted" server on the same database (buildServer as `yardstick serve` runs it).
    const app = await buildServer({ engine: h.engine, config: loadConfig({}), logger: false, collector: false });
    const login = await app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { username: 'member', password: passwordOf('member') },
    });
    const cookie = login.cookies.map((c) => `${c.name}=${c.value}`).join('; ');
    const get = (id: string) => app.inject({ method: 'GET', url: `/api/imports/jobs/${id}`, headers: { cookie } });
    const done = await get(memberJob);
    expect(done.json()).toMatchObject({ status: 'done', result: { inserted: 2 } });
    const crashed = await get('crashed-job');
    await app.close();
    expect(crashed.json()).toMatchObject({
      status: 'failed',
      error: { code: 'import_interrupted', message: INTERRUPTED_MESSAGE },
    });
    expect(crashed.json().finished_at).not.toBeNull();
  });
});
