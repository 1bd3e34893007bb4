import { NotFoundError, UserError } from '../../core/errors.js';
import type { ImportProgress } from '../../ingest/index.js';
import type { StructuredError } from '../errors.js';

/** Parses `--map`/`map` text `target=source,target2=source2` into a record. */
export function parseColumnMap(text: string | undefined, field = 'map'): Record<string, string> | undefined {
  if (!text?.trim()) return undefined;
  const map: Record<string, string> = {};
  for (const pair of text.split(',')) {
    const at = pair.indexOf('=');
    const target = pair.slice(0, at).trim();
    const source = pair.slice(at + 1).trim();
    if (at <= 0 || !target || !source) {
      throw new UserError('validation_error', `field ${field}: "${pair}" is not target=source`, { status: 422 });
    }
    map[target] = source;
  }
  return map;
}

/** An import running in the background, for large uploads. */
export interface ImportJob {
  id: string;
  username: string;
  status: 'running' | 'done' | 'failed';
  file_name: string;
  format: string;
  progress: ImportProgress;
  started_at: string;
  finished_at: string | null;
  result: unknown;
  error: {
    code: string;
    message: string;
    status: number;
    /** Row/column problems of a rejected file (as in the 422 body). */
    errors?: StructuredError[];
    error_count?: number;
  } | null;
}

const jobs = new Map<string, ImportJob>();
const MAX_JOBS = 200;

/** Remembers a job (bounded: the oldest finished ones are forgotten). */
export function rememberJob(job: ImportJob): void {
  jobs.set(job.id, job);
  if (jobs.size <= MAX_JOBS) return;
  for (const [id, old] of jobs) {
    if (old.status !== 'running') jobs.delete(id);
    if (jobs.size <= MAX_JOBS) break;
  }
}

/** Finds a job, or 404. */
export function findJob(id: string): ImportJob {
  const job = jobs.get(id);
  if (!job) throw new NotFoundError(`no import job ${id}`);
  return job;
}
