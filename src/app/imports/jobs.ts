import { randomBytes, randomUUID, timingSafeEqual } from 'node:crypto';
import { ForbiddenError, NotFoundError } from '../../core/errors.js';
import type { ImportProgress } from '../../ingest/index.js';
import type { Engine } from '../../warehouse/engine.js';
import type { AuthUser } from '../context.js';

/** Why an import job failed: the error as the API would have answered it (row/column problems included). */
export interface ImportJobError {
  code: string;
  message: string;
  status: number;
  /** Row/column problems of a rejected file (as in the 422 body). */
  errors?: { file: string; row: number; column: string; message: string }[];
  error_count?: number;
}

/** An upload being imported (or imported): state, progress, result or errors, who and when. */
export interface ImportJob {
  id: string;
  username: string;
  status: 'running' | 'done' | 'failed';
  file_name: string;
  format: string;
  dry_run: boolean;
  progress: ImportProgress;
  started_at: string;
  finished_at: string | null;
  result: unknown;
  error: ImportJobError | null;
}

/** The message a job interrupted by a server restart carries. */
export const INTERRUPTED_MESSAGE =
  'the server stopped while this import was running; nothing of it was written (imports are atomic) — upload the file again';

/** Live progress of the jobs this process runs (the table has their start and their end). */
const live = new Map<string, ImportJob>();
/** Per-job secrets for reading live progress without a database round trip (see importJobProgress). */
const progressTokens = new Map<string, string>();

type JobRow = {
  id: string;
  username: string;
  status: ImportJob['status'];
  format: string;
  file_name: string;
  dry_run: boolean;
  rows_done: number;
  bytes_done: number;
  total_bytes: number;
  result_json: string | null;
  error_json: string | null;
  started_at: Date | string;
  finished_at: Date | string | null;
};

function iso(value: Date | string | null): string | null {
  if (value === null) return null;
  return value instanceof Date ? value.toISOString() : new Date(`${value.replace(' ', 'T')}Z`).toISOString();
}

function fromRow(row: JobRow): ImportJob {
  return {
    id: row.id,
    username: row.username,
    status: row.status,
    file_name: row.file_name,
    format: row.format,
    dry_run: row.dry_run,
    progress: { rows: Number(row.rows_done), bytes: Number(row.bytes_done), totalBytes: Number(row.total_bytes) },
    started_at: iso(row.started_at) as string,
    finished_at: iso(row.finished_at),
    result: row.result_json ? JSON.parse(row.result_json) : null,
    error: row.error_json ? (JSON.parse(row.error_json) as ImportJobError) : null,
  };
}

/** Records a new running job for an upload and returns it (its progress is then updated in memory). */
export async function startImportJob(
  engine: Engine,
  input: { username: string; format: string; fileName: string; dryRun: boolean; totalBytes: number },
): Promise<ImportJob> {
  const job: ImportJob = {
    id: randomUUID(),
    username: input.username,
    status: 'running',
    file_name: input.fileName,
    format: input.format,
    dry_run: input.dryRun,
    progress: { rows: 0, bytes: 0, totalBytes: input.totalBytes },
    started_at: new Date().toISOString(),
    finished_at: null,
    result: null,
    error: null,
  };
  await engine.exec(
    `INSERT INTO import_jobs (id, username, status, format, file_name, dry_run, total_bytes, started_at)
     VALUES ($1, $2, 'running', $3, $4, $5, $6, $7::TIMESTAMP)`,
    [job.id, job.username, job.format, job.file_name, job.dry_run, input.totalBytes, job.started_at],
  );
  live.set(job.id, job);
  progressTokens.set(job.id, randomBytes(24).toString('base64url'));
  return job;
}

/** The secret that reads a running job's progress (handed to the uploader only). */
export function importJobProgressToken(id: string): string | undefined {
  return progressTokens.get(id);
}

/**
 * Live state and progress of a job running in this process, for the holder of its progress token. Answers from
 * memory: an import holds the embedded database for its whole transaction, so anything that needs the database
 * (sessions included) waits until it ends. 404 once the job has ended: read it with getImportJob.
 */
export function importJobProgress(id: string, token: string): Pick<ImportJob, 'id' | 'status' | 'progress'> {
  const job = live.get(id);
  const secret = progressTokens.get(id);
  const same =
    secret !== undefined && secret.length === token.length && timingSafeEqual(Buffer.from(secret), Buffer.from(token));
  if (!job || !same)
    throw new NotFoundError(`no running import job ${id} for this token (read GET /api/imports/jobs/${id})`);
  return { id: job.id, status: job.status, progress: job.progress };
}

/** Stores the end of a job (done with its result, or failed with its error) and stops tracking it in memory. */
export async function finishImportJob(
  engine: Engine,
  job: ImportJob,
  outcome: { result: unknown } | { error: ImportJobError },
): Promise<void> {
  job.finished_at = new Date().toISOString();
  if ('result' in outcome) Object.assign(job, { status: 'done', result: outcome.result });
  else Object.assign(job, { status: 'failed', error: outcome.error });
  const importId = (job.result as { importId?: unknown } | null)?.importId;
  try {
    await engine.exec(
      `UPDATE import_jobs SET status = $2, rows_done = $3, bytes_done = $4, total_bytes = $5, import_id = $6,
         result_json = $7, error_json = $8, finished_at = $9::TIMESTAMP WHERE id = $1`,
      [
        job.id,
        job.status,
        job.progress.rows,
        job.progress.bytes,
        job.progress.totalBytes,
        typeof importId === 'string' ? importId : null,
        job.result === null ? null : JSON.stringify(job.result),
        job.error === null ? null : JSON.stringify(job.error),
        job.finished_at,
      ],
    );
  } finally {
    live.delete(job.id);
    progressTokens.delete(job.id);
  }
}

/** Marks jobs left running by a previous server process as failed (call once when the server starts). */
export async function failInterruptedImportJobs(engine: Engine): Promise<number> {
  const running = await engine.query<{ id: string }>("SELECT id FROM import_jobs WHERE status = 'running'");
  const stale = running.filter((r) => !live.has(r.id));
  const error = JSON.stringify({ code: 'import_interrupted', message: INTERRUPTED_MESSAGE, status: 500 });
  for (const { id } of stale) {
    await engine.exec(
      `UPDATE import_jobs SET status = 'failed', error_json = $2, finished_at = now()::TIMESTAMP
       WHERE id = $1 AND status = 'running'`,
      [id, error],
    );
  }
  return stale.length;
}

/** Whether a user sees every import job (analysts and admins) or only their own. */
function seesAllJobs(user: AuthUser): boolean {
  return user.role === 'admin' || user.role === 'analyst';
}

/** One job as the user may see it: live progress while it runs here, else the stored row; 404 or 403. */
export async function getImportJob(engine: Engine, user: AuthUser, id: string): Promise<ImportJob> {
  const running = live.get(id);
  const [row] = running ? [] : await engine.query<JobRow>('SELECT * FROM import_jobs WHERE id = $1', [id]);
  const job = running ?? (row ? fromRow(row) : undefined);
  if (!job) throw new NotFoundError(`no import job ${id}`);
  if (job.username !== user.username && !seesAllJobs(user)) {
    throw new ForbiddenError(`import job ${id} was started by another account; you see only your own import jobs`);
  }
  return job;
}

/** The import jobs a user may see, newest first: their own, or everyone's for analysts and admins. */
export async function listImportJobs(
  engine: Engine,
  user: AuthUser,
  page: { page: number; page_size: number },
): Promise<{ items: ImportJob[]; total: number; page: number; page_size: number }> {
  const all = seesAllJobs(user);
  const where = all ? '' : 'WHERE username = $1';
  const params = all ? [] : [user.username];
  const [count] = await engine.query<{ n: number }>(`SELECT count(*) AS n FROM import_jobs ${where}`, params);
  const rows = await engine.query<JobRow>(
    `SELECT * FROM import_jobs ${where} ORDER BY started_at DESC, id LIMIT ${Number(page.page_size)}
     OFFSET ${(Number(page.page) - 1) * Number(page.page_size)}`,
    params,
  );
  const items = rows.map((r) => live.get(r.id) ?? fromRow(r));
  return { items, total: Number(count?.n ?? 0), page: page.page, page_size: page.page_size };
}
