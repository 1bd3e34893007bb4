import { randomUUID } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import type { FastifyPluginAsync, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { recordAudit } from '../../app/audit/index.js';
import { ForbiddenError, UserError, ValidationError } from '../../core/errors.js';
import { FORMATS, importFile, rollbackImport } from '../../ingest/index.js';
import { requireContext, requireUser } from '../auth/hooks.js';
import { policy } from '../auth/policy.js';
import { structuredErrors } from '../errors.js';
import { type PageQuery, pageQuery } from '../pagination.js';
import { findJob, type ImportJob, parseColumnMap, rememberJob } from './ingest-api.js';

const FORMAT = /^[a-z][a-z0-9_-]{1,40}$/;
/** Uploads up to this size are imported before the response; bigger ones answer 202 with a job. */
const SYNC_BYTES = 8 * 1024 * 1024;
const SYNC_WAIT_MS = 20_000;

interface Upload {
  dir: string;
  file: string;
  fileName: string;
  bytes: number;
  fields: Record<string, string>;
}

/** Streams the multipart `file` to a private temp dir (keeping its base name for error messages). */
async function receiveUpload(req: FastifyRequest): Promise<Upload> {
  if (!req.isMultipart())
    throw new UserError('unsupported_media_type', 'send multipart/form-data with a file field', { status: 415 });
  const dir = await mkdtemp(path.join(tmpdir(), 'yardstick-upload-'));
  const fields: Record<string, string> = {};
  let file: string | undefined;
  let fileName = '';
  try {
    for await (const part of req.parts()) {
      if (part.type === 'file') {
        if (part.fieldname !== 'file' || file) {
          part.file.resume();
          throw new ValidationError(`field ${part.fieldname}: only one file, in the field "file"`, [
            { field: part.fieldname },
          ]);
        }
        fileName = path.basename(part.filename || 'upload').replace(/[^\p{L}\p{N}._ -]/gu, '_') || 'upload';
        file = path.join(dir, fileName);
        await pipeline(part.file, createWriteStream(file, { mode: 0o600 }));
        if (part.file.truncated) {
          throw new UserError('payload_too_large', `field file: larger than the upload limit`, { status: 413 });
        }
      } else {
        fields[part.fieldname] = String(part.value ?? '');
      }
    }
    if (!file) throw new ValidationError('field file: required (multipart file upload)', [{ field: 'file' }]);
    const { size } = await stat(file);
    return { dir, file, fileName, bytes: size, fields };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}

function toJobError(error: unknown): ImportJob['error'] {
  if (error instanceof UserError) {
    const located = error instanceof ValidationError ? structuredErrors(error.details) : undefined;
    return {
      code: error.code,
      message: error.message,
      status: error.status,
      ...(located ? { errors: located.errors, error_count: located.errorCount } : {}),
    };
  }
  return { code: 'internal', message: 'the import failed with an internal error (see the server log)', status: 500 };
}

const idParams = z.object({ id: z.string().min(1).max(64) });

/** Upload files for import (with progress for big ones), import history and rollback. */
export const importRoutes: FastifyPluginAsync = async (app) => {
  app.post(
    '/imports',
    {
      config: policy({ roles: ['admin', 'analyst', 'member'], scopes: ['import'] }),
      bodyLimit: app.yardstick.fileLimit,
      schema: {
        summary: 'Import a file (multipart: file, format, map, dry_run)',
        tags: ['imports'],
        consumes: 'multipart/form-data',
      },
    },
    async (req, reply) => {
      const user = requireUser(req);
      const upload = await receiveUpload(req);
      const format = upload.fields.format?.trim() ?? '';
      const done = () => rm(upload.dir, { recursive: true, force: true });
      try {
        if (!FORMAT.test(format))
          throw new ValidationError('field format: required, e.g. ga4, leads, events', [{ field: 'format' }]);
        const map = parseColumnMap(upload.fields.map);
        const dryRun = /^(1|true|yes|on)$/i.test(upload.fields.dry_run ?? '');
        const job: ImportJob = {
          id: randomUUID(),
          username: user.username,
          status: 'running',
          file_name: upload.fileName,
          format,
          progress: { rows: 0, bytes: 0, totalBytes: upload.bytes },
          started_at: new Date().toISOString(),
          finished_at: null,
          result: null,
          error: null,
        };
        let failure: unknown;
        const run = importFile(app.engine, {
          format,
          file: upload.file,
          fileName: upload.fileName,
          dryRun,
          username: user.username,
          ...(map ? { map } : {}),
          onProgress: (p) => {
            job.progress = p;
          },
        })
          .then(
            (result) => Object.assign(job, { status: 'done', result }),
            (error: unknown) => {
              if (!(error instanceof UserError)) req.log.error({ err: error }, 'import failed');
              failure = error;
              Object.assign(job, { status: 'failed', error: toJobError(error) });
            },
          )
          .finally(() => {
            job.finished_at = new Date().toISOString();
            return done();
          });
        rememberJob(job);
        if (upload.bytes <= SYNC_BYTES) {
          await Promise.race([run, new Promise((resolve) => setTimeout(resolve, SYNC_WAIT_MS).unref())]);
        }
        if (job.status === 'done') return job.result;
        // A user error goes through the one error handler, which adds structured row/column errors.
        if (job.status === 'failed' && failure instanceof UserError) throw failure;
        if (job.status === 'failed' && job.error) {
          return reply.status(job.error.status).send({ error: { code: job.error.code, message: job.error.message } });
        }
        return reply.status(202).send({ job_id: job.id, status: job.status, progress: job.progress });
      } catch (error) {
        await done();
        throw error;
      }
    },
  );

  app.get(
    '/imports/formats',
    {
      config: policy({ roles: 'authenticated', scopes: ['import', 'read'] }),
      schema: { summary: 'Supported import formats (canonical tables and source exports)', tags: ['imports'] },
    },
    async () => FORMATS,
  );

  app.get(
    '/imports/jobs/:id',
    {
      config: policy({ roles: ['admin', 'analyst', 'member'], scopes: ['import', 'read'] }),
      schema: { summary: 'Progress of a background import', tags: ['imports'], params: idParams },
    },
    async (req) => {
      const ctx = requireContext(req);
      const job = findJob((req.params as z.infer<typeof idParams>).id);
      if (job.username !== ctx.user.username && ctx.user.role !== 'admin')
        throw new ForbiddenError('not your import job');
      return job;
    },
  );

  app.get(
    '/imports',
    {
      config: policy({ roles: ['admin', 'analyst'] }),
      schema: { summary: 'Import history, newest first', tags: ['imports'], querystring: pageQuery },
    },
    async (req) => {
      const q = req.query as PageQuery;
      const [count] = await app.engine.query<{ n: number }>('SELECT count(*) AS n FROM imports');
      const rows = await app.engine.query(
        `SELECT * FROM imports ORDER BY started_at DESC LIMIT ${q.page_size} OFFSET ${(q.page - 1) * q.page_size}`,
      );
      return { items: rows, total: count?.n ?? 0, page: q.page, page_size: q.page_size };
    },
  );

  app.post(
    '/imports/:id/rollback',
    {
      config: policy({ roles: ['admin', 'analyst'] }),
      schema: { summary: 'Undo an import', tags: ['imports'], params: idParams },
    },
    async (req) => {
      const user = requireUser(req);
      const { id } = req.params as z.infer<typeof idParams>;
      return app.engine.transaction(async (tx) => {
        const result = await rollbackImport(tx, id, user.username);
        await recordAudit(tx, {
          actor: user.username,
          entity: 'import',
          entity_id: id,
          action: 'rollback',
          after: result,
        });
        return result;
      });
    },
  );
};
